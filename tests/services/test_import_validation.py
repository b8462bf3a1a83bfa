"""Rows prepared by worker processes give exactly what in-process preparation gives."""

from __future__ import annotations

import os

import samples  # tests/formats, on the path through pyproject's pytest settings

from pressdesk.services import import_contacts as service
from pressdesk.services.import_validation import (
    PARALLEL_MIN_BYTES,
    contact_columns,
    email_row,
    phone_row,
    prepare,
    worker_count,
)
from pressdesk.store import Store


def _dump(store: Store) -> list[dict]:
    with store.uow() as uow:
        ids = uow.contacts.search_ids("")
        return [
            {k: v for k, v in service.contact_service.to_dict(c).items() if k not in ("id",)}
            | {"created_at": None, "updated_at": None}
            for c in uow.contacts.get_many(ids)
        ]


def test_worker_processes_give_the_same_contacts_and_report(tmp_path):
    source = samples.write_officer_xlsx(tmp_path)
    results = {}
    for workers in (0, 2):
        store = Store.open(tmp_path / f"s{workers}.sqlite3")
        result = service.import_contacts(
            store, source, service.ImportOptions(default_region="TM", workers=workers)
        )
        results[workers] = (result.counts() | {"batch": None}, result.report, _dump(store))
        store.close()
    assert results[0] == results[2]
    assert results[0][0]["rows"] > 0


def test_small_files_stay_in_process_and_large_ones_use_workers():
    assert worker_count(10_000) == 0
    assert worker_count(10_000, requested=2) == 2
    # One core for the importing process, up to two for workers; none on one core.
    cores = os.cpu_count() or 1
    assert worker_count(PARALLEL_MIN_BYTES) == (min(2, cores - 1) if cores > 1 else 0)


def test_prepared_rows_are_what_a_merge_would_write_again(tmp_path):
    """A contact is written from its prepared rows, or, once merged, from its values: an
    unchanged contact gives the same rows both ways."""
    files = [samples.write_officer_xlsx(tmp_path), samples.write_google_new(tmp_path)]
    files.append(samples.write_vcard21(tmp_path))
    seen = 0
    for path in files:
        _info, items, reader = service._sources(path, service.ImportOptions())
        for item in items:
            ready = prepare(reader(item), "TM")
            if ready.error:
                continue
            checked = ready.checked()
            row, organization = contact_columns(
                checked.input,
                name=ready.name,
                name_key=ready.name_key,
                country=checked.country,
                emails=checked.emails,
                phones=checked.phones,
                tags=ready.tags,
            )
            assert (row, organization) == (ready.contact, ready.organization)
            assert [email_row(e) for e in checked.emails] == ready.emails
            assert [phone_row(p) for p in checked.phones] == ready.phones
            seen += 1
    assert seen >= 6
