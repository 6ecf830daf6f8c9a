"""Where the results store lives and how it is opened: a SQLite file or a PostgreSQL URL,
brought to this release's schema by Alembic migrations on first use."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from auditor.errors import UsageError

MIGRATIONS = Path(__file__).parent / "migrations"
LEGACY_REVISION = "0001"  # auditor 0.1.0 made its tables without a version table
PG_MIGRATION_LOCK = 0x61756469  # advisory lock held while a PostgreSQL store is migrated


def db_url(ref: str) -> URL:
    """A SQLAlchemy URL from a file path, a ``sqlite:///`` URL or a ``postgresql://`` URL."""
    if "://" not in ref:
        return URL.create("sqlite", database=str(Path(ref).expanduser().resolve()))
    try:
        url = make_url(ref)
    except sa.exc.ArgumentError:
        raise UsageError("not a database URL: {ref!r}", ref=ref) from None
    backend = url.get_backend_name()
    if backend == "postgresql":
        if importlib.util.find_spec("psycopg") is None:
            raise UsageError(
                "a PostgreSQL results database needs the psycopg package: "
                "pip install 'auditor[postgresql]'"
            )
        return url.set(drivername="postgresql+psycopg")
    if backend != "sqlite":
        raise UsageError(
            "unsupported results database {backend!r}: use a file, sqlite or postgresql",
            backend=backend,
        )
    return url


def shown(url: URL) -> str:
    """The database as named in messages: the file, or the URL without its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def head_revision() -> str:
    """This release's schema revision: the newest migration's (each file is named after its
    revision, ``NNNN_what.py``), known without loading Alembic."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable but for a power cut
    cursor.close()


def _migrate(url: URL) -> None:
    """Bring the database to the head revision; refuse one written by a newer release. A store
    at the head (every open but the first of a release) is only read, without Alembic.

    SQLite migrations run with foreign keys off (the default of a new connection): batch mode
    recreates tables, and a cascading delete must not follow a table being dropped.
    """
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        if _revision(engine) == head_revision():
            return
        with engine.begin() as conn:
            if url.get_backend_name() == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
            _upgrade(conn, url)
    finally:
        engine.dispose()


def _revision(engine: sa.Engine) -> str | None:
    """The store's schema revision, None when it has no version table."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _upgrade(conn: sa.Connection, url: URL) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    scripts = ScriptDirectory.from_config(config)
    tables = set(sa.inspect(conn).get_table_names())
    current = None
    if "alembic_version" in tables:
        current = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
        raise UsageError(
            "results database {url} has schema revision {current}, written by a newer "
            "auditor than this one (which knows up to {head}); upgrade auditor to read it",
            url=shown(url),
            current=current,
            head=scripts.get_current_head(),
        )
    config.attributes["connection"] = conn
    if current is None and "scans" in tables:
        command.stamp(config, LEGACY_REVISION)
    if current != scripts.get_current_head():
        command.upgrade(config, "head")


def open_engine(ref: str, create: bool = True) -> tuple[sa.Engine, str]:
    """An engine on the store at ``ref``, migrated to this release; and how to name it.

    Without ``create``, a SQLite file that does not exist yet is an error, not a new store.
    """
    url = db_url(ref)
    where = shown(url)
    if not create and url.get_backend_name() == "sqlite" and not Path(where).is_file():
        raise UsageError("no results database at {where} (run 'auditor scan' first)", where=where)
    try:
        if url.get_backend_name() == "sqlite" and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        _migrate(url)
        engine = sa.create_engine(url)
        if url.get_backend_name() == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
    except (OSError, sa.exc.SQLAlchemyError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise UsageError(
            "cannot open results database {where}: {reason}", where=where, reason=reason
        ) from None
    return engine, where
