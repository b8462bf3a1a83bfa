"""Contact use cases through a real store: create, update, JSON contract, undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.services import contacts as service
from pressdesk.services.errors import ConflictError, InvalidInput, NotFound
from pressdesk.store import Store


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        opened = Store.open(tmp_path / "services.sqlite3")
    else:
        opened = Store.open(request.getfixturevalue("postgres_url"))
    yield opened
    opened.close()


DOVLET = ContactInput(
    name="  Dovlet   Chariyev ",
    given_name="Dovlet",
    family_name="Chariyev",
    honorific="Mr.",
    organization=" IOM  Turkmenistan ",
    role="National Communications Officer",
    country="Туркменистан",
    languages=["tk", "ru", " "],
    tags=["un", "ashgabat", "un"],
    notes="Prefers WhatsApp",
    emails=[
        ValueInput("Dovlet Chariyev <dchariyev@iom.int>; dchariyev(at)iom.int"),
        ValueInput("mailto:dovlet@mail.tm", "Home"),
    ],
    phones=[
        ValueInput("Tel:+99312 488407 доб. 12"),
        ValueInput("8 65 123456", "CELL", primary=True),
        ValueInput("call the office"),
    ],
)


def test_create_contact_stores_every_value(any_store: Store) -> None:
    with any_store.uow() as uow:
        contact_id = service.create_contact(uow, DOVLET).id
        uow.commit()
    with any_store.uow() as uow:
        data = service.to_dict(service.require(uow, contact_id))
    assert data["name"] == "Dovlet Chariyev"
    assert data["organization"] == "IOM Turkmenistan"
    assert (data["country"], data["country_name"]) == ("TM", "Turkmenistan")
    assert data["languages"] == ["tk", "ru"]
    assert data["tags"] == ["ashgabat", "un"]
    assert data["emails"] == [
        {"address": "dchariyev@iom.int", "label": "work", "primary": True},
        {"address": "dovlet@mail.tm", "label": "home", "primary": False},
    ]
    assert data["phones"] == [
        {
            "e164": "+99312488407",
            "display": "+993 12 48-84-07",
            "extension": "12",
            "label": "work",
            "primary": False,
        },
        {
            "e164": "+99365123456",
            "display": "+993 65 123456",
            "extension": None,
            "label": "mobile",
            "primary": True,
        },
    ]
    assert [(i["field"], i["value"]) for i in data["invalid"]] == [
        ("email", "dchariyev(at)iom.int"),
        ("phone", "call the office"),
    ]
    assert data["version"] == 1


def test_an_unknown_country_is_kept_in_the_notes(any_store: Store) -> None:
    with any_store.uow() as uow:
        contact = service.create_contact(
            uow, ContactInput(name="X", country="Narnia", notes="Met in Ashgabat")
        )
        assert contact.country is None
        assert contact.notes == "Met in Ashgabat\nCountry: Narnia (not recognised)"
        # Editing again does not add the note twice.
        service.update_contact(uow, contact.id, service.input_from_contact(contact))
        data = service.input_from_contact(contact)
        data.country = "Narnia"
        service.update_contact(uow, contact.id, data)
        assert contact.notes.count("Narnia") == 1


def test_a_contact_needs_a_name(any_store: Store) -> None:
    with any_store.uow() as uow:
        with pytest.raises(InvalidInput):
            service.create_contact(uow, ContactInput(name="  ", emails=[ValueInput("a@b.kz")]))
        composed = service.create_contact(
            uow, ContactInput(name="", given_name="Aigul", family_name="Isaeva")
        )
        assert composed.display_name == "Aigul Isaeva"


def test_unknown_ids(any_store: Store) -> None:
    with any_store.uow() as uow:
        with pytest.raises(NotFound, match="no contact with id 404"):
            service.require(uow, 404)
        with pytest.raises(NotFound):
            service.update_contact(uow, 404, ContactInput(name="X"))
        assert service.delete_contacts(uow, [404]) == []


def test_editing_from_the_stored_form_changes_nothing(any_store: Store) -> None:
    with any_store.uow() as uow:
        contact_id = service.create_contact(uow, DOVLET).id
        uow.commit()
    with any_store.uow() as uow:
        before = service.snapshot(service.require(uow, contact_id))
        contact = service.require(uow, contact_id)
        service.update_contact(uow, contact_id, service.input_from_contact(contact))
        uow.commit()
    with any_store.uow() as uow:
        after = service.snapshot(service.require(uow, contact_id))

    # Valid values were re-read from their international form, invalid ones as typed.
    def values(snap):  # type: ignore[no-untyped-def]
        return {k: v for k, v in snap.items() if k not in ("emails", "phones")}

    assert values(after) == values(before)
    assert [(p["e164"], p["extension"], p["label"], p["primary"]) for p in after["phones"]] == [
        (p["e164"], p["extension"], p["label"], p["primary"]) for p in before["phones"]
    ]
    assert [e["address"] for e in after["emails"]] == [e["address"] for e in before["emails"]]
    assert [e["original"] for e in after["emails"] if not e["address"]] == ["dchariyev(at)iom.int"]


def test_stale_version_is_refused_and_nothing_is_written(any_store: Store) -> None:
    with any_store.uow() as uow:
        contact_id = service.create_contact(uow, ContactInput(name="Old Name")).id
        uow.commit()
    with any_store.uow() as uow:
        service.update_contact(uow, contact_id, ContactInput(name="First Edit"))
        uow.commit()
    with any_store.uow() as uow:
        with pytest.raises(ConflictError, match="First Edit was changed elsewhere"):
            service.update_contact(
                uow, contact_id, ContactInput(name="Second Edit"), expected_version=1
            )
        uow.commit()
    with any_store.uow() as uow:
        assert service.require(uow, contact_id).display_name == "First Edit"


def test_all_contact_ids_in_name_order(any_store: Store) -> None:
    with any_store.uow() as uow:
        ids = {
            name: service.create_contact(uow, ContactInput(name=name)).id
            for name in ["Zarina", "äsel", "Bahar", "Ásel"]
        }
        uow.commit()
    with any_store.uow() as uow:
        ordered = service.all_contact_ids(uow)
    # Folded names: "asel" twice (by id), then "bahar", then "zarina".
    assert ordered == [ids["äsel"], ids["Ásel"], ids["Bahar"], ids["Zarina"]]


def test_a_tag_in_other_case_is_the_same_tag(any_store: Store) -> None:
    from pressdesk.services import tags as tag_service

    with any_store.uow() as uow:
        first = service.create_contact(uow, ContactInput(name="Aigul Nurlanova", tags=["Press"]))
        service.create_contact(
            uow, ContactInput(name="Dovlet Chariyev", tags=["press", "Пресса", "Media  Kit"])
        )
        uow.flush()
        tag_service.tag_contacts(uow, [first.id], add=["ПРЕССА", "media kit"])
        uow.commit()
    with any_store.uow() as uow:
        assert dict(uow.tags.counts()) == {"Media Kit": 2, "Press": 2, "Пресса": 2}
        tag_service.tag_contacts(uow, [first.id], remove=["PRESS"])
        uow.commit()
    with any_store.uow() as uow:
        assert dict(uow.tags.counts()) == {"Media Kit": 2, "Press": 1, "Пресса": 2}


def test_times_in_json_are_utc_with_their_offset(any_store: Store) -> None:
    with any_store.uow() as uow:
        made = service.create_contact(uow, ContactInput(name="Aigul Nurlanova"))
        uow.commit()
        made_id = made.id
    with any_store.uow() as uow:
        data = service.to_dict(uow.contacts.get(made_id))
    assert data["created_at"].endswith("+00:00") and data["updated_at"].endswith("+00:00")
