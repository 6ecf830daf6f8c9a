"""Register the lab fixtures (``tests/lab/fixtures.py``) and the PostgreSQL server
(``tests/postgres.py``)."""

pytest_plugins = ["tests.lab.fixtures", "tests.postgres"]
