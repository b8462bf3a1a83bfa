"""Merging duplicate contacts into one, reversibly.

The first id given survives (its id is what lists and releases already point to); for each
field the caller chooses whose value wins, by contact id. Without a choice the first
non-empty value in the order given wins. E-mails, phones and tags are united by default
(duplicates dropped, invalid values kept with their reasons), notes are joined. The result
comes with snapshots of every contact as it was, so ``services.contacts.restore`` undoes
the whole merge and brings the others back under their own ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pressdesk.services.contacts import snapshot
from pressdesk.services.errors import InvalidInput, NotFound
from pressdesk.store.models import Contact, ContactEmail, ContactPhone
from pressdesk.store.uow import UnitOfWork

#: Fields chosen whole from one contact, in the order the merge dialog shows them.
FIELDS = (
    "display_name",
    "given_name",
    "family_name",
    "honorific",
    "organization",
    "role",
    "country",
    "languages",
    "notes",
    "do_not_contact",
)
#: A choice meaning "take every contact's values".
ALL = "all"


@dataclass
class MergeChoices:
    """Whose value wins for each field: a contact id, or :data:`ALL` for the lists.

    ``values`` maps a name of :data:`FIELDS` to a contact id; ``emails``, ``phones`` and
    ``tags`` take :data:`ALL` (the union) or one contact's id; ``notes`` may be
    :data:`ALL` (joined, the default).
    """

    values: dict[str, int | str] = field(default_factory=dict)
    emails: int | str = ALL
    phones: int | str = ALL
    tags: int | str = ALL


def _value(contact: Contact, name: str) -> Any:
    if name == "organization":
        return contact.organization
    return getattr(contact, name)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def _pick(contacts: Sequence[Contact], name: str, choice: int | str | None) -> Any:
    if isinstance(choice, int):
        chosen = next((c for c in contacts if c.id == choice), None)
        if chosen is None:
            raise InvalidInput(f"contact {choice} chosen for {name} is not among those merged")
        return _value(chosen, name)
    if name == "notes":
        notes = [c.notes.strip() for c in contacts if c.notes and c.notes.strip()]
        return "\n\n".join(dict.fromkeys(notes))
    if name == "do_not_contact":
        # Someone asked not to be contacted under one of the duplicates: keep that wish.
        return any(c.do_not_contact for c in contacts)
    return next((_value(c, name) for c in contacts if not _empty(_value(c, name))), None)


def _from(contacts: Sequence[Contact], choice: int | str) -> list[Contact]:
    if choice == ALL:
        return list(contacts)
    chosen = [c for c in contacts if c.id == choice]
    if not chosen:
        raise InvalidInput(f"contact {choice} is not among those merged")
    return chosen


def _united_emails(sources: Sequence[Contact], survivor: Contact) -> list[ContactEmail]:
    seen: set[str] = set()
    kept: list[ContactEmail] = []
    primary_key = next(
        (e.address_key for e in survivor.emails if e.is_primary and e.address_key), None
    )
    for contact in sources:
        for e in contact.emails:
            key = e.address_key or f"invalid:{e.original.strip().casefold()}"
            if key in seen:
                continue
            seen.add(key)
            kept.append(
                ContactEmail(
                    position=len(kept),
                    address=e.address,
                    address_key=e.address_key,
                    original=e.original,
                    label=e.label,
                    is_primary=False,
                    invalid_reason=e.invalid_reason,
                )
            )
    chosen = next((e for e in kept if primary_key and e.address_key == primary_key), None)
    chosen = chosen or next((e for e in kept if e.address), None)
    if chosen is not None:
        chosen.is_primary = True
    return kept


def _united_phones(sources: Sequence[Contact], survivor: Contact) -> list[ContactPhone]:
    seen: set[tuple[str, str]] = set()
    kept: list[ContactPhone] = []
    primary = next(
        ((p.e164, p.extension) for p in survivor.phones if p.is_primary and p.e164), None
    )
    for contact in sources:
        for p in contact.phones:
            key = (p.e164, p.extension or "") if p.e164 else ("invalid", p.original.strip())
            if key in seen:
                continue
            seen.add(key)
            kept.append(
                ContactPhone(
                    position=len(kept),
                    e164=p.e164,
                    extension=p.extension,
                    region=p.region,
                    original=p.original,
                    label=p.label,
                    is_primary=False,
                    invalid_reason=p.invalid_reason,
                )
            )
    chosen = next((p for p in kept if primary and (p.e164, p.extension) == primary), None)
    chosen = chosen or next((p for p in kept if p.e164), None)
    if chosen is not None:
        chosen.is_primary = True
    return kept


def merge_contacts(
    uow: UnitOfWork,
    ids: Sequence[int],
    choices: MergeChoices | Mapping[str, int | str] | None = None,
) -> tuple[Contact, list[dict[str, Any]]]:
    """Merge ``ids`` into the first of them; returns it and the snapshots for undo."""
    ids = list(dict.fromkeys(ids))
    if len(ids) < 2:
        raise InvalidInput("choose at least two contacts to merge")
    if choices is None:
        choices = MergeChoices()
    elif not isinstance(choices, MergeChoices):
        choices = MergeChoices(values=dict(choices))
    unknown = set(choices.values) - set(FIELDS)
    if unknown:
        raise InvalidInput(f"cannot merge unknown fields: {', '.join(sorted(unknown))}")
    contacts = uow.contacts.get_many(ids)
    missing = set(ids) - {c.id for c in contacts}
    if missing:
        raise NotFound(f"no contact with id {min(missing)}")
    snapshots = [snapshot(c) for c in contacts]
    survivor, others = contacts[0], contacts[1:]
    with uow.session.no_autoflush:
        values = {name: _pick(contacts, name, choices.values.get(name)) for name in FIELDS}
        emails = _united_emails(_from(contacts, choices.emails), survivor)
        phones = _united_phones(_from(contacts, choices.phones), survivor)
        tag_names = [t.name for c in _from(contacts, choices.tags) for t in c.tags]
        tags = uow.tags.get_or_create(list(dict.fromkeys(tag_names)))
        for name, value in values.items():
            if name == "languages":
                value = list(value or [])
            elif name == "do_not_contact":
                value = bool(value)
            elif value is None and name not in ("organization", "country"):
                value = ""
            setattr(survivor, name, value)
        if not survivor.display_name:
            survivor.display_name = snapshots[0]["display_name"]
        survivor.emails = emails
        survivor.phones = phones
        survivor.tags = tags
    uow.flush()
    for other in others:
        uow.contacts.delete(other)
    uow.flush()
    return survivor, snapshots
