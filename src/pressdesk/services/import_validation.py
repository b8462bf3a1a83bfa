"""Preparing imported rows for the store, in worker processes when the file is large.

Reading every e-mail with email-validator and every phone with phonenumbers is most of an
import's cost (a few hundred microseconds a row, in pure Python). The rows are independent,
so a large file's rows are read as records, validated and turned into the rows the store
will hold (contact columns with their derived search columns, e-mail and phone rows) by a
pool of worker processes, in batches and in file order, while the importing process checks
duplicates and writes. Small files, where starting workers costs more than it saves, are
prepared in process by the same function.

What travels is cheap to pickle: table rows (tuples of strings) out, :class:`Prepared`
(a named tuple of strings, lists and dicts) back. Sending records and validated contacts
as dataclasses cost the importing process more to pickle and unpickle than the workers
saved it; it, not validation, bounds an import's speed.

Workers are started with "spawn" (never fork: the GUI process holds Qt's threads) and
import this module, the records, the domain rules and the derived search columns.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, NamedTuple

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
from pressdesk.domain.phones import PhoneCheck
from pressdesk.formats.records import RawContact
from pressdesk.store.derived import EmailFacts, PhoneFacts, derive

#: Files at least this large are prepared by worker processes.
PARALLEL_MIN_BYTES = 1_000_000
BATCH = 1000
#: Batches handed to the pool ahead of the one being written. Preparing is faster than
#: writing, so each waits prepared in the importing process (about 4 MB per batch); two
#: keep a worker busy.
AHEAD = 2

NO_NAME = "no name, e-mail or organisation in this row"

Reader = Callable[[Any], RawContact]


class Prepared(NamedTuple):
    """One record as the import needs it: what to check for duplicates, what to write
    for a new contact, and what a merge reads."""

    #: Why the record cannot be imported (unreadable, or it names nobody); else None.
    error: str | None = None
    #: The record as a contact, raw, for merges (its e-mail and phone cells are read
    #: into ``emails`` and ``phones``).
    input: ContactInput | None = None
    #: The display name: the file's, else the first valid e-mail, else the organisation.
    name: str = ""
    name_key: str = ""
    country: str | None = None
    #: Columns of ``contacts`` with the derived ones; the importer adds the id, the
    #: organisation's id, the times and the version.
    contact: dict[str, Any] = {}
    organization: str = ""
    #: Rows of ``contact_emails`` / ``contact_phones`` without contact id and position.
    emails: list[dict[str, Any]] = []
    phones: list[dict[str, Any]] = []
    tags: list[str] = []
    #: (field, original text, reason) of each value that failed validation.
    problems: list[tuple[str, str, str]] = []

    def checked(self) -> ValidatedContact:
        """The validated contact again, for a merge (the e-mails' display names, which
        are not stored, are not kept)."""
        assert self.input is not None
        emails = [
            CheckedEmail(
                EmailCheck(e["original"], e["address"], None, e["invalid_reason"]),
                e["label"],
                e["is_primary"],
            )
            for e in self.emails
        ]
        phones = [
            CheckedPhone(
                PhoneCheck(
                    p["original"], p["e164"], p["extension"], p["region"], p["invalid_reason"]
                ),
                p["label"],
                p["is_primary"],
            )
            for p in self.phones
        ]
        return ValidatedContact(self.input, self.country, emails, phones, [])


def to_input(raw: RawContact) -> ContactInput:
    """A record as the contact it describes; fields a contact lacks go to its notes."""
    notes = list(raw.notes)
    for title, value in (
        ("Department", raw.department),
        ("Nickname", raw.nickname),
        ("Suffix", raw.suffix),
        ("City", raw.city),
        ("Website", raw.website),
    ):
        if value:
            notes.append(f"{title}: {value}")
    return ContactInput(
        name=raw.display_name(),
        given_name=raw.given_name,
        family_name=raw.family_name,
        honorific=raw.honorific,
        organization=raw.organization,
        role=raw.role,
        country=raw.country,
        languages=list(raw.languages),
        tags=list(raw.tags),
        notes="\n".join(notes),
        do_not_contact=raw.do_not_contact,
        emails=[ValueInput(v.text, v.label or "work", v.primary, v.lost_plus) for v in raw.emails],
        phones=[ValueInput(v.text, v.label or "work", v.primary, v.lost_plus) for v in raw.phones],
    )


def email_row(e: CheckedEmail) -> dict[str, Any]:
    address = e.check.address
    return {
        "address": address,
        "address_key": address.casefold() if address else None,
        "original": e.check.original,
        "label": e.label,
        "is_primary": e.primary,
        "invalid_reason": e.check.reason,
    }


def phone_row(p: CheckedPhone) -> dict[str, Any]:
    return {
        "e164": p.check.e164,
        "extension": p.check.extension,
        "region": p.check.region,
        "original": p.check.original,
        "label": p.label,
        "is_primary": p.primary,
        "invalid_reason": p.check.reason,
    }


def contact_columns(
    data: ContactInput,
    *,
    name: str,
    name_key: str,
    country: str | None,
    emails: Iterable[CheckedEmail],
    phones: Iterable[CheckedPhone],
    tags: list[str],
) -> tuple[dict[str, Any], str]:
    """The ``contacts`` columns of a contact (without id, organisation id, times and
    version) and its organisation's name, spaces collapsed."""
    organization = " ".join(data.organization.split())
    row: dict[str, Any] = {
        "display_name": " ".join(name.split()),
        "given_name": data.given_name.strip(),
        "family_name": data.family_name.strip(),
        "honorific": data.honorific.strip(),
        "role": data.role.strip(),
        "country": country,
        "languages": [x.strip() for x in data.languages if x.strip()],
        "notes": stored_notes(data, country),
        "do_not_contact": data.do_not_contact,
    }
    row.update(
        derive(
            display_name=row["display_name"],
            given_name=row["given_name"],
            family_name=row["family_name"],
            organization=organization,
            role=row["role"],
            country=country,
            emails=[EmailFacts(e.check.address, e.check.original, e.primary) for e in emails],
            phones=[
                PhoneFacts(p.check.e164, p.check.extension, p.check.original, p.primary)
                for p in phones
            ],
            tags=tags,
            name_key=name_key,
        )
    )
    return row, organization


