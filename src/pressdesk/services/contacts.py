"""Use cases on contacts: create, update, delete and restore, and their JSON form.

Every value is validated with the domain rules; invalid values are stored with their
original text and reason (``invalid_reason``) and never block saving the contact.
Snapshots (plain dicts) make deletes and edits undoable, in the GUI and for import undo.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from pressdesk.domain.contacts import (
    ContactInput,
    ValidatedContact,
    ValueInput,
    stored_notes,
    validate,
)
from pressdesk.domain.countries import country_name
from pressdesk.domain.phones import format_international
from pressdesk.services.errors import ConflictError, InvalidInput, NotFound
from pressdesk.store.models import Contact, ContactEmail, ContactPhone, Setting, iso_utc
from pressdesk.store.uow import UnitOfWork

DEFAULT_REGION_KEY = "default_region"
DELIVERABILITY_KEY = "check_deliverability"


def get_setting(uow: UnitOfWork, key: str, default: str | None = None) -> str | None:
    found = uow.session.get(Setting, key)
    return found.value if found is not None else default


def set_setting(uow: UnitOfWork, key: str, value: str | None) -> None:
    found = uow.session.get(Setting, key)
    if value is None:
        if found is not None:
            uow.session.delete(found)
    elif found is None:
        uow.session.add(Setting(key=key, value=value))
    else:
        found.value = value


def default_region(uow: UnitOfWork) -> str | None:
    return get_setting(uow, DEFAULT_REGION_KEY)


def apply_validated(uow: UnitOfWork, contact: Contact, checked: ValidatedContact) -> None:
    """Write validated values onto a contact (the one place that maps input to rows)."""
    with uow.session.no_autoflush:
        _assign(uow, contact, checked)


def _assign(uow: UnitOfWork, contact: Contact, checked: ValidatedContact) -> None:
    data = checked.input
    contact.display_name = " ".join(data.name.split()) or _composed_name(data)
    contact.given_name = data.given_name.strip()
    contact.family_name = data.family_name.strip()
    contact.honorific = data.honorific.strip()
    contact.organization = uow.organizations.get_or_create(data.organization)
    contact.role = data.role.strip()
    contact.country = checked.country
    contact.languages = [lang.strip() for lang in data.languages if lang.strip()]
    contact.notes = stored_notes(data, checked.country)
    contact.do_not_contact = data.do_not_contact
    contact.tags = uow.tags.get_or_create(data.tags)
    contact.emails = [
        ContactEmail(
            position=i,
            address=e.check.address,
            address_key=e.check.address.casefold() if e.check.address else None,
            original=e.check.original,
            label=e.label,
            is_primary=e.primary,
            invalid_reason=e.check.reason,
        )
        for i, e in enumerate(checked.emails)
    ]
    contact.phones = [
        ContactPhone(
            position=i,
            e164=p.check.e164,
            extension=p.check.extension,
            region=p.check.region,
            original=p.check.original,
            label=p.label,
            is_primary=p.primary,
            invalid_reason=p.check.reason,
        )
        for i, p in enumerate(checked.phones)
    ]


def _composed_name(data: ContactInput) -> str:
    return " ".join(p for p in (data.given_name.strip(), data.family_name.strip()) if p)


def create_contact(uow: UnitOfWork, data: ContactInput) -> Contact:
    if not (data.name.strip() or _composed_name(data)):
        raise InvalidInput("a contact needs a name")
    checked = validate(data, default_region=default_region(uow))
    contact = uow.contacts.add(Contact(display_name=""))
    apply_validated(uow, contact, checked)
    uow.flush()
    return contact


def require(uow: UnitOfWork, contact_id: int) -> Contact:
    contact = uow.contacts.get(contact_id)
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}")
    return contact


def update_contact(
    uow: UnitOfWork, contact_id: int, data: ContactInput, *, expected_version: int | None = None
) -> Contact:
    """Replace a contact's fields with ``data``; refuse if it changed since it was read."""
    contact = require(uow, contact_id)
    if expected_version is not None and contact.version != expected_version:
        raise ConflictError(
            f"{contact.display_name} was changed elsewhere since you opened it; reopen and retry"
        )
    name = contact.display_name
    apply_validated(uow, contact, validate(data, default_region=default_region(uow)))
    try:
        uow.flush()
    except (StaleDataError, OperationalError) as error:
        if isinstance(error, OperationalError) and not _lost_snapshot(error):
            raise
        raise ConflictError(
            f"{name} was changed elsewhere while you edited it; reopen and retry"
        ) from error
    return contact


