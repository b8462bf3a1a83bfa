"""Columns derived from a contact's rows, kept in step on every flush.

Search and sort run on single columns of ``contacts`` (``sort_name``, ``org_sort``,
``primary_email``...). They are computed here, from the ORM objects by a ``before_flush``
hook and from plain values by bulk paths (import) through the same function, so there is
one definition of what a contact's search text is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from pressdesk.domain.countries import country_name
from pressdesk.domain.names import normalise_name, without_marks
from pressdesk.store.models import Contact, ContactEmail, ContactPhone, Organization, utcnow


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for sorting and searching."""
    if text.isascii():
        return text.lower()
    return without_marks(unicodedata.normalize("NFKD", text.casefold()))


@dataclass(frozen=True, slots=True)
class EmailFacts:
    address: str | None
    original: str
    is_primary: bool


@dataclass(frozen=True, slots=True)
class PhoneFacts:
    e164: str | None
    extension: str | None
    original: str
    is_primary: bool


def _digits(text: str) -> str:
    """The digits of a phone (and its leading "+"), when there are enough to search."""
    kept = "".join(c for c in text if c.isdigit() or c == "+")
    return kept if sum(c.isdigit() for c in kept) >= 3 else ""


@cache
def country_sort(code: str | None) -> str:
    """What the Country column sorts by: the name it shows, folded."""
    return fold(country_name(code))


def _primary(items: Sequence[EmailFacts] | Sequence[PhoneFacts], valid: list) -> object | None:  # type: ignore[type-arg]
    for item in items:
        if item.is_primary and item in valid:
            return item
    return valid[0] if valid else None


def derive(
    *,
    display_name: str,
    given_name: str,
    family_name: str,
    organization: str,
    role: str,
    country: str | None,
    emails: Sequence[EmailFacts],
    phones: Sequence[PhoneFacts],
    tags: Iterable[str],
    name_key: str | None = None,
) -> dict[str, object]:
    """The derived column values for one contact, as a dict ready for Core or ORM."""
    valid_emails = [e for e in emails if e.address]
    valid_phones = [p for p in phones if p.e164]
    primary_email = _primary(emails, valid_emails)
    primary_phone = _primary(phones, valid_phones)
    tag_list = sorted(tags, key=str.casefold)
    parts = [display_name, given_name, family_name, organization, role, country or ""]
    parts += [e.address or e.original for e in emails]
    # Phones by their digits: the search folds "+993 12 48-84-07" typed by a user to the
    # same digits (search.terms), so no formatted copy is needed here.
    parts += [p.e164 if p.e164 else p.original for p in phones]
    # An unreadable number is found by its digits as well, as a typed "+993 12 4" is.
    parts += [_digits(p.original) for p in phones if not p.e164]
    parts += tag_list
    return {
        "sort_name": fold(display_name).strip(),
        "name_key": normalise_name(display_name) if name_key is None else name_key,
        "org_sort": fold(organization).strip(),
        "country_sort": country_sort(country),
        "primary_email": primary_email.address if isinstance(primary_email, EmailFacts) else "",
        "primary_phone": primary_phone.e164 if isinstance(primary_phone, PhoneFacts) else "",
        "tag_text": ", ".join(tag_list),
        "problems": sum(1 for e in emails if not e.address) + sum(1 for p in phones if not p.e164),
        "search_text": fold(" ".join(p for p in parts if p)),
    }


def refresh(contact: Contact) -> None:
    values = derive(
        display_name=contact.display_name,
        given_name=contact.given_name or "",
        family_name=contact.family_name or "",
        organization=contact.organization.name if contact.organization else "",
        role=contact.role or "",
        country=contact.country,
        emails=[EmailFacts(e.address, e.original, bool(e.is_primary)) for e in contact.emails],
        phones=[
            PhoneFacts(p.e164, p.extension, p.original, bool(p.is_primary)) for p in contact.phones
        ],
        tags=[t.name for t in contact.tags],
    )
    for key, value in values.items():
        if getattr(contact, key) != value:
            setattr(contact, key, value)


def _touched_contacts(session: Session) -> set[Contact]:
    contacts: set[Contact] = set()
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Contact):
            contacts.add(obj)
        elif isinstance(obj, ContactEmail | ContactPhone) and obj.contact is not None:
            contacts.add(obj.contact)
        elif isinstance(obj, Organization) and inspect(obj).attrs.name.history.has_changes():
            contacts.update(obj.contacts)
    # ``session.deleted`` builds a new set on each access: once, or deleting 10,000
    # contacts asks for it 20,000 times (minutes instead of seconds).
    deleted = session.deleted
    for obj in deleted:
        if isinstance(obj, ContactEmail | ContactPhone):
            parent = obj.contact
            if parent is not None and parent not in deleted:
                contacts.add(parent)
    return {c for c in contacts if c not in deleted}


def _before_flush(session: Session, _context, _instances) -> None:  # type: ignore[no-untyped-def]
    for contact in _touched_contacts(session):
        refresh(contact)
        if inspect(contact).persistent and not session.is_modified(
            contact, include_collections=False
        ):
            # Only its e-mails, phones or tags changed: that is still a new version of the
            # contact, which the optimistic version counter must see.
            contact.updated_at = utcnow()


def install(session_class: type[Session]) -> None:
    """Keep derived columns in step for every session made by ``session_class``."""
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
