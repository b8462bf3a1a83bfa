"""Press releases: write, link contacts, import from text, language versions, export.

The store keeps release rows (``store.models.releases``); the writers read the document
``domain.releases.Release``. :func:`load_release` turns one into the other and is the
contract other features use (sending, the CLI's export, the editor's preview). The
contact block is built from the attached contacts' *current* name, primary e-mail and
primary phone in the store, with the title chosen for this release; a contact deleted
since shows the snapshot taken at the last save.

Contacts read from a pasted or imported text are matched to the store, in this order:
any of their e-mail addresses; else the normalised name together with one of their
phones; else (for a person written with neither e-mail nor phone) the normalised name
alone when exactly one contact has it; else a new contact is created. So importing the
same text twice never creates a person twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.domain.names import normalise_name
from pressdesk.domain.releases import (
    BlockContact,
    Dateline,
    DatelineStyle,
    Photo,
    Release,
    ReleaseStatus,
    labels,
)
from pressdesk.domain.sdgs import SdgGoal
from pressdesk.services.contacts import create_contact, default_region
from pressdesk.services.errors import ConflictError, InvalidInput, NotFound
from pressdesk.store.models import Contact, ContactPhone
from pressdesk.store.models.base import as_utc, iso_utc, utcnow
from pressdesk.store.models.releases import ReleaseContact, ReleaseRow, ReleaseSdg
from pressdesk.store.uow import UnitOfWork

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n+")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


@dataclass(slots=True)
class ContactLink:
    """A person attached to a release: a stored contact (or, once it was deleted, None
    and the snapshot name) and the title shown for this release."""

    contact_id: int | None
    title: str = ""
    name: str = ""


@dataclass(slots=True)
class TextImport:
    """What ``import_text`` did: the new release and, per person, the contact used."""

    release: ReleaseRow
    parsed: Any  # formats.release_text.ParsedRelease
    contacts: list[tuple[int | None, str]] = field(default_factory=list)  # (id, "created"...)

    @property
    def created(self) -> list[int]:
        return [cid for cid, how in self.contacts if how == "created" and cid is not None]

    @property
    def reused(self) -> list[int]:
        return [cid for cid, how in self.contacts if how == "reused" and cid is not None]


# -- reading ---------------------------------------------------------------------------


def require(uow: UnitOfWork, release_id: int) -> ReleaseRow:
    row = uow.releases.get(release_id)
    if row is None:
        raise NotFound(f"no release with id {release_id}")
    return row


def version_in(uow: UnitOfWork, release_id: int, language: str | None) -> ReleaseRow:
    """The release, or its version in ``language`` (NotFound if there is none)."""
    row = require(uow, release_id)
    if language is None or _language(language) == row.language:
        return row
    other = uow.releases.in_group(row.group_id, _language(language))
    if other is None:
        have = ", ".join(v.language for v in uow.releases.versions(row.group_id))
        raise NotFound(f"release {release_id} has no {language!r} version (it has: {have})")
    return require(uow, other.id)


def load_release(uow: UnitOfWork, release_id: int, language: str | None = None) -> Release:
    """The release as a document for the writers (``language``: another version's)."""
    return document(uow, version_in(uow, release_id, language))


def document(uow: UnitOfWork, row: ReleaseRow) -> Release:
    ids = [link.contact_id for link in row.contacts if link.contact_id is not None]
    people = {c.id: c for c in uow.contacts.get_many(ids)} if ids else {}
    contacts = [_block_contact(link, people.get(link.contact_id or 0)) for link in row.contacts]
    photo = None
    if row.photo_data:
        photo = Photo(row.photo_data, row.photo_mime, row.photo_filename)
    dateline = None
    if row.dateline_place.strip():
        dateline = Dateline(
            row.dateline_place,
            row.dateline_date,
            row.dateline_agency or None,
            DatelineStyle(row.dateline_style),
        )
    return Release(
        title=row.title,
        paragraphs=split_paragraphs(row.body),
        categories=list(row.categories or []),
        photo=photo,
        caption=row.caption,
        dateline=dateline,
        separator=row.separator,
        notes=split_paragraphs(row.notes),
        closing=row.closing,
        contacts=contacts,
        sdgs=[goal.goal for goal in row.goals],
        language=row.language,
        status=ReleaseStatus(row.status),
        embargo=embargo_of(row),
    )


def _block_contact(link: ReleaseContact, contact: Contact | None) -> BlockContact:
    if contact is None:
        return BlockContact(link.name, link.title, list(link.emails), list(link.phones))
    organization = contact.organization.name if contact.organization else ""
    return BlockContact(
        contact.display_name,
        link.title,
        [contact.primary_email] if contact.primary_email else [],
        [contact.primary_phone] if contact.primary_phone else [],
        organization,
    )


def embargo_of(row: ReleaseRow) -> dt.datetime | None:
    moment = as_utc(row.embargo_utc)
    if moment is None:
        return None
    return moment.astimezone(time_zone(row.embargo_zone or "UTC"))


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines (in the store and in the editor)."""
    return [part.strip() for part in _PARAGRAPH_BREAK.split(text or "") if part.strip()]


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


# -- writing ---------------------------------------------------------------------------


def _language(language: str) -> str:
    value = (language or "").strip().replace("_", "-")
    if not _LANGUAGE.match(value):
        raise InvalidInput(f"{language!r} is not a language code (use en, ru, tk, fr...)")
    head, _, tail = value.partition("-")
    return f"{head.lower()}-{tail}" if tail else head.lower()


def time_zone(name: str) -> ZoneInfo:
    """The IANA zone ``name`` (InvalidInput, one sentence, if there is none)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"{name!r} is not a time zone (use e.g. Asia/Ashgabat)") from None


