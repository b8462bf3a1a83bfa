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

Speed: rows are read, validated and made into the rows the store holds by
:mod:`.import_validation` (in worker processes for large files); this process only checks
duplicates, keeps the report and writes. New contacts are written with Core ``INSERT`` in
chunks, many rows per statement; a merge into a contact this import already wrote waits for
the next chunk, where all such contacts are read back, merged and written again together;
only merges into contacts that were in the store before go through the ORM. Report lines are
plain tuples, packed (pickled and compressed) once their chunk is written, until the end,
where they become :class:`ReportLine` objects.

Memory: the file's rows are read before the import starts and kept compressed (calamine
holds a whole sheet; see ``read_table(spool=True)``), and what the import keeps per row is
its report lines, packed, and the index of who is who. 100,000 XLSX rows peak at about
170 MB in this process and 75 MB in the worker.
"""

from __future__ import annotations

import gzip
import io
import pickle
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from itertools import islice, pairwise
from pathlib import Path
from typing import Any, cast

from sqlalchemy import BindParameter, Table, bindparam, delete, event, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from pressdesk.domain.contacts import (
    CheckedEmail,
    CheckedPhone,
    ContactInput,
    ValidatedContact,
    ValueInput,
    validate,
)
from pressdesk.domain.emails import EmailCheck
from pressdesk.domain.names import normalise_name
from pressdesk.domain.phones import PhoneCheck, check_phone
from pressdesk.formats import import_report
from pressdesk.formats.layouts import guess_mapping, parse_mapping_overrides
from pressdesk.formats.records import RawContact, RecordReader, to_records
from pressdesk.formats.tables import (
    SourceError,
    SourceInfo,
    SourceRow,
    SourceTable,
    read_table,
    sniff,
)
from pressdesk.formats.vcard import read_vcards
from pressdesk.services import contacts as contact_service
from pressdesk.services import privacy
from pressdesk.services.errors import InvalidInput, PressDeskError
from pressdesk.services.import_validation import (
    Prepared,
    Reader,
    as_is,
    contact_columns,
    email_row,
    phone_row,
    prepare_records,
    worker_count,
)
from pressdesk.store import Store
from pressdesk.store.bulk import allocate_ids, begin_bulk, insert_contacts, tidy_search_index
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
#: Ids in one ``IN (...)`` list.
_IN = 500


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


def _mapped_table(
    path: Path, options: ImportOptions, *, spool: bool = False
) -> tuple[SourceTable, list[str | None]]:
    """The table of a file with the mapping in force (guessed, then overridden)."""
    table = read_table(
        path,
        encoding=options.encoding,
        delimiter=options.delimiter,
        sheet=options.sheet,
        header_row=options.header_row,
        spool=spool,
    )
    mapping = list(options.mapping) if options.mapping else guess_mapping(table.headers)
    mapping += [None] * (len(table.headers) - len(mapping))
    try:
        for index, target in parse_mapping_overrides(options.overrides, table.headers).items():
            mapping[index] = target
    except ValueError as error:
        raise InvalidInput(str(error)) from error
    return table, mapping


def read_records(
    path: Path, options: ImportOptions
) -> tuple[SourceInfo, list[str], list[str | None], Iterator[RawContact]]:
    """The records of a file with the mapping in force (guessed, then overridden)."""
    if is_vcard(path):
        info = _vcard_info()
        return info, [], [], read_vcards(path)
    table, mapping = _mapped_table(path, options)
    return table.info, table.headers, mapping, to_records(table, mapping)


def _sources(path: Path, options: ImportOptions) -> tuple[SourceInfo, Iterator[Any], Reader]:
    """What the import reads: table rows and how to read them as records (in the
    validating processes), or vCard records."""
    if is_vcard(path):
        return _vcard_info(), read_vcards(path), as_is
    table, mapping = _mapped_table(path, options, spool=True)
    return table.info, table.rows, RecordReader(table.headers, mapping)


def _original_text(source: SourceRow | None) -> str:
    if source is None:
        return ""
    return " | ".join(cell for cell in source.cells if cell.strip())


# --------------------------------------------------------------------------- contacts in flight


@dataclass(slots=True)
class _Values:
    """A contact of this import as merges change it."""

    data: ContactInput
    country: str | None
    emails: list[CheckedEmail]
    phones: list[CheckedPhone]
    tags: list[str]


class _Pending:
    """A contact in the chunk being written: one this import creates, or one it wrote
    already and writes again merged.

    Until a merge changes it, it is its rows as prepared (``prepared``), written as they
    are; a merge turns them into values (``values``), whose rows are made again. Once the
    chunk is written the import knows it by its id alone.
    """

    __slots__ = ("id", "name", "name_key", "prepared", "row", "values")

    def __init__(
        self,
        name: str,
        name_key: str,
        row: int | None,
        prepared: Prepared | None = None,
        values: _Values | None = None,
        contact_id: int | None = None,
    ) -> None:
        self.name = name
        self.name_key = name_key
        self.row = row
        self.prepared = prepared
        self.values = values
        self.id = contact_id

    def changing(self) -> _Values:
        """Its values, to merge into."""
        if self.values is None:
            prepared = self.prepared
            assert prepared is not None, "a written contact is read back first"
            checked = prepared.checked()
            self.values = _Values(
                checked.input,
                checked.country,
                checked.emails,
                checked.phones,
                list(prepared.tags),
            )
            self.prepared = None
        return self.values


Ref = _Pending | int  # a contact in the chunk, or the id of one in the store

#: A report line until the end of the import: its contact may not have an id yet.
_Line = tuple[int | None, str | None, Status, Ref | None, str, str, str]


class _Lines:
    """The report's lines as the import goes, numbered from 0 in the order they come.

    Lines of the chunk being written are tuples; once the chunk is written, and its lines
    hold ids instead of contacts in flight, they are pickled and compressed (``pack``):
    on 100,000 rows, some 180,000 lines held as tuples were a fifth of the importing
    process's memory.
    """

    __slots__ = ("packed", "recent", "start")

    def __init__(self) -> None:
        self.packed: list[bytes] = []
        self.recent: list[_Line] = []
        self.start = 0  # the number of the first line of ``recent``

    def __len__(self) -> int:
        return self.start + len(self.recent)

    def append(self, line: _Line) -> None:
        self.recent.append(line)

    def __getitem__(self, number: int) -> _Line:
        """A line not packed yet."""
        return self.recent[number - self.start]

    def __setitem__(self, number: int, line: _Line) -> None:
        self.recent[number - self.start] = line

    def pack(self) -> None:
        if self.recent:
            dumped = pickle.dumps(self.recent, pickle.HIGHEST_PROTOCOL)
            self.packed.append(zlib.compress(dumped, 1))
            self.start += len(self.recent)
            self.recent = []

    def drain(self) -> Iterator[_Line]:
        """Every line in order, each block forgotten once read."""
        packed, self.packed = self.packed, []
        packed.reverse()
        while packed:
            yield from pickle.loads(zlib.decompress(packed.pop()))
        recent, self.recent = self.recent, []
        yield from recent


@dataclass
class _Index:
    """Who is who: e-mails, name+phone pairs, phones and names seen so far."""

    by_email: dict[str, Ref] = field(default_factory=dict)
    by_name_phone: dict[tuple[str, str], Ref] = field(default_factory=dict)
    by_phone: dict[str, Ref] = field(default_factory=dict)
    by_name: dict[str, Ref] = field(default_factory=dict)
    #: Entries that point to contacts of the chunk, until they have ids (``settle``).
    unsettled: list[tuple[dict[Any, Ref], Any]] = field(default_factory=list)

    def add(
        self, ref: Ref, name_key: str, email_keys: Iterable[str], phones: Iterable[str]
    ) -> None:
        unsettled = self.unsettled if isinstance(ref, _Pending) else None
        entries: list[tuple[dict[Any, Ref], Iterable[Any]]] = [
            (self.by_email, email_keys),
            (self.by_phone, phones),
        ]
        if name_key:
            entries += [(self.by_name_phone, [(name_key, p) for p in phones])]
            entries += [(self.by_name, (name_key,))]
        for known, keys in entries:
            for key in keys:
                if key not in known:
                    known[key] = ref
                    if unsettled is not None:
                        unsettled.append((known, key))

    def settle(self) -> None:
        """The chunk is written: its contacts are known by their ids from now on."""
        for known, key in self.unsettled:
            ref = known[key]
            if isinstance(ref, _Pending):
                assert ref.id is not None
                known[key] = ref.id
        self.unsettled = []

    def look_up(self, session: Session, prepared: Iterable[Prepared]) -> None:
        """Learn the stored contacts with the e-mails, phones and names of the rows about
        to be read (before the first row that carries each): a few indexed queries a
        chunk, where reading every contact's keys first took seconds and ~45 MB on a
        store of 100,000 even for a file of seven rows. Stored contacts come before the
        file's rows, lowest id first, as if they had all been read up front."""
        emails: set[str] = set()
        phones: set[str] = set()
        names: set[str] = set()
        for item in prepared:
            if item.error is not None:
                continue
            emails.update(e["address_key"] for e in item.emails if e["address_key"])
            phones.update(p["e164"] for p in item.phones if p["e164"])
            if item.name_key:
                names.add(item.name_key)
        emails -= self.by_email.keys()
        phones -= self.by_phone.keys()
        names -= self.by_name.keys()
        for keys in _chunks(sorted(emails), _IN):
            for key, contact_id in session.execute(
                select(ContactEmail.address_key, ContactEmail.contact_id)
                .where(ContactEmail.address_key.in_(keys))
                .order_by(ContactEmail.contact_id)
            ):
                self.by_email.setdefault(key, contact_id)
        for keys in _chunks(sorted(phones), _IN):
            for e164, contact_id, name_key in session.execute(
                select(ContactPhone.e164, ContactPhone.contact_id, Contact.name_key)
                .join(Contact, Contact.id == ContactPhone.contact_id)
                .where(ContactPhone.e164.in_(keys))
                .order_by(ContactPhone.contact_id)
            ):
                self.by_phone.setdefault(e164, contact_id)
                if name_key:
                    self.by_name_phone.setdefault((name_key, e164), contact_id)
        for keys in _chunks(sorted(names), _IN):
            for name_key, contact_id in session.execute(
                select(Contact.name_key, Contact.id)
                .where(Contact.name_key.in_(keys))
                .order_by(Contact.id)
            ):
                self.by_name.setdefault(name_key, contact_id)


