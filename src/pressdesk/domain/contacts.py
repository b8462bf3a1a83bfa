"""A contact as a person types it in, before and after validation.

``ContactInput`` is what an editor, the CLI or an importer hands over: raw text for every
e-mail and phone. ``validate`` reads each value with the e-mail and phone rules and keeps
failures beside successes, so nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from pressdesk.domain.countries import country_code
from pressdesk.domain.emails import EmailCheck, split_emails
from pressdesk.domain.phones import PhoneCheck, split_phones

LABELS = ("work", "mobile", "home", "fax", "other")
_LABEL_WORDS = {
    "work": "work",
    "business": "work",
    "office": "work",
    "pref": "work",
    "internet": "work",
    "voice": "work",
    "main": "work",
    "company": "work",
    "job": "work",
    "mobile": "mobile",
    "cell": "mobile",
    "cellular": "mobile",
    "iphone": "mobile",
    "mob": "mobile",
    "home": "home",
    "personal": "home",
    "private": "home",
    "fax": "fax",
    "workfax": "fax",
    "homefax": "fax",
    "other": "other",
    "pager": "other",
}


def normalise_label(text: str | None, default: str = "work") -> str:
    """``"* Mobile"``, ``"CELL"``, ``"Business Fax"`` -> one of :data:`LABELS`."""
    if not text:
        return default
    words = text.replace("*", " ").replace(",", " ").replace(";", " ").casefold().split()
    found = [_LABEL_WORDS[w] for w in words if w in _LABEL_WORDS]
    for preferred in ("fax", "mobile", "home", "work", "other"):
        if preferred in found:
            return preferred
    return default


@dataclass
class ValueInput:
    """One e-mail or phone cell as entered: it may hold several values."""

    text: str
    label: str = "work"
    primary: bool = False
    lost_plus: bool = False


@dataclass
class ContactInput:
    name: str
    given_name: str = ""
    family_name: str = ""
    honorific: str = ""
    organization: str = ""
    role: str = ""
    country: str = ""
    languages: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    do_not_contact: bool = False
    emails: list[ValueInput] = field(default_factory=list)
    phones: list[ValueInput] = field(default_factory=list)


@dataclass(frozen=True)
class CheckedEmail:
    check: EmailCheck
    label: str
    primary: bool


@dataclass(frozen=True)
class CheckedPhone:
    check: PhoneCheck
    label: str
    primary: bool


_Checked = TypeVar("_Checked", CheckedEmail, CheckedPhone)


@dataclass(frozen=True)
class Problem:
    """A value that failed validation, in the JSON contract's words."""

    field: str
    value: str
    reason: str


@dataclass
class ValidatedContact:
    input: ContactInput
    country: str | None
    emails: list[CheckedEmail]
    phones: list[CheckedPhone]
    problems: list[Problem]


def stored_notes(data: ContactInput, country: str | None) -> str:
    """The notes to keep: a country that was not recognised is not dropped but noted."""
    notes = data.notes.strip()
    typed = data.country.strip()
    if typed and country is None and f"Country: {typed}" not in notes:
        notes = "\n".join(filter(None, [notes, f"Country: {typed} (not recognised)"]))
    return notes


def phone_region(country: str | None, default_region: str | None) -> str | None:
    """The region national phone formats are read with: the contact's, else the default."""
    return country or (default_region.upper() if default_region else None)


def _with_primary(items: list[_Checked]) -> list[_Checked]:
    """Exactly one primary among valid values when there are any."""
    valid = [i for i in items if i.check.valid]
    chosen = next((i for i in valid if i.primary), valid[0] if valid else None)
    return [type(i)(i.check, i.label, i is chosen) for i in items]


def validate(
    contact: ContactInput,
    *,
    default_region: str | None = None,
    deliverability: bool = False,
) -> ValidatedContact:
    problems: list[Problem] = []
    country = country_code(contact.country)
    if contact.country.strip() and country is None:
        problems.append(Problem("country", contact.country.strip(), "unknown country"))
    region = phone_region(country, default_region)
    emails: list[CheckedEmail] = []
    seen_emails: set[str] = set()
    for entry in contact.emails:
        for check in split_emails(entry.text, deliverability=deliverability):
            key = check.address.casefold() if check.address else None
            if key and key in seen_emails:
                continue
            if key:
                seen_emails.add(key)
            emails.append(CheckedEmail(check, normalise_label(entry.label), entry.primary))
    phones: list[CheckedPhone] = []
    seen_phones: set[tuple[str, str | None]] = set()
    for entry in contact.phones:
        for phone in split_phones(entry.text, region, lost_plus=entry.lost_plus):
            if phone.e164:
                if (phone.e164, phone.extension) in seen_phones:
                    continue
                seen_phones.add((phone.e164, phone.extension))
            phones.append(CheckedPhone(phone, normalise_label(entry.label), entry.primary))
    emails = _with_primary(emails)
    phones = _with_primary(phones)
    problems += [
        Problem("email", e.check.original, e.check.reason or "")
        for e in emails
        if not e.check.valid
    ]
    problems += [
        Problem("phone", p.check.original, p.check.reason or "")
        for p in phones
        if not p.check.valid
    ]
    return ValidatedContact(contact, country, emails, phones, problems)
