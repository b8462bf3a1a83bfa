"""Opening a store skips Alembic when the store is at HEAD, so HEAD must be Alembic's head."""

import pytest

from pressdesk.store import Store, migrate


def test_head_constant_is_alembics_head():
    assert migrate.head_revision() == migrate.HEAD


def test_open_upgrades_an_empty_file_and_reopens_without_migrating(tmp_path):
    path = tmp_path / "s.sqlite3"
    store = Store.open(path)
    assert migrate.current_revision(store.engine) == migrate.HEAD
    store.close()
    reopened = Store.open(path)
    assert migrate.current_revision(reopened.engine) == migrate.HEAD
    reopened.close()


def test_current_revision_of_a_file_without_tables_is_none(tmp_path):
    store = Store.open(tmp_path / "empty.sqlite3", upgrade=False)
    assert migrate.current_revision(store.engine) is None
    store.close()


def test_a_store_from_a_newer_pressdesk_is_refused_in_one_sentence(tmp_path, capsys):
    from sqlalchemy import text

    from pressdesk.cli import main

    path = tmp_path / "newer.sqlite3"
    Store.open(path).close()
    store = Store.open(path, upgrade=False)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    store.close()
    with pytest.raises(migrate.StoreTooNew, match="newer version of PressDesk"):
        Store.open(path)
    assert main(["--db", str(path), "contacts", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pressdesk: this store was written by a newer version of PressDesk")
    assert "0999" in err and migrate.HEAD in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
