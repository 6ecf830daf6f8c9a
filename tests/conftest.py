"""Register the lab fixtures (see ``tests/lab/fixtures.py``)."""

pytest_plugins = ["tests.lab.fixtures"]
