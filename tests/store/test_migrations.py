"""Every migration, from an empty store to head and back, against the models."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from pressdesk.store import Store, migrate
from pressdesk.store.models import Base


def _revisions_in_order() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _check(store: Store) -> None:
    """``alembic check`` through the shipped env.py (and its include_name filter)."""
    with store.engine.connect() as connection:
        command.check(migrate.alembic_config(connection))


def _unfiltered_differences(store: Store) -> list[tuple]:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True})
        return compare_metadata(context, Base.metadata)


def _tables(store: Store) -> set[str]:
    return set(inspect(store.engine).get_table_names())


def test_every_migration_from_empty_to_head_matches_the_models(any_url: str) -> None:
    store = Store.open(any_url, upgrade=False)
    try:
        assert migrate.current_revision(store.engine) is None
        assert _tables(store) == set()
        revisions = _revisions_in_order()
        assert revisions[-1] == migrate.head_revision()
        for revision in revisions:
            migrate.upgrade(store.engine, revision)
            assert migrate.current_revision(store.engine) == revision
        model_tables = set(Base.metadata.tables)
        assert model_tables <= _tables(store)
        _check(store)
        # The filter hides the hand-made search objects, and nothing else.
        hidden = _unfiltered_differences(store)
        assert hidden
        for kind, obj, *_ in hidden:
            assert kind in ("remove_table", "remove_index")
            assert obj.name.startswith("contacts_fts") or obj.name in (
                "contacts_search_trgm",
                "contacts_search_by_name",
                "contacts_name_by_id",
            )
    finally:
        store.close()


def test_downgrade_to_base_and_upgrade_again(any_url: str) -> None:
    store = Store.open(any_url)
    try:
        with store.engine.begin() as connection:
            command.downgrade(migrate.alembic_config(connection), "base")
        assert migrate.current_revision(store.engine) is None
        assert _tables(store) <= {"alembic_version"}
        migrate.upgrade(store.engine)
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        _check(store)
    finally:
        store.close()


def test_opening_a_store_upgrades_it_and_reopening_changes_nothing(any_url: str) -> None:
    first = Store.open(any_url)
    first.close()
    again = Store.open(any_url)
    try:
        assert migrate.current_revision(again.engine) == migrate.head_revision()
        _check(again)
    finally:
        again.close()


def test_sqlite_search_index_and_triggers_exist(store: Store) -> None:
    with store.engine.connect() as connection:
        objects = dict(
            connection.execute(
                text("SELECT name, type FROM sqlite_master WHERE name LIKE 'contacts_fts%'")
            ).all()
        )
    assert objects["contacts_fts"] == "table"
    assert {"contacts_fts_ai", "contacts_fts_ad", "contacts_fts_au"} <= set(objects)
    assert all(objects[t] == "trigger" for t in ("contacts_fts_ai", "contacts_fts_ad"))


@pytest.mark.postgres
def test_postgres_search_index_exists(pg_store: Store) -> None:
    indexes = {i["name"] for i in inspect(pg_store.engine).get_indexes("contacts")}
    # The throwaway server ships pg_trgm, so the migration could create the index.
    assert "contacts_search_trgm" in indexes


def test_0005_fills_country_sort_of_existing_contacts_and_downgrades_cleanly(
    any_url: str,
) -> None:
    store = Store.open(any_url, upgrade=False)
    try:
        migrate.upgrade(store.engine, "0004")
        with store.engine.begin() as connection:
            for name, country in (("A", "KZ"), ("B", None), ("C", "CH")):
                connection.execute(
                    text(
                        "INSERT INTO contacts (display_name, given_name, family_name, honorific,"
                        " role, country, languages, notes, do_not_contact, created_at,"
                        " updated_at, version, sort_name, name_key, org_sort, primary_email,"
                        " primary_phone, tag_text, problems, search_text) VALUES (:n, '', '',"
                        " '', '', :c, '[]', '', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1,"
                        " :s, :k, '', '', '', '', 0, :t)"
                    ),
                    {"n": name, "c": country, "s": name, "k": name, "t": name},
                )
        migrate.upgrade(store.engine)
        with store.engine.connect() as connection:
            sorts = dict(
                connection.execute(text("SELECT display_name, country_sort FROM contacts")).all()
            )
        assert sorts == {"A": "kazakhstan", "B": "", "C": "switzerland"}
        _check(store)
        indexes = {i["name"] for i in inspect(store.engine).get_indexes("contacts")}
        assert "ix_contacts_by_country_sort" in indexes
        if store.dialect == "sqlite":
            assert "contacts_search_by_name" in indexes
        with store.engine.begin() as connection:
            command.downgrade(migrate.alembic_config(connection), "0004")
        columns = {c["name"] for c in inspect(store.engine).get_columns("contacts")}
        assert "country_sort" not in columns
        if store.dialect == "sqlite":
            with store.engine.connect() as connection:
                triggers = connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                ).scalars()
                assert {"contacts_fts_ai", "contacts_fts_ad", "contacts_fts_au"} <= set(triggers)
    finally:
        store.close()
