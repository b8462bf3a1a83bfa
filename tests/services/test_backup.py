"""Backups through SQLite's backup API: consistent, atomic, cancellable."""

from __future__ import annotations

from datetime import datetime

import pytest

from pressdesk.domain.contacts import ContactInput
from pressdesk.services import contacts as service
from pressdesk.services.backup import backup_sqlite, backup_store, suggested_backup_name
from pressdesk.services.errors import InvalidInput
from pressdesk.store import Store


def _fill(store, n):
    with store.uow() as uow:
        for i in range(n):
            service.create_contact(uow, ContactInput(name=f"Contact {i}", notes="x" * 2000))
        uow.commit()


def test_backup_is_a_complete_store_including_uncheckpointed_wal(store, tmp_path):
    _fill(store, 50)
    target = tmp_path / "copies" / "backup.sqlite3"
    seen = []
    assert backup_store(store, target, progress=lambda done, total: seen.append((done, total)))
    copy = Store.open(target)
    with copy.uow() as uow:
        assert uow.contacts.count() == 50
        assert uow.contacts.search_ids("contact 49") == [50]
    copy.close()
    assert seen and seen[-1][0] == seen[-1][1]
    assert (target.stat().st_mode & 0o777) == 0o600
    assert not list(target.parent.glob(".*partial"))


def test_cancelled_backup_leaves_nothing_and_keeps_an_older_copy(store, tmp_path):
    _fill(store, 200)
    target = tmp_path / "backup.sqlite3"
    target.write_bytes(b"older backup")

    class Stop(Exception):
        pass

    def cancel(done, total):
        raise Stop

    with pytest.raises(Stop):
        backup_sqlite(store.location, target, progress=cancel, pages_per_step=1)
    assert target.read_bytes() == b"older backup"
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_refuses_to_overwrite_the_store(store):
    with pytest.raises(InvalidInput):
        backup_sqlite(store.location, store.location)


def test_missing_store(tmp_path):
    with pytest.raises(InvalidInput):
        backup_sqlite(tmp_path / "nothing.sqlite3", tmp_path / "b.sqlite3")


def test_suggested_name():
    assert suggested_backup_name(datetime(2024, 3, 1, 9, 5)) == (
        "pressdesk-backup-2024-03-01-0905.sqlite3"
    )
