"""Rows validated by worker processes give exactly what in-process validation gives."""

from __future__ import annotations

import samples  # tests/formats, on the path through pyproject's pytest settings

from pressdesk.services import import_contacts as service
from pressdesk.services.import_validation import PARALLEL_MIN_BYTES, worker_count
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
    assert worker_count(PARALLEL_MIN_BYTES) in (0, 2)  # 0 only on a one-core machine
