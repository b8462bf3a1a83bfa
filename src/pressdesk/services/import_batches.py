"""Past imports: their history, their stored reports, and undo.

Each import is a batch (``ImportBatch``) with what it did to each contact
(``ImportChange``): created, or merged with the snapshot from before. Undo removes the
created contacts and puts merged ones back, refusing while any of them was edited since.

The batch lists the organisations the import created (``created_organizations`` in its
options): in bulk for the contacts it created, or through a merge that gave a stored
contact an organisation. Undo removes those no contact is left in, unless one was edited
after the import (renamed, kind set...). Batches recorded before that list existed are
undone as they always were: an organisation of the batch's contacts created between the
instant the import stamped on the contacts it created and the batch's own time is the
import's, and a batch that created no contact (merges only) leaves its organisations.
Tags exist only while a
contact carries them (``TagRepository.prune``).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, func, select, update

from pressdesk.services import contacts as contact_service
from pressdesk.services.errors import ConflictError, InvalidInput, NotFound
from pressdesk.store.models import Contact, ImportBatch, ImportChange, Organization, utcnow
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


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def undo_import(uow: UnitOfWork, batch_id: int) -> dict[str, int]:
    """Reverse an import: created contacts removed, merges reverted, and the organisations
    it created removed once empty.

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
    for chunk in _chunks(ids):
        rows = uow.session.execute(select(Contact.id, Contact.version).where(Contact.id.in_(chunk)))
        current.update((contact_id, version) for contact_id, version in rows)
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
    recorded: list[int] | None = (batch.options or {}).get("created_organizations")
    organizations: set[int] = set()
    started: datetime | None = None
    if recorded is None:  # a batch from before the list: its organisations, by time
        organizations = _organizations_of(uow, list(current))
        started = _created_at(uow, created)
    for chunk in _chunks(created):
        uow.session.execute(
            delete(Contact)
            .where(Contact.id.in_(chunk))
            .execution_options(synchronize_session=False)
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
    if recorded is not None:
        _remove_empty_organizations(uow, batch_id, recorded, None)
    elif started is not None:
        _remove_empty_organizations(uow, batch_id, organizations, started)
    uow.tags.prune()
    uow.session.execute(
        update(ImportBatch).where(ImportBatch.id == batch_id).values(undone_at=utcnow())
    )
    uow.flush()
    return {"removed": len(created), "reverted": len(merged)}


def _organizations_of(uow: UnitOfWork, contact_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(contact_ids):
        found.update(
            uow.session.scalars(
                select(Contact.organization_id)
                .where(Contact.id.in_(chunk), Contact.organization_id.is_not(None))
                .distinct()
            )
        )
    return found


def _created_at(uow: UnitOfWork, contact_ids: list[int]) -> datetime | None:
    """The instant the import stamped on the contacts it created (``None`` for none)."""
    stamps = [
        uow.session.scalar(select(func.min(Contact.created_at)).where(Contact.id.in_(chunk)))
        for chunk in _chunks(contact_ids)
    ]
    return min((s for s in stamps if s is not None), default=None)


def _remove_empty_organizations(
    uow: UnitOfWork, batch_id: int, candidates: Iterable[int], started: datetime | None
) -> None:
    """Delete the organisations among ``candidates`` that have no contact left, unless
    they were changed after the import (renamed, kind set...). With ``started`` (a batch
    that did not list its organisations), only those created between that instant and the
    batch's: the ones the import created."""
    recorded = select(ImportBatch.created_at).where(ImportBatch.id == batch_id).scalar_subquery()
    created = (
        [Organization.created_at >= started, Organization.created_at <= recorded]
        if started is not None
        else []
    )
    for chunk in _chunks(sorted(candidates)):
        uow.session.execute(
            delete(Organization)
            .where(
                Organization.id.in_(chunk),
                *created,
                Organization.updated_at <= recorded,
                ~exists().where(Contact.organization_id == Organization.id),
            )
            .execution_options(synchronize_session=False)
        )
