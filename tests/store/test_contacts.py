"""Contacts in a real store (SQLite file and PostgreSQL): versions, search, sort, undo."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.services import contacts as service
from pressdesk.services.errors import ConflictError
from pressdesk.store import Store
from pressdesk.store.contacts import ContactFilter, SortKey
from pressdesk.store.models import Contact

PEOPLE: list[dict[str, Any]] = [
    dict(
        name="Dovlet Chariyev",
        organization="IOM Turkmenistan",
        role="National Communications Officer",
        country="TM",
        emails=["dchariyev@iom.int"],
        phones=["Tel:+99312 488407"],
        tags=["un", "ashgabat"],
    ),
    dict(
        name="Айгуль Исаева",
        organization="Казинформ",
        role="Корреспондент",
        country="Казахстан",
        emails=["a.isaeva@kazinform.kz"],
        phones=["8 (727) 258-26-43"],
        tags=["media"],
    ),
    dict(
        name="Jürgen Müller",
        organization="Süddeutsche Zeitung",
        role="Korrespondent",
        country="Germany",
        emails=["j.mueller@münchen.de"],
        phones=["+49 89 2183 0"],
        tags=["media", "europe"],
    ),
    dict(
        name="Azamat Toktogulov",
        organization="24.kg",
        role="Editor",
        country="Kyrgyzstan",
        emails=["editor@24.kg"],
        phones=["+996 312 123456 / +996 555 123456"],
        tags=["media"],
    ),
    dict(
        name="Li Wei 李伟",
        organization="Xinhua",
        role="Bureau chief",
        country="China",
        emails=["liwei@xinhuanet.com"],
        phones=["+86 10 6532 2173"],
        tags=[],
    ),
    dict(
        name="Fatima Al Mansouri",
        organization="WAM",
        role="",
        country="UAE",
        emails=["not an address"],
        phones=["+٩٧١ ٤ ٣٦٦ ٨٨٨٨"],
        tags=["media", "gulf"],
    ),
    dict(
        name="Olga Smirnova",
        organization="",
        role="Press secretary",
        country="",
        emails=[],
        phones=["8 (495) 123-45-67"],  # no country, no default region: kept invalid
        tags=[],
    ),
    # Ties on purpose for sorting: same organisation and role, no country.
    dict(name="Zarina Atayeva", organization="IOM Turkmenistan", role="Driver", country=""),
    dict(name="Bahar Atayeva", organization="IOM Turkmenistan", role="Driver", country=""),
    dict(name="Bahar Atayeva", organization="IOM Turkmenistan", role="Driver", country=""),
    dict(name="王芳", organization="CGTN", role="", country="CN", emails=["wangfang@cgtn.com"]),
    dict(
        name="dovlet annaev",
        organization="IOM Turkmenistan",
        role="Driver",
        country="TM",
        emails=["dannaev@iom.int"],
        phones=[],
        tags=["un"],
    ),
]


def _input(person: dict[str, Any]) -> ContactInput:
    return ContactInput(
        name=person["name"],
        organization=person.get("organization", ""),
        role=person.get("role", ""),
        country=person.get("country", ""),
        emails=[ValueInput(e) for e in person.get("emails", [])],
        phones=[ValueInput(p) for p in person.get("phones", [])],
        tags=list(person.get("tags", [])),
    )


def _add(store: Store, **person: Any) -> int:
    with store.uow() as uow:
        contact = service.create_contact(uow, _input(person))
        uow.commit()
        return contact.id


@pytest.fixture(scope="module")
def people(module_store: Store) -> dict[str, int]:
    """The people above in a store shared by the read-only tests, by name."""
    return {person["name"]: _add(module_store, **person) for person in PEOPLE}


@pytest.fixture
def shared(module_store: Store, people: dict[str, int]) -> Store:
    return module_store


def _search(store: Store, query: str | ContactFilter) -> set[int]:
    with store.uow() as uow:
        return set(uow.contacts.search_ids(query))


def test_values_are_stored_valid_and_invalid(shared: Store, people: dict[str, int]) -> None:
    with shared.uow() as uow:
        fatima = service.require(uow, people["Fatima Al Mansouri"])
        assert fatima.country == "AE"
        assert [(e.address, e.original) for e in fatima.emails] == [(None, "not an address")]
        assert fatima.emails[0].invalid_reason
        assert [p.e164 for p in fatima.phones] == ["+97143668888"]
        assert fatima.problems == 1
        azamat = service.require(uow, people["Azamat Toktogulov"])
        assert [p.e164 for p in azamat.phones] == ["+996312123456", "+996555123456"]
        assert azamat.primary_phone == "+996312123456"
        olga = service.require(uow, people["Olga Smirnova"])
        assert [(p.e164, p.original) for p in olga.phones] == [(None, "8 (495) 123-45-67")]
        assert uow.contacts.count(ContactFilter(problems_only=True)) == 2
        assert uow.contacts.count_problems() == 2
        assert uow.contacts.count() == len(PEOPLE)


ALL = {p["name"] for p in PEOPLE}
MEDIA = {"Айгуль Исаева", "Jürgen Müller", "Azamat Toktogulov", "Fatima Al Mansouri"}


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("dov", {"Dovlet Chariyev", "dovlet annaev"}),
        ("DOVLET", {"Dovlet Chariyev", "dovlet annaev"}),
        ("chari", {"Dovlet Chariyev"}),
        ("ariye", {"Dovlet Chariyev"}),
        ("dovlet chariyev", {"Dovlet Chariyev"}),
        ("chariyev dovlet", {"Dovlet Chariyev"}),
        ("dovlet iom", {"Dovlet Chariyev", "dovlet annaev"}),
        ("atayeva", {"Zarina Atayeva", "Bahar Atayeva"}),
        ("dchariyev@iom.int", {"Dovlet Chariyev"}),
        ("iom.int", {"Dovlet Chariyev", "dovlet annaev"}),
        ("488407", {"Dovlet Chariyev"}),
        ("99312488407", {"Dovlet Chariyev"}),
        ("+99312488407", {"Dovlet Chariyev"}),
        ("+993 12 48-84-07", {"Dovlet Chariyev"}),
        ("555 123456", {"Azamat Toktogulov"}),
        # Typed in international format with spaces: the groups are one run of digits.
        ("+996 555 123", {"Azamat Toktogulov"}),
        ("+996 312 48", set()),  # "+996 312" and "48" are both there, not together
        ("+49 89 2183", {"Jürgen Müller"}),
        ("97143668888", {"Fatima Al Mansouri"}),
        ("495) 123", {"Olga Smirnova"}),  # an invalid number is searched as typed
        ("84951234567", {"Olga Smirnova"}),  # and by its digits
        ("media", MEDIA),
        ("gulf", {"Fatima Al Mansouri"}),
        ("münchen", {"Jürgen Müller"}),
        ("MUNCHEN", {"Jürgen Müller"}),
        ("muller", {"Jürgen Müller"}),
        ("jürgen", {"Jürgen Müller"}),
        ("süddeutsche", {"Jürgen Müller"}),
        ("Айгуль", {"Айгуль Исаева"}),
        ("айг", {"Айгуль Исаева"}),
        ("ИСАЕВА", {"Айгуль Исаева"}),
        ("казинформ", {"Айгуль Исаева"}),
        ("王芳", {"王芳"}),
        ("wei 李伟", {"Li Wei 李伟"}),
        ("xinhua", {"Li Wei 李伟"}),
        ("24.kg", {"Azamat Toktogulov"}),
        ("not an address", {"Fatima Al Mansouri"}),
        ("bureau chief", {"Li Wei 李伟"}),
        ("nobody-like-this", set()),
        ("", ALL),
        ("   ", ALL),
    ],
)
def test_search(shared: Store, people: dict[str, int], query: str, names: set[str]) -> None:
    with shared.uow() as uow:
        found = [row.name for row in uow.contacts.rows(uow.contacts.search_ids(query))]
    # Two people are called Bahar Atayeva.
    expected = sorted(names) + (["Bahar Atayeva"] if "Bahar Atayeva" in names else [])
    assert sorted(found) == sorted(expected)


def test_first_keystrokes_of_a_name(shared: Store, people: dict[str, int]) -> None:
    dovlets = {people["Dovlet Chariyev"], people["dovlet annaev"]}
    assert _search(shared, "d") >= dovlets
    assert _search(shared, "Do") >= dovlets
    if shared.dialect == "sqlite":
        # One or two letters match the start of the name only (through its index).
        assert _search(shared, "d") == dovlets
        assert _search(shared, "ch") == set()
    else:
        assert people["Dovlet Chariyev"] in _search(shared, "ch")


def test_search_with_filters(shared: Store, people: dict[str, int]) -> None:
    un = {people["Dovlet Chariyev"], people["dovlet annaev"]}
    assert _search(shared, ContactFilter(tag="un")) == un
    assert _search(shared, ContactFilter(query="driver", tag="un")) == {people["dovlet annaev"]}
    assert _search(shared, ContactFilter(query="media", problems_only=True)) == {
        people["Fatima Al Mansouri"]
    }
    with shared.uow() as uow:
        iom = uow.organizations.by_name("iom turkmenistan")
        assert iom is not None
        assert _search(shared, ContactFilter(organization_id=iom.id)) == un | _search(
            shared, "atayeva"
        )
        assert uow.contacts.count(ContactFilter(query="media")) == len(MEDIA)


SYNTAX = ['"', "'", "%", "_", "a%b", "\\", "AND", "OR NOT", "*", "a*", "(x", "NEAR(a b)", "^x"]


def test_search_syntax_characters_are_plain_text(any_store: Store) -> None:
    _add(any_store, name="Plain Person")
    for query in SYNTAX:
        assert _search(any_store, query) == set(), query
    odd = {query: _add(any_store, name=f"Odd {query}x{query} name") for query in SYNTAX}
    for query, contact_id in odd.items():
        found = _search(any_store, f"{query}x{query}")
        # "%x%" and "_x_" must not match other names as LIKE patterns would.
        assert found == {contact_id}, query


@pytest.mark.parametrize("query", ["\x00", "abc\x00", '"\x00"', "dov\x07let", "\x1b[0m"])
def test_control_characters_in_a_query_are_spaces(shared: Store, query: str) -> None:
    # A NUL cut FTS5's query short ("unterminated string"); PostgreSQL refuses NUL outright.
    with shared.uow() as uow:
        assert uow.contacts.search_ids(query) == uow.contacts.search_ids(
            "".join(" " if ord(c) < 32 else c for c in query)
        )


def test_search_follows_every_change(any_store: Store) -> None:
    contact_id = _add(
        any_store,
        name="Gulnara Berdyeva",
        organization="UNICEF Turkmenistan",
        country="TM",
        emails=["g.b@unicef.org"],
        phones=["+993 12 488 401"],
        tags=["un"],
    )
    other = _add(any_store, name="Unrelated Person", organization="OSCE")
    assert _search(any_store, "berdyeva") == {contact_id}
    assert _search(any_store, "unicef") == {contact_id}

    # Update: the old text is gone from the index, the new one is found.
    with any_store.uow() as uow:
        data = service.input_from_contact(service.require(uow, contact_id))
        data.name = "Gulnara Annayeva"
        data.phones = [ValueInput("+993 65 123456")]
        service.update_contact(uow, contact_id, data)
        uow.commit()
    assert _search(any_store, "berdyeva") == set()
    assert _search(any_store, "annayeva") == {contact_id}
    assert _search(any_store, "488401") == set()
    assert _search(any_store, "65123456") == {contact_id}

    # Organisation renamed: every member's search text follows.
    with any_store.uow() as uow:
        org = uow.organizations.by_name("UNICEF Turkmenistan")
        assert org is not None
        org.name = "Children's Fund Ashgabat"
        uow.commit()
    assert _search(any_store, "unicef") == {contact_id}  # still in the e-mail address
    assert _search(any_store, "turkmenistan") == set()
    assert _search(any_store, "children's fund") == {contact_id}
    with any_store.uow() as uow:
        assert uow.contacts.rows([contact_id])[0].organization == "Children's Fund Ashgabat"

    # Tags changed.
    with any_store.uow() as uow:
        contact = service.require(uow, contact_id)
        contact.tags = uow.tags.get_or_create(["education"])
        uow.commit()
    assert _search(any_store, "education") == {contact_id}
    assert _search(any_store, ContactFilter(tag="education")) == {contact_id}
    assert _search(any_store, ContactFilter(tag="un")) == set()
    with any_store.uow() as uow:
        uow.tags.prune()
        uow.commit()
        assert uow.tags.counts() == [("education", 1)]

    # Deleted: no longer found; the others are untouched.
    with any_store.uow() as uow:
        service.delete_contacts(uow, [contact_id])
        uow.commit()
    assert _search(any_store, "annayeva") == set()
    assert _search(any_store, "education") == set()
    assert _search(any_store, "") == {other}
    assert _search(any_store, "osce") == {other}


def test_a_rolled_back_change_leaves_search_as_it_was(any_store: Store) -> None:
    contact_id = _add(any_store, name="Merdan Orazov")
    with any_store.uow() as uow:
        data = service.input_from_contact(service.require(uow, contact_id))
        data.name = "Someone Else"
        service.update_contact(uow, contact_id, data)
        # No commit: leaving the block rolls back.
    assert _search(any_store, "orazov") == {contact_id}
    assert _search(any_store, "someone") == set()


_SORT_FIELD = {
    SortKey.NAME: "sort_name",
    SortKey.ORGANIZATION: "org_sort",
    SortKey.ROLE: "role",
    SortKey.COUNTRY: "country_sort",
    SortKey.EMAIL: "primary_email",
    SortKey.PHONE: "primary_phone",
    SortKey.TAGS: "tag_text",
    SortKey.PROBLEMS: "problems",
    SortKey.UPDATED: "updated_at",
}


def _stored(store: Store) -> list[dict[str, Any]]:
    columns = [getattr(Contact, name) for name in {"id", *_SORT_FIELD.values()}]
    with store.uow() as uow:
        return [row._asdict() for row in uow.session.execute(select(*columns))]


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("sort", list(SortKey))
def test_sort_by_every_key(
    shared: Store, people: dict[str, int], sort: SortKey, descending: bool
) -> None:
    field = _SORT_FIELD[sort]

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        if sort == SortKey.NAME:
            return (row["sort_name"], row["id"])
        return (row[field], row["sort_name"], row["id"])

    rows = _stored(shared)
    expected = [r["id"] for r in sorted(rows, key=key, reverse=descending)]
    # The sort is not trivially the insertion order.
    assert expected != sorted(expected) or sort == SortKey.UPDATED
    with shared.uow() as uow:
        assert uow.contacts.search_ids("", sort, descending) == expected
        # Searching keeps the order, on the matching subset.
        matching = set(uow.contacts.search_ids("iom"))
        assert len(matching) == 5
        assert uow.contacts.search_ids("iom", sort, descending) == [
            i for i in expected if i in matching
        ]


def test_countries_sort_by_the_name_shown_not_the_code(any_store: Store) -> None:
    # By code: CH DE KG KZ; by name: Germany, Kazakhstan, Kyrgyzstan, Switzerland.
    ids = {
        code: _add(any_store, name=f"Person {code}", country=code)
        for code in ("CH", "DE", "KG", "KZ")
    }
    nowhere = _add(any_store, name="Person without a country")
    with any_store.uow() as uow:
        assert uow.contacts.search_ids("person", SortKey.COUNTRY) == [
            nowhere,
            ids["DE"],
            ids["KZ"],
            ids["KG"],
            ids["CH"],
        ]
        # A changed country moves the contact.
        contact = service.require(uow, ids["CH"])
        contact.country = "AT"
        uow.commit()
    with any_store.uow() as uow:
        assert uow.contacts.search_ids("person", SortKey.COUNTRY)[:2] == [nowhere, ids["CH"]]


def test_rows_in_the_order_asked(shared: Store, people: dict[str, int]) -> None:
    ids = [people["Jürgen Müller"], people["Dovlet Chariyev"], 10**9]
    with shared.uow() as uow:
        rows = uow.contacts.rows(ids)
    assert [r.id for r in rows] == ids[:2]
    assert rows[0].organization == "Süddeutsche Zeitung"
    assert rows[0].email == "j.mueller@münchen.de"
    assert rows[1].phone == "+99312488407"
    assert rows[1].tags == "ashgabat, un"
    assert rows[1].country == "TM"


def test_version_counter_and_conflict(any_store: Store) -> None:
    contact_id = _add(any_store, name="Dovlet Chariyev")
    with any_store.uow() as uow:
        contact = service.require(uow, contact_id)
        assert contact.version == 1
        first_updated = contact.updated_at
        data = service.input_from_contact(contact)
        data.role = "Officer"
        service.update_contact(uow, contact_id, data, expected_version=1)
        uow.commit()
    with any_store.uow() as uow:
        contact = service.require(uow, contact_id)
        assert contact.version == 2
        assert contact.role == "Officer"
        assert contact.updated_at >= first_updated
        stale = service.input_from_contact(contact)
        stale.role = "Someone else's edit"
        with pytest.raises(ConflictError, match="changed elsewhere"):
            service.update_contact(uow, contact_id, stale, expected_version=1)
    with any_store.uow() as uow:
        assert service.require(uow, contact_id).role == "Officer"


def test_changing_only_a_value_row_is_a_new_version(any_store: Store) -> None:
    contact_id = _add(
        any_store, name="Dovlet Chariyev", emails=["dchariyev@iom.int"], phones=["+99312488407"]
    )
    for version, change in enumerate(["email label", "phone label", "tags"], start=1):
        with any_store.uow() as uow:
            data = service.input_from_contact(service.require(uow, contact_id))
            if change == "email label":
                data.emails[0].label = "home"
            elif change == "phone label":
                data.phones[0].label = "mobile"
            else:
                data.tags = ["media"]
            service.update_contact(uow, contact_id, data, expected_version=version)
            uow.commit()
        with any_store.uow() as uow:
            assert service.require(uow, contact_id).version == version + 1, change
            with pytest.raises(ConflictError):
                service.update_contact(uow, contact_id, data, expected_version=version)


def test_two_sessions_editing_at_once(any_store: Store) -> None:
    contact_id = _add(any_store, name="Dovlet Chariyev")
    with any_store.uow() as first, any_store.uow() as second:
        mine = service.input_from_contact(service.require(first, contact_id))
        theirs = service.input_from_contact(service.require(second, contact_id))
        theirs.role = "Theirs"
        service.update_contact(second, contact_id, theirs, expected_version=1)
        second.commit()
        mine.role = "Mine"
        # Read before their commit, written after: the write is refused, not lost over theirs.
        with pytest.raises(ConflictError, match="changed elsewhere"):
            service.update_contact(first, contact_id, mine, expected_version=1)
    with any_store.uow() as uow:
        contact = service.require(uow, contact_id)
        assert (contact.role, contact.version) == ("Theirs", 2)


def test_delete_and_restore_give_back_the_same_contacts(any_store: Store) -> None:
    ids = [_add(any_store, **person) for person in PEOPLE[:7]]
    chosen = ids[:2] + ids[6:7]  # Dovlet, Айгуль, Olga (with an invalid phone)
    with any_store.uow() as uow:
        before = [service.snapshot(c) for c in uow.contacts.get_many(chosen)]
        dicts = [service.to_dict(c) for c in uow.contacts.get_many(chosen)]
    with any_store.uow() as uow:
        snapshots = service.delete_contacts(uow, chosen)
        uow.commit()
    assert snapshots == before
    assert _search(any_store, "chariyev") == set()
    with any_store.uow() as uow:
        assert uow.contacts.get_many(chosen) == []
        assert uow.contacts.count() == 4
    # Someone adds a contact in between: it must not take a deleted contact's id.
    newcomer = _add(any_store, name="Newcomer")
    assert newcomer not in chosen
    with any_store.uow() as uow:
        service.restore(uow, snapshots)
        uow.commit()
    with any_store.uow() as uow:
        assert [service.snapshot(c) for c in uow.contacts.get_many(chosen)] == before
        restored = [service.to_dict(c) for c in uow.contacts.get_many(chosen)]
        assert service.require(uow, newcomer).display_name == "Newcomer"
        assert uow.contacts.count() == 8
    for old, new in zip(dicts, restored, strict=True):
        for key in ("id", "name", "emails", "phones", "invalid", "tags", "organization"):
            assert new[key] == old[key]
    assert _search(any_store, "chariyev") == {ids[0]}
    assert _search(any_store, "исаева") == {ids[1]}
    assert _search(any_store, ContactFilter(problems_only=True)) == {ids[5], ids[6]}


def test_restore_undoes_an_edit(any_store: Store) -> None:
    contact_id = _add(any_store, **PEOPLE[2])
    with any_store.uow() as uow:
        before = service.snapshot(service.require(uow, contact_id))
        data = service.input_from_contact(service.require(uow, contact_id))
        data.name, data.emails, data.tags = "Changed", [], ["other"]
        service.update_contact(uow, contact_id, data)
        uow.commit()
    with any_store.uow() as uow:
        service.restore(uow, [before])
        uow.commit()
    with any_store.uow() as uow:
        assert service.snapshot(service.require(uow, contact_id)) == before
    assert _search(any_store, "changed") == set()
    assert _search(any_store, "münchen") == {contact_id}


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_search_never_raises_on_sqlite(store: Store, query: str) -> None:
    with store.uow() as uow:
        assert uow.contacts.search_ids(query) == []
        assert uow.contacts.search_ids(query, SortKey.TAGS, True) == []