class _IdRuns:
    """Ids as runs of consecutive numbers: the contacts an import created, whose ids come
    in long runs (a set of 100,000 of them took 4 MB)."""

    __slots__ = ("ends", "others", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []  # each run's last id
        self.others: set[int] = set()  # ids below the last run's end (not expected)

    def update(self, ids: Iterable[int]) -> None:
        starts, ends = self.starts, self.ends
        for new in ids:
            if ends and new == ends[-1] + 1:
                ends[-1] = new
            elif not ends or new > ends[-1]:
                starts.append(new)
                ends.append(new)
            else:
                self.others.add(new)

    def __contains__(self, contact_id: object) -> bool:
        if not isinstance(contact_id, int):
            return False
        run = bisect_right(self.starts, contact_id) - 1
        return (run >= 0 and contact_id <= self.ends[run]) or contact_id in self.others

    def sorted(self) -> list[int]:
        ids = [
            i
            for start, end in zip(self.starts, self.ends, strict=True)
            for i in range(start, end + 1)
        ]
        return sorted(ids + list(self.others)) if self.others else ids


def _ref_id(ref: Ref | None) -> int | None:
    return ref.id if isinstance(ref, _Pending) else ref


# --------------------------------------------------------------------------- the import


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


# Reading back and deleting contacts of this import, a few hundred at a time: built once,
# run on the connection.
_CONTACTS = _table(Contact)
_EMAILS = _table(ContactEmail)
_PHONES = _table(ContactPhone)
_ORGANIZATIONS = _table(Organization)
_TAGS = _table(Tag)
_IDS: BindParameter[list[int]] = bindparam("ids", expanding=True)
_READ_CONTACTS = (
    select(_CONTACTS, _ORGANIZATIONS.c.name.label("org_name"))
    .outerjoin(_ORGANIZATIONS, _ORGANIZATIONS.c.id == _CONTACTS.c.organization_id)
    .where(_CONTACTS.c.id.in_(_IDS))
)
_READ_EMAILS = (
    select(_EMAILS)
    .where(_EMAILS.c.contact_id.in_(_IDS))
    .order_by(_EMAILS.c.contact_id, _EMAILS.c.position)
)
_READ_PHONES = (
    select(_PHONES)
    .where(_PHONES.c.contact_id.in_(_IDS))
    .order_by(_PHONES.c.contact_id, _PHONES.c.position)
)
_READ_TAGS = (
    select(contact_tags.c.contact_id, _TAGS.c.name)
    .join(_TAGS, contact_tags.c.tag_id == _TAGS.c.id)
    .where(contact_tags.c.contact_id.in_(_IDS))
    .order_by(contact_tags.c.contact_id, contact_tags.c.tag_id)
)
_DELETE_CONTACTS = delete(_CONTACTS).where(_CONTACTS.c.id.in_(_IDS))


class _Importer:
    def __init__(self, uow: UnitOfWork, options: ImportOptions, result: ImportResult) -> None:
        self.uow = uow
        self.options = options
        self.result = result
        self.region = options.default_region or contact_service.default_region(uow)
        self.index = _Index()
        self.pending: list[_Pending] = []
        self.created = _IdRuns()
        self.merged_before: dict[int, dict[str, Any] | None] = {}
        self.lines = _Lines()
        self.unresolved: list[int] = []  # lines of contacts in the chunk, until they have ids
        # Merges into contacts this import wrote already, done at the next flush: each
        # with the position of its "merged" line, after which its differences go.
        self.deferred: dict[int, list[tuple[Prepared, int]]] = {}
        self.later_lines: dict[int, list[_Line]] = {}
        session = uow.session
        self.org_ids: dict[str, int] = dict(
            session.execute(select(Organization.name_key, Organization.id)).tuples().all()
        )
        self.org_keys: dict[str, str] = {}
        self.tag_ids: dict[str, int] = dict(
            session.execute(select(Tag.name, Tag.id)).tuples().all()
        )
        self.now = utcnow()
        self.tombstones = uow.privacy.has_tombstones()
        #: Organisations this import created (for undo): in bulk for the contacts it
        #: creates, and through the ORM when a merge fills a stored contact's.
        self.created_organizations: list[int] = []
        event.listen(session, "pending_to_persistent", self._persisted)

    def _persisted(self, session: Session, instance: object) -> None:
        if isinstance(instance, Organization):
            self.created_organizations.append(instance.id)

    def line(
        self,
        source: SourceRow | None,
        status: Status,
        ref: Ref | None,
        fld: str,
        value: str,
        msg: str,
    ) -> None:
        row, sheet = (source.number, source.sheet) if source is not None else (None, None)
        if isinstance(ref, _Pending):
            if ref.id is None:
                self.unresolved.append(len(self.lines))
            else:
                ref = ref.id
        self.lines.append((row, sheet, status, ref, fld, value, msg))

    # -- one row

    def add(self, source: SourceRow | None, prepared: Prepared) -> None:
        """One record, prepared (see :mod:`.import_validation`)."""
        self.result.rows += 1
        if prepared.error is not None:
            self.result.errors += 1
            self.line(source, Status.ERROR, None, "", _original_text(source), prepared.error)
            return
        name_key = prepared.name_key
        email_keys = [e["address_key"] for e in prepared.emails if e["address_key"]]
        phones = [p["e164"] for p in prepared.phones if p["e164"]]
        if self.tombstones and (erased := privacy.erased_matches(self.uow, email_keys, phones)):
            self.result.skipped += 1
            self.line(
                source,
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
            self.line(
                source, Status.SKIPPED, match, "", _original_text(source), f"same person: {why}"
            )
            return
        created: _Pending | None = None
        if match is not None and policy == OnDuplicate.MERGE:
            self.merge(source, match, prepared, why)
            target: Ref = match
        else:
            target = created = self.create(source, prepared)
            if match is not None:
                self.result.possible_duplicates += 1
                self.line(
                    source,
                    Status.DUPLICATE,
                    target,
                    "",
                    _original_text(source),
                    f"created anyway (--on-duplicate create); {why}",
                )
            else:
                self.report_possible(source, created, prepared)
        self.index.add(target, name_key, email_keys, phones)
        for fld, value, reason in prepared.problems:
            self.result.invalid += 1
            self.line(source, Status.INVALID, target, fld, value, reason)
        if created is not None:
            self.line(source, Status.CREATED, created, "", "", "")
        if len(self.pending) >= CHUNK:
            self.flush()

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

    def report_possible(self, source: SourceRow | None, target: Ref, prepared: Prepared) -> None:
        for phone_row_ in prepared.phones:
            phone = phone_row_["e164"]
            other = self.index.by_phone.get(phone) if phone else None
            if other is not None and other is not target:
                self.result.possible_duplicates += 1
                self.line(
                    source,
                    Status.DUPLICATE,
                    target,
                    "phone",
                    phone_row_["original"],
                    f"shares this phone ({phone}) with contact {self.describe(other)}",
                )
                return
        name_key = prepared.name_key
        other = self.index.by_name.get(name_key) if name_key else None
        if other is not None and other is not target:
            self.result.possible_duplicates += 1
            assert prepared.input is not None
            self.line(
                source,
                Status.DUPLICATE,
                target,
                "name",
                prepared.input.name,  # the record's own name, as in the file
                f"same name as contact {self.describe(other)}",
            )

    def describe(self, ref: Ref) -> str:
        if isinstance(ref, int):
            return f"#{ref}"
        return f"#{ref.id}" if ref.id else f"from row {ref.row}"

    # -- create

    def create(self, source: SourceRow | None, prepared: Prepared) -> _Pending:
        row = source.number if source is not None else None
        pending = _Pending(prepared.name, prepared.name_key, row, prepared)
        self.pending.append(pending)
        self.result.created += 1
        return pending

    def flush(self) -> None:
        """Write the pending contacts with a handful of multi-row statements."""
        if self.deferred:
            self._merge_written()
        if not self.pending:
            return
        session = self.uow.session
        writes = [self._rows(p) for p in self.pending]
        self._ensure_orgs(w[1] for w in writes)
        self._ensure_tags(t for w in writes for t in w[4])
        fresh = [p for p in self.pending if p.id is None]
        new_ids = allocate_ids(session, "contacts", len(fresh))
        for pending, new_id in zip(fresh, new_ids, strict=True):
            pending.id = new_id
        self.created.update(new_ids)
        contacts: list[dict[str, Any]] = []
        emails: list[dict[str, Any]] = []
        phones: list[dict[str, Any]] = []
        tags: list[dict[str, Any]] = []
        for pending, (row, organization, email_rows, phone_rows, tag_names) in zip(
            self.pending, writes, strict=True
        ):
            contact_id = pending.id
            row["id"] = contact_id
            row["organization_id"] = (
                self.org_ids.get(self._org_key(organization)) if organization else None
            )
            row["created_at"] = row["updated_at"] = self.now
            row["version"] = 1
            contacts.append(row)
            for position, email in enumerate(email_rows):
                email["contact_id"] = contact_id
                email["position"] = position
            emails += email_rows
            for position, phone in enumerate(phone_rows):
                phone["contact_id"] = contact_id
                phone["position"] = position
            phones += phone_rows
            tags += [{"contact_id": contact_id, "tag_id": self.tag_ids[t]} for t in tag_names]
        insert_contacts(session, contacts)
        if emails:
            session.execute(insert(_EMAILS), emails)
        if phones:
            session.execute(insert(_PHONES), phones)
        if tags:
            session.execute(insert(contact_tags), tags)
        self.pending = []
        self.index.settle()
        lines = self.lines
        for position in self.unresolved:
            line = lines[position]
            lines[position] = (*line[:3], _ref_id(line[3]), *line[4:])
        self.unresolved = []
        lines.pack()

    def _rows(
        self, pending: _Pending
    ) -> tuple[dict[str, Any], str, list[dict[str, Any]], list[dict[str, Any]], list[str]]:
        """A pending contact's contact row (without ids, times and version), organisation,
        e-mail and phone rows (without contact id and position) and tags."""
        prepared = pending.prepared
        if prepared is not None:
            return (
                prepared.contact,
                prepared.organization,
                prepared.emails,
                prepared.phones,
                prepared.tags,
            )
        values = pending.values
        assert values is not None
        row, organization = contact_columns(
            values.data,
            name=pending.name,
            name_key=pending.name_key,
            country=values.country,
            emails=values.emails,
            phones=values.phones,
            tags=values.tags,
        )
        return (
            row,
            organization,
            [email_row(e) for e in values.emails],
            [phone_row(p) for p in values.phones],
            values.tags,
        )

    def _org_key(self, name: str) -> str:
        key = self.org_keys.get(name)
        if key is None:
            key = self.org_keys[name] = self.uow.organizations.key(name)
        return key

    def _ensure_orgs(self, names: Iterable[str]) -> None:
        new: dict[str, str] = {}
        for name in names:
            key = self._org_key(name) if name else ""
            if key and key not in self.org_ids:
                new.setdefault(key, name)
        if new:
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
                    insert(_ORGANIZATIONS).returning(
                        _ORGANIZATIONS.c.id, sort_by_parameter_order=True
                    ),
                    rows,
                )
                .scalars()
                .all()
            )
            self.org_ids.update(zip(new, ids, strict=True))
            self.created_organizations += ids

    def _ensure_tags(self, names: Iterable[str]) -> None:
        new = list(dict.fromkeys(n for n in names if n not in self.tag_ids))
        if new:
            ids = (
                self.uow.session.execute(
                    insert(_TAGS).returning(_TAGS.c.id, sort_by_parameter_order=True),
                    [{"name": n} for n in new],
                )
                .scalars()
                .all()
            )
            self.tag_ids.update(zip(new, ids, strict=True))

    # -- merge

    def merge(self, source: SourceRow | None, target: Ref, prepared: Prepared, why: str) -> None:
        self.result.merged += 1
        self.line(source, Status.MERGED, target, "", _original_text(source), f"merged: {why}")
        if isinstance(target, _Pending):
            differences = _merge_pending(target.changing(), target.name, prepared.checked())
        elif target in self.created:
            # Written already: merged at the next flush, with the others read back.
            self.deferred.setdefault(target, []).append((prepared, len(self.lines) - 1))
            return
        else:
            differences = self._merge_stored(target, prepared.checked())
        for fld, kept, offered in differences:
            self.line(source, Status.MERGED, target, fld, offered, _kept(kept))

    def _merge_written(self) -> None:
        """Merge rows into contacts this import already wrote: read them back, merge,
        and take them back into the chunk to be written again (cheaper than ORM updates,
        and they keep their ids)."""
        deferred, self.deferred = self.deferred, {}
        ids = list(deferred)
        targets = self._read_back(ids)
        connection = self.uow.session.connection()
        for start in range(0, len(ids), _IN):
            connection.execute(_DELETE_CONTACTS, {"ids": ids[start : start + _IN]})
        for contact_id, merges in deferred.items():
            target = targets[contact_id]
            values = target.changing()
            for prepared, position in merges:
                row, sheet = self.lines[position][:2]
                differences = _merge_pending(values, target.name, prepared.checked())
                self.later_lines[position] = [
                    (row, sheet, Status.MERGED, contact_id, fld, offered, _kept(kept))
                    for fld, kept, offered in differences
                ]
            self.pending.append(target)

    def _read_back(self, ids: list[int]) -> dict[int, _Pending]:
        """Read back, exactly as written, contacts of this import."""
        connection = self.uow.session.connection()
        targets: dict[int, _Pending] = {}
        for start in range(0, len(ids), _IN):
            key = {"ids": ids[start : start + _IN]}
            emails: dict[int, list[CheckedEmail]] = {}
            for e in connection.execute(_READ_EMAILS, key).mappings():
                emails.setdefault(e["contact_id"], []).append(
                    CheckedEmail(
                        EmailCheck(e["original"], e["address"], None, e["invalid_reason"]),
                        e["label"],
                        e["is_primary"],
                    )
                )
            phones: dict[int, list[CheckedPhone]] = {}
            for p in connection.execute(_READ_PHONES, key).mappings():
                phones.setdefault(p["contact_id"], []).append(
                    CheckedPhone(
                        PhoneCheck(
                            p["original"],
                            p["e164"],
                            p["extension"],
                            p["region"],
                            p["invalid_reason"],
                        ),
                        p["label"],
                        p["is_primary"],
                    )
                )
            tags: dict[int, list[str]] = {}
            for contact_id, tag in connection.execute(_READ_TAGS, key).tuples():
                tags.setdefault(contact_id, []).append(tag)
            for row in connection.execute(_READ_CONTACTS, key).mappings():
                contact_id = row["id"]
                own_tags = tags.get(contact_id, [])
                data = ContactInput(
                    name=row["display_name"],
                    given_name=row["given_name"],
                    family_name=row["family_name"],
                    honorific=row["honorific"],
                    organization=row["org_name"] or "",
                    role=row["role"],
                    country=row["country"] or "",
                    languages=list(row["languages"] or []),
                    tags=list(own_tags),
                    notes=row["notes"],
                    do_not_contact=row["do_not_contact"],
                )
                values = _Values(
                    data,
                    row["country"],
                    emails.get(contact_id, []),
                    phones.get(contact_id, []),
                    own_tags,
                )
                targets[contact_id] = _Pending(
                    row["display_name"], row["name_key"], None, values=values, contact_id=contact_id
                )
        return targets

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
        # Who is who is no longer needed: its memory goes to the report.
        self.index = _Index()
        result = self.result
        batch: ImportBatch | None = None
        if not self.options.dry_run:
            batch = ImportBatch(
                file_name=path.name,
                format=info.format,
                options=_options_json(self.options, info)
                | {"created_organizations": sorted(set(self.created_organizations))},
                counts={},
                report=b"",
            )
            self.uow.session.add(batch)
            self.uow.flush()
            result.batch = batch.id
            self._record_changes(batch.id)
            batch.counts = {
                k: v for k, v in result.counts().items() if k != "batch" and v is not None
            }
        result.report = self._report()
        if batch is not None:
            batch.report = _compressed_report(result.report)

    def _record_changes(self, batch_id: int) -> None:
        """What the batch did to each contact, for undo."""
        versions: dict[int, int] = {}
        touched = list(self.merged_before)
        for start in range(0, len(touched), _IN):
            versions.update(
                self.uow.session.execute(
                    select(Contact.id, Contact.version).where(
                        Contact.id.in_(touched[start : start + _IN])
                    )
                )
                .tuples()
                .all()
            )
        changes: Iterator[dict[str, Any]] = (
            {
                "batch_id": batch_id,
                "contact_id": contact_id,
                "action": "created",
                "version_after": 1,
                "before": None,
            }
            for contact_id in self.created.sorted()
        )
        merges = (
            {
                "batch_id": batch_id,
                "contact_id": contact_id,
                "action": "merged",
                "version_after": versions[contact_id],
                "before": before,
            }
            for contact_id, before in self.merged_before.items()
        )
        table = _table(ImportChange)
        for source in (changes, merges):
            while chunk := list(islice(source, 5000)):
                self.uow.session.execute(insert(table), chunk)

    def _report(self) -> list[ReportLine]:
        """The report lines, in row order, each with its contact's id."""
        later, self.later_lines = self.later_lines, {}
        report: list[ReportLine] = []
        last_row: int | None = None
        last_id: int | None = None
        for position, (row, sheet, status, ref, fld, value, msg) in enumerate(self.lines.drain()):
            # A row's lines share their numbers again (unpickled, each had its own).
            if row == last_row:
                row = last_row
            last_row = row
            contact_id = _ref_id(ref)
            if contact_id == last_id:
                contact_id = last_id
            last_id = contact_id
            report.append(ReportLine(row, sheet, status, contact_id, fld, value, msg))
            if position in later:
                report += [
                    ReportLine(row, sheet, status, _ref_id(ref), fld, value, msg)
                    for row, sheet, status, ref, fld, value, msg in later.pop(position)
                ]
        if any(_row_order(a) > _row_order(b) for a, b in pairwise(report)):
            report.sort(key=_row_order)
        return report


