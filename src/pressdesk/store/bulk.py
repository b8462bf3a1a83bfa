"""Writing many contacts at once: explicit ids, multi-row statements, one index pass.

The import writes tens of thousands of contacts in one transaction. ORM adds are several
times slower, and the per-row FTS5 trigger costs about ten times what one
``INSERT ... SELECT`` into the index does, so this module inserts rows with Core
``executemany`` under ids it allocates, and indexes each chunk for search in one statement
while the trigger stands aside (the ``contacts_fts_deferred`` flag of migration 0001).
Each chunk is indexed before anything else can update its rows, which keeps the
external-content index consistent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, text
from sqlalchemy.orm import Session

from pressdesk.store.engine import IMMEDIATE
from pressdesk.store.models import Contact

_CONTACTS = cast(Table, Contact.__table__)
_INDEX_RUN = text(
    "INSERT INTO contacts_fts(rowid, search_text) "
    "SELECT id, search_text FROM contacts WHERE id BETWEEN :low AND :high"
)
# Contacts written again by an import (merged after their first write) are scattered:
# indexed a few hundred at a time, not one statement each.
_INDEX_SOME = text(
    "INSERT INTO contacts_fts(rowid, search_text) "
    "SELECT id, search_text FROM contacts WHERE id IN :ids"
).bindparams(bindparam("ids", expanding=True))
_RUN = 8
_IN_BATCH = 500


def begin_bulk(session: Session) -> None:
    """Start the session's transaction holding the write lock (SQLite: BEGIN IMMEDIATE)."""
    session.connection(execution_options={IMMEDIATE: True})


def allocate_ids(session: Session, table_name: str, count: int) -> list[int]:
    """``count`` fresh primary keys for ``table_name``, reserved for this transaction."""
    if count == 0:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        rows = session.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            ),
            {"table": table_name, "n": count},
        )
        return [row[0] for row in rows]
    # SQLite: the transaction holds the write lock (begin_bulk), so these stay ours. Past
    # the AUTOINCREMENT high-water mark as well as max(id): ids are never reused, and
    # SQLite moves the mark past the explicit ids we insert.
    table = Contact.metadata.tables[table_name]
    highest = session.execute(select(func.max(table.c.id))).scalar() or 0
    mark = session.execute(
        text("SELECT seq FROM sqlite_sequence WHERE name = :table"), {"table": table_name}
    ).scalar()
    start = max(highest, mark or 0) + 1
    return list(range(start, start + count))


def insert_contacts(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert contact rows (with ``id`` set) and index them for search."""
    if not rows:
        return
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        session.execute(text("INSERT INTO contacts_fts_deferred (flag) VALUES (1)"))
    session.execute(insert(_CONTACTS), list(rows))
    if sqlite:
        scattered: list[int] = []
        for low, high in _runs(sorted(row["id"] for row in rows)):
            if high - low + 1 < _RUN:
                scattered.extend(range(low, high + 1))
            else:
                session.execute(_INDEX_RUN, {"low": low, "high": high})
        for start in range(0, len(scattered), _IN_BATCH):
            session.execute(_INDEX_SOME, {"ids": scattered[start : start + _IN_BATCH]})
        session.execute(text("DELETE FROM contacts_fts_deferred"))


#: A bulk write of at least this many contacts, and a tenth of the store, tidies the index.
TIDY_AFTER = 1_000


def tidy_search_index(session: Session, written: int) -> bool:
    """Merge the FTS index into one segment after a bulk write of ``written`` contacts
    (SQLite; returns whether it did).

    Every transaction adds a segment to the index and FTS5 merges them only now and then;
    a search then looks up each of its trigrams in every segment. After importing 100,000
    contacts the index had ten: one made two long words ("kazinform correspondent") cost
    about 11 ms instead of 7.5, a rare word 1.7 ms instead of 0.9. Merging rewrites the
    whole index (about 2 s for 100,000 contacts), so it is done only where the write was
    a tenth of the store or more: its cost stays a small part of the write's own."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    # The write lock first: a read-then-write transaction cannot wait for another writer.
    begin_bulk(session)
    contacts = session.execute(select(func.count()).select_from(_CONTACTS)).scalar() or 0
    if written < max(TIDY_AFTER, contacts // 10):
        return False
    session.execute(text("INSERT INTO contacts_fts(contacts_fts) VALUES ('optimize')"))
    return True


def _runs(ids: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs in sorted ids: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for contact_id in ids:
        if runs and contact_id == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], contact_id)
        else:
            runs.append((contact_id, contact_id))
    return runs
