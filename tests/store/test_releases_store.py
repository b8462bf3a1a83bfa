"""Releases in a real store (SQLite file and PostgreSQL): every field, language versions,
status and embargo, optimistic locking, deleted contacts, delete."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.domain.releases import Dateline, DatelineStyle, Photo, Release, ReleaseStatus
from pressdesk.services import contacts as contacts_service
from pressdesk.services import releases as service
from pressdesk.services.errors import ConflictError, InvalidInput, NotFound
from pressdesk.store import Store
from pressdesk.store.models import ReleaseContact, ReleaseGroup, ReleaseRow, ReleaseSdg
from pressdesk.store.releases import as_utc

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
ASHGABAT = ZoneInfo("Asia/Ashgabat")


def _people(store: Store) -> list[int]:
    with store.uow() as uow:
        ids = [
            contacts_service.create_contact(
                uow,
                ContactInput(
                    name="Dovlet Chariyev",
                    role="National Communications Officer",
                    emails=[ValueInput("dchariyev@iom.int")],
                    phones=[ValueInput("+99312 488407")],
                ),
            ).id,
            contacts_service.create_contact(
                uow,
                ContactInput(name="Aigul Nurlanova", emails=[ValueInput("aigul@kazinform.kz")]),
            ).id,
        ]
        uow.commit()
    return ids


def _release(**changes) -> Release:
    values = dict(
        title="IOM and the State Migration Service meet",
        paragraphs=["The parties met **today**.", "They discussed [migration](https://iom.int)."],
        categories=["News", "Local"],
        photo=Photo(PNG, "image/png", "meeting.png"),
        caption="The two delegations.",
        dateline=Dateline("Ashgabat", dt.date(2022, 12, 9)),
        closing="Media enquiries:",
        sdgs=[17, 10, 13],
        language="en",
        status=ReleaseStatus.IN_REVIEW,
        embargo=dt.datetime(2022, 12, 10, 9, 0, tzinfo=ASHGABAT),
    )
    values.update(changes)
    return Release(**values)


def _create(store: Store, links=()) -> int:
    with store.uow() as uow:
        row = service.create_release(uow, _release(), links)
        uow.commit()
        return row.id


def test_every_field_round_trips(any_store: Store) -> None:
    first, second = _people(any_store)
    links = [service.ContactLink(second, "Editor"), service.ContactLink(first, "Focal Point")]
    release_id = _create(any_store, links)
    with any_store.uow() as uow:
        doc = service.load_release(uow, release_id)
        row = service.require(uow, release_id)
        stored_utc = row.embargo_utc
        zone = row.embargo_zone
    assert doc.title == "IOM and the State Migration Service meet"
    assert doc.paragraphs == [
        "The parties met **today**.",
        "They discussed [migration](https://iom.int).",
    ]
    assert doc.categories == ["News", "Local"]
    assert doc.photo == Photo(PNG, "image/png", "meeting.png")
    assert doc.caption == "The two delegations."
    assert doc.dateline == Dateline("Ashgabat", dt.date(2022, 12, 9), None, DatelineStyle.ON)
    assert doc.closing_phrase == "Media enquiries:"
    assert doc.sdgs == [10, 13, 17]
    assert doc.status is ReleaseStatus.IN_REVIEW
    # The instant in UTC, and the zone it was given in.
    assert zone == "Asia/Ashgabat"
    assert as_utc(stored_utc) == dt.datetime(2022, 12, 10, 4, 0, tzinfo=dt.UTC)
    assert doc.embargo == dt.datetime(2022, 12, 10, 9, 0, tzinfo=ASHGABAT)
    assert doc.embargo.tzinfo == ASHGABAT
    # The block in the chosen order, with the per-release titles and current details.
    assert [(c.name, c.title) for c in doc.contacts] == [
        ("Aigul Nurlanova", "Editor"),
        ("Dovlet Chariyev", "Focal Point"),
    ]
    assert doc.contacts[1].emails == ["dchariyev@iom.int"]
    assert doc.contacts[1].phones == ["+99312488407"]


def test_contact_block_follows_the_contact_and_survives_its_deletion(any_store: Store) -> None:
    first, _second = _people(any_store)
    release_id = _create(any_store, [service.ContactLink(first, "Focal Point")])
    with any_store.uow() as uow:
        contacts_service.update_contact(
            uow,
            first,
            ContactInput(
                name="Dovlet Chariyev",
                emails=[ValueInput("dovlet@iom.int")],
                phones=[ValueInput("+99312 488407")],
            ),
        )
        uow.commit()
    with any_store.uow() as uow:
        assert service.load_release(uow, release_id).contacts[0].emails == ["dovlet@iom.int"]
        service.save_release(uow, release_id, service.load_release(uow, release_id))
        uow.commit()
    with any_store.uow() as uow:
        contacts_service.delete_contacts(uow, [first])
        uow.commit()
    with any_store.uow() as uow:
        doc = service.load_release(uow, release_id)
        link = uow.session.scalars(select(ReleaseContact)).one()
        assert link.contact_id is None
    person = doc.contacts[0]
    assert (person.name, person.title, person.emails) == (
        "Dovlet Chariyev",
        "Focal Point",
        ["dovlet@iom.int"],
    )


def test_language_versions_share_contacts_and_sdgs_until_changed(any_store: Store) -> None:
    first, second = _people(any_store)
    release_id = _create(any_store, [service.ContactLink(first, "Focal Point")])
    with any_store.uow() as uow:
        ru = service.add_version(uow, release_id, "ru", title="МОМ и ГМС встретились")
        uow.commit()
        ru_id, group = ru.id, ru.group_id
    with any_store.uow() as uow, pytest.raises(InvalidInput, match="already has"):
        service.add_version(uow, release_id, "RU")
    with any_store.uow() as uow:
        versions = uow.releases.versions(group)
        assert [v.language for v in versions] == ["en", "ru"]
        doc = service.load_release(uow, release_id, "ru")
        assert doc.title == "МОМ и ГМС встретились"
        assert doc.language == "ru" and doc.status is ReleaseStatus.DRAFT
        assert doc.sdgs == [10, 13, 17]
        assert [(c.name, c.title) for c in doc.contacts] == [("Dovlet Chariyev", "Focal Point")]
        assert doc.closing_phrase == "Для дополнительной информации обращайтесь:"
        assert doc.dateline.style is DatelineStyle.COMMA
        # Changing the Russian version leaves the English one alone.
        doc.sdgs = [5]
        service.save_release(
            uow, ru_id, doc, [service.ContactLink(second, "Редактор")], expected_version=1
        )
        uow.commit()
    with any_store.uow() as uow:
        english = service.load_release(uow, ru_id, "en")
        assert english.sdgs == [10, 13, 17]
        assert [c.name for c in english.contacts] == ["Dovlet Chariyev"]
        assert service.load_release(uow, ru_id).sdgs == [5]
        with pytest.raises(NotFound, match="no 'tk' version"):
            service.load_release(uow, release_id, "tk")
        rows = uow.releases.list_rows()
        assert {r.languages for r in rows} == {("en", "ru")}


def test_status_and_embargo_changes_bump_the_version(any_store: Store) -> None:
    first, _ = _people(any_store)
    release_id = _create(any_store)
    with any_store.uow() as uow:
        row = service.set_status(uow, release_id, "approved")
        uow.commit()
        assert (row.status, row.version) == ("approved", 2)
    with any_store.uow() as uow:
        moment = service.parse_embargo("2023-01-05T10:30:00Z")
        row = service.set_embargo(uow, release_id, moment)
        uow.commit()
        assert (row.embargo_zone, row.version) == ("UTC", 3)
    with any_store.uow() as uow:
        assert service.load_release(uow, release_id).embargo == dt.datetime(
            2023, 1, 5, 10, 30, tzinfo=dt.UTC
        )
        assert uow.releases.count_embargoed(dt.datetime(2023, 1, 1, tzinfo=dt.UTC)) == 1
        assert uow.releases.count(status="approved") == 1
        service.set_embargo(uow, release_id, None)
        service.attach_contacts(uow, release_id, [first])
        uow.commit()
    with any_store.uow() as uow:
        row = service.require(uow, release_id)
        assert row.embargo_utc is None and row.embargo_zone == ""
        assert row.version == 5  # attaching a contact alone counts as a change
        with pytest.raises(InvalidInput, match="not a status"):
            service.set_status(uow, release_id, "lost")
        doc = _release()
        doc.sdgs = [18]
        with pytest.raises(InvalidInput, match="no SDG 18"):
            service.save_release(uow, release_id, doc)
    with any_store.uow() as uow:
        # The store refuses it too, whoever writes.
        uow.session.add(ReleaseSdg(release_id=release_id, goal=18))
        with pytest.raises(IntegrityError):
            uow.flush()


def test_optimistic_lock_conflicts(any_store: Store) -> None:
    release_id = _create(any_store)
    with any_store.uow() as uow, pytest.raises(ConflictError, match="changed elsewhere"):
        service.set_status(uow, release_id, "approved", expected_version=7)
    # The editor keeps the version it read; a save after someone else's is refused.
    with any_store.uow() as uow:
        doc = service.load_release(uow, release_id)
        read_version = service.require(uow, release_id).version
    with any_store.uow() as theirs:
        service.set_status(theirs, release_id, "approved")
        theirs.commit()
    doc.title = "My title"
    with any_store.uow() as uow, pytest.raises(ConflictError, match="changed elsewhere"):
        service.save_release(uow, release_id, doc, expected_version=read_version)
    # Two sessions holding the same row: the later write is refused by the store itself
    # (a stale version on PostgreSQL, a stale snapshot on SQLite).
    with any_store.uow() as mine:
        held = service.require(mine, release_id)
        assert held.version == 2
        with any_store.uow() as theirs:
            service.set_status(theirs, release_id, "published")
            theirs.commit()
        with pytest.raises(ConflictError):
            service.save_release(mine, release_id, doc)
    with any_store.uow() as uow:
        row = service.require(uow, release_id)
        assert (row.title, row.status, row.version) == (
            "IOM and the State Migration Service meet",
            "published",
            3,
        )


def test_delete_versions_then_the_group(any_store: Store) -> None:
    first, _ = _people(any_store)
    release_id = _create(any_store, [service.ContactLink(first, "Focal Point")])
    with any_store.uow() as uow:
        ru_id = service.add_version(uow, release_id, "ru").id
        uow.commit()
    with any_store.uow() as uow:
        service.delete_release(uow, release_id)
        uow.commit()
    with any_store.uow() as uow:
        assert uow.releases.get(release_id) is None
        assert service.load_release(uow, ru_id).language == "ru"
        assert uow.session.scalar(select(func.count()).select_from(ReleaseGroup)) == 1
        service.delete_release(uow, ru_id)
        uow.commit()
    with any_store.uow() as uow:
        for table in (ReleaseGroup, ReleaseRow, ReleaseContact, ReleaseSdg):
            assert uow.session.scalar(select(func.count()).select_from(table)) == 0
        assert uow.contacts.count() == 2  # people stay in the address book
        with pytest.raises(NotFound):
            service.delete_release(uow, ru_id)


def test_list_rows_search_and_status(any_store: Store) -> None:
    _create(any_store)
    with any_store.uow() as uow:
        service.create_release(uow, _release(title="Floods: 100% of 50_000 reached"))
        uow.commit()
    with any_store.uow() as uow:
        assert [r.title for r in uow.releases.list_rows(query="100%")] == [
            "Floods: 100% of 50_000 reached"
        ]
        assert uow.releases.list_rows(query="1_0") == []
        assert [r.title for r in uow.releases.list_rows(query="FLOODS")] == [
            "Floods: 100% of 50_000 reached"
        ]
        assert len(uow.releases.list_rows(status="in review")) == 2
        assert uow.releases.list_rows(status="draft") == []
        service.create_release(uow, _release(title="Встреча в Ашхабаде", language="ru"))
        assert [r.language for r in uow.releases.list_rows(query="ВСТРЕЧА")] == ["ru"]