def _row_order(line: ReportLine) -> tuple[bool, int]:
    return (line.row is None, line.row or 0)


def _kept(kept: str) -> str:
    return f"kept {kept!r}; the file's different value was not applied"


def _compressed_report(lines: Iterable[ReportLine]) -> bytes:
    """The report as stored with its batch: gzip'd CSV, written as it is compressed."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=6) as compressed:
        text = io.TextIOWrapper(compressed, encoding="utf-8", newline="")
        import_report.write_report_csv(lines, text)
        text.flush()
        text.detach()
    return buffer.getvalue()


_SCALAR_FIELDS = ("given_name", "family_name", "honorific", "organization", "role", "country")
#: Filled from a row only when it names the person as the store does.
_NAME_PARTS = ("given_name", "family_name")


def _merge_input(current: ContactInput, checked: ValidatedContact) -> list[tuple[str, str, str]]:
    """Fill ``current`` from the file's row; return (field, kept, offered) differences."""
    incoming = checked.input
    differences = []
    same_name = normalise_name(current.name) == normalise_name(incoming.name)
    if not same_name and incoming.name.strip():
        differences.append(("name", current.name, incoming.name.strip()))
    for name in _SCALAR_FIELDS:
        if name in _NAME_PARTS and not same_name:
            continue  # "Чариев" and "Довлет" are not parts of "Dovlet Chariyev"
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


