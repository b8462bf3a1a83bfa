"""Backups of a SQLite store, taken with SQLite's online backup API.

Copying the file while the program (or a sync client) writes to it can produce a torn copy,
and a WAL store keeps recent pages in ``-wal`` beside the file; the backup API reads a
consistent snapshot through SQLite itself. The copy is written next to its destination
under a temporary name and moved into place, so a failed or cancelled backup leaves
nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from pressdesk.services.errors import InvalidInput
from pressdesk.store import Store

#: ``progress(pages_done, pages_total)``; raising from it cancels the backup.
Progress = Callable[[int, int], None]


def suggested_backup_name(now: datetime | None = None) -> str:
    stamp = (now or datetime.now()).strftime("%Y-%m-%d-%H%M")
    return f"pressdesk-backup-{stamp}.sqlite3"


def backup_sqlite(
    source: str | os.PathLike[str],
    destination: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    pages_per_step: int = 256,
) -> Path:
    """Copy the SQLite database ``source`` to ``destination`` (replaced if it exists)."""
    source_path = Path(source).resolve()
    target = Path(destination).expanduser().resolve()
    if not source_path.is_file():
        raise InvalidInput(f"there is no store at {source_path}")
    if target == source_path:
        raise InvalidInput("a backup cannot overwrite the store it copies; choose another file")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY, 0o600))

    def report(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    try:
        src = sqlite3.connect(f"{source_path.as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst, pages=pages_per_step, progress=report)
                # A single file: the copy carries no -wal of its own.
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return target


def backup_store(
    store: Store, destination: str | os.PathLike[str], *, progress: Progress | None = None
) -> Path:
    """Back up an opened store; only SQLite stores are files that can be copied."""
    if store.dialect != "sqlite":
        raise InvalidInput(
            "this store is on a database server; back it up with the server's own tools"
        )
    return backup_sqlite(store.location, destination, progress=progress)
