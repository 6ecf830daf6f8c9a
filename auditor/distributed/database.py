"""The one kind of results database a queue lives in: PostgreSQL, with procrastinate
installed (the ``postgresql`` extra)."""

from __future__ import annotations

import importlib.util

from auditor.errors import UsageError


def conninfo(db: str | None) -> str:
    """The libpq URL of a PostgreSQL results database; refused for anything else (it has no
    queue) and when procrastinate is not installed."""
    from sqlalchemy.engine import make_url  # here: the CLI imports this module for every command

    if db is None or "://" not in db or make_url(db).get_backend_name() != "postgresql":
        raise UsageError(
            "scans spread over sites need a PostgreSQL results database "
            "(--db postgresql://...), not {db}",
            db=db or "the default SQLite file",
        )
    if importlib.util.find_spec("procrastinate") is None:
        raise UsageError(
            "scans spread over sites need the procrastinate package: "
            "pip install 'auditor[postgresql]'"
        )
    return make_url(db).set(drivername="postgresql").render_as_string(hide_password=False)