def unique_tags(tags: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(t for t in tags if t.strip()))


def prepare(raw: RawContact, region: str | None) -> Prepared:
    """Validate one record and make its rows."""
    if raw.error:
        return Prepared(error=raw.error)
    checked = validate(to_input(raw), default_region=region)
    data = checked.input
    name = (
        data.name.strip()
        or next((e.check.address for e in checked.emails if e.check.address), "")
        or data.organization.strip()
    )
    if not name:
        return Prepared(error=NO_NAME)
    # Read: the cells are in ``emails`` and ``phones`` now, no need to send them back.
    data.emails, data.phones = [], []
    name_key = normalise_name(name)
    tags = unique_tags(data.tags)
    contact, organization = contact_columns(
        data,
        name=name,
        name_key=name_key,
        country=checked.country,
        emails=checked.emails,
        phones=checked.phones,
        tags=tags,
    )
    return Prepared(
        None,
        data,
        name,
        name_key,
        checked.country,
        contact,
        organization,
        [email_row(e) for e in checked.emails],
        [phone_row(p) for p in checked.phones],
        tags,
        [(p.field, p.value, p.reason) for p in checked.problems],
    )


def as_is(raw: RawContact) -> RawContact:
    """The reader of sources that are records already (vCards)."""
    return raw


def prepare_batch(batch: list[Any], reader: Reader, region: str | None) -> list[Prepared]:
    return [prepare(reader(item), region) for item in batch]


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: leave as soon as the importing process is gone (killed, even
    with SIGKILL), instead of lingering with its inherited pipes open."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=watch, name="pressdesk-parent-watch", daemon=True).start()


def worker_count(size: int, requested: int | None = None) -> int:
    """How many worker processes for a file of ``size`` bytes (0: prepare in process).

    The importing process keeps a core of its own: checking duplicates and writing, not
    preparing rows, bounds an import's speed (on two cores, one worker imported 100,000
    rows in about 80 s where two took about 90 s)."""
    if requested is not None:
        return max(0, requested)
    cores = os.cpu_count() or 1
    if size < PARALLEL_MIN_BYTES or cores < 2:
        return 0
    return min(2, cores - 1)


def prepare_records(
    items: Iterable[Any], reader: Reader, region: str | None, workers: int
) -> Generator[tuple[Any, Prepared], None, None]:
    """Each item (a table row, or a record) with its :class:`Prepared`, in file order.
    Close the generator (``contextlib.closing``) to stop the workers early."""
    rows = iter(items)
    if workers <= 0:
        for item in rows:
            yield item, prepare(reader(item), region)
        return
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_exit_with_parent,
        initargs=(os.getpid(),),
    )
    queue: deque[tuple[list[Any], Future[list[Prepared]]]] = deque()

    def submit() -> None:
        batch = list(islice(rows, BATCH))
        if batch:
            queue.append((batch, pool.submit(prepare_batch, batch, reader, region)))

    try:
        for _ in range(AHEAD):
            submit()
        while queue:
            batch, future = queue.popleft()
            results = future.result()
            submit()
            yield from zip(batch, results, strict=True)
    finally:
        # Cancel, an error or the end: nothing is left running.
        pool.shutdown(wait=True, cancel_futures=True)
