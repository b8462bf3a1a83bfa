"""Import contacts from a file without losing a row.

Every row ends in the report: created, merged, skipped, ``duplicate?``, invalid (a value
kept on the contact with its reason) or error (with the row's original text). One import is
one transaction: a failure or Cancel leaves the store exactly as it was, and a finished one
is a batch that :func:`undo_import` reverses.

Duplicates, within the file and against the store: the same e-mail (case-insensitive) is
the same person; the same normalised name *and* the same phone is the same person; a shared
phone alone (an office switchboard) or the same name alone is only a possible duplicate,
reported and left apart. Merging fills empty fields and adds new e-mails, phones and tags;
it never overwrites a different non-empty value (the difference goes to the report) and
never touches do-not-contact.

Speed: new contacts are written with Core ``INSERT ... RETURNING`` in chunks, many rows per
statement, with their derived search columns computed by ``store.derived.derive``; only
merges into contacts that already exist go through the ORM.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, insert, select

from pressdesk.domain.contacts import (
    CheckedEmail,
    CheckedPhone,
    ContactInput,
    ValidatedContact,
    ValueInput,
    stored_notes,
    validate,
)
from pressdesk.domain.emails import EmailCheck
from pressdesk.domain.names import normalise_name
from pressdesk.domain.phones import PhoneCheck, check_phone
from pressdesk.formats import import_report
from pressdesk.formats.layouts import guess_mapping, parse_mapping_overrides
from pressdesk.formats.records import RawContact, to_records
from pressdesk.formats.tables import SourceError, SourceInfo, read_table, sniff
from pressdesk.formats.vcard import read_vcards
from pressdesk.services import contacts as contact_service
from pressdesk.services import privacy
from pressdesk.services.errors import InvalidInput, PressDeskError
from pressdesk.services.import_validation import validated, worker_count
from pressdesk.store import Store
from pressdesk.store.bulk import allocate_ids, begin_bulk, insert_contacts
from pressdesk.store.derived import EmailFacts, PhoneFacts, derive
from pressdesk.store.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    ImportBatch,
    ImportChange,
    Organization,
    Tag,
    contact_tags,
    utcnow,
)
from pressdesk.store.uow import UnitOfWork

CHUNK = 2000


class Status(StrEnum):
    CREATED = "created"
    MERGED = "merged"
    SKIPPED = "skipped"
    DUPLICATE = "duplicate?"
    INVALID = "invalid"
    ERROR = "error"


class OnDuplicate(StrEnum):
    MERGE = "merge"
    SKIP = "skip"
    CREATE = "create"


class ImportCancelled(PressDeskError):
    """The user cancelled; nothing was written."""


class ImportFailed(InvalidInput):
    """The file could not be read as contacts; nothing was written. (Bad input: the
    command line exits 2.)"""


@dataclass
class ImportOptions:
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int | None = None
    default_region: str | None = None
    mapping: list[str | None] | None = None  # one field per column, as guess_mapping gives
    overrides: list[str] = field(default_factory=list)  # "Column header=field", as --map
    on_duplicate: OnDuplicate = OnDuplicate.MERGE
    dry_run: bool = False
    workers: int | None = None  # validating processes; None: by file size (0 in process)


@dataclass(frozen=True, slots=True)
class ReportLine:
    row: int | None
    sheet: str | None
    status: Status
    contact_id: int | None
    field: str
    value: str
    message: str


@dataclass
class ImportResult:
    batch: int | None
    rows: int = 0
    created: int = 0
    merged: int = 0
    skipped: int = 0
    invalid: int = 0
    errors: int = 0
    possible_duplicates: int = 0
    report: list[ReportLine] = field(default_factory=list)
    source: SourceInfo | None = None

    def counts(self) -> dict[str, int | None]:
        """The ``--json`` contract."""
        return {
            "batch": self.batch,
            "rows": self.rows,
            "created": self.created,
            "merged": self.merged,
            "skipped": self.skipped,
            "invalid": self.invalid,
            "errors": self.errors,
            "possible_duplicates": self.possible_duplicates,
        }


Progress = Callable[[int], None]
Cancelled = Callable[[], bool]


# --------------------------------------------------------------------------- reading


def is_vcard(path: Path) -> bool:
    if path.suffix.lower() in (".vcf", ".vcard"):
        return True
    with path.open("rb") as handle:
        head = handle.read(256).lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \r\n\t")
    return head.replace(b"\x00", b"").upper().startswith(b"BEGIN:VCARD")


def _vcard_info() -> SourceInfo:
    """vCards are records, not a table: nothing to detect."""
    return SourceInfo("vcard", None, None, [], None, 0, [])


def inspect_source(path: Path, options: ImportOptions) -> SourceInfo:
    """What was detected in the file (format, encoding, delimiter, sheet, header row)."""
    if is_vcard(path):
        return _vcard_info()
    return sniff(
        path,
        encoding=options.encoding,
        delimiter=options.delimiter,
        sheet=options.sheet,
        header_row=options.header_row,
    )


def read_records(
    path: Path, options: ImportOptions
) -> tuple[SourceInfo, list[str], list[str | None], Iterator[RawContact]]:
    """The records of a file with the mapping in force (guessed, then overridden)."""
    if is_vcard(path):
        info = _vcard_info()
        return info, [], [], read_vcards(path)
    table = read_table(
        path,
        encoding=options.encoding,
        delimiter=options.delimiter,
        sheet=options.sheet,
        header_row=options.header_row,
    )
    mapping = list(options.mapping) if options.mapping else guess_mapping(table.headers)
    mapping += [None] * (len(table.headers) - len(mapping))
    try:
        for index, target in parse_mapping_overrides(options.overrides, table.headers).items():
            mapping[index] = target
    except ValueError as error:
        raise InvalidInput(str(error)) from error
    return table.info, table.headers, mapping, to_records(table, mapping)


def _original_text(raw: RawContact) -> str:
    if raw.row is None:
        return ""
    return " | ".join(cell for cell in raw.row.cells if cell.strip())


# --------------------------------------------------------------------------- contacts in flight


class _Pending:
    """A contact this import creates. Once its chunk is written only its id and name key
    stay in memory (``written``); a later merge into it reads it back (``_Importer._reload``).
    """

    __slots__ = (
        "country",
        "data",
        "emails",
        "id",
        "name",
        "name_key",
        "phones",
        "queued",
        "row",
        "tags",
    )

    def __init__(self, checked: ValidatedContact, name: str, name_key: str, row: int | None):
        self.data = checked.input
        self.country = checked.country
        self.emails: list[CheckedEmail] = list(checked.emails)
        self.phones: list[CheckedPhone] = list(checked.phones)
        self.tags: list[str] = list(dict.fromkeys(t for t in self.data.tags if t.strip()))
        self.name = name
        self.name_key = name_key
        self.id: int | None = None
        self.queued = True  # waiting in the chunk to be written
        self.row = row

    def written(self) -> None:
        """Its rows are in the store: drop the values, keep who it is."""
        self.queued = False
        self.data = None
        self.emails = []
        self.phones = []
        self.tags = []


Ref = _Pending | int  # a contact of this import, or the id of one already in the store


@dataclass
class _Index:
    """Who is who: e-mails, name+phone pairs, phones and names seen so far."""

    by_email: dict[str, Ref] = field(default_factory=dict)
    by_name_phone: dict[tuple[str, str], Ref] = field(default_factory=dict)
    by_phone: dict[str, Ref] = field(default_factory=dict)
    by_name: dict[str, Ref] = field(default_factory=dict)

    def add(
        self, ref: Ref, name_key: str, email_keys: Iterable[str], phones: Iterable[str]
    ) -> None:
        for key in email_keys:
            self.by_email.setdefault(key, ref)
        for phone in phones:
            self.by_phone.setdefault(phone, ref)
            if name_key:
                self.by_name_phone.setdefault((name_key, phone), ref)
        if name_key:
            self.by_name.setdefault(name_key, ref)

    @classmethod
    def from_store(cls, uow: UnitOfWork) -> _Index:
        index = cls()
        session = uow.session
        names = dict(session.execute(select(Contact.id, Contact.name_key)).all())
        for contact_id, key in session.execute(
            select(ContactEmail.contact_id, ContactEmail.address_key).where(
                ContactEmail.address_key.is_not(None)
            )
        ):
            index.by_email.setdefault(key, contact_id)
        for contact_id, e164 in session.execute(
            select(ContactPhone.contact_id, ContactPhone.e164).where(ContactPhone.e164.is_not(None))
        ):
            index.by_phone.setdefault(e164, contact_id)
            if names.get(contact_id):
                index.by_name_phone.setdefault((names[contact_id], e164), contact_id)
        for contact_id, key in names.items():
            if key:
                index.by_name.setdefault(key, contact_id)
        return index


def _ref_id(ref: Ref) -> int | None:
    return ref if isinstance(ref, int) else ref.id


# --------------------------------------------------------------------------- the import


# Reading back and deleting one contact of this import: built once, run on the connection
# (the ORM session's execute costs more than these indexed lookups).
_CONTACTS = Contact.__table__
_RELOAD_CONTACT = (
    select(_CONTACTS, Organization.__table__.c.name.label("org_name"))
    .outerjoin(Organization.__table__, Organization.__table__.c.id == _CONTACTS.c.organization_id)
    .where(_CONTACTS.c.id == bindparam("id"))
)
_RELOAD_EMAILS = (
    select(ContactEmail.__table__)
    .where(ContactEmail.__table__.c.contact_id == bindparam("id"))
    .order_by(ContactEmail.__table__.c.position)
)
_RELOAD_PHONES = (
    select(ContactPhone.__table__)
    .where(ContactPhone.__table__.c.contact_id == bindparam("id"))
    .order_by(ContactPhone.__table__.c.position)
)
_RELOAD_TAGS = (
    select(Tag.__table__.c.name)
    .join(contact_tags, contact_tags.c.tag_id == Tag.__table__.c.id)
    .where(contact_tags.c.contact_id == bindparam("id"))
)
_DELETE_CONTACT = delete(_CONTACTS).where(_CONTACTS.c.id == bindparam("id"))


class _Importer:
    def __init__(self, uow: UnitOfWork, options: ImportOptions, result: ImportResult) -> None:
        self.uow = uow
        self.options = options
        self.result = result
        self.region = options.default_region or contact_service.default_region(uow)
        self.index = _Index.from_store(uow)
        self.pending: list[_Pending] = []
        self.created_lines: list[tuple[RawContact, _Pending]] = []
        self.created: list[_Pending] = []
        self.merged_before: dict[int, dict[str, Any] | None] = {}
        self.unresolved: list[tuple[int, _Pending]] = []  # report lines awaiting an id
        session = uow.session
        self.org_ids: dict[str, int] = dict(
            session.execute(select(Organization.name_key, Organization.id)).all()
        )
        self.tag_ids: dict[str, int] = dict(session.execute(select(Tag.name, Tag.id)).all())
        self.now = utcnow()
        self.tombstones = uow.privacy.has_tombstones()

    def line(
        self, raw: RawContact, status: Status, ref: Ref | None, fld: str, value: str, msg: str
    ):
        row = raw.row.number if raw.row else None
        sheet = raw.row.sheet if raw.row else None
        contact_id = _ref_id(ref) if ref is not None else None
        if isinstance(ref, _Pending) and contact_id is None:
            # Not written yet: its id is known at the next flush.
            self.unresolved.append((len(self.result.report), ref))
        self.result.report.append(ReportLine(row, sheet, status, contact_id, fld, value, msg))

    # -- one row

    def add(self, raw: RawContact, checked: ValidatedContact | None) -> None:
        """One record, already validated (``checked`` is None for an unreadable one)."""
        self.result.rows += 1
        if raw.error or checked is None:
            self.result.errors += 1
            self.line(raw, Status.ERROR, None, "", _original_text(raw), raw.error or "unreadable")
            return
        data = checked.input
        name = (
            data.name.strip()
            or next((e.check.address for e in checked.emails if e.check.address), "")
            or data.organization.strip()
        )
        if not name:
            self.result.errors += 1
            self.line(
                raw,
                Status.ERROR,
                None,
                "",
                _original_text(raw),
                "no name, e-mail or organisation in this row",
            )
            return
        data.name = name
        name_key = normalise_name(name)
        email_keys = [e.check.address.casefold() for e in checked.emails if e.check.address]
        phones = [p.check.e164 for p in checked.phones if p.check.e164]
        if self.tombstones and (erased := privacy.erased_matches(self.uow, email_keys, phones)):
            self.result.skipped += 1
            self.line(
                raw,
                Status.SKIPPED,
                None,
                "",
                ", ".join(sorted(erased)),
                "this person's data was erased at their request; not imported again",
            )
            return
        match, why = self.find(name_key, email_keys, phones)
        policy = self.options.on_duplicate
        if match is not None and policy == OnDuplicate.SKIP:
            self.result.skipped += 1
            self.line(raw, Status.SKIPPED, match, "", _original_text(raw), f"same person: {why}")
            return
        if match is not None and policy == OnDuplicate.MERGE:
            self.merge(raw, match, checked, why)
            target: Ref = match
        else:
            target = self.create(raw, checked, name, name_key)
            if match is not None:
                self.result.possible_duplicates += 1
                self.line(
                    raw,
                    Status.DUPLICATE,
                    target,
                    "",
                    _original_text(raw),
                    f"created anyway (--on-duplicate create); {why}",
                )
            else:
                self.report_possible(raw, target, name_key, checked.phones)
        self.index.add(target, name_key, email_keys, phones)
        for problem in checked.problems:
            self.result.invalid += 1
            self.line(raw, Status.INVALID, target, problem.field, problem.value, problem.reason)

    def find(self, name_key: str, emails: list[str], phones: list[str]) -> tuple[Ref | None, str]:
        for key in emails:
            found = self.index.by_email.get(key)
            if found is not None:
                return found, f"same e-mail {key}"
        if name_key:
            for phone in phones:
                found = self.index.by_name_phone.get((name_key, phone))
                if found is not None:
                    return found, f"same name and phone {phone}"
        return None, ""

    def report_possible(
        self, raw: RawContact, target: Ref, name_key: str, phones: list[CheckedPhone]
    ):
        for checked_phone in phones:
            phone = checked_phone.check.e164
            other = self.index.by_phone.get(phone) if phone else None
            if other is not None and other is not target:
                self.result.possible_duplicates += 1
                self.line(
                    raw,
                    Status.DUPLICATE,
                    target,
                    "phone",
                    checked_phone.check.original,
                    f"shares this phone ({phone}) with contact {self.describe(other)}",
                )
                return
        other = self.index.by_name.get(name_key) if name_key else None
        if other is not None and other is not target:
            self.result.possible_duplicates += 1
            self.line(
                raw,
                Status.DUPLICATE,
                target,
                "name",
                raw.display_name(),
                f"same name as contact {self.describe(other)}",
            )

    def describe(self, ref: Ref) -> str:
        if isinstance(ref, int):
            return f"#{ref}"
        return f"#{ref.id}" if ref.id else f"from row {ref.row}"

    # -- create

    def create(
        self, raw: RawContact, checked: ValidatedContact, name: str, name_key: str
    ) -> _Pending:
        pending = _Pending(checked, name, name_key, raw.row.number if raw.row else None)
        self.pending.append(pending)
        self.result.created += 1
        self.created_lines.append((raw, pending))
        if len(self.pending) >= CHUNK:
            self.flush()
        return pending

    def flush(self) -> None:
        """Write the pending contacts with a handful of multi-row statements."""
        if not self.pending:
            return
        session = self.uow.session
        self._ensure_orgs(p.data.organization for p in self.pending)
        self._ensure_tags(t for p in self.pending for t in p.tags)
        fresh = [p for p in self.pending if p.id is None]
        for pending, new_id in zip(
            fresh, allocate_ids(session, "contacts", len(fresh)), strict=True
        ):
            pending.id = new_id
        insert_contacts(session, [self._contact_row(p) for p in self.pending])
        emails, phones, tags = [], [], []
        for pending in self.pending:
            contact_id = pending.id
            emails += [_email_row(contact_id, i, e) for i, e in enumerate(pending.emails)]
            phones += [_phone_row(contact_id, i, p) for i, p in enumerate(pending.phones)]
            tags += [{"contact_id": contact_id, "tag_id": self.tag_ids[t]} for t in pending.tags]
        if emails:
            session.execute(insert(ContactEmail.__table__), emails)
        if phones:
            session.execute(insert(ContactPhone.__table__), phones)
        if tags:
            session.execute(insert(contact_tags), tags)
        for pending in self.pending:
            pending.written()
        for raw, pending in self.created_lines:
            self.line(raw, Status.CREATED, pending, "", "", "")
        self.created_lines = []
        report = self.result.report
        for position, pending in self.unresolved:
            report[position] = replace(report[position], contact_id=pending.id)
        self.unresolved = []
        self.created += fresh
        self.pending = []

    def _ensure_orgs(self, names: Iterable[str]) -> None:
        new: dict[str, str] = {}
        for name in names:
            clean = " ".join(name.split())
            key = self.uow.organizations.key(clean) if clean else ""
            if key and key not in self.org_ids:
                new.setdefault(key, clean)
        if new:
            table = Organization.__table__
            rows = [
                {
                    "name": name,
                    "name_key": key,
                    "kind": "other",
                    "country": None,
                    "website": "",
                    "notes": "",
                    "created_at": self.now,
                    "updated_at": self.now,
                }
                for key, name in new.items()
            ]
            ids = (
                self.uow.session.execute(
                    insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
                )
                .scalars()
                .all()
            )
            self.org_ids.update(zip(new, ids, strict=True))

    def _ensure_tags(self, names: Iterable[str]) -> None:
        new = list(dict.fromkeys(n for n in names if n not in self.tag_ids))
        if new:
            table = Tag.__table__
            ids = (
                self.uow.session.execute(
                    insert(table).returning(table.c.id, sort_by_parameter_order=True),
                    [{"name": n} for n in new],
                )
                .scalars()
                .all()
            )
            self.tag_ids.update(zip(new, ids, strict=True))

    def _contact_row(self, p: _Pending) -> dict[str, Any]:
        data = p.data
        org = " ".join(data.organization.split())
        row: dict[str, Any] = {
            "id": p.id,
            "display_name": " ".join(p.name.split()),
            "given_name": data.given_name.strip(),
            "family_name": data.family_name.strip(),
            "honorific": data.honorific.strip(),
            "organization_id": self.org_ids.get(self.uow.organizations.key(org)) if org else None,
            "role": data.role.strip(),
            "country": p.country,
            "languages": [x.strip() for x in data.languages if x.strip()],
            "notes": stored_notes(data, p.country),
            "do_not_contact": data.do_not_contact,
            "created_at": self.now,
            "updated_at": self.now,
            "version": 1,
        }
        row.update(
            derive(
                display_name=row["display_name"],
                given_name=row["given_name"],
                family_name=row["family_name"],
                organization=org,
                role=row["role"],
                country=p.country,
                emails=[EmailFacts(e.check.address, e.check.original, e.primary) for e in p.emails],
                phones=[
                    PhoneFacts(x.check.e164, x.check.extension, x.check.original, x.primary)
                    for x in p.phones
                ],
                tags=p.tags,
                name_key=p.name_key,
            )
        )
        return row

    # -- merge

    def merge(self, raw: RawContact, target: Ref, checked: ValidatedContact, why: str) -> None:
        self.result.merged += 1
        if isinstance(target, _Pending):
            if not target.queued:
                self._rewrite(target)
            differences = _merge_pending(target, checked)
        else:
            differences = self._merge_stored(target, checked)
        self.line(raw, Status.MERGED, target, "", _original_text(raw), f"merged: {why}")
        for fld, kept, offered in differences:
            self.line(
                raw,
                Status.MERGED,
                target,
                fld,
                offered,
                f"kept {kept!r}; the file's different value was not applied",
            )

    def _rewrite(self, target: _Pending) -> None:
        """Take a contact this import already wrote back into the chunk, to write it again
        merged: cheaper than an ORM update, and it keeps its id."""
        self._reload(target)
        self.uow.session.connection().execute(_DELETE_CONTACT, {"id": target.id})
        target.queued = True
        self.pending.append(target)

    def _reload(self, target: _Pending) -> None:
        """Read back, exactly as written, a contact of this import."""
        connection = self.uow.session.connection()
        key = {"id": target.id}
        row = connection.execute(_RELOAD_CONTACT, key).mappings().one()
        emails = connection.execute(_RELOAD_EMAILS, key).mappings().all()
        phones = connection.execute(_RELOAD_PHONES, key).mappings().all()
        tags = list(connection.execute(_RELOAD_TAGS, key).scalars())
        target.data = ContactInput(
            name=row["display_name"],
            given_name=row["given_name"],
            family_name=row["family_name"],
            honorific=row["honorific"],
            organization=row["org_name"] or "",
            role=row["role"],
            country=row["country"] or "",
            languages=list(row["languages"] or []),
            tags=tags,
            notes=row["notes"],
            do_not_contact=row["do_not_contact"],
        )
        target.country = row["country"]
        target.tags = tags
        target.emails = [
            CheckedEmail(
                EmailCheck(e["original"], e["address"], None, e["invalid_reason"]),
                e["label"],
                e["is_primary"],
            )
            for e in emails
        ]
        target.phones = [
            CheckedPhone(
                PhoneCheck(
                    p["original"], p["e164"], p["extension"], p["region"], p["invalid_reason"]
                ),
                p["label"],
                p["is_primary"],
            )
            for p in phones
        ]

    def _merge_stored(
        self, contact_id: int, checked: ValidatedContact
    ) -> list[tuple[str, str, str]]:
        contact = self.uow.contacts.get(contact_id)
        if contact is None:  # pragma: no cover - the index only holds existing ids
            raise ImportFailed(f"contact {contact_id} vanished during the import")
        if contact_id not in self.merged_before:
            # The version lets undo tell an earlier import that the contact is back.
            before = contact_service.snapshot(contact) | {"version": contact.version}
            self.merged_before[contact_id] = before
        current = contact_service.input_from_contact(contact)
        differences = _merge_input(current, checked)
        merged = validate(current, default_region=self.region)
        contact_service.apply_validated(self.uow, contact, merged)
        self.uow.flush()
        # The ORM may have created an organisation or tags: later chunks must reuse them.
        if contact.organization is not None:
            self.org_ids.setdefault(contact.organization.name_key, contact.organization.id)
        self.tag_ids.update((tag.name, tag.id) for tag in contact.tags)
        return differences

    # -- finish

    def finish(self, info: SourceInfo, path: Path) -> None:
        self.flush()
        result = self.result
        if self.options.dry_run:
            return
        batch = ImportBatch(
            file_name=path.name,
            format=info.format,
            options=_options_json(self.options, info),
            counts={},
            report=b"",
        )
        self.uow.session.add(batch)
        self.uow.flush()
        result.batch = batch.id
        versions: dict[int, int] = {}
        touched = list(self.merged_before)
        for start in range(0, len(touched), 500):
            versions.update(
                self.uow.session.execute(
                    select(Contact.id, Contact.version).where(
                        Contact.id.in_(touched[start : start + 500])
                    )
                ).all()
            )
        changes = [
            {
                "batch_id": batch.id,
                "contact_id": p.id,
                "action": "created",
                "version_after": versions.get(p.id, 1),
                "before": None,
            }
            for p in self.created
        ] + [
            {
                "batch_id": batch.id,
                "contact_id": cid,
                "action": "merged",
                "version_after": versions[cid],
                "before": before,
            }
            for cid, before in self.merged_before.items()
        ]
        for start in range(0, len(changes), 5000):
            self.uow.session.execute(insert(ImportChange.__table__), changes[start : start + 5000])
        batch.counts = {k: v for k, v in result.counts().items() if k != "batch"}
        result.report.sort(key=lambda line: (line.row is None, line.row or 0))
        batch.report = gzip.compress(report_csv(result.report).encode("utf-8"))


def _email_row(contact_id: int, position: int, e: CheckedEmail) -> dict[str, Any]:
    address = e.check.address
    return {
        "contact_id": contact_id,
        "position": position,
        "address": address,
        "address_key": address.casefold() if address else None,
        "original": e.check.original,
        "label": e.label,
        "is_primary": e.primary,
        "invalid_reason": e.check.reason,
    }


def _phone_row(contact_id: int, position: int, p: CheckedPhone) -> dict[str, Any]:
    return {
        "contact_id": contact_id,
        "position": position,
        "e164": p.check.e164,
        "extension": p.check.extension,
        "region": p.check.region,
        "original": p.check.original,
        "label": p.label,
        "is_primary": p.primary,
        "invalid_reason": p.check.reason,
    }


_SCALAR_FIELDS = ("given_name", "family_name", "honorific", "organization", "role", "country")


def _merge_input(current: ContactInput, checked: ValidatedContact) -> list[tuple[str, str, str]]:
    """Fill ``current`` from the file's row; return (field, kept, offered) differences."""
    incoming = checked.input
    differences = []
    for name in _SCALAR_FIELDS:
        mine = getattr(current, name).strip()
        theirs = (
            (checked.country or incoming.country) if name == "country" else getattr(incoming, name)
        )
        theirs = theirs.strip()
        if not theirs:
            continue
        if not mine:
            setattr(current, name, theirs)
        elif mine.casefold() != theirs.casefold():
            differences.append((name, mine, theirs))
    have_emails = {v.text.casefold() for v in current.emails}
    for e in checked.emails:
        text = e.check.address or e.check.original
        if text.casefold() not in have_emails:
            current.emails.append(ValueInput(text, e.label, False))
            have_emails.add(text.casefold())
    have_phones = {v.text for v in current.phones}
    have_e164 = {_e164_of(v.text) for v in current.phones}
    for p in checked.phones:
        if (p.check.e164 and p.check.e164 in have_e164) or p.check.original in have_phones:
            continue
        current.phones.append(ValueInput(p.check.e164 or p.check.original, p.label, False))
        have_e164.add(p.check.e164)
    current.tags += [t for t in incoming.tags if t not in current.tags]
    current.languages += [x for x in incoming.languages if x not in current.languages]
    if incoming.notes.strip() and incoming.notes.strip() not in current.notes:
        current.notes = "\n".join(filter(None, [current.notes.strip(), incoming.notes.strip()]))
    return differences


