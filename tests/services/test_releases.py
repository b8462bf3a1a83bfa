"""The release service: reading a plain-text release into the store (the IOM seed),
matching its people to contacts, embargo input, and export from the store."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from test_release_text import SEED_TEXT, UN_RELEASE  # tests/formats, the colleague's copy

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.domain.releases import DatelineStyle, body_paragraphs
from pressdesk.services import contacts as contacts_service
from pressdesk.services import releases as service
from pressdesk.services.errors import InvalidInput
from pressdesk.store import Store
from pressdesk.store.models import Contact

SEED_TITLE = (
    "Sub-Regional Coordinator for Central Asia Mr. Zeynal Hajiyev held a meeting with the "
    "Chairman of the State Migration Service of Turkmenistan Mr. Nazar Atagarayev"
)
SEED_CAPTION = (
    "Sub-Regional Coordinator of IOM for Central Asia Mr. Zeynal Hajiyev and the Chairman "
    "of the State Migration Service of Turkmenistan Mr. Nazar Atagarayev."
)


def _import(store: Store, text: str = SEED_TEXT) -> service.TextImport:
    with store.uow() as uow:
        result = service.import_text(uow, text)
        uow.commit()
    return result


def test_the_seed_becomes_a_structured_release_with_a_stored_contact(store: Store) -> None:
    result = _import(store)
    assert result.parsed.problems == []
    with store.uow() as uow:
        doc = service.load_release(uow, result.release.id)
        contacts = [contacts_service.to_dict(c) for c in uow.contacts.get_many([1])]
        assert uow.contacts.count() == 1
    assert doc.categories == ["News", "Local"]
    assert doc.title == SEED_TITLE
    assert doc.caption == SEED_CAPTION
    assert doc.dateline is not None
    assert (doc.dateline.place, doc.dateline.date) == ("Ashgabat", dt.date(2022, 12, 9))
    assert doc.dateline.style is DatelineStyle.ON
    paragraphs = body_paragraphs(doc)
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith(
        "Ashgabat – On December 9, 2022, Sub-Regional Coordinator for Central Asia"
    )
    assert paragraphs[4].endswith("further develop relations in the field of migration.")
    assert doc.separator == "***"
    assert doc.closing_phrase == "For additional questions, please contact:"
    assert doc.sdgs == [10, 13, 17]
    assert doc.language == "en"
    [person] = doc.contacts
    assert (person.name, person.title) == ("Dovlet Chariyev", "IOM Communication Focal Point")
    assert person.emails == ["dchariyev@iom.int"] and person.phones == ["+99312488407"]
    # ...and the person is now a contact of the address book.
    [stored] = contacts
    assert stored["name"] == "Dovlet Chariyev"
    assert stored["role"] == "IOM Communication Focal Point"
    assert [e["address"] for e in stored["emails"]] == ["dchariyev@iom.int"]
    assert [p["e164"] for p in stored["phones"]] == ["+99312488407"]
    assert result.contacts == [(stored["id"], "created")]


def test_importing_twice_creates_the_contact_once(store: Store) -> None:
    first = _import(store)
    second = _import(store)
    assert second.release.id != first.release.id
    assert second.contacts == [(first.created[0], "reused")]
    with store.uow() as uow:
        assert uow.contacts.count() == 1
        assert uow.releases.count() == 2


def test_a_contact_already_in_the_store_is_reused_by_email(store: Store) -> None:
    with store.uow() as uow:
        existing = contacts_service.create_contact(
            uow,
            ContactInput(
                name="CHARIYEV Dovlet",
                role="National Communications Officer",
                emails=[ValueInput("DChariyev@IOM.int")],
            ),
        ).id
        uow.commit()
    result = _import(store)
    assert result.contacts == [(existing, "reused")]
    with store.uow() as uow:
        assert uow.contacts.count() == 1
        doc = service.load_release(uow, result.release.id)
        contact = uow.contacts.get(existing)
        assert contact is not None and contact.role == "National Communications Officer"
    # The block shows the stored person with the title the release gave.
    assert doc.contacts[0].name == "CHARIYEV Dovlet"
    assert doc.contacts[0].title == "IOM Communication Focal Point"


def test_without_email_a_contact_is_matched_by_name_and_phone(store: Store) -> None:
    with store.uow() as uow:
        existing = contacts_service.create_contact(
            uow, ContactInput(name="Mr Dovlet CHARIYEV", phones=[ValueInput("+993 12 48-84-07")])
        ).id
        other = contacts_service.create_contact(
            uow, ContactInput(name="Dovlet Chariyev", phones=[ValueInput("+993 65 123456")])
        ).id
        uow.commit()
    text = SEED_TEXT.replace("E-mail:\u00a0dchariyev@iom.int\n", "")
    result = _import(store, text)
    assert result.contacts == [(existing, "reused")]
    assert other != existing
    with store.uow() as uow:
        assert uow.contacts.count() == 2


def test_several_people_and_problems(store: Store) -> None:
    result = _import(store, UN_RELEASE)
    with store.uow() as uow:
        doc = service.load_release(uow, result.release.id)
        names = {c.display_name for c in uow.session.query(Contact)}
    assert [c.name for c in doc.contacts] == ["Jane Doe", "Ivan Petrov"]
    assert doc.contacts[0].title == "Communications Specialist\nUNICEF Europe and Central Asia"
    assert names == {"Jane Doe", "Ivan Petrov"}
    assert doc.sdgs == [6, 13]


def test_text_that_is_not_a_release_is_refused(store: Store) -> None:
    with store.uow() as uow, pytest.raises(InvalidInput, match="empty"):
        service.import_text(uow, "   \n")


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("2022-12-10T09:00+05:00", "Etc/GMT-5", dt.datetime(2022, 12, 10, 4, 0, tzinfo=dt.UTC)),
        ("2022-12-10T04:00:00Z", "UTC", dt.datetime(2022, 12, 10, 4, 0, tzinfo=dt.UTC)),
        (
            "2022-12-10T09:00+05:00[Asia/Ashgabat]",
            "Asia/Ashgabat",
            dt.datetime(2022, 12, 10, 4, 0, tzinfo=dt.UTC),
        ),
        ("2023-03-01T08:00-05:00", "Etc/GMT+5", dt.datetime(2023, 3, 1, 13, 0, tzinfo=dt.UTC)),
    ],
)
def test_embargo_input(text: str, zone: str, expected: dt.datetime) -> None:
    moment = service.parse_embargo(text)
    assert moment == expected
    assert service.zone_name(moment) == zone


def test_embargo_input_refused() -> None:
    assert service.parse_embargo("none") is None
    with pytest.raises(InvalidInput, match="no offset"):
        service.parse_embargo("2022-12-10T09:00")
    with pytest.raises(InvalidInput, match="not an ISO 8601"):
        service.parse_embargo("tomorrow at nine")
    with pytest.raises(InvalidInput, match="give the zone"):
        service.parse_embargo("2022-12-10T09:00+05:30")
    assert service.parse_embargo("2022-12-10T09:00+05:30", "Asia/Kolkata").tzinfo == ZoneInfo(
        "Asia/Kolkata"
    )
    with pytest.raises(InvalidInput, match="does not have the offset"):
        service.parse_embargo("2022-12-10T09:00+01:00[Asia/Ashgabat]")
    with pytest.raises(InvalidInput, match="not a time zone"):
        service.parse_embargo("2022-12-10T09:00", "Mars/Olympus")


def test_export_file_picks_the_version_and_refuses_unknown_formats(store: Store, tmp_path) -> None:
    result = _import(store)
    with store.uow() as uow:
        ru = service.add_version(uow, result.release.id, "ru", title="Встреча в Ашхабаде")
        uow.commit()
        ru_id = ru.id
    with store.uow() as uow:
        path = service.export_file(uow, ru_id, tmp_path / "ru.md")
        english = service.export_file(uow, ru_id, tmp_path / "en.txt", language="en")
        with pytest.raises(InvalidInput, match="cannot tell the format"):
            service.export_file(uow, ru_id, tmp_path / "release.odt")
    assert "Встреча в Ашхабаде" in path.read_text(encoding="utf-8")
    assert "Эл. почта" in path.read_text(encoding="utf-8")
    assert english.read_text(encoding="utf-8").splitlines()[3] == SEED_TITLE
