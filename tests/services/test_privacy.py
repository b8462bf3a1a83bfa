"""Consent, erasure with tombstones, data export and retention."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.services import contacts as contact_service
from pressdesk.services import lists as list_service
from pressdesk.services import privacy
from pressdesk.services.errors import InvalidInput, NotFound
from pressdesk.store.models import (
    ConsentStatus,
    Contact,
    ContactEmail,
    ContactPhone,
    ErasureKey,
    SendEntry,
    SendRun,
    Setting,
)


@pytest.fixture
def gulnara(store) -> int:
    with store.uow() as uow:
        contact = contact_service.create_contact(
            uow,
            ContactInput(
                name="Gulnara Ismailova",
                organization="24.kg",
                emails=[ValueInput("Gulnara@24.kg"), ValueInput("g.ismailova@gmail.com")],
                phones=[ValueInput("+996 312 123 456")],
                tags=["media"],
                notes="met at the Bishkek forum",
            ),
        )
        lst = list_service.create_list(uow, "Kyrgyz media")
        list_service.add_members(uow, lst, [contact.id])
        run = SendRun(release_id=3, sender="press@iom.int", lists=["Kyrgyz media"])
        uow.session.add(run)
        uow.flush()
        uow.session.add(
            SendEntry(
                run_id=run.id,
                release_id=3,
                contact_id=contact.id,
                name=contact.display_name,
                address="Gulnara@24.kg",
                address_key="gulnara@24.kg",
                status="sent",
                message_id="<1@iom.int>",
            )
        )
        uow.commit()
        return contact.id


def test_consent_is_recorded_with_dates(store, gulnara):
    with store.uow() as uow:
        assert privacy.consent_dict(uow, gulnara)["status"] == "unknown"
        privacy.set_consent(uow, gulnara, "granted", lawful_basis="consent", source="import",
                            source_ref="batch 4")  # fmt: skip
        privacy.set_consent(uow, gulnara, ConsentStatus.WITHDRAWN)
        uow.commit()
        data = privacy.consent_dict(uow, gulnara)
    assert data["status"] == "withdrawn"
    assert data["lawful_basis"] == "consent"
    assert data["granted_at"] and data["withdrawn_at"]
    with store.uow() as uow, pytest.raises(InvalidInput):
        privacy.set_consent(uow, gulnara, "maybe")
    with store.uow() as uow, pytest.raises(NotFound):
        privacy.set_consent(uow, 999, "granted")


def test_export_my_data_holds_everything(store, gulnara):
    with store.uow() as uow:
        privacy.set_consent(uow, gulnara, "granted", lawful_basis="legitimate_interest")
        data = privacy.export_data(uow, gulnara)
    json.dumps(data)  # plain JSON values only
    person = data["contact"]
    assert person["display_name"] == "Gulnara Ismailova"
    assert [e["address"] for e in person["emails"]] == ["Gulnara@24.kg", "g.ismailova@gmail.com"]
    assert person["phones"][0]["e164"] == "+996312123456"
    assert person["notes"] == "met at the Bishkek forum"
    assert person["consent"]["lawful_basis"] == "legitimate_interest"
    assert person["lists"] == [{"id": 1, "name": "Kyrgyz media"}]
    assert person["send_log"][0]["release_id"] == 3
    assert person["send_log"][0]["status"] == "sent"


def test_erase_keeps_only_a_salted_tombstone(store, gulnara):
    with store.uow() as uow:
        report = privacy.erase_contact(uow, gulnara)
        uow.commit()
    assert report.name == "Gulnara Ismailova"
    assert (report.emails, report.phones, report.tombstones) == (2, 1, 3)
    assert report.lists == ["Kyrgyz media"] and report.send_log_entries == 1
    with store.uow() as uow:
        session = uow.session
        assert session.get(Contact, gulnara) is None
        assert session.scalar(select(func.count()).select_from(ContactEmail)) == 0
        assert session.scalar(select(func.count()).select_from(ContactPhone)) == 0
        entry = session.scalars(select(SendEntry)).one()
        assert (entry.contact_id, entry.name, entry.address) == (None, "", "(erased)")
        assert entry.status == "sent"  # the count of what was sent stays
        digests = set(session.scalars(select(ErasureKey.digest)))
        assert len(digests) == 3
        salt = session.get(Setting, privacy.SALT_KEY).value
        assert len(salt) == 64
        stored = " ".join(digests)
        assert "24.kg" not in stored and "gulnara" not in stored
        assert uow.lists.member_ids(1) == []

        found = privacy.erased_matches(
            uow, ["gulnara@24.kg", "GULNARA@24.KG", "someone@else.org"], ["+996312123456"]
        )
    assert found == {"gulnara@24.kg", "GULNARA@24.KG", "+996312123456"}


def test_tombstones_differ_between_stores(tmp_path):
    from pressdesk.store import Store

    digests = []
    for name in ("a", "b"):
        store = Store.open(tmp_path / f"{name}.sqlite3")
        with store.uow() as uow:
            digests.append(privacy.email_digest(uow, "gulnara@24.kg"))
            uow.commit()
        store.close()
    assert digests[0] != digests[1]


def test_no_tombstones_no_matches(store):
    with store.uow() as uow:
        assert privacy.erased_matches(uow, ["a@b.org"], ["+99312488407"]) == set()
        # Looking did not create a salt.
        assert uow.session.get(Setting, privacy.SALT_KEY) is None


def test_forget_tombstone(store, gulnara):
    with store.uow() as uow:
        privacy.erase_contact(uow, gulnara)
        assert privacy.forget_tombstone(uow, ["gulnara@24.kg"], []) == 1
        assert privacy.erased_matches(uow, ["gulnara@24.kg"], ["+996312123456"]) == {
            "+996312123456"
        }


def test_retention(store, gulnara):
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    with store.uow() as uow:
        old = contact_service.create_contact(uow, ContactInput(name="Old Timer"))
        old.created_at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        fresh = contact_service.create_contact(uow, ContactInput(name="New Comer"))
        fresh.created_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        entry = uow.session.scalars(select(SendEntry)).one()
        entry.updated_at = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        uow.commit()
        rows = privacy.retention(uow, 12, now=now)
        assert [r.name for r in rows] == ["Gulnara Ismailova", "Old Timer"]
        assert rows[0].last_contacted == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
        assert rows[1].last_contacted is None
        assert [r.name for r in privacy.retention(uow, 36, now=now)] == []
        with pytest.raises(InvalidInput):
            privacy.retention(uow, 0)


def test_months_before_clamps_to_month_end():
    moment = dt.datetime(2026, 3, 31, 12, tzinfo=dt.UTC)
    assert privacy.months_before(moment, 1) == dt.datetime(2026, 2, 28, 12, tzinfo=dt.UTC)
    assert privacy.months_before(moment, 13).date() == dt.date(2025, 2, 28)
