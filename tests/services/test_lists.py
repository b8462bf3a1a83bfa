"""Distribution lists and their resolution, on real stores."""

from __future__ import annotations

import datetime as dt

import pytest

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.services import contacts as contact_service
from pressdesk.services import lists as service
from pressdesk.services import privacy
from pressdesk.services.errors import ConflictError, InvalidInput
from pressdesk.store import Store
from pressdesk.store.models import ConsentStatus, LinkMode, SendEntry, SendRun


def add(store: Store, name: str, email: str = "", *, kind: str | None = None, **extra) -> int:
    with store.uow() as uow:
        data = ContactInput(name=name, emails=[ValueInput(email)] if email else [], **extra)
        contact = contact_service.create_contact(uow, data)
        if kind and contact.organization is not None:
            contact.organization.kind = kind
        uow.commit()
        return contact.id


@pytest.fixture
def people(store: Store) -> dict[str, int]:
    return {
        "aigul": add(store, "Aigul Nurlanova", "aigul@kazinform.kz", organization="Kazinform",
                     kind="media", country="KZ", languages=["ru", "kk"], tags=["media"]),
        "gulnara": add(store, "Gulnara Ismailova", "gulnara@24.kg", organization="24.kg",
                       kind="media", country="KG", languages=["ru"], tags=["media", "Internal"]),
        "dovlet": add(store, "Dovlet Chariyev", "dchariyev@iom.int", organization="IOM",
                      kind="un_agency", country="TM", languages=["en", "ru"], tags=["UN"]),
        "nomail": add(store, "Anna Nomail", organization="Kazinform", country="KZ",
                      tags=["media"], phones=[ValueInput("+7 701 123 4567")]),
        "dnc": add(store, "Dina Blocked", "dina@khabar.kz", country="KZ", tags=["media"],
                   do_not_contact=True),
    }  # fmt: skip


def names(resolution: service.Resolution) -> list[str]:
    return [r.name for r in resolution.recipients]


def reasons(resolution: service.Resolution) -> dict[str, str]:
    return {e.name: e.explanation for e in resolution.excluded}


def resolve_filter(store: Store, text: str) -> service.Resolution:
    with store.uow() as uow:
        return service.resolve_spec(uow, [service.ListSpec(filter=service.parse(text))])


def test_filter_fields(store, people):
    assert names(resolve_filter(store, "tag:media")) == ["Aigul Nurlanova", "Gulnara Ismailova"]
    assert names(resolve_filter(store, "tag:MEDIA -tag:internal")) == ["Aigul Nurlanova"]
    assert names(resolve_filter(store, "country:KG,TM")) == ["Dovlet Chariyev", "Gulnara Ismailova"]
    assert names(resolve_filter(store, "kind:un_agency")) == ["Dovlet Chariyev"]
    assert names(resolve_filter(store, "lang:en")) == ["Dovlet Chariyev"]
    assert names(resolve_filter(store, "-country:KZ has:email")) == [
        "Dovlet Chariyev",
        "Gulnara Ismailova",
    ]
    assert names(resolve_filter(store, "kazinform")) == ["Aigul Nurlanova"]
    assert names(resolve_filter(store, '-"kazinform" tag:media')) == ["Gulnara Ismailova"]
    with store.uow() as uow:
        assert uow.lists.matching_ids(service.parse("has:phone")) == {people["nomail"]}


def test_exclusions_carry_reasons(store, people):
    result = resolve_filter(store, "country:KZ")
    assert names(result) == ["Aigul Nurlanova"]
    assert reasons(result) == {"Anna Nomail": "no valid e-mail", "Dina Blocked": "do-not-contact"}


def test_do_not_contact_wins_over_granted_consent(store, people):
    with store.uow() as uow:
        privacy.set_consent(uow, people["dnc"], ConsentStatus.GRANTED)
        privacy.set_consent(uow, people["aigul"], ConsentStatus.WITHDRAWN, lawful_basis="consent")
        uow.commit()
    assert reasons(resolve_filter(store, "country:KZ")) == {
        "Aigul Nurlanova": "consent withdrawn",
        "Anna Nomail": "no valid e-mail",
        "Dina Blocked": "do-not-contact",
    }


def test_static_members_include_and_exclude(store, people):
    with store.uow() as uow:
        media = service.create_list(uow, "Media", filter_text="tag:media")
        un = service.create_list(uow, "UN")
        service.add_members(uow, un, [people["dovlet"], 99999])
        internal = service.create_list(uow, "Internal", filter_text="tag:internal")
        everyone = service.create_list(uow, "Everyone")
        service.link(uow, everyone, media, LinkMode.INCLUDE)
        service.link(uow, everyone, un, LinkMode.INCLUDE)
        service.link(uow, everyone, internal, LinkMode.EXCLUDE)
        uow.commit()
    with store.uow() as uow:
        result = service.resolve(uow, ["everyone"])
    assert names(result) == ["Aigul Nurlanova", "Dovlet Chariyev"]
    assert reasons(result)["Gulnara Ismailova"] == "excluded by list Internal"
    assert reasons(result)["Dina Blocked"] == "do-not-contact"


