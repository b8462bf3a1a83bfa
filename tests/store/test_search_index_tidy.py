"""After a big bulk write the FTS index is merged into one segment: searches look each
trigram up once instead of in every segment, and find the same contacts."""

from __future__ import annotations

import csv
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import text

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.services import contacts as service
from pressdesk.services.import_contacts import import_contacts
from pressdesk.store import Store, bulk

QUERIES = ["chariyev", "kazinform editor", "gmail", "993 12", "zzz"]


def _segments(store: Store) -> int:
    with store.engine.connect() as connection:
        return connection.execute(
            text("SELECT count(DISTINCT segid) FROM contacts_fts_idx")
        ).scalar_one()


def _answers(store: Store) -> dict[str, list[int]]:
    with store.uow() as uow:
        return {query: uow.contacts.search_ids(query) for query in QUERIES}


def test_a_write_of_a_tenth_of_the_store_merges_the_index(store: Store) -> None:
    for batch in range(6):  # each transaction leaves a segment of its own
        with store.uow() as uow:
            for number in range(5):
                service.create_contact(
                    uow,
                    ContactInput(
                        name=f"Person{batch}{number} Chariyev",
                        role="Editor",
                        emails=[ValueInput(f"p{batch}{number}@kazinform.kz")],
                        phones=[ValueInput(f"+993 12 48-{batch}{number}-07")],
                    ),
                )
            uow.commit()
    before, answers = _segments(store), _answers(store)
    assert before > 1
    with store.uow() as uow:
        assert not bulk.tidy_search_index(uow.session, bulk.TIDY_AFTER - 1)
    assert _segments(store) == before
    with store.uow() as uow:
        assert bulk.tidy_search_index(uow.session, bulk.TIDY_AFTER)
        uow.commit()
    assert _segments(store) == 1
    assert _answers(store) == answers and answers["chariyev"]


def test_a_big_import_leaves_one_segment_a_small_one_does_not_merge(
    store: Store, tmp_path: Path
) -> None:
    def sheet(name: str, rows: int, start: int) -> Path:
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Name", "Organisation", "E-mail"])
            for number in range(start, start + rows):
                writer.writerow(
                    [f"Name{number} Family{number % 37}", "Kazinform", f"n{number}@x.kz"]
                )
        return path

    import_contacts(store, sheet("small1.csv", 20, 0))
    import_contacts(store, sheet("small2.csv", 20, 20))
    assert _segments(store) == 2  # twenty rows: not worth rewriting the index
    import_contacts(store, sheet("big.csv", bulk.TIDY_AFTER, 40))
    assert _segments(store) == 1  # the small imports' segments merged with the big one's
    with store.uow() as uow:
        assert len(uow.contacts.search_ids("kazinform")) == bulk.TIDY_AFTER + 40


def test_tidying_waits_for_another_writer(store: Store) -> None:
    """Another connection writing while the index is tidied: the tidy waits for the write
    lock (it takes it first) instead of failing half-way."""
    with store.uow() as uow:
        service.create_contact(uow, ContactInput(name="Dovlet Chariyev"))
        uow.commit()
    database = store.engine.url.database
    assert database
    locked, release = threading.Event(), threading.Event()

    def other_writer() -> None:
        other = sqlite3.connect(database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE contacts SET role = 'Editor'")
        locked.set()
        release.wait(5)
        other.execute("COMMIT")
        other.close()

    writer = threading.Thread(target=other_writer)
    writer.start()
    assert locked.wait(5)
    with store.uow() as uow:
        threading.Timer(0.3, release.set).start()  # commits while the tidy waits
        assert bulk.tidy_search_index(uow.session, bulk.TIDY_AFTER)
        uow.commit()
    writer.join()
    assert _segments(store) == 1