def _e164_of(text: str) -> str | None:
    return check_phone(text).e164


def _merge_pending(target: _Pending, checked: ValidatedContact) -> list[tuple[str, str, str]]:
    data = target.data
    current = ContactInput(
        name=target.name,
        given_name=data.given_name,
        family_name=data.family_name,
        honorific=data.honorific,
        organization=data.organization,
        role=data.role,
        country=target.country or "",
        languages=list(data.languages),
        tags=list(target.tags),
        notes=data.notes,
        do_not_contact=data.do_not_contact,
    )
    differences = _merge_input(current, checked)
    target.data = current
    target.country = target.country or checked.country
    target.tags = list(dict.fromkeys(current.tags))
    have = {e.check.address.casefold() for e in target.emails if e.check.address}
    have |= {e.check.original for e in target.emails if not e.check.address}
    for e in checked.emails:
        key = e.check.address.casefold() if e.check.address else e.check.original
        if key not in have:
            target.emails.append(CheckedEmail(e.check, e.label, False))
            have.add(key)
    have_phones = {(p.check.e164 or p.check.original) for p in target.phones}
    for p in checked.phones:
        key = p.check.e164 or p.check.original
        if key not in have_phones:
            target.phones.append(CheckedPhone(p.check, p.label, False))
            have_phones.add(key)
    return differences


