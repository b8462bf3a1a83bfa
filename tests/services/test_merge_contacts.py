"""Merging duplicates: field choices, united values, and an undo that restores every id."""

from __future__ import annotations

import pytest

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.services import contacts as service
from pressdesk.services.errors import InvalidInput
from pressdesk.services.merge_contacts import ALL, MergeChoices, merge_contacts


def _add(store, name, **fields):
    with store.uow() as uow:
        contact = service.create_contact(uow, ContactInput(name=name, **fields))
        uow.commit()
        return contact.id


@pytest.fixture
def pair(store):
    a = _add(
        store,
        "Dovlet Chariyev",
        organization="IOM Turkmenistan",
        role="",
        country="TM",
        emails=[ValueInput("dchariyev@iom.int", primary=True)],
        phones=[ValueInput("+993 12 48-84-07")],
        tags=["UN"],
        notes="Met at COP27",
    )
    b = _add(
        store,
        "CHARIYEV Dovlet",
        organization="IOM",
        role="Communication Focal Point",
        emails=[ValueInput("DChariyev@iom.int"), ValueInput("dovlet@example.org")],
        phones=[ValueInput("12 48 84 07", label="mobile"), ValueInput("not a phone")],
        tags=["media", "UN"],
        notes="Prefers Russian",
        do_not_contact=True,
    )
    return a, b


def test_defaults_unite_values_and_keep_first_non_empty(store, pair):
    a, b = pair
    with store.uow() as uow:
        merged, snapshots = merge_contacts(uow, [a, b])
        uow.commit()
        assert merged.id == a
        assert merged.display_name == "Dovlet Chariyev"
        assert merged.organization.name == "IOM Turkmenistan"
        assert merged.role == "Communication Focal Point"
        assert [e.address for e in merged.emails] == ["dchariyev@iom.int", "dovlet@example.org"]
        assert [e.is_primary for e in merged.emails] == [True, False]
        # "12 48 84 07" read with TM from the other contact's default region fails or
        # matches; either way the valid international number is kept once.
        assert merged.phones[0].e164 == "+99312488407"
        assert any(p.original == "not a phone" and p.e164 is None for p in merged.phones)
        assert sorted(t.name for t in merged.tags) == ["UN", "media"]
        assert merged.notes == "Met at COP27\n\nPrefers Russian"
        assert merged.do_not_contact is True
        assert merged.problems >= 1
        assert [s["id"] for s in snapshots] == [a, b]
    with store.uow() as uow:
        assert uow.contacts.get(b) is None
        assert uow.contacts.count() == 1


def test_choices_pick_fields_by_contact(store, pair):
    a, b = pair
    choices = MergeChoices(
        values={"display_name": b, "organization": b, "notes": a}, emails=a, tags=b
    )
    with store.uow() as uow:
        merged, _ = merge_contacts(uow, [a, b], choices)
        uow.commit()
        assert merged.display_name == "CHARIYEV Dovlet"
        assert merged.organization.name == "IOM"
        assert merged.notes == "Met at COP27"
        assert [e.address for e in merged.emails] == ["dchariyev@iom.int"]
        assert sorted(t.name for t in merged.tags) == ["UN", "media"]
        assert merged.sort_name == "chariyev dovlet"


def test_undo_restores_both_contacts_under_their_ids(store, pair):
    a, b = pair
    with store.uow() as uow:
        before = [service.to_dict(c) for c in uow.contacts.get_many([a, b])]
    with store.uow() as uow:
        _, snapshots = merge_contacts(uow, [a, b], {"notes": ALL})
        uow.commit()
    with store.uow() as uow:
        service.restore(uow, snapshots)
        uow.commit()
    with store.uow() as uow:
        after = [service.to_dict(c) for c in uow.contacts.get_many([a, b])]
        ids = uow.contacts.search_ids("chariyev")
    strip = ("version", "updated_at")
    assert [{k: v for k, v in d.items() if k not in strip} for d in after] == [
        {k: v for k, v in d.items() if k not in strip} for d in before
    ]
    assert sorted(ids) == sorted([a, b])


def test_refuses_fewer_than_two_and_strangers(store, pair):
    a, b = pair
    with store.uow() as uow, pytest.raises(InvalidInput):
        merge_contacts(uow, [a, a])
    with store.uow() as uow, pytest.raises(InvalidInput):
        merge_contacts(uow, [a, b], {"display_name": 999})
    with store.uow() as uow, pytest.raises(InvalidInput):
        merge_contacts(uow, [a, b], {"favourite_colour": a})
