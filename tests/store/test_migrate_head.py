"""Opening a store skips Alembic when the store is at HEAD, so HEAD must be Alembic's head."""

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