def zone_name(moment: dt.datetime) -> str:
    """The IANA name for an aware datetime: its ZoneInfo key, UTC, or Etc/GMT±H."""
    if isinstance(moment.tzinfo, ZoneInfo):
        return moment.tzinfo.key
    offset = moment.utcoffset()
    if offset is None:
        raise InvalidInput("the embargo needs a time zone or an offset (e.g. +05:00 or Z)")
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    if minutes % 60:
        raise InvalidInput(
            "this offset has no IANA zone of its own; give the zone too (e.g. Asia/Kolkata)"
        )
    # IANA's Etc zones have the POSIX sign: Etc/GMT-5 is UTC+05:00.
    return f"Etc/GMT{'-' if minutes > 0 else '+'}{abs(minutes) // 60}"


def parse_embargo(text: str, zone: str | None = None) -> dt.datetime | None:
    """An ISO 8601 moment with an offset or ``Z`` (optionally ``[Area/City]`` after it,
    as in RFC 9557); ``none`` or "" clear the embargo. Returned in its IANA zone."""
    value = text.strip()
    if value.lower() in ("", "none"):
        return None
    bracket = re.fullmatch(r"(.*)\[([^\]]+)\]", value)
    if bracket:
        value, zone = bracket[1], zone or bracket[2]
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{text!r} is not an ISO 8601 date-time (e.g. 2022-12-10T09:00+05:00)"
        ) from None
    if moment.tzinfo is None:
        if zone is None:
            raise InvalidInput(
                f"{text!r} has no offset: add one (+05:00) or Z, so the embargo is one moment"
            )
        return moment.replace(tzinfo=time_zone(zone))
    if zone is None:
        zone = zone_name(moment)
    local = moment.astimezone(time_zone(zone))
    if local.utcoffset() != moment.utcoffset():
        raise InvalidInput(f"{text!r} does not have the offset of {zone} at that moment")
    return local


def _touch(row: ReleaseRow) -> None:
    # Changing only contacts or SDGs leaves the row clean; the UPDATE bumps ``version``.
    row.updated_at = utcnow()


def _check_version(row: ReleaseRow, expected_version: int | None) -> None:
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(
            f"release {row.id} ({row.title[:60]!r}) was changed elsewhere since you "
            "opened it; reopen it and apply your changes again"
        )


