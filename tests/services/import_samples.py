"""What the import tests share: the realistic sample files, small tables, store dumps.

The sample writers live in ``tests/formats/samples.py``; that folder is not a package,
so it is put on ``sys.path`` here once and ``samples`` re-exported.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

sys.path.insert(0, str(Path(__file__).parents[1] / "formats"))

import samples

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.services import contacts as contact_service
from pressdesk.store import Store

__all__ = [
    "add_contact",
    "contact",
    "contacts_by_name",
    "dump_sqlite",
    "samples",
    "write_csv",
    "write_xlsx",
]


def write_csv(path: Path, rows: Sequence[Sequence[str]], delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], sheet: str = "Contacts") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def add_contact(store: Store, name: str, **fields: Any) -> int:
    """A contact typed in by hand before the import; e-mails/phones as plain strings."""
    emails = [ValueInput(e) for e in fields.pop("emails", [])]
    phones = [ValueInput(p) for p in fields.pop("phones", [])]
    with store.uow() as uow:
        created = contact_service.create_contact(
            uow, ContactInput(name=name, emails=emails, phones=phones, **fields)
        )
        uow.commit()
        return created.id


def contact(store: Store, contact_id: int) -> dict[str, Any]:
    with store.uow() as uow:
        return contact_service.to_dict(contact_service.require(uow, contact_id))


def contacts_by_name(store: Store) -> dict[str, dict[str, Any]]:
    with store.uow() as uow:
        ids = contact_service.all_contact_ids(uow)
        return {c.display_name: contact_service.to_dict(c) for c in uow.contacts.get_many(ids)}


def dump_sqlite(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (FTS shadow tables and sqlite_sequence included), sorted."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        ]
        return {
            name: sorted((tuple(row) for row in conn.execute(f'SELECT * FROM "{name}"')), key=repr)
            for name in names
        }
    finally:
        conn.close()
