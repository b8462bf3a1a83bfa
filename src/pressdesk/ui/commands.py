"""Undoable changes to contacts, organisations and list members, for the window's
``QUndoStack``.

Each change is done first (so an error reaches the user before anything is pushed) and
then pushed with the facts needed to reverse it: snapshots from ``services.contacts``
(restored under the same ids) or an ``OrganizationUndo``. ``redo()`` after an undo
replays the change; the first ``redo()`` that ``push`` calls does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from pressdesk.services import contacts as contact_service
from pressdesk.services import lists as list_service
from pressdesk.services import organizations as org_service
from pressdesk.services.tags import tag_contacts
from pressdesk.ui.pages import PageContext
from pressdesk.ui.text import numerus

Snapshots = list[dict[str, Any]]


class StoreCommand(QUndoCommand):
    def __init__(self, ctx: PageContext, text: str) -> None:
        super().__init__(text)
        self.ctx = ctx
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.replay()

    def replay(self) -> None:
        raise NotImplementedError

    def _restore(self, snapshots: Snapshots, delete: Sequence[int] = ()) -> None:
        assert self.ctx.store is not None
        with self.ctx.store.uow() as uow:
            if delete:
                contact_service.delete_contacts(uow, delete)
            contact_service.restore(uow, snapshots)
            uow.commit()
        changed = [s["id"] for s in snapshots] + list(delete)
        self.ctx.events.contacts(changed)

    def _delete(self, ids: Sequence[int]) -> None:
        assert self.ctx.store is not None
        with self.ctx.store.uow() as uow:
            contact_service.delete_contacts(uow, ids)
            uow.commit()
        self.ctx.events.contacts(ids)


class ContactsRestored(StoreCommand):
    """A change described by the contacts before and after it (edit, create, delete, merge).

    ``before`` are snapshots of contacts as they were (empty for a new contact); ``after``
    snapshots of what exists afterwards; ``removed`` the ids the change deleted and
    ``added`` those it created.
    """

    def __init__(
        self,
        ctx: PageContext,
        text: str,
        *,
        before: Snapshots = (),  # type: ignore[assignment]
        after: Snapshots = (),  # type: ignore[assignment]
        removed: Sequence[int] = (),
        added: Sequence[int] = (),
    ) -> None:
        super().__init__(ctx, text)
        self.before = list(before)
        self.after = list(after)
        self.removed = list(removed)
        self.added = list(added)

    def undo(self) -> None:
        self._restore(self.before, delete=self.added)

    def replay(self) -> None:
        self._restore(self.after, delete=self.removed)


def create_contact(ctx: PageContext, data) -> int:
    assert ctx.store is not None
    with ctx.store.uow() as uow:
        contact = contact_service.create_contact(uow, data)
        uow.commit()
        after = contact_service.snapshot(contact)
    ctx.undo.push(
        ContactsRestored(
            ctx,
            QCoreApplication.translate("Commands", "Add {0}").format(after["display_name"]),
            after=[after],
            added=[after["id"]],
        )
    )
    ctx.events.contacts([after["id"]])
    return after["id"]


def update_contact(ctx: PageContext, contact_id: int, data, expected_version: int | None) -> None:
    assert ctx.store is not None
    with ctx.store.uow() as uow:
        before = contact_service.snapshot(contact_service.require(uow, contact_id))
        contact = contact_service.update_contact(
            uow, contact_id, data, expected_version=expected_version
        )
        uow.commit()
        after = contact_service.snapshot(contact)
    ctx.undo.push(
        ContactsRestored(
            ctx,
            QCoreApplication.translate("Commands", "Edit {0}").format(after["display_name"]),
            before=[before],
            after=[after],
        )
    )
    ctx.events.contacts([contact_id])


def delete_contacts(ctx: PageContext, ids: Sequence[int]) -> int:
    assert ctx.store is not None
    with ctx.store.uow() as uow:
        snapshots = contact_service.delete_contacts(uow, ids)
        uow.commit()
    if not snapshots:
        return 0
    text = (
        QCoreApplication.translate("Commands", "Delete {0}").format(snapshots[0]["display_name"])
        if len(snapshots) == 1
        else numerus("Commands", "Delete %Ln contact(s)", len(snapshots))
    )
    ctx.undo.push(
        ContactsRestored(ctx, text, before=snapshots, removed=[s["id"] for s in snapshots])
    )
    ctx.events.contacts([s["id"] for s in snapshots])
    return len(snapshots)


def merge_contacts(ctx: PageContext, ids: Sequence[int], choices) -> int:
    from pressdesk.services.merge_contacts import merge_contacts as merge

    assert ctx.store is not None
    with ctx.store.uow() as uow:
        merged, snapshots = merge(uow, ids, choices)
        uow.commit()
        after = contact_service.snapshot(merged)
    removed = [s["id"] for s in snapshots if s["id"] != after["id"]]
    ctx.undo.push(
        ContactsRestored(
            ctx,
            numerus("Commands", "Merge %Ln contact(s)", len(snapshots)),
            before=snapshots,
            after=[after],
            removed=removed,
        )
    )
    ctx.events.contacts([s["id"] for s in snapshots])
    return after["id"]


class TagsChanged(StoreCommand):
    def __init__(self, ctx, text, ids, add, remove, before) -> None:
        super().__init__(ctx, text)
        self.ids, self.add, self.remove, self.before = list(ids), add, remove, before

    def undo(self) -> None:
        self._restore(self.before)

    def replay(self) -> None:
        assert self.ctx.store is not None
        with self.ctx.store.uow() as uow:
            tag_contacts(uow, self.ids, self.add, self.remove)
            uow.commit()
        self.ctx.events.contacts(self.ids)


def change_tags(
    ctx: PageContext, ids: Sequence[int], add: Sequence[str] = (), remove: Sequence[str] = ()
) -> None:
    assert ctx.store is not None
    with ctx.store.uow() as uow:
        before = tag_contacts(uow, ids, add, remove)
        uow.commit()
    words = ", ".join([*add, *remove])
    text = (
        numerus("Commands", "Tag %Ln contact(s) {0}", len(ids)).format(words)
        if add
        else numerus("Commands", "Untag %Ln contact(s) {0}", len(ids)).format(words)
    )
    ctx.undo.push(TagsChanged(ctx, text, ids, list(add), list(remove), before))
    ctx.events.contacts(ids)


class OrganisationsChanged(StoreCommand):
    def __init__(self, ctx, text, undo_facts, again: Callable[[Any], Any]) -> None:
        super().__init__(ctx, text)
        self.facts = undo_facts
        self.again = again

    def undo(self) -> None:
        assert self.ctx.store is not None
        with self.ctx.store.uow() as uow:
            org_service.restore_organizations(uow, self.facts)
            uow.commit()
        self.ctx.events.contacts(None)

    def replay(self) -> None:
        assert self.ctx.store is not None
        with self.ctx.store.uow() as uow:
            self.facts = self.again(uow)
            uow.commit()
        self.ctx.events.contacts(None)


def rename_organisation(ctx: PageContext, organisation_id: int, name: str) -> None:
    assert ctx.store is not None

    def again(uow):
        return org_service.rename_organization(uow, organisation_id, name)

    with ctx.store.uow() as uow:
        facts = again(uow)
        uow.commit()
    old = facts.organizations[0]["name"]
    text = QCoreApplication.translate("Commands", "Rename {0} to {1}").format(old, name)
    ctx.undo.push(OrganisationsChanged(ctx, text, facts, again))
    ctx.events.contacts(None)


def merge_organisations(ctx: PageContext, ids: Sequence[int], into_id: int) -> None:
    assert ctx.store is not None

    def again(uow):
        return org_service.merge_organizations(uow, ids, into_id)

    with ctx.store.uow() as uow:
        facts = again(uow)
        uow.commit()
    text = numerus("Commands", "Merge %Ln organisation(s)", len(facts.organizations))
    ctx.undo.push(OrganisationsChanged(ctx, text, facts, again))
    ctx.events.contacts(None)


class MembersAdded(StoreCommand):
    """Contacts put on a list by hand; undo takes off only those this change added (and
    deletes the list if the change created it)."""

    def __init__(self, ctx, text, list_id: int, name: str, added, created: bool) -> None:
        super().__init__(ctx, text)
        self.list_id, self.name, self.added, self.created = list_id, name, list(added), created

    def undo(self) -> None:
        assert self.ctx.store is not None
        with self.ctx.store.uow() as uow:
            found = uow.lists.get(self.list_id)
            if found is not None:
                if self.created:
                    list_service.delete_list(uow, found)
                else:
                    list_service.remove_members(uow, found, self.added)
                uow.commit()
        self.ctx.events.lists_changed.emit()

    def replay(self) -> None:
        assert self.ctx.store is not None
        with self.ctx.store.uow() as uow:
            if self.created:
                found = list_service.create_list(uow, self.name)
                self.list_id = found.id
            else:
                found = list_service.require_list(uow, self.list_id)
            list_service.add_members(uow, found, self.added)
            uow.commit()
        self.ctx.events.lists_changed.emit()


def add_to_list(
    ctx: PageContext, ids: Sequence[int], list_id: int | None = None, new_name: str | None = None
) -> tuple[int, str]:
    """Put ``ids`` on the list ``list_id``, or on a new list called ``new_name``; returns
    how many were not on it yet, and the list's name."""
    assert ctx.store is not None
    with ctx.store.uow() as uow:
        if list_id is None:
            found = list_service.create_list(uow, new_name or "")
        else:
            found = list_service.require_list(uow, list_id)
        present = set(uow.lists.member_ids(found.id))
        added = [i for i in dict.fromkeys(ids) if i not in present]
        count = list_service.add_members(uow, found, added)
        uow.commit()
        target, name = found.id, found.name
    if count or list_id is None:
        text = numerus("Commands", "Add %Ln contact(s) to {0}", count).format(name)
        ctx.undo.push(MembersAdded(ctx, text, target, name, added, created=list_id is None))
    ctx.events.lists_changed.emit()
    return count, name