def _options_json(options: ImportOptions, info: SourceInfo) -> dict[str, Any]:
    data = asdict(options)
    data["on_duplicate"] = str(options.on_duplicate)
    data.update(
        encoding=info.encoding,
        delimiter=info.delimiter,
        sheet=info.sheet,
        header_row=info.header_row,
    )
    return data


# --------------------------------------------------------------------------- entry points


def import_contacts(
    store: Store,
    path: str | Path,
    options: ImportOptions | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Import a file in one transaction; returns the counts and the per-row report."""
    path = Path(path)
    options = options or ImportOptions()
    if not path.is_file():
        raise InvalidInput(f"no such file: {path}")
    with store.uow() as uow:
        begin_bulk(uow.session)
        try:
            info, _headers, _mapping, records = read_records(path, options)
            result = ImportResult(batch=None, source=info)
            importer = _Importer(uow, options, result)
            workers = worker_count(path.stat().st_size, options.workers)
            with closing(validated(records, importer.region, workers)) as rows:
                for count, (raw, checked) in enumerate(rows, 1):
                    importer.add(raw, checked)
                    if count % 500 == 0:
                        if cancelled is not None and cancelled():
                            raise ImportCancelled("import cancelled; nothing was changed")
                        if progress is not None:
                            progress(count)
            importer.finish(info, path)
        except SourceError as error:
            raise ImportFailed(str(error)) from error
        except OSError as error:
            raise ImportFailed(f"cannot read {path.name}: {error.strerror or error}") from error
        if progress is not None:
            progress(result.rows)
        if cancelled is not None and cancelled():
            raise ImportCancelled("import cancelled; nothing was changed")
        if not options.dry_run:
            uow.commit()
    result.report.sort(key=lambda line: (line.row is None, line.row or 0))
    return result


def report_csv(lines: Iterable[ReportLine]) -> str:
    return import_report.report_csv(lines)


def write_report(result: ImportResult, path: str | Path) -> None:
    Path(path).write_text(report_csv(result.report), encoding="utf-8-sig", newline="")
