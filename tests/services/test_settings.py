"""Settings kept in the store, and the default phone region they give."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.services import contacts as service
from pressdesk.store import Store


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        opened = Store.open(tmp_path / "settings.sqlite3")
    else:
        opened = Store.open(request.getfixturevalue("postgres_url"))
    yield opened
    opened.close()


def test_settings_are_kept_changed_and_removed(any_store: Store) -> None:
    with any_store.uow() as uow:
        assert service.get_setting(uow, "default_region") is None
        assert service.get_setting(uow, "default_region", "XX") == "XX"
        service.set_setting(uow, "default_region", "TM")
        uow.commit()
    with any_store.uow() as uow:
        assert service.default_region(uow) == "TM"
        service.set_setting(uow, "default_region", "KZ")
        uow.commit()
    with any_store.uow() as uow:
        assert service.default_region(uow) == "KZ"
        service.set_setting(uow, "default_region", None)
        service.set_setting(uow, "never_set", None)
        uow.commit()
    with any_store.uow() as uow:
        assert service.default_region(uow) is None


def test_an_uncommitted_setting_is_forgotten(any_store: Store) -> None:
    with any_store.uow() as uow:
        service.set_setting(uow, "default_region", "TM")
    with any_store.uow() as uow:
        assert service.default_region(uow) is None


def test_the_default_region_reads_national_numbers(any_store: Store) -> None:
    national = ContactInput(name="Merdan", phones=[ValueInput("12 48-84-07")])
    with any_store.uow() as uow:
        unread = service.create_contact(uow, national)
        assert [(p.e164, p.invalid_reason) for p in unread.phones] == [
            (None, "no country code, and no region to read it with")
        ]
        service.set_setting(uow, service.DEFAULT_REGION_KEY, "TM")
        read = service.create_contact(uow, national)
        assert [(p.e164, p.region) for p in read.phones] == [("+99312488407", "TM")]
        # The contact's own country comes first.
        russian = service.create_contact(
            uow,
            ContactInput(name="Olga", country="RU", phones=[ValueInput("8 (495) 123-45-67")]),
        )
        assert [(p.e164, p.region) for p in russian.phones] == [("+74951234567", "RU")]
        # Editing the first contact again reads its kept text with the new default.
        service.update_contact(uow, unread.id, service.input_from_contact(unread))
        assert [p.e164 for p in unread.phones] == ["+99312488407"]
        assert unread.problems == 0
