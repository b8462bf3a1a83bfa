"""Renaming and merging organisations, and putting them back."""

from __future__ import annotations

import pytest

from pressdesk.domain.contacts import ContactInput
from pressdesk.services import contacts as service
from pressdesk.services.errors import ConflictError, InvalidInput
from pressdesk.services.organizations import (
    merge_organizations,
    rename_organization,
    restore_organizations,
)
from pressdesk.store.contacts import ContactFilter


def _add(store, name, organization):
    with store.uow() as uow:
        contact = service.create_contact(uow, ContactInput(name=name, organization=organization))
        uow.commit()
        return contact.id, contact.organization_id


def _orgs(store):
    with store.uow() as uow:
        return {org.name: count for org, count in uow.organizations.list_with_counts()}


def test_rename_updates_search_and_undo_restores(store):
    cid, org = _add(store, "Aigul Nurlanovna", "Kazinform")
    with store.uow() as uow:
        undo = rename_organization(uow, org, "  Kazinform  International ")
        uow.commit()
    assert _orgs(store) == {"Kazinform International": 1}
    with store.uow() as uow:
        assert uow.contacts.search_ids("international") == [cid]
        assert uow.contacts.get(cid).org_sort == "kazinform international"
    with store.uow() as uow:
        restore_organizations(uow, undo)
        uow.commit()
    assert _orgs(store) == {"Kazinform": 1}
    with store.uow() as uow:
        assert uow.contacts.search_ids("international") == []


def test_rename_refuses_taken_and_empty_names(store):
    _, kazinform = _add(store, "A", "Kazinform")
    _add(store, "B", "24.kg")
    with store.uow() as uow, pytest.raises(ConflictError, match="merge"):
        rename_organization(uow, kazinform, "24.KG")
    with store.uow() as uow, pytest.raises(InvalidInput):
        rename_organization(uow, kazinform, "   ")
    with store.uow() as uow:
        rename_organization(uow, kazinform, "KAZINFORM")
        uow.commit()
    assert _orgs(store) == {"24.kg": 1, "KAZINFORM": 1}


def test_merge_moves_contacts_and_undo_brings_organisations_back(store):
    a, iom = _add(store, "Dovlet Chariyev", "IOM")
    b, iom_tm = _add(store, "Maya Orazova", "IOM Turkmenistan")
    c, iom_un = _add(store, "Merdan Ataev", "IOM (UN Migration)")
    with store.uow() as uow:
        undo = merge_organizations(uow, [iom, iom_tm, iom_un], iom_tm)
        uow.commit()
    assert _orgs(store) == {"IOM Turkmenistan": 3}
    with store.uow() as uow:
        assert sorted(uow.contacts.search_ids(ContactFilter(organization_id=iom_tm))) == [a, b, c]
        assert uow.contacts.get(a).org_sort == "iom turkmenistan"
    with store.uow() as uow:
        restore_organizations(uow, undo)
        uow.commit()
    assert _orgs(store) == {"IOM": 1, "IOM Turkmenistan": 1, "IOM (UN Migration)": 1}
    with store.uow() as uow:
        assert uow.contacts.get(a).organization_id == iom
        assert uow.contacts.get(c).organization_id == iom_un
        assert uow.contacts.get(a).org_sort == "iom"


def test_merge_needs_two(store):
    _, iom = _add(store, "A", "IOM")
    with store.uow() as uow, pytest.raises(InvalidInput):
        merge_organizations(uow, [iom], iom)
