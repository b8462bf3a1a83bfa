"""The Organisations page: organisations with their contact counts, and their contacts.

Organisations number in the hundreds or low thousands, so their model holds them all and
sorts in Python; their contacts use the id-only :class:`ContactsModel`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QByteArray,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pressdesk.services.errors import PressDeskError
from pressdesk.store.contacts import ContactFilter, SortKey
from pressdesk.ui import commands
from pressdesk.ui.contacts_model import COLUMNS, ContactsModel
from pressdesk.ui.contacts_view import ContactsTable
from pressdesk.ui.empty_state import EmptyState
from pressdesk.ui.pages import PageContext
from pressdesk.ui.text import numerus

ID_ROLE = Qt.ItemDataRole.UserRole


class OrganisationsModel(QAbstractTableModel):
    HEADERS = (
        QT_TRANSLATE_NOOP("OrganisationsModel", "Organisation"),
        QT_TRANSLATE_NOOP("OrganisationsModel", "Contacts"),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int, str, int]] = []
        self._column = 0
        self._descending = False

    def set_rows(self, rows: list[tuple[int, str, int]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._sort_rows()
        self.endResetModel()

    def _sort_rows(self) -> None:
        if self._column == 1:
            self._rows.sort(key=lambda r: (r[2], r[1].casefold()), reverse=self._descending)
        else:
            self._rows.sort(key=lambda r: r[1].casefold(), reverse=self._descending)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in (0, 1):
            return
        self._column, self._descending = column, order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[i.row()][0] for i in persistent]
        self._sort_rows()
        positions = {r[0]: n for n, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent,
            [self.index(positions[i], p.column()) for i, p in zip(ids, persistent, strict=True)],
        )
        self.layoutChanged.emit()

    def id_at(self, row: int) -> int | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def name_at(self, row: int) -> str:
        return self._rows[row][1] if 0 <= row < len(self._rows) else ""

    def row_of(self, organisation_id: int) -> int | None:
        return next((n for n, r in enumerate(self._rows) if r[0] == organisation_id), None)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 2:
            return self.tr(self.HEADERS[section])
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        organisation_id, name, count = self._rows[index.row()]
        if role == ID_ROLE:
            return organisation_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return name if index.column() == 0 else QLocale().toString(count)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class OrganisationsPage(QSplitter):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.ctx = ctx
        self.setObjectName("organisationsPage")
        self.setChildrenCollapsible(False)
        self._query = ""
        self.model = OrganisationsModel(self)
        self.table = QTableView()
        self.table.setObjectName("organisationsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        self.table.setSortingEnabled(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)

        self.rename_button = QPushButton(self.tr("Rename…"))
        self.rename_button.setToolTip(self.tr("Rename the organisation (F2)"))
        self.rename_button.clicked.connect(self.rename_selected)
        self.merge_button = QPushButton(self.tr("Merge…"))
        self.merge_button.setToolTip(self.tr("Merge the selected organisations into one"))
        self.merge_button.clicked.connect(self.merge_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.merge_button)
        buttons.addStretch()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)

        self.empty = EmptyState(
            self.tr("No organisations yet"),
            self.tr(
                "An organisation is the newsroom, agency or ministry a contact works for. "
                "Each one comes from the Organisation field of the contacts you add or "
                "import, and lists its people here. Rename one, or merge spellings of the "
                "same agency (“IOM”, “IOM Turkmenistan”) into one."
            ),
        )
        self.empty.add_action(self.tr("Import a spreadsheet…"), ctx.actions.get("import"))
        self.empty.add_action(self.tr("Add a contact…"), ctx.actions.get("new_contact"))
        # Shown across the whole page (the contacts hidden): its text's fixed width must
        # not widen the organisations column when it is not.
        self.empty.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.stack = QStackedWidget()
        self.stack.addWidget(left)
        self.stack.addWidget(self.empty)

        self.contacts_model = ContactsModel(ctx.store, self, ctx.jobs)
        self.contacts = ContactsTable(self.contacts_model)
        self.contacts.setObjectName("organisationContacts")
        for key in (SortKey.ORGANIZATION, SortKey.TAGS):  # shown on the left; on Contacts
            self.contacts.setColumnHidden(
                next(n for n, c in enumerate(COLUMNS) if c.key == key), True
            )
        # Hiding columns reads as the user sizing them; no layout is saved, so fit them.
        self.contacts.restore_header(QByteArray())
        self.addWidget(self.stack)
        self.addWidget(self.contacts)
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 3)
        self.setSizes([420, 660])

        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.rename_selected())
        ctx.events.store_opened.connect(self._store_opened)
        ctx.events.organisations_changed.connect(self.reload)
        ctx.events.contacts_changed.connect(lambda _ids: self.contacts_model.refresh())
        self.reload()

    # -- page protocol -------------------------------------------------------------------
    def search_placeholder(self) -> str:
        return self.tr("Search organisations…")

    def set_search(self, text: str) -> None:
        if text != self._query:
            self._query = text
            self.reload()

    def reload(self) -> None:
        selected = self.selected_ids()
        rows: list[tuple[int, str, int]] = []
        if self.ctx.store is not None:
            with self.ctx.store.uow() as uow:
                rows = [
                    (org.id, org.name, count)
                    for org, count in uow.organizations.list_with_counts(self._query)
                ]
        self.model.set_rows(rows)
        empty = not rows and not self._query
        self.stack.setCurrentWidget(self.empty if empty else self.stack.widget(0))
        self.contacts.setVisible(not empty)
        self.select_ids(selected or ([rows[0][0]] if rows else []))

    def _store_opened(self, store) -> None:
        self.contacts_model.set_store(store)
        self.reload()

    # -- selection -----------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def select_ids(self, ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        first = True
        for organisation_id in ids:
            row = self.model.row_of(organisation_id)
            if row is None:
                continue
            index = self.model.index(row, 0)
            selection.select(index, flags)
            if first:
                selection.setCurrentIndex(index, selection.SelectionFlag.NoUpdate)
                self.table.scrollTo(index)
                first = False
        self._selection_changed()

    def _selection_changed(self, *_args) -> None:
        ids = self.selected_ids()
        organisation_id = ids[0] if len(ids) == 1 else -1
        self.contacts_model.set_filter(ContactFilter(organization_id=organisation_id))
        self.rename_button.setEnabled(len(ids) == 1)
        self.merge_button.setEnabled(len(ids) >= 2)

    # -- actions -------------------------------------------------------------------------
    def rename_selected(self, name: str | None = None) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        old = self.model.name_at(self.model.row_of(ids[0]) or 0)
        if name is None:
            name, ok = QInputDialog.getText(
                self,
                self.tr("Rename organisation"),
                self.tr("New name for {0}:").format(old),
                text=old,
            )
            if not ok:
                return
        if " ".join(name.split()) == old:
            return
        try:
            commands.rename_organisation(self.ctx, ids[0], name)
        except PressDeskError as error:
            QMessageBox.warning(self, self.tr("Could not rename"), str(error))
            return
        self.select_ids(ids)

    def merge_selected(self, into_id: int | None = None) -> None:
        ids = self.selected_ids()
        if len(ids) < 2:
            self.ctx.notify(self.tr("Select two or more organisations to merge."))
            return
        if into_id is None:
            names = [self.model.name_at(self.model.row_of(i) or 0) for i in ids]
            name, ok = QInputDialog.getItem(
                self,
                self.tr("Merge organisations"),
                self.tr("Keep which name? The others' contacts move to it."),
                names,
                0,
                False,
            )
            if not ok:
                return
            into_id = ids[names.index(name)]
        try:
            commands.merge_organisations(self.ctx, ids, into_id)
        except PressDeskError as error:
            QMessageBox.warning(self, self.tr("Could not merge"), str(error))
            return
        self.select_ids([into_id])
        self.ctx.notify(
            numerus("OrganisationsPage", "Merged %Ln organisation(s). Undo with Ctrl+Z.", len(ids))
        )