@contextlib.contextmanager
def _guard(title: str) -> Iterator[None]:
    """Turn "someone else saved first" into ConflictError: a stale version on UPDATE, or
    SQLite (WAL) refusing to write from a snapshot older than the last commit."""
    try:
        yield
    except (StaleDataError, OperationalError) as error:
        lost = getattr(getattr(error, "orig", None), "sqlite_errorcode", None)
        if isinstance(error, OperationalError) and lost != sqlite3.SQLITE_BUSY_SNAPSHOT:
            raise
        raise ConflictError(
            f"the release {title[:60]!r} was changed elsewhere while you edited it; "
            "reopen it and apply your changes again"
        ) from error


def _flush(uow: UnitOfWork, row: ReleaseRow) -> None:
    with _guard(row.title):
        uow.flush()


def _write_fields(row: ReleaseRow, doc: Release) -> None:
    row.title = doc.title.strip()
    row.categories = [c.strip() for c in doc.categories if c.strip()]
    row.caption = doc.caption.strip()
    if doc.photo is not None:
        row.photo_data, row.photo_mime = doc.photo.data, doc.photo.mime_type
        row.photo_filename = doc.photo.filename
    else:
        row.photo_data, row.photo_mime, row.photo_filename = None, "", ""
    line = doc.dateline
    row.dateline_place = line.place.strip() if line else ""
    row.dateline_date = line.date if line else None
    row.dateline_style = line.style.value if line else DatelineStyle.ON.value
    row.dateline_agency = (line.agency or "") if line else ""
    row.body = join_paragraphs(doc.paragraphs)
    row.separator = doc.separator
    row.notes = join_paragraphs(doc.notes)
    row.closing = doc.closing
    row.language = _language(doc.language)
    row.status = ReleaseStatus(doc.status).value
    _write_embargo(row, doc.embargo)
    _write_goals(row, doc.sdgs)


def _write_embargo(row: ReleaseRow, moment: dt.datetime | None) -> None:
    if moment is None:
        row.embargo_utc, row.embargo_zone = None, ""
        return
    name = zone_name(moment)
    time_zone(name)
    instant = moment.astimezone(dt.UTC)
    if as_utc(row.embargo_utc) != instant:
        row.embargo_utc = instant
    row.embargo_zone = name


def _write_goals(row: ReleaseRow, numbers: Iterable[int]) -> None:
    wanted: list[int] = []
    for number in numbers:
        try:
            SdgGoal(int(number))
        except ValueError as error:
            raise InvalidInput(str(error)) from None
        if int(number) not in wanted:
            wanted.append(int(number))
    if sorted(wanted) == [g.goal for g in row.goals]:
        return
    keep = [g for g in row.goals if g.goal in wanted]
    have = {g.goal for g in keep}
    row.goals = sorted(
        keep + [ReleaseSdg(goal=n) for n in wanted if n not in have], key=lambda g: g.goal
    )


def _snapshot(link: ReleaseContact, contact: Contact) -> None:
    link.name = contact.display_name
    link.emails = [contact.primary_email] if contact.primary_email else []
    link.phones = [contact.primary_phone] if contact.primary_phone else []


def _write_links(uow: UnitOfWork, row: ReleaseRow, links: Sequence[ContactLink]) -> None:
    ids = [link.contact_id for link in links if link.contact_id is not None]
    if len(ids) != len(set(ids)):
        raise InvalidInput("a contact can appear only once in a release's contact block")
    people = {c.id: c for c in uow.contacts.get_many(ids)}
    missing = [str(i) for i in ids if i not in people]
    if missing:
        raise NotFound(f"no contact with id {', '.join(missing)}")
    old = {link.contact_id: link for link in row.contacts if link.contact_id is not None}
    orphans = [link for link in row.contacts if link.contact_id is None]
    fresh: list[ReleaseContact] = []
    for position, wanted in enumerate(links):
        if wanted.contact_id is None:
            current = next((o for o in orphans if o.name == wanted.name), None)
            if current is None:
                continue  # a deleted contact cannot be attached again
            orphans.remove(current)
        else:
            current = old.pop(wanted.contact_id, None) or ReleaseContact(
                contact_id=wanted.contact_id
            )
            _snapshot(current, people[wanted.contact_id])
        current.position = position
        current.title = wanted.title.strip()
        fresh.append(current)
    row.contacts = fresh


