"""The SQLite file itself: private, WAL, foreign keys, and where it is found."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, literal_column, select, text

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.services import contacts as service
from pressdesk.store import Store, resolve_url
from pressdesk.store.contacts import fetch_ids
from pressdesk.store.engine import ENV_VAR
from pressdesk.store.models import ContactEmail, ContactPhone, contact_tags


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_file_is_created_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "press.sqlite3"
    opened = Store.open(path)
    try:
        with opened.uow() as uow:
            service.create_contact(uow, ContactInput(name="Dovlet Chariyev"))
            uow.commit()
        assert _mode(path) == 0o600
        # The write-ahead log holds contact data too: same mode.
        wal = path.with_name(path.name + "-wal")
        assert wal.exists()
        assert _mode(wal) == 0o600
    finally:
        opened.close()


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    path.touch(mode=0o640)
    os.chmod(path, 0o640)
    Store.open(path).close()
    assert _mode(path) == 0o640


def test_wal_and_foreign_keys_are_on_for_every_connection(store: Store) -> None:
    for _ in range(2):
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        store.engine.dispose()


def test_deleting_a_contact_row_cascades_in_the_database(store: Store) -> None:
    with store.uow() as uow:
        contact = service.create_contact(
            uow,
            ContactInput(
                name="Aigul Isaeva",
                emails=[ValueInput("a.isaeva@kazinform.kz; bad address")],
                phones=[ValueInput("+7 7172 55 00 00")],
                tags=["media"],
            ),
        )
        uow.commit()
        contact_id = contact.id
    # Plain SQL, not the ORM cascade: the database itself must remove the rows.
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM contacts WHERE id = :id"), {"id": contact_id})
    with store.engine.connect() as connection:
        for table in (ContactEmail.__table__, ContactPhone.__table__, contact_tags):
            count = connection.execute(select(func.count()).select_from(table)).scalar()
            assert count == 0, table.name


def test_a_row_pointing_nowhere_is_refused(store: Store) -> None:
    from sqlalchemy.exc import IntegrityError

    with store.engine.begin() as connection, pytest.raises(IntegrityError):
        connection.execute(
            text(
                "INSERT INTO contact_emails (contact_id, position, original, label, is_primary)"
                " VALUES (999, 0, 'x@y.kz', 'work', 0)"
            )
        )


def test_where_the_store_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv(ENV_VAR, str(chosen))
    assert resolve_url() == f"sqlite:///{chosen}"
    # --db wins over the environment; a URL is taken as it is.
    assert resolve_url(tmp_path / "flag.sqlite3") == f"sqlite:///{tmp_path / 'flag.sqlite3'}"
    url = "postgresql+psycopg://press@db.example/pressdesk"
    assert resolve_url(url) == url
    monkeypatch.delenv(ENV_VAR)
    assert resolve_url().endswith("pressdesk.sqlite3")
    opened = Store.open(str(chosen))
    try:
        assert opened.location == str(chosen)
        assert opened.dialect == "sqlite"
    finally:
        opened.close()


_LONG_READ = text(
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 300000000) "
    "SELECT count(*) FROM n"
)


def test_a_read_nobody_wants_any_more_stops_at_once(tmp_path: Path) -> None:
    import threading
    import time

    from pressdesk.store.uow import Interrupted

    store = Store.open(tmp_path / "s.sqlite3")
    try:
        unwanted = threading.Event()
        threading.Timer(0.05, unwanted.set).start()
        started = time.perf_counter()
        with store.uow() as uow:
            with pytest.raises(Interrupted), uow.interruptible(unwanted.is_set):
                uow.session.execute(_LONG_READ)  # a minute or more if not stopped
            assert time.perf_counter() - started < 5
            # Rows read straight from the driver's cursor (the table's pages and ids)
            # stop too: the first row comes at once, the next after a long walk.
            rows = select(literal_column("x")).select_from(
                text(
                    "(WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n"
                    " WHERE x < 300000000) SELECT x FROM n WHERE x = 1 OR x % 100000000 = 0)"
                )
            )
            stop = threading.Event()
            threading.Timer(0.05, stop.set).start()
            with pytest.raises(Interrupted), uow.interruptible(stop.is_set):
                fetch_ids(uow.session, rows)
            assert time.perf_counter() - started < 10
            # The connection reads on as before once the block is left.
            assert uow.session.execute(text("SELECT 41 + 1")).scalar() == 42
        with store.uow() as uow, uow.interruptible(lambda: False):
            assert uow.session.scalar(select(func.count()).select_from(ContactEmail)) == 0
    finally:
        store.close()


def test_on_postgresql_an_interruptible_read_runs_to_its_end(pg_store: Store) -> None:
    with pg_store.uow() as uow, uow.interruptible(lambda: True):
        assert uow.session.execute(text("SELECT 41 + 1")).scalar() == 42
