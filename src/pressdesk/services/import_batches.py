"""Past imports: their history, their stored reports, and undo.

Each import is a batch (``ImportBatch``) with what it did to each contact
(``ImportChange``): created, or merged with the snapshot from before. Undo removes the
created contacts and puts merged ones back, refusing while any of them was edited since.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass

from sqlalchemy import select, update

from pressdesk.services import contacts as contact_service
from pressdesk.services.errors import ConflictError, InvalidInput, NotFound
from pressdesk.store.models import Contact, ImportBatch, ImportChange, utcnow
from pressdesk.store.uow import UnitOfWork


@dataclass(frozen=True)
class BatchSummary:
    id: int
    file_name: str
    format: str
    created_at: str
    counts: dict[str, int]
    undone: bool


def list_batches(uow: UnitOfWork) -> list[BatchSummary]:
    batches = uow.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()))
    return [
        BatchSummary(
            b.id,
            b.file_name,
            b.format,
            b.created_at.isoformat(),
            dict(b.counts),
            b.undone_at is not None,
        )
        for b in batches
    ]


def batch_report(uow: UnitOfWork, batch_id: int) -> str:
    batch = uow.session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(f"no import batch {batch_id}")
    return gzip.decompress(batch.report).decode("utf-8") if batch.report else ""


def batch_contact_ids(uow: UnitOfWork, batch_id: int) -> list[int]:
    """Contacts an import created or merged into (for "add to list from an import")."""
    return list(
        uow.session.scalars(
            select(ImportChange.contact_id).where(ImportChange.batch_id == batch_id)
        )
    )


def _edited(count: int) -> str:
    return f"{count} of its contacts {'was' if count == 1 else 'were'} edited"


def undo_import(uow: UnitOfWork, batch_id: int) -> dict[str, int]:
    """Reverse an import: created contacts removed, merges reverted.

    Refuses, changing nothing, when any of its contacts was edited since.
    """
    batch = uow.session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFound(f"no import batch {batch_id}")
    if batch.undone_at is not None:
        raise InvalidInput(f"import {batch_id} was already undone")
    changes = list(
        uow.session.scalars(select(ImportChange).where(ImportChange.batch_id == batch_id))
    )
    current: dict[int, int] = {}
    ids = [c.contact_id for c in changes]
    for start in range(0, len(ids), 500):
        current.update(
            uow.session.execute(
                select(Contact.id, Contact.version).where(Contact.id.in_(ids[start : start + 500]))
            ).all()
        )
    edited = [
        c.contact_id
        for c in changes
        if current.get(c.contact_id, c.version_after) != c.version_after
    ]
    if edited:
        shown = ", ".join(f"#{i}" for i in edited[:10]) + (" ..." if len(edited) > 10 else "")
        raise ConflictError(
            f"import {batch_id} cannot be undone: {_edited(len(edited))} since ({shown}); "
            "undo those edits or change the contacts by hand"
        )
    created = [c.contact_id for c in changes if c.action == "created" and c.contact_id in current]
    for start in range(0, len(created), 500):
        uow.session.execute(
            Contact.__table__.delete().where(Contact.id.in_(created[start : start + 500]))
        )
    merged = [c for c in changes if c.action == "merged" and c.before]
    restored = contact_service.restore(uow, [c.before or {} for c in merged])
    for change, contact in zip(merged, restored, strict=True):
        # Back as an earlier import left it: that import stays undoable.
        uow.session.execute(
            update(ImportChange)
            .where(
                ImportChange.contact_id == contact.id,
                ImportChange.batch_id != batch_id,
                ImportChange.version_after == (change.before or {}).get("version", -1),
            )
            .values(version_after=contact.version)
        )
    uow.tags.prune()
    uow.session.execute(
        update(ImportBatch).where(ImportBatch.id == batch_id).values(undone_at=utcnow())
    )
    uow.flush()
    return {"removed": len(created), "reverted": len(merged)}
