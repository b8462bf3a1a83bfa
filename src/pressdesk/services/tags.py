"""Bulk tagging of contacts, reversible through the contacts' snapshots."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pressdesk.services.contacts import snapshot
from pressdesk.store.contacts import tag_key
from pressdesk.store.uow import UnitOfWork


def tag_contacts(
    uow: UnitOfWork,
    ids: Sequence[int],
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Add and remove tags on contacts; returns their snapshots from before, for undo."""
    adding = uow.tags.get_or_create(add)
    removing = {tag_key(name) for name in remove if name.strip()}
    contacts = uow.contacts.get_many(ids)
    before = [snapshot(c) for c in contacts]
    with uow.session.no_autoflush:
        for contact in contacts:
            kept = [t for t in contact.tags if tag_key(t.name) not in removing]
            have = {t.name for t in kept}
            contact.tags = kept + [t for t in adding if t.name not in have]
    uow.flush()
    uow.tags.prune()
    return before