def links_of(row: ReleaseRow) -> list[ContactLink]:
    return [ContactLink(link.contact_id, link.title, link.name) for link in row.contacts]


def create_release(
    uow: UnitOfWork,
    doc: Release,
    links: Sequence[ContactLink] = (),
    *,
    group_id: int | None = None,
) -> ReleaseRow:
    """A new release (a new group, or a new version in ``group_id``) from a document."""
    if group_id is None:
        group = uow.releases.new_group()
        uow.flush()
        group_id = group.id
    elif uow.releases.in_group(group_id, _language(doc.language)) is not None:
        raise InvalidInput(f"this release already has a {doc.language!r} version")
    row = uow.releases.add(ReleaseRow(group_id=group_id, contacts=[], goals=[]))
    _write_fields(row, doc)
    _write_links(uow, row, links)
    _flush(uow, row)
    return row


def save_release(
    uow: UnitOfWork,
    release_id: int,
    doc: Release,
    links: Sequence[ContactLink] | None = None,
    *,
    expected_version: int | None = None,
) -> ReleaseRow:
    """Replace a release's fields (and contacts, when ``links`` is given) with ``doc``'s.

    ``doc.contacts`` is ignored: the block is built from the attached contacts.
    Raises ConflictError when the release changed since ``expected_version`` was read.
    """
    row = require(uow, release_id)
    _check_version(row, expected_version)
    language = _language(doc.language)
    if language != row.language:
        other = uow.releases.in_group(row.group_id, language)
        if other is not None and other.id != row.id:
            raise InvalidInput(f"this release already has a {language!r} version")
    with _guard(row.title), uow.session.no_autoflush:
        _write_fields(row, doc)
        _write_links(uow, row, links if links is not None else links_of(row))
        _touch(row)
    _flush(uow, row)
    return row


def attach_contacts(
    uow: UnitOfWork,
    release_id: int,
    contact_ids: Sequence[int],
    *,
    title: str | None = None,
    expected_version: int | None = None,
) -> ReleaseRow:
    """Add contacts at the end of the block (a contact already there keeps its place);
    ``title`` sets the shown title of every contact named (default: their role)."""
    row = require(uow, release_id)
    _check_version(row, expected_version)
    links = links_of(row)
    by_id = {link.contact_id: link for link in links if link.contact_id is not None}
    people = {c.id: c for c in uow.contacts.get_many(list(contact_ids))}
    for contact_id in contact_ids:
        if contact_id not in people:
            raise NotFound(f"no contact with id {contact_id}")
        link = by_id.get(contact_id)
        if link is None:
            link = ContactLink(contact_id, people[contact_id].role)
            links.append(link)
            by_id[contact_id] = link
        if title is not None:
            link.title = title
    _write_links(uow, row, links)
    _touch(row)
    _flush(uow, row)
    return row


def detach_contacts(uow: UnitOfWork, release_id: int, contact_ids: Sequence[int]) -> ReleaseRow:
    row = require(uow, release_id)
    _write_links(uow, row, [link for link in links_of(row) if link.contact_id not in contact_ids])
    _touch(row)
    _flush(uow, row)
    return row


def set_status(
    uow: UnitOfWork, release_id: int, status: str, *, expected_version: int | None = None
) -> ReleaseRow:
    try:
        value = ReleaseStatus(status.strip().lower().replace("_", " ").replace("-", " "))
    except ValueError:
        choices = ", ".join(s.value for s in ReleaseStatus)
        raise InvalidInput(f"{status!r} is not a status: use one of {choices}") from None
    row = require(uow, release_id)
    _check_version(row, expected_version)
    row.status = value.value
    _touch(row)
    _flush(uow, row)
    return row


