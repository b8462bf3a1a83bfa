"""An import killed half-way (power cut, ``kill -9``) leaves the store as it was and intact.

A real ``pressdesk import`` process writes a large file; once its transaction has started
spilling pages into the ``-wal`` file it is killed with SIGKILL, and the store is checked
with SQLite's own integrity checks, the search index's, and by using it again.
"""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pressdesk.services import import_batches
from pressdesk.services import import_contacts as service
from pressdesk.store import Store

from .import_samples import add_contact, contacts_by_name, dump_sqlite, write_csv

ROWS = 20_000


def _large_file(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Organization", "Role", "Email", "Phone", "Country", "Notes"])
        for i in range(ROWS):
            writer.writerow(
                [
                    f"Person{i} Family{i % 977}",
                    f"Org {i % 300}",
                    "Editor",
                    f"p{i}@example.org",
                    f"+993 65 {i:06d}",
                    "Turkmenistan",
                    "notes " * 8,
                ]
            )
    return path


def _wal_size(db: Path) -> int:
    wal = db.with_name(db.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


@pytest.mark.slow
def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_kill_minus_nine_mid_import_leaves_store_unchanged(tmp_path, db_path):
    store = Store.open(db_path)
    kept = add_contact(store, "Dovlet Chariyev", emails=["dchariyev@iom.int"], tags=["UN"])
    store.close()
    before = dump_sqlite(db_path)
    big = _large_file(tmp_path / "big.csv")
    baseline = _wal_size(db_path)

    process = subprocess.Popen(
        [sys.executable, "-m", "pressdesk", "import", str(big), "--db", str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while _wal_size(db_path) < baseline + 256 * 1024:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the import never started writing"
            time.sleep(0.02)
        assert process.poll() is None, "the import finished before it could be killed"
        workers = _children(process.pid)
        assert workers, "a file this large is validated by worker processes"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        # Validation workers (large files) leave with the import, not linger as orphans.
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{pid}").exists() for pid in workers):
            assert time.monotonic() < deadline, f"worker processes outlived the import: {workers}"
            time.sleep(0.1)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        process.stdout.close()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # Raises sqlite3.DatabaseError if the external-content index disagrees with contacts.
        conn.execute("INSERT INTO contacts_fts(contacts_fts) VALUES('integrity-check')")
        conn.execute("INSERT INTO contacts_fts(contacts_fts, rank) VALUES('integrity-check', 1)")
    finally:
        conn.close()
    assert dump_sqlite(db_path) == before

    store = Store.open(db_path)
    try:
        with store.uow() as uow:
            assert uow.contacts.search_ids("Chariyev") == [kept]
            assert uow.contacts.search_ids("Family1") == []
            assert import_batches.list_batches(uow) == []
        # The store takes the next import as if nothing had happened.
        small = write_csv(tmp_path / "s.csv", [["Name", "Email"], ["Aigul", "aigul@undp.org"]])
        result = service.import_contacts(store, small)
        assert (result.batch, result.created) == (1, 1)
        assert set(contacts_by_name(store)) == {"Dovlet Chariyev", "Aigul"}
        with store.uow() as uow:
            assert len(uow.contacts.search_ids("aigul")) == 1
    finally:
        store.close()