def test_cycles_are_refused(store, people):
    with store.uow() as uow:
        a = service.create_list(uow, "A")
        b = service.create_list(uow, "B")
        service.link(uow, a, b, LinkMode.INCLUDE)
        with pytest.raises(InvalidInput, match="loop"):
            service.link(uow, b, a, LinkMode.INCLUDE)
        with pytest.raises(InvalidInput, match="loop"):
            service.link(uow, a, a, LinkMode.EXCLUDE)


def test_names_are_unique_and_filters_checked(store):
    with store.uow() as uow:
        service.create_list(uow, "Central Asia")
        with pytest.raises(ConflictError):
            service.create_list(uow, "central  asia")
        with pytest.raises(InvalidInput, match="unknown field"):
            service.create_list(uow, "Bad", filter_text="colour:red")


def test_duplicate_addresses_are_sent_once(store, people):
    twin = add(store, "Zz Aigul second record", "AIGUL@kazinform.kz", tags=["media"])
    result = resolve_filter(store, "tag:media")
    assert names(result) == ["Aigul Nurlanova", "Gulnara Ismailova"]
    assert (
        reasons(result)["Zz Aigul second record"]
        == f"duplicate address (same as contact {people['aigul']})"
    )
    assert twin


def test_contacted_since(store, people):
    with store.uow() as uow:
        run = SendRun(release_id=1, sender="press@iom.int", lists=["x"])
        uow.session.add(run)
        uow.flush()
        uow.session.add(
            SendEntry(run_id=run.id, release_id=1, contact_id=people["aigul"],
                      address="aigul@kazinform.kz", address_key="aigul@kazinform.kz",
                      status="sent", updated_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
        )  # fmt: skip
        uow.commit()
    assert names(resolve_filter(store, "tag:media contacted-since:2026-02-01")) == [
        "Aigul Nurlanova"
    ]
    assert names(resolve_filter(store, "tag:media not-contacted-since:2026-02-01")) == [
        "Gulnara Ismailova"
    ]
    assert names(resolve_filter(store, "tag:media not-contacted-since:2026-04-01")) == [
        "Aigul Nurlanova",
        "Gulnara Ismailova",
    ]


def test_add_and_remove_members_in_bulk(store):
    ids = []
    with store.uow() as uow:
        for i in range(600):
            ids.append(contact_service.create_contact(uow, ContactInput(name=f"P{i}")).id)
        lst = service.create_list(uow, "Big")
        assert service.add_members(uow, lst, ids) == 600
        assert service.add_members(uow, lst, ids[:10]) == 0
        assert service.remove_members(uow, lst, ids[:550]) == 550
        uow.commit()
        assert len(uow.lists.member_ids(lst.id)) == 50


def test_deleting_a_contact_leaves_its_lists(store, people):
    with store.uow() as uow:
        lst = service.create_list(uow, "Static")
        service.add_members(uow, lst, [people["aigul"], people["dovlet"]])
        contact_service.delete_contacts(uow, [people["aigul"]])
        uow.commit()
        assert uow.lists.member_ids(lst.id) == [people["dovlet"]]


@pytest.mark.postgres
def test_resolution_on_postgresql(pg_store):
    ids = {
        "a": add(pg_store, "Aigul Nurlanova", "aigul@kazinform.kz", organization="Kazinform",
                 kind="media", country="KZ", languages=["ru"], tags=["media"]),
        "b": add(pg_store, "Dovlet Chariyev", "dchariyev@iom.int", country="TM",
                 languages=["en"], tags=["UN"]),
        "c": add(pg_store, "Dina Blocked", "dina@khabar.kz", country="KZ", tags=["media"],
                 do_not_contact=True),
    }  # fmt: skip
    assert names(resolve_filter(pg_store, "tag:media kind:media lang:ru")) == ["Aigul Nurlanova"]
    assert names(resolve_filter(pg_store, "-country:KZ chariyev")) == ["Dovlet Chariyev"]
    with pg_store.uow() as uow:
        lst = service.create_list(uow, "All", filter_text="has:email")
        uow.commit()
        result = service.resolve(uow, [lst])
    assert names(result) == ["Aigul Nurlanova", "Dovlet Chariyev"]
    assert reasons(result) == {"Dina Blocked": "do-not-contact"}
    assert ids