def set_embargo(
    uow: UnitOfWork,
    release_id: int,
    moment: dt.datetime | None,
    *,
    expected_version: int | None = None,
) -> ReleaseRow:
    """Set (an aware datetime, kept with its IANA zone) or clear (None) the embargo."""
    row = require(uow, release_id)
    _check_version(row, expected_version)
    if moment is not None and moment.utcoffset() is None:
        raise InvalidInput("the embargo needs a time zone (e.g. +05:00 or Asia/Ashgabat)")
    _write_embargo(row, moment)
    _touch(row)
    _flush(uow, row)
    return row


def add_version(
    uow: UnitOfWork, release_id: int, language: str, *, title: str | None = None
) -> ReleaseRow:
    """A new language version, starting as a copy of ``release_id`` (text, photo,
    dateline, contacts with their titles, SDGs, embargo); the closing phrase falls back to
    the new language's and the status starts as draft."""
    source = require(uow, release_id)
    doc = document(uow, source)
    doc.language = _language(language)
    doc.closing = ""
    line = doc.dateline
    if line is not None and line.style is DatelineStyle.ON and not labels(doc.language).on:
        line.style = DatelineStyle.COMMA  # "Ашхабад, 9 декабря 2022 г. –"
    doc.status = ReleaseStatus.DRAFT
    if title is not None:
        doc.title = title
    return create_release(uow, doc, links_of(source), group_id=source.group_id)


def delete_release(uow: UnitOfWork, release_id: int) -> None:
    """Delete one language version (and the group with its last version)."""
    row = require(uow, release_id)
    group_id = row.group_id
    uow.releases.delete(row)
    uow.flush()
    uow.releases.delete_group_if_empty(group_id)
    uow.flush()


# -- import from text ------------------------------------------------------------------


def read_text_file(path: str | Path, encoding: str | None = None) -> str:
    """The text of a release saved as a file, its encoding told the way contact imports
    tell it (`formats.tables`): a BOM, UTF-16, UTF-8, then cp1251/cp1252 and the other
    code pages officers' files come in. InvalidInput when it cannot be read as text."""
    from pressdesk.formats.tables import SourceError, decode_text

    try:
        text, _encoding = decode_text(Path(path), encoding)
    except SourceError as error:
        raise InvalidInput(str(error)) from None
    return text


def import_text(
    uow: UnitOfWork,
    text: str,
    *,
    default_language: str = "en",
    region: str | None = None,
) -> TextImport:
    """A release from plain text (``formats.release_text``), its people matched to the
    store's contacts or created. Raises InvalidInput when the text is not a release."""
    from pressdesk.formats.release_text import ReleaseParseError, parse_release_text

    region = region or default_region(uow)
    try:
        parsed = parse_release_text(text, default_language=default_language, default_region=region)
    except ReleaseParseError as error:
        raise InvalidInput(str(error)) from None
    links: list[ContactLink] = []
    used: list[tuple[int | None, str]] = []
    raws = parsed.raw_contacts
    for index, person in enumerate(parsed.release.contacts):
        raw = raws[index] if index < len(raws) else None
        contact_id, how = _match_or_create(uow, person, raw)
        used.append((contact_id, how))
        if contact_id is not None and all(link.contact_id != contact_id for link in links):
            links.append(ContactLink(contact_id, person.title))
    row = create_release(uow, parsed.release, links)
    orphans = [p for (cid, _), p in zip(used, parsed.release.contacts, strict=True) if cid is None]
    for person in orphans:  # people without a name: kept in the block as written
        row.contacts.append(
            ReleaseContact(
                position=len(row.contacts),
                contact_id=None,
                title=person.title,
                name=person.name,
                emails=list(person.emails),
                phones=list(person.phones),
            )
        )
    _flush(uow, row)
    return TextImport(row, parsed, used)


