"""The Releases page: the list of releases, and the editor it opens.

The list and the editor share the page (a stack): Enter or a double click opens a
release, "‹ Releases" comes back. New releases start empty, or from the clipboard
("Paste release" reads a release written as text, with its contact block, and matches
its people to the address book).
"""

from __future__ import annotations

import contextlib
import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pressdesk.domain.releases import Release
from pressdesk.services import releases as service
from pressdesk.services.errors import PressDeskError
from pressdesk.ui.empty_state import EmptyState
from pressdesk.ui.pages import PageContext
from pressdesk.ui.releases.editor import ReleaseEditor
from pressdesk.ui.releases.model import ReleasesModel


class ReleasesPage(QStackedWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("releasesPage")
        self.ctx = ctx
        self.query = ""
        self.status: str | None = None
        self.embargoed = False

        self.model = ReleasesModel(self)
        self.table = QTableView()
        self.table.setObjectName("releasesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(lambda index: self.open_release(self.model.id_at(index.row())))

        self.new_button = QPushButton(self.tr("&New release"))
        self.new_button.clicked.connect(self.new_release)
        self.paste_button = QPushButton(self.tr("&Paste release"))
        self.paste_button.setToolTip(
            self.tr("Make a release from text copied from a document or an e-mail")
        )
        self.paste_button.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.paste_button.clicked.connect(lambda: self.paste_release())
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.clicked.connect(lambda: self.open_release(self.current_id()))
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.paste_button, self.open_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()

        self.list_page = QWidget()
        column = QVBoxLayout(self.list_page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(buttons)
        column.addWidget(self.table, 1)
        self.empty = EmptyState(
            self.tr("No releases yet"),
            self.tr(
                "Write a press release once, in each of your languages, with its dateline, "
                "photo and contact block; export it to Word, PDF or e-mail. Copy a release "
                "you already have and paste it here to start from it."
            ),
            [
                (self.tr("Paste release"), lambda: self.paste_release()),
                (self.tr("New release"), self.new_release),
            ],
        )
        self.editor = ReleaseEditor(ctx)
        self.editor.closed.connect(self.show_list)
        self.editor.changed.connect(self._release_changed)
        for widget in (self.list_page, self.empty, self.editor):
            self.addWidget(widget)
        ctx.events.store_opened.connect(lambda _store: self.show_list())
        ctx.events.contacts_changed.connect(self._contacts_changed)
        self.reload()
        self.show_list()

    # -- the main window's page protocol --------------------------------------------------
    def search_placeholder(self) -> str:
        return self.tr("Search release titles…")

    def set_search(self, text: str) -> None:
        self.query = text
        self.reload()

    def set_filter(self, status: str | None = None, embargoed: bool = False) -> None:
        self.status, self.embargoed = status, embargoed
        self.reload()
        if self.currentWidget() is not self.editor:
            self.show_list()

    def reload(self) -> None:
        store = self.ctx.store
        if store is None:
            return
        keep = self.current_id()
        with store.uow() as uow:
            rows = uow.releases.list_rows(status=self.status, query=self.query)
            total = uow.releases.count()
        if self.embargoed:
            now = dt.datetime.now(dt.UTC)
            rows = [r for r in rows if r.embargo_utc is not None and r.embargo_utc > now]
        self.model.set_rows(rows)
        self._has_any = total > 0
        if keep is not None:
            self.select(keep)
        if self.currentWidget() is not self.editor:
            self.show_list()

    def focus_table(self) -> None:
        self.table.setFocus()

    def delete_selected(self, confirm: bool = True) -> None:
        if self.currentWidget() is self.editor:
            # The window's Delete shortcut reaches the page first: in the editor it
            # removes the person selected in the contact block.
            if self.editor.contacts.hasFocus():
                self.editor.contacts.remove_current()
            return
        release_id = self.current_id()
        store = self.ctx.store
        if release_id is None or store is None:
            return
        title = self.model.rows[self.model.row_of(release_id) or 0].title
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Delete release"),
                self.tr("Delete “{0}” in this language? This cannot be undone.").format(title),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        with store.uow() as uow:
            service.delete_release(uow, release_id)
            uow.commit()
        self.ctx.notify(self.tr("Release deleted."))
        self._release_changed(None)

    # -- list ------------------------------------------------------------------------------
    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select(self, release_id: int) -> None:
        row = self.model.row_of(release_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def show_list(self) -> None:
        has_any = getattr(self, "_has_any", False)
        self.setCurrentWidget(self.list_page if has_any else self.empty)

    def open_release(self, release_id: int | None) -> None:
        if release_id is None:
            return
        self.editor.load(release_id)
        self.setCurrentWidget(self.editor)
        self.editor.title.setFocus()

    def new_release(self) -> int | None:
        store = self.ctx.store
        if store is None:
            return None
        with store.uow() as uow:
            row = service.create_release(uow, Release(title=""))
            uow.commit()
            release_id = row.id
        self._release_changed(release_id)
        self.open_release(release_id)
        return release_id

    def paste_release(self, text: str | None = None) -> int | None:
        """A release from ``text`` (default: the clipboard), opened in the editor."""
        store = self.ctx.store
        if store is None:
            return None
        if text is None:
            text = QGuiApplication.clipboard().text()
        try:
            with store.uow() as uow:
                result = service.import_text(uow, text)
                uow.commit()
                release_id, created = result.release.id, result.created
                problems = [p.reason for p in result.parsed.problems]
        except PressDeskError as error:
            QMessageBox.warning(self, self.tr("Not a release"), str(error))
            return None
        if created:
            self.ctx.events.contacts(created)
        message = self.tr("Release pasted; {0} new contact(s).").format(len(created))
        if problems:
            message += " " + self.tr("Check: {0}").format("; ".join(problems))
        self.ctx.notify(message)
        self._release_changed(release_id)
        self.open_release(release_id)
        return release_id

    def _release_changed(self, release_id: int | None) -> None:
        self.reload()
        self.ctx.events.releases_changed.emit(release_id)

    def _contacts_changed(self, _ids) -> None:
        editing = self.currentWidget() is self.editor and not self.editor.dirty
        if editing and self.editor.release_id is not None:
            with contextlib.suppress(PressDeskError):
                self.editor.load(self.editor.release_id)

    def keyPressEvent(self, event) -> None:
        if self.currentWidget() is self.list_page and event.key() in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
        ):
            self.open_release(self.current_id())
            return
        super().keyPressEvent(event)