def _merge_pending(
    target: _Values, name: str, checked: ValidatedContact
) -> list[tuple[str, str, str]]:
    data = target.data
    current = ContactInput(
        name=name,
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
            info, items, reader = _sources(path, options)
            result = ImportResult(batch=None, source=info)
            importer = _Importer(uow, options, result)
            workers = worker_count(path.stat().st_size, options.workers)
            with closing(prepare_records(items, reader, importer.region, workers)) as rows:
                count = 0
                for chunk in _chunks(rows, LOOK_UP):
                    importer.index.look_up(uow.session, (ready for _item, ready in chunk))
                    for item, ready in chunk:
                        importer.add(item if isinstance(item, SourceRow) else item.row, ready)
                        count += 1
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
    if not options.dry_run:
        _tidy_search_index(store, result.created + result.merged)
    return result


def _tidy_search_index(store: Store, written: int) -> None:
    """After the import's commit, in a transaction of its own: the import is stored and
    reported as such whatever becomes of this. Tidying only makes searches faster; where
    the store stays busy past its timeout, the next big import tidies."""
    try:
        with store.uow() as uow:
            if tidy_search_index(uow.session, written):
                uow.commit()
    except OperationalError:
        pass


#: Rows whose stored matches are looked up together.
LOOK_UP = 1_000


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def report_csv(lines: Iterable[ReportLine]) -> str:
    return import_report.report_csv(lines)


def write_report(result: ImportResult, path: str | Path) -> None:
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        import_report.write_report_csv(result.report, handle)