def _match_or_create(uow: UnitOfWork, person: BlockContact, raw: Any) -> tuple[int | None, str]:
    for address in person.emails:
        ids = uow.contacts.ids_with_email(address)
        if ids:
            return min(ids), "reused"
    key = normalise_name(person.name)
    if key and person.phones:
        found = uow.session.scalar(
            select(Contact.id)
            .join(ContactPhone, ContactPhone.contact_id == Contact.id)
            .where(Contact.name_key == key, ContactPhone.e164.in_(person.phones))
            .order_by(Contact.id)
            .limit(1)
        )
        if found is not None:
            return found, "reused"
    if key and not person.emails and not person.phones:
        same = list(uow.session.scalars(select(Contact.id).where(Contact.name_key == key)))
        if len(same) == 1:
            return same[0], "reused"
    if not person.name.strip():
        return None, "unnamed"
    # The raw values keep what could not be read, with its reason, on the new contact.
    emails = raw.emails if raw is not None else person.emails
    phones = raw.phones if raw is not None else person.phones
    contact = create_contact(
        uow,
        ContactInput(
            name=person.name,
            role=person.title_lines[0] if person.title_lines else "",
            emails=[ValueInput(value) for value in emails],
            phones=[ValueInput(value) for value in phones],
        ),
    )
    return contact.id, "created"


# -- output ----------------------------------------------------------------------------


def to_dict(uow: UnitOfWork, row: ReleaseRow) -> dict[str, Any]:
    """The JSON contract of a release (``release show --json``)."""
    doc = document(uow, row)
    embargo = doc.embargo
    return {
        "id": row.id,
        "group_id": row.group_id,
        "language": row.language,
        "versions": [
            {"id": v.id, "language": v.language} for v in uow.releases.versions(row.group_id)
        ],
        "status": row.status,
        "categories": list(doc.categories),
        "title": doc.title,
        "photo": (
            {
                "mime_type": doc.photo.mime_type,
                "filename": doc.photo.filename,
                "size": len(doc.photo.data),
            }
            if doc.photo
            else None
        ),
        "caption": doc.caption,
        "dateline": (
            {
                "place": doc.dateline.place,
                "date": doc.dateline.date.isoformat() if doc.dateline.date else None,
                "style": doc.dateline.style.value,
                "agency": doc.dateline.agency or "",
                "text": doc.dateline.format(doc.language),
            }
            if doc.dateline
            else None
        ),
        "paragraphs": list(doc.paragraphs),
        "separator": doc.separator,
        "notes": list(doc.notes),
        "closing": doc.closing_phrase,
        "contacts": [
            {
                "contact_id": link.contact_id,
                "name": person.name,
                "title": person.title,
                "emails": list(person.emails),
                "phones": list(person.phones),
                "deleted": link.contact_id is None,
            }
            for link, person in zip(row.contacts, doc.contacts, strict=True)
        ],
        "sdgs": list(doc.sdgs),
        "embargo": (
            {
                "utc": embargo.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
                "zone": row.embargo_zone,
                "local": embargo.isoformat(),
            }
            if embargo
            else None
        ),
        "created_at": iso_utc(row.created_at),
        "updated_at": iso_utc(row.updated_at),
        "version": row.version,
    }


def export_file(
    uow: UnitOfWork,
    release_id: int,
    path: str | Path,
    *,
    language: str | None = None,
    sender: str | None = None,
) -> Path:
    """Write the release (or its ``language`` version) in the format the extension names."""
    from pressdesk.formats.release_export import (
        EXPORT_FORMATS,
        UnsupportedExportFormat,
        export_release,
    )

    target = Path(path)
    if target.suffix.lower() not in (*EXPORT_FORMATS, ".htm"):
        raise InvalidInput(
            f"cannot tell the format of {target.name!r}: use one of {', '.join(EXPORT_FORMATS)}"
        )
    doc = load_release(uow, release_id, language)
    try:
        return export_release(doc, target, sender=sender)
    except UnsupportedExportFormat as error:
        raise InvalidInput(str(error)) from None


__all__ = [
    "ContactLink",
    "TextImport",
    "add_version",
    "attach_contacts",
    "create_release",
    "delete_release",
    "detach_contacts",
    "document",
    "export_file",
    "import_text",
    "load_release",
    "parse_embargo",
    "read_text_file",
    "save_release",
    "set_embargo",
    "set_status",
    "time_zone",
    "to_dict",
]