def _lost_snapshot(error: OperationalError) -> bool:
    """SQLite (WAL) refusing a write because the rows read have changed since."""
    return getattr(error.orig, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY_SNAPSHOT


def input_from_contact(contact: Contact) -> ContactInput:
    """The editable form of a stored contact (valid values normalised, others as typed)."""
    return ContactInput(
        name=contact.display_name,
        given_name=contact.given_name,
        family_name=contact.family_name,
        honorific=contact.honorific,
        organization=contact.organization.name if contact.organization else "",
        role=contact.role,
        country=contact.country or "",
        languages=list(contact.languages or []),
        tags=[t.name for t in contact.tags],
        notes=contact.notes,
        do_not_contact=contact.do_not_contact,
        emails=[ValueInput(e.address or e.original, e.label, e.is_primary) for e in contact.emails],
        phones=[ValueInput(_phone_text(p), p.label, p.is_primary) for p in contact.phones],
    )


def _phone_text(phone: ContactPhone) -> str:
    if phone.e164:
        return format_international(phone.e164, phone.extension)
    return phone.original


def delete_contacts(uow: UnitOfWork, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Delete contacts; returns their snapshots so the deletion can be undone."""
    contacts = uow.contacts.get_many(ids)
    snapshots = [snapshot(c) for c in contacts]
    for contact in contacts:
        uow.contacts.delete(contact)
    uow.flush()
    return snapshots


def snapshot(contact: Contact) -> dict[str, Any]:
    """Everything stored about a contact, ids included, as plain JSON-able values."""
    return {
        "id": contact.id,
        "display_name": contact.display_name,
        "given_name": contact.given_name,
        "family_name": contact.family_name,
        "honorific": contact.honorific,
        "organization": contact.organization.name if contact.organization else "",
        "role": contact.role,
        "country": contact.country,
        "languages": list(contact.languages or []),
        "notes": contact.notes,
        "do_not_contact": contact.do_not_contact,
        "created_at": contact.created_at.isoformat() if contact.created_at else None,
        "tags": [t.name for t in contact.tags],
        "emails": [
            {
                "address": e.address,
                "original": e.original,
                "label": e.label,
                "primary": e.is_primary,
                "invalid_reason": e.invalid_reason,
            }
            for e in contact.emails
        ],
        "phones": [
            {
                "e164": p.e164,
                "extension": p.extension,
                "region": p.region,
                "original": p.original,
                "label": p.label,
                "primary": p.is_primary,
                "invalid_reason": p.invalid_reason,
            }
            for p in contact.phones
        ],
    }


def restore(uow: UnitOfWork, snapshots: Iterable[dict[str, Any]]) -> list[Contact]:
    """Put contacts back exactly as snapshotted, under their old ids (undo of delete/edit)."""
    with uow.session.no_autoflush:
        restored = [_restore_one(uow, snap) for snap in snapshots]
    uow.flush()
    return restored


def _restore_one(uow: UnitOfWork, snap: dict[str, Any]) -> Contact:
    contact = uow.contacts.get(snap["id"])
    if contact is None:
        contact = Contact(id=snap["id"], display_name="")
        uow.contacts.add(contact)
    contact.display_name = snap["display_name"]
    contact.given_name = snap["given_name"]
    contact.family_name = snap["family_name"]
    contact.honorific = snap["honorific"]
    contact.organization = uow.organizations.get_or_create(snap["organization"])
    contact.role = snap["role"]
    contact.country = snap["country"]
    contact.languages = list(snap["languages"])
    contact.notes = snap["notes"]
    contact.do_not_contact = snap["do_not_contact"]
    if snap.get("created_at"):
        contact.created_at = datetime.fromisoformat(snap["created_at"])
    contact.tags = uow.tags.get_or_create(snap["tags"])
    contact.emails = [
        ContactEmail(
            position=i,
            address=e["address"],
            address_key=e["address"].casefold() if e["address"] else None,
            original=e["original"],
            label=e["label"],
            is_primary=e["primary"],
            invalid_reason=e["invalid_reason"],
        )
        for i, e in enumerate(snap["emails"])
    ]
    contact.phones = [
        ContactPhone(
            position=i,
            e164=p["e164"],
            extension=p["extension"],
            region=p["region"],
            original=p["original"],
            label=p["label"],
            is_primary=p["primary"],
            invalid_reason=p["invalid_reason"],
        )
        for i, p in enumerate(snap["phones"])
    ]
    return contact


def to_dict(contact: Contact) -> dict[str, Any]:
    """The JSON contract of a contact (``contacts list/show --json``, JSON export)."""
    invalid = [
        {"field": "email", "value": e.original, "reason": e.invalid_reason}
        for e in contact.emails
        if not e.address
    ] + [
        {"field": "phone", "value": p.original, "reason": p.invalid_reason}
        for p in contact.phones
        if not p.e164
    ]
    return {
        "id": contact.id,
        "name": contact.display_name,
        "given_name": contact.given_name,
        "family_name": contact.family_name,
        "honorific": contact.honorific,
        "organization": contact.organization.name if contact.organization else "",
        "role": contact.role,
        "country": contact.country or "",
        "country_name": country_name(contact.country),
        "languages": list(contact.languages or []),
        "emails": [
            {"address": e.address, "label": e.label, "primary": e.is_primary}
            for e in contact.emails
            if e.address
        ],
        "phones": [
            {
                "e164": p.e164,
                "display": format_international(p.e164),
                "extension": p.extension,
                "label": p.label,
                "primary": p.is_primary,
            }
            for p in contact.phones
            if p.e164
        ],
        "invalid": invalid,
        "tags": [t.name for t in contact.tags],
        "notes": contact.notes,
        "do_not_contact": contact.do_not_contact,
        "version": contact.version,
        "created_at": iso_utc(contact.created_at),
        "updated_at": iso_utc(contact.updated_at),
    }


def contact_dicts(
    uow: UnitOfWork,
    ids: Sequence[int],
    on_chunk: Callable[[int, int], None] | None = None,
) -> list[dict[str, Any]]:
    """The JSON-contract dicts of ``ids``, in that order, loaded 500 at a time;
    ``on_chunk(done, total)`` before each chunk (for a progress bar)."""
    dicts: list[dict[str, Any]] = []
    for start in range(0, len(ids), 500):
        if on_chunk is not None:
            on_chunk(start, len(ids))
        dicts += [to_dict(c) for c in uow.contacts.get_many(ids[start : start + 500])]
    return dicts


def all_contact_ids(uow: UnitOfWork) -> list[int]:
    return list(uow.session.scalars(select(Contact.id).order_by(Contact.sort_name, Contact.id)))
