"""Consent, erasure and data requests of the people in the address book.

Consent is recorded per contact (status, lawful basis, where it came from, when); a
contact without a record has consent "unknown", which does not stop a send. Withdrawn
consent and do-not-contact always keep a person off a send.

Erasing a contact deletes it, its addresses, phones, tags, list memberships and consent,
and strips its name and address from the send log. What stays is a tombstone: salted
SHA-256 hashes of its casefolded e-mail addresses and E.164 phones, the salt random per
store and kept in ``settings``. An import asks :func:`erased_matches` before bringing
someone back, and sending leaves out a new contact whose address matches a tombstone
unless that contact's consent was granted since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from pressdesk.services import contacts as contact_service
from pressdesk.services.errors import InvalidInput
from pressdesk.store.models import (
    Consent,
    ConsentSource,
    ConsentStatus,
    Contact,
    ErasureKey,
    LawfulBasis,
)
from pressdesk.store.uow import UnitOfWork

SALT_KEY = "privacy_salt"


def _salt(uow: UnitOfWork) -> bytes:
    value = contact_service.get_setting(uow, SALT_KEY)
    if value is None:
        value = secrets.token_hex(32)
        contact_service.set_setting(uow, SALT_KEY, value)
        uow.flush()
    return bytes.fromhex(value)


def _digest(salt: bytes, kind: str, value: str) -> str:
    return hashlib.sha256(salt + kind.encode() + b"\0" + value.encode()).hexdigest()


def email_digest(uow: UnitOfWork, address: str) -> str:
    return _digest(_salt(uow), "email", address.casefold())


def phone_digest(uow: UnitOfWork, e164: str) -> str:
    return _digest(_salt(uow), "phone", e164)


def erased_matches(uow: UnitOfWork, email_keys: Iterable[str], phones: Iterable[str]) -> set[str]:
    """Which of these e-mail keys (casefolded addresses) and E.164 phones belonged to an
    erased contact. Returns the matching values as given."""
    emails, numbers = list(email_keys), list(phones)
    if not (emails or numbers) or not uow.privacy.has_tombstones():
        return set()
    salt = _salt(uow)
    wanted: dict[str, list[str]] = {}
    for value in emails:
        wanted.setdefault(_digest(salt, "email", value.casefold()), []).append(value)
    for value in numbers:
        wanted.setdefault(_digest(salt, "phone", value), []).append(value)
    return {v for d in uow.privacy.existing_digests(wanted) for v in wanted[d]}


def forget_tombstone(uow: UnitOfWork, email_keys: Iterable[str], phones: Iterable[str]) -> int:
    """Lift a tombstone (the person asked to be back); returns how many hashes went."""
    salt = _salt(uow)
    digests = [_digest(salt, "email", e.casefold()) for e in email_keys]
    digests += [_digest(salt, "phone", p) for p in phones]
    count = 0
    for digest in digests:
        found = uow.session.get(ErasureKey, digest)
        if found is not None:
            uow.session.delete(found)
            count += 1
    uow.flush()
    return count


def set_consent(
    uow: UnitOfWork,
    contact_id: int,
    status: ConsentStatus | str,
    *,
    lawful_basis: LawfulBasis | str | None = None,
    source: ConsentSource | str = ConsentSource.MANUAL,
    source_ref: str = "",
    when: dt.datetime | None = None,
) -> Consent:
    contact_service.require(uow, contact_id)
    try:
        status = ConsentStatus(status)
        basis = LawfulBasis(lawful_basis) if lawful_basis else None
        source = ConsentSource(source)
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    when = when or dt.datetime.now(dt.UTC)
    record = uow.privacy.consent_or_new(contact_id)
    record.status = status.value
    if basis is not None:
        record.lawful_basis = basis.value
    record.source = source.value
    record.source_ref = source_ref
    if status is ConsentStatus.GRANTED:
        record.granted_at = when
    elif status is ConsentStatus.WITHDRAWN:
        record.withdrawn_at = when
    uow.flush()
    return record


def consent_dict(uow: UnitOfWork, contact_id: int) -> dict[str, Any]:
    record = uow.privacy.consent(contact_id)
    if record is None:
        return {"status": ConsentStatus.UNKNOWN.value, "lawful_basis": None, "source": None}
    return {
        "status": record.status,
        "lawful_basis": record.lawful_basis,
        "source": record.source,
        "source_ref": record.source_ref,
        "granted_at": _iso(record.granted_at),
        "withdrawn_at": _iso(record.withdrawn_at),
        "updated_at": _iso(record.updated_at),
    }


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True, slots=True)
class ErasureReport:
    contact_id: int
    name: str
    emails: int
    phones: int
    lists: list[str]
    send_log_entries: int
    tombstones: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "emails": self.emails,
            "phones": self.phones,
            "lists": self.lists,
            "send_log_entries": self.send_log_entries,
            "tombstones": self.tombstones,
        }


def erase_contact(uow: UnitOfWork, contact_id: int) -> ErasureReport:
    """Remove everything personal about a contact and keep its hashed tombstone."""
    contact = contact_service.require(uow, contact_id)
    salt = _salt(uow)
    digests = {
        _digest(salt, "email", e.address_key): "email" for e in contact.emails if e.address_key
    }
    digests.update({_digest(salt, "phone", p.e164): "phone" for p in contact.phones if p.e164})
    lists = [lst.name for lst in uow.lists.lists_of(contact_id)]
    report = ErasureReport(
        contact_id=contact_id,
        name=contact.display_name,
        emails=len(contact.emails),
        phones=len(contact.phones),
        lists=lists,
        send_log_entries=uow.sends.forget_contact(contact_id),
        tombstones=len(digests),
    )
    uow.privacy.add_tombstones(digests)
    uow.contacts.delete(contact)
    uow.flush()
    return report


def export_data(uow: UnitOfWork, contact_id: int) -> dict[str, Any]:
    """Everything stored about one person (a subject access request), as JSON values."""
    contact = contact_service.require(uow, contact_id)
    data = contact_service.snapshot(contact)
    data["updated_at"] = _iso(contact.updated_at)
    data["consent"] = consent_dict(uow, contact_id)
    data["lists"] = [{"id": lst.id, "name": lst.name} for lst in uow.lists.lists_of(contact_id)]
    data["send_log"] = [
        {
            "release_id": e.release_id,
            "run_id": e.run_id,
            "address": e.address,
            "status": e.status,
            "reason": e.reason,
            "smtp_code": e.smtp_code,
            "message_id": e.message_id,
            "at": _iso(e.updated_at),
        }
        for e in uow.sends.of_contact(contact_id)
    ]
    return {"format": "pressdesk-personal-data/1", "exported_at": _iso(_now()), "contact": data}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day ``months`` calendar months earlier (clamped to the month's end)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


@dataclass(frozen=True, slots=True)
class RetentionRow:
    contact_id: int
    name: str
    email: str
    last_contacted: dt.datetime | None
    created_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "email": self.email,
            "last_contacted": _iso(self.last_contacted),
            "created_at": _iso(self.created_at),
        }


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they are UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def retention(
    uow: UnitOfWork, months: int, *, now: dt.datetime | None = None
) -> list[RetentionRow]:
    """Contacts not contacted in the last ``months`` months (never-contacted ones count
    from when they were added): candidates for review or erasure."""
    if months < 1:
        raise InvalidInput("--months must be at least 1")
    cutoff = months_before(now or _now(), months)
    last = {cid: _aware(when) for cid, when in uow.sends.last_contacted().items()}
    rows = []
    statement = select(
        Contact.id, Contact.display_name, Contact.primary_email, Contact.created_at
    ).order_by(Contact.sort_name, Contact.id)
    for cid, name, email, created in uow.session.execute(statement):
        seen = last.get(cid) or _aware(created)
        if seen < cutoff:
            rows.append(RetentionRow(cid, name, email, last.get(cid), _aware(created)))
    return rows
