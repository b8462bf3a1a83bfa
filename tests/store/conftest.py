"""Store fixtures: each store test runs on a SQLite file and on the PostgreSQL server."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pressdesk.store import Store

DIALECTS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@contextlib.contextmanager
def postgres_database(server: str) -> Iterator[str]:
    """A new database on the throwaway server, dropped afterwards; yields its URL."""
    import psycopg

    name = f"pressdesk_{uuid.uuid4().hex[:12]}"
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with (
            psycopg.connect(f"{plain}/postgres", autocommit=True) as conn,
            contextlib.suppress(psycopg.Error),
        ):
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture(params=DIALECTS)
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where an empty store may be created: a SQLite file URL or a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'any.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def any_store(any_url: str) -> Iterator[Store]:
    """A fresh store migrated to head, on each dialect."""
    opened = Store.open(any_url)
    yield opened
    opened.close()


@pytest.fixture(scope="module", params=DIALECTS)
def module_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """One store per dialect shared by a module's read-only tests."""
    if request.param == "sqlite":
        opened = Store.open(tmp_path_factory.mktemp("store") / "shared.sqlite3")
        yield opened
        opened.close()
        return
    with postgres_database(request.getfixturevalue("postgres_server")) as url:
        opened = Store.open(url)
        yield opened
        opened.close()
