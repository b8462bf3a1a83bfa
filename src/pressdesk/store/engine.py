"""Where the store lives and how to connect to it.

SQLite by default, one file under the platform's data directory, created private (0600),
with WAL and foreign keys on. Any SQLAlchemy URL (``postgresql+psycopg://...``) selects a
shared team store instead; nothing outside ``store/`` knows which one is in use.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, FromClause, create_engine, event
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.engine import make_url

ENV_VAR = "PRESSDESK_DB"


def default_db_path() -> Path:
    return platformdirs.user_data_path("PressDesk", appauthor=False) / "pressdesk.sqlite3"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """``--db`` (a path or a URL), else ``$PRESSDESK_DB``, else the default file."""
    value = os.fspath(db) if db else os.environ.get(ENV_VAR) or os.fspath(default_db_path())
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Created private before SQLite opens it; SQLite gives -wal and -shm the same mode.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # SQLAlchemy, not the sqlite3 module, begins transactions (see _sqlite_begin): the
    # module's own BEGIN comes only before DML, leaving DDL and reads outside.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


#: Execution option: begin with the write lock held (``BEGIN IMMEDIATE``), for bulk writes
#: that read first and must not lose the lock to another writer half-way.
IMMEDIATE = "pressdesk_immediate"


def _sqlite_begin(connection) -> None:  # type: ignore[no-untyped-def]
    immediate = connection.get_execution_options().get(IMMEDIATE)
    # On the driver's connection: through SQLAlchemy's execution this was a fifth of the
    # cost of a small transaction (a search keystroke, a send-log entry).
    connection.connection.driver_connection.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")


class _SQLiteCompiler(SQLiteCompiler):
    """SQLite's compiler with table hints: ``select(...).with_hint(Contact, "INDEXED BY
    name", "sqlite")`` names the index to read (SQLAlchemy's SQLite dialect drops table
    hints). The search needs it where SQLite's planner, which has no statistics, would
    read the table instead of a smaller covering index."""

    def get_from_hint_text(self, table: FromClause, text: str | None) -> str | None:
        return text


def make_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() == "sqlite":
        _prepare_sqlite_file(url)
        engine = create_engine(url)
        engine.dialect.statement_compiler = _SQLiteCompiler
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)
