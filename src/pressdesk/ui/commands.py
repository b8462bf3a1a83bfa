"""Undoable changes to contacts, organisations and list members, for the window's
``QUndoStack``.

Each change is done first (so an error reaches the user before anything is pushed) and
then pushed with the facts needed to reverse it: snapshots from ``services.contacts``
(restored under the same ids) or an ``OrganizationUndo``. ``redo()`` after an undo
replays the change; the first ``redo()`` that ``push`` calls does nothing.

A change to many contacts (deleting, tagging, putting on a list, and undoing or redoing
those) runs in the background behind a window-modal progress dialog (see
:func:`run_change`): the window keeps painting, and nothing else can change the store
meanwhile. Cancel is offered before the change is committed; an undo or redo, once
started, runs to its end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QProgressDialog

from pressdesk.services import contacts as contact_service
from pressdesk.services import lists as list_service
from pressdesk.services import organizations as org_service
from pressdesk.services.tags import tag_contacts
from pressdesk.ui.jobs import Cancelled, Progress
from pressdesk.ui.pages import PageContext
from pressdesk.ui.text import numerus

if TYPE_CHECKING:
    from pressdesk.store import Store, UnitOfWork

Snapshots = list[dict[str, Any]]
T = TypeVar("T")

#: Changes to more contacts than this run in the background (deleting 10,000 takes
#: about ten seconds: SQLite updates a dozen indexes and the search index per contact).
BACKGROUND_OVER = 500
#: Contacts changed between two progress reports (and chances to cancel).
CHUNK = 250


class _NoProgress:
    """What a change done at once is given instead of a job's progress."""

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        pass


def chunks(items: Sequence[T], progress: Progress | _NoProgress) -> Iterator[Sequence[T]]:
    """``items`` in chunks, reporting before each (where Cancel takes effect)."""
    for start in range(0, len(items), CHUNK):
        progress.report(start, len(items))
        yield items[start : start + CHUNK]
    progress.report(len(items), len(items))


def in_chunks(
    store: Store, ids: Sequence[int], step: Callable[[UnitOfWork, Sequence[int]], Any]
) -> Callable[[Progress | _NoProgress], Snapshots]:
    """The store part of a change to many contacts, for :func:`run_change`: ``step(uow,
    chunk)`` for each chunk of ``ids`` in one unit of work, committed after the last; the
    snapshots the steps return, gathered."""

    def work(progress: Progress | _NoProgress) -> Snapshots:
        gathered: Snapshots = []
        with store.uow() as uow:
            for chunk in chunks(ids, progress):
                gathered += step(uow, chunk) or []
            uow.commit()
        return gathered

    return work


def run_change(
    ctx: PageContext,
    title: str,
    count: int,
    work: Callable[[Any], Any],
    done: Callable[[Any], None],
    *,
    cancellable: bool = True,
) -> None:
    """Run ``work(progress)``, the store part of a change, then ``done(result)`` on the
    GUI thread: at once for a few contacts, in the background behind a window-modal
    progress dialog for more than :data:`BACKGROUND_OVER`. ``work`` commits its own unit
    of work, after its last progress report, so a Cancel leaves the store unchanged."""
    if count <= BACKGROUND_OVER or ctx.window is None:
        done(work(_NoProgress()))
        return
    dialog = QProgressDialog(title, QCoreApplication.translate("Commands", "Cancel"), 0, 0)
    dialog.setParent(ctx.window, dialog.windowFlags())
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    # Shown at once: it is what keeps other changes (an undo, an edit) out meanwhile.
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)

    def progressed(finished: int, total: int, _text: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(finished)

    def finish(result: Any) -> None:
        dialog.close()
        dialog.deleteLater()
        done(result)

    def failed(error: BaseException) -> None:
        dialog.close()
        dialog.deleteLater()
        if isinstance(error, Cancelled):
            ctx.notify(QCoreApplication.translate("Commands", "Cancelled: nothing was changed."))
            return
        QMessageBox.warning(ctx.window, title, str(error))

    job = ctx.jobs.run(title, work, on_done=finish, on_error=failed, on_progress=progressed)
    if cancellable:  # an undo or redo, once begun, is not cut short by Esc either
        dialog.canceled.connect(job.cancel)
    dialog.show()


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
        store = self.ctx.store
        assert store is not None
        delete = list(delete)
        changed = [s["id"] for s in snapshots] + delete

        def work(progress: Progress | _NoProgress) -> None:
            with store.uow() as uow:
                for chunk in chunks(delete, progress):
                    contact_service.delete_contacts(uow, chunk)
                for part in chunks(snapshots, progress):
                    contact_service.restore(uow, list(part))
                uow.commit()

        run_change(
            self.ctx,
            self.text(),
            len(changed),
            work,
            lambda _result: self.ctx.events.contacts(changed),
            cancellable=False,
        )


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


def delete_contacts(
    ctx: PageContext, ids: Sequence[int], then: Callable[[int], None] | None = None
) -> None:
    """Delete ``ids`` (in the background when they are many); ``then`` gets how many
    were deleted, once they are."""
    store = ctx.store
    assert store is not None
    ids = list(ids)

    def done(snapshots: Snapshots) -> None:
        if snapshots:
            text = (
                QCoreApplication.translate("Commands", "Delete {0}").format(
                    snapshots[0]["display_name"]
                )
                if len(snapshots) == 1
                else numerus("Commands", "Delete %Ln contact(s)", len(snapshots))
            )
            ctx.undo.push(
                ContactsRestored(ctx, text, before=snapshots, removed=[s["id"] for s in snapshots])
            )
            ctx.events.contacts([s["id"] for s in snapshots])
        if then is not None:
            then(len(snapshots))

    title = numerus("Commands", "Deleting %Ln contact(s)…", len(ids))
    run_change(ctx, title, len(ids), in_chunks(store, ids, contact_service.delete_contacts), done)


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
        store = self.ctx.store
        assert store is not None

        def step(uow: UnitOfWork, chunk: Sequence[int]) -> None:
            tag_contacts(uow, chunk, self.add, self.remove)

        run_change(
            self.ctx,
            self.text(),
            len(self.ids),
            in_chunks(store, self.ids, step),
            lambda _result: self.ctx.events.contacts(self.ids),
            cancellable=False,
        )


def change_tags(
    ctx: PageContext, ids: Sequence[int], add: Sequence[str] = (), remove: Sequence[str] = ()
) -> None:
    store = ctx.store
    assert store is not None
    ids = list(ids)

    def step(uow: UnitOfWork, chunk: Sequence[int]) -> Snapshots:
        return tag_contacts(uow, chunk, add, remove)

    words = ", ".join([*add, *remove])
    text = (
        numerus("Commands", "Tag %Ln contact(s) {0}", len(ids)).format(words)
        if add
        else numerus("Commands", "Untag %Ln contact(s) {0}", len(ids)).format(words)
    )

    def done(before: Snapshots) -> None:
        ctx.undo.push(TagsChanged(ctx, text, ids, list(add), list(remove), before))
        ctx.events.contacts(ids)

    run_change(ctx, text + "…", len(ids), in_chunks(store, ids, step), done)


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
