"""Validating imported rows, in worker processes when the file is large.

Reading every e-mail with email-validator and every phone with phonenumbers is most of an
import's cost (a few hundred microseconds a row, in pure Python). The rows are independent,
so a large file's rows are validated by a pool of worker processes, in batches and in file
order, while this process reads ahead, checks duplicates and writes. Small files, where
starting workers costs more than it saves, are validated in process.

Workers are started with "spawn" (never fork: the GUI process holds Qt's threads) and
import only this module, the records and the domain rules.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from pressdesk.domain.contacts import ContactInput, ValidatedContact, ValueInput, validate
from pressdesk.formats.records import RawContact

#: Files at least this large are validated by worker processes.
PARALLEL_MIN_BYTES = 1_000_000
BATCH = 1000
#: Batches handed to the pool ahead of the one being written.
AHEAD = 4


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


def validate_record(raw: RawContact, region: str | None) -> ValidatedContact | None:
    """None for a record that could not be read at all (``raw.error``)."""
    if raw.error:
        return None
    return validate(to_input(raw), default_region=region)


def validate_batch(batch: list[RawContact], region: str | None) -> list[ValidatedContact | None]:
    return [validate_record(raw, region) for raw in batch]


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: leave as soon as the importing process is gone (killed, even
    with SIGKILL), instead of lingering with its inherited pipes open."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=watch, name="pressdesk-parent-watch", daemon=True).start()


def worker_count(size: int, requested: int | None = None) -> int:
    """How many worker processes for a file of ``size`` bytes (0: validate in process)."""
    if requested is not None:
        return max(0, requested)
    if size < PARALLEL_MIN_BYTES:
        return 0
    return min(2, os.cpu_count() or 1) if (os.cpu_count() or 1) > 1 else 0


def validated(
    records: Iterable[RawContact], region: str | None, workers: int
) -> Iterator[tuple[RawContact, ValidatedContact | None]]:
    """Each record with its validation, in file order."""
    if workers <= 0:
        for raw in records:
            yield raw, validate_record(raw, region)
        return
    rows = iter(records)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_exit_with_parent,
        initargs=(os.getpid(),),
    )
    queue: deque[tuple[list[RawContact], Future[list[ValidatedContact | None]]]] = deque()

    def submit() -> None:
        batch = list(islice(rows, BATCH))
        if batch:
            queue.append((batch, pool.submit(validate_batch, batch, region)))

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
