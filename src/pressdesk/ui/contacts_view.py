"""The Contacts page: the table of the current search, its details pane, and its actions."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPointF,
    QRect,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyleOptionFocusRect,
    QTableView,
    QWidget,
)

from pressdesk.services import contacts as contact_service
from pressdesk.services.errors import PressDeskError
from pressdesk.store.contacts import ContactFilter, SortKey
from pressdesk.ui import commands
from pressdesk.ui.contact_editor import ContactEditor
from pressdesk.ui.contacts_model import COLUMNS, PROBLEMS_COLUMN, ContactsModel
from pressdesk.ui.details import DetailsPane
from pressdesk.ui.empty_state import EmptyState
from pressdesk.ui.pages import PageContext
from pressdesk.ui.text import numerus

#: Above this many selected rows the selection is not carried across a reload.
KEEP_SELECTION_LIMIT = 5000
#: Elided cell texts kept (by text and width) before they are forgotten all at once.
ELISIONS_KEPT = 5000
_LEADING = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine
_CENTRED = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextSingleLine
# Latin, Greek and Cyrillic: laid out one character after the other.
_SIMPLE_SCRIPTS_END = "\u052f"
#: Bounds of a fitted column's width, in pixels.
MIN_FITTED = 60
MAX_FITTED = 360
#: When not all fits, these columns (by model column) are shown whole first, in this
#: order, while together they take at most three fifths of the width: cut short, a
#: phone number or a country says nothing, an organisation or a role still does.
WHOLE_FIRST = tuple(
    next(i for i, c in enumerate(COLUMNS) if c.key == key)
    for key in (SortKey.COUNTRY, SortKey.PHONE, SortKey.NAME, SortKey.EMAIL)
)


def _share(wants: dict[int, int], available: int) -> dict[int, int]:
    """Widths for ``wants`` (column: pixels its text needs) adding up to ``available``."""
    total = sum(wants.values())
    if total <= available:
        widths = {c: w * available // total for c, w in wants.items()}
    else:
        widths = {}
        for column in WHOLE_FIRST:
            if column in wants and sum(widths.values()) + wants[column] <= available * 3 // 5:
                widths[column] = wants[column]
        rest = sorted((c for c in wants if c not in widths), key=wants.__getitem__)
        room = available - sum(widths.values())
        for left, column in zip(range(len(rest), 0, -1), rest, strict=True):
            widths[column] = max(MIN_FITTED, min(wants[column], room // left))
            room -= widths[column]
    last = max(widths)
    widths[last] = max(MIN_FITTED, widths[last] + available - sum(widths.values()))
    return widths


class ContactsTable(QTableView):
    """A table over a :class:`ContactsModel` that sorts in SQL and keeps its selection by id."""

    selection_changed = Signal(list)
    activated_contact = Signal(int)

    def __init__(self, model: ContactsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contacts = model
        self.setModel(model)
        self.setObjectName("contactsTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setTabKeyNavigation(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        for column, spec in enumerate(COLUMNS):
            header.resizeSection(column, spec.width)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Fixed)
        self.setSortingEnabled(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self._kept: tuple[list[int], int | None] = ([], None)
        #: A selection to finish restoring once the rest of a search's rows came, and
        #: the part of it restored from the first screen.
        self._unfinished: tuple[list[int], int | None, list[int]] | None = None
        self._wants: dict[int, int] = {}
        self._elisions: dict[tuple[str, int], str] = {}
        self._advances: dict[str, float] = {}
        #: What the last paint showed, and its picture (see ``_paint_rows``).
        self._picture: tuple[tuple, QPixmap] | None = None
        self._fitted = False
        self._fitting = False
        header.sectionResized.connect(self._section_resized)
        model.modelAboutToBeReset.connect(self._remember_selection)
        model.modelReset.connect(self._restore_selection)
        model.modelReset.connect(self._first_rows)
        model.rowsInserted.connect(self._rest_of_rows)
        self.selectionModel().selectionChanged.connect(self._selection_changed)
        self.doubleClicked.connect(self._double_clicked)

    def selected_ids(self) -> list[int]:
        # From the selection's ranges, not selectedRows(): that makes an index for every
        # selected row and asks the model about each (seconds for "select all").
        rows: set[int] = set()
        for selected in self.selectionModel().selection():
            rows.update(range(selected.top(), selected.bottom() + 1))
        ids = self.contacts.ids
        return [ids[r] for r in sorted(rows) if r < len(ids)]

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return self.contacts.id_at(index.row()) if index.isValid() else None

    def select_ids(self, ids: list[int], current: int | None = None) -> None:
        rows = self.contacts.rows_of(ids)
        selection = QItemSelection()
        last = self.contacts.columnCount() - 1
        start = previous = None
        for row in [*rows, None]:
            if start is not None and (row is None or row != previous + 1):
                selection.select(self.contacts.index(start, 0), self.contacts.index(previous, last))
                start = None
            if start is None:
                start = row
            previous = row
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.selectionModel().select(selection, flags)
        current_rows = self.contacts.rows_of([current]) if current is not None else rows[:1]
        if current_rows:
            self.selectionModel().setCurrentIndex(
                self.contacts.index(current_rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.scrollTo(self.contacts.index(current_rows[0], 0))

    def _remember_selection(self) -> None:
        ids = self.selected_ids()
        if self._unfinished is not None and self._unfinished[2] == ids:
            self._kept = self._unfinished[:2]  # still waiting for the rest of its rows
        else:
            self._kept = (ids if len(ids) <= KEEP_SELECTION_LIMIT else [], self.current_id())
        self._unfinished = None

    def _restore_selection(self) -> None:
        # Lay the rows out now rather than from Qt's zero-delay timer after the first
        # paint: the new scroll range then lands in that paint instead of a second one.
        self.executeDelayedItemsLayout()
        ids, current = self._kept
        if ids:
            self.select_ids(ids, current)
            if self.contacts.growing and len(self.contacts.rows_of(ids)) < len(ids):
                self._unfinished = (ids, current, self.selected_ids())
        self._selection_changed()

    def _rest_of_rows(self, *_args) -> None:
        """The rest of a search's rows came: select the kept contacts among them, unless
        the user chose another selection meanwhile."""
        unfinished, self._unfinished = self._unfinished, None
        if unfinished is not None and unfinished[2] == self.selected_ids():
            self.select_ids(unfinished[0], unfinished[1])

    def _selection_changed(self, *_args) -> None:
        self.selection_changed.emit(self.selected_ids())

    def _double_clicked(self, index) -> None:
        contact_id = self.contacts.id_at(index.row())
        if contact_id is not None:
            self.activated_contact.emit(contact_id)

    def restore_header(self, state) -> bool:
        """Restore a saved column layout; the columns are then not fitted to the width."""
        self._fitted = True  # restoring sorts, and the new rows must not refit the columns
        self._fitted = bool(self.horizontalHeader().restoreState(state))
        return self._fitted

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.contacts.set_screen_rows(
            self.viewport().height() // max(1, self.verticalHeader().defaultSectionSize()) + 1
        )
        if not self._fitted and self.viewport().width() > 200:
            self.fit_columns()

    def _first_rows(self) -> None:
        if not self._wants and not self._fitted and self.contacts.rowCount():
            self.fit_columns()

    def _section_resized(self, *_args) -> None:
        if not self._fitting:
            self._fitted = True  # the user sized a column: keep their layout

    def _content_widths(self) -> dict[int, int]:
        """What each column needs to show its header and the visible rows whole; measured
        once, from the first rows shown, so the layout does not jump with each search."""
        if self._wants:
            return self._wants
        header = self.horizontalHeader()
        if not self.contacts.rowCount():
            return {c: spec.width for c, spec in enumerate(COLUMNS)}
        self._wants = {
            c: min(
                MAX_FITTED, max(MIN_FITTED, header.sectionSizeHint(c), self.sizeHintForColumn(c))
            )
            for c in range(len(COLUMNS))
        }
        return self._wants

    def fit_columns(self) -> None:
        """Share the viewport's width among the columns, leaving none of it empty: short
        columns (country, phone, name) get what their text needs, the long ones share
        the rest evenly, and room to spare goes to all in proportion. Done on every
        resize until the user sizes a column or a saved layout is restored."""
        header = self.horizontalHeader()
        fixed = COLUMNS[-1].width
        available = self.viewport().width() - fixed
        shown = [c for c in range(len(COLUMNS) - 1) if not header.isSectionHidden(c)]
        if not shown or available <= 0:
            return
        wants = self._content_widths()
        widths = _share({c: wants[c] for c in shown}, available)
        self._fitting = True
        try:
            for column, width in widths.items():
                header.resizeSection(column, width)
            header.resizeSection(len(COLUMNS) - 1, fixed)
        finally:
            self._fitting = False

    def paintEvent(self, event) -> None:
        if self.contacts.rowCount():
            self._paint_rows()
        else:
            super().paintEvent(event)
        if self.contacts.growing:
            QTimer.singleShot(0, self.contacts.read_rest)  # once this paint is on screen

    def _paint_rows(self) -> None:
        """Paint the visible rows in one pass over the model's cached rows.

        QTableView's own paint asks the delegate for every cell, which asks the model for
        some ten roles (each a call from C++ into Python) and lays each text out three
        times: about 22 ms for a 1280x800 window of new rows, most of a search
        keystroke. Here each cell is one elided text (elided once per width) drawn in
        its colour, over the row's alternating, selected or plain background, with the
        style's focus frame on the current row: about half of that. Tool tips,
        accessibility and sizes still come from the model's roles.

        The picture is kept with what it shows (rows, their data, selection, geometry,
        palette, font, focus): a repaint showing the same, such as the one after a
        search's whole list is appended below the screen, is a copy of it."""
        viewport = self.viewport()
        model = self.contacts
        vertical, header = self.verticalHeader(), self.horizontalHeader()
        first = vertical.visualIndexAt(0)
        if first < 0:
            return
        last = vertical.visualIndexAt(viewport.height() - 1)
        if last < 0:
            last = model.rowCount() - 1
        columns = tuple(
            (logical, header.sectionViewportPosition(logical), header.sectionSize(logical))
            for logical in (header.logicalIndex(v) for v in range(header.count()))
            if not header.isSectionHidden(logical)
        )
        selected = self._selected_rows(first, last)
        rows = []
        for row in range(first, last + 1):
            found = model.row_entry(row)
            if found is None:
                break
            rows.append(
                (
                    row,
                    vertical.sectionViewportPosition(row),
                    vertical.sectionSize(row),
                    row in selected,
                    *found,
                )
            )
        ratio = viewport.devicePixelRatioF()
        current = self.currentIndex().row() if self.currentIndex().isValid() else -1
        shows = (
            viewport.width(),
            viewport.height(),
            ratio,
            columns,
            tuple(rows),
            current,
            self.hasFocus(),
            self.isActiveWindow(),
            self.palette().cacheKey(),
            self.font().key(),
        )
        if self._picture is None or self._picture[0] != shows:
            picture = QPixmap(viewport.size() * ratio)
            picture.setDevicePixelRatio(ratio)
            self._draw_rows(picture, rows, columns, current)
            self._picture = (shows, picture)
        painter = QPainter(viewport)
        painter.drawPixmap(0, 0, self._picture[1])
        painter.end()

    def _selected_rows(self, first: int, last: int) -> set[int]:
        """The selected rows from ``first`` to ``last``, from the selection's ranges (asking
        row by row cost a fifth of a paint). Rows count as selected when whole, as with
        ``QItemSelectionModel.isRowSelected``."""
        columns = self.contacts.columnCount()
        selection = self.selectionModel()
        rows: set[int] = set()
        for selected in selection.selection():
            span = range(max(first, selected.top()), min(last, selected.bottom()) + 1)
            if selected.left() == 0 and selected.right() == columns - 1:
                rows.update(span)
            else:  # part of a row: whole only with other ranges
                rows.update(row for row in span if selection.isRowSelected(row, QModelIndex()))
        return rows

    def _draw_rows(self, picture: QPixmap, rows: list, columns: tuple, current: int) -> None:
        model = self.contacts
        vertical, header = self.verticalHeader(), self.horizontalHeader()
        palette = self.palette()
        active = self.isActiveWindow()
        group = QPalette.ColorGroup.Active if active else QPalette.ColorGroup.Inactive
        base = palette.brush(group, QPalette.ColorRole.Base)
        alternate = palette.brush(group, QPalette.ColorRole.AlternateBase)
        highlight = palette.brush(group, QPalette.ColorRole.Highlight)
        text = palette.color(group, QPalette.ColorRole.Text)
        highlighted = palette.color(group, QPalette.ColorRole.HighlightedText)
        metrics = self.fontMetrics()
        exact = QFontMetricsF(self.font())
        row_height = vertical.defaultSectionSize()
        # Where a line of text vertically centred in a row has its baseline.
        baseline = (row_height - exact.ascent() - exact.descent()) / 2 + exact.ascent()
        # The room the styles leave between a cell's edge and its text.
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1
        struck = QFont(self.font())
        struck.setStrikeOut(True)
        width = self.viewport().width()
        picture.fill(base.color())
        painter = QPainter(picture)
        painter.setFont(self.font())
        try:
            for row, top, height, selected, contact, cells in rows:
                painter.fillRect(
                    0, top, width, height, highlight if selected else alternate if row & 1 else base
                )
                for column, left, size in columns:
                    cell = cells[column]
                    if not cell or size <= 2 * margin:
                        continue
                    color = None if selected else model.foreground(contact, column)
                    painter.setPen(highlighted if selected else color or text)
                    if column == 0 and contact.do_not_contact:
                        painter.setFont(struck)
                    shown = self._elided(metrics, cell, size - 2 * margin)
                    if column == PROBLEMS_COLUMN or height != row_height:
                        painter.drawText(
                            left + margin,
                            top,
                            size - 2 * margin,
                            height,
                            _CENTRED if column == PROBLEMS_COLUMN else _LEADING,
                            shown,
                        )
                    else:  # a third cheaper than the same text in a rectangle
                        painter.drawText(QPointF(left + margin, top + baseline), shown)
                    if column == 0 and contact.do_not_contact:
                        painter.setFont(self.font())
                if row == current and self.hasFocus():
                    focus = QStyleOptionFocusRect()
                    focus.initFrom(self)
                    focus.rect = QRect(0, top, min(width, header.length()), height)
                    focus.backgroundColor = highlight.color() if selected else base.color()
                    self.style().drawPrimitive(
                        QStyle.PrimitiveElement.PE_FrameFocusRect, focus, painter, self
                    )
        finally:
            painter.end()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._elisions.clear()  # elided for the old font's widths
            self._advances.clear()
        super().changeEvent(event)

    def _elided(self, metrics, text: str, width: int) -> str:
        key = (text, width)
        elided = self._elisions.get(key)
        if elided is None:
            if len(self._elisions) >= ELISIONS_KEPT:
                self._elisions.clear()
            if self._surely_fits(text, width):
                elided = text
            else:
                elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            self._elisions[key] = elided
        return elided

    def _surely_fits(self, text: str, width: int) -> bool:
        """Whether ``text`` fits ``width`` by the sum of its characters' advances, without
        laying it out (eliding a new row's cells took a third of painting it). Only for
        scripts whose shaped width is never more than that sum (kerning and ligatures
        only narrow them); anything else is measured by eliding."""
        if len(text) > width // 2:
            return False
        advances = self._advances
        total = 0.0
        for char in text:
            advance = advances.get(char)
            if advance is None:
                if char > _SIMPLE_SCRIPTS_END or unicodedata.combining(char):
                    return False
                advance = advances[char] = QFontMetricsF(self.font()).horizontalAdvance(char)
            total += advance
        return total + 2 <= width

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_id() is not None:
            self.activated_contact.emit(self.current_id())
            return
        super().keyPressEvent(event)


class ContactsPage(QSplitter):
    """All contacts, Problems or a tag, filtered by the window's search field."""

    #: How many contacts the search or the navigation's choice shows changed (see
    #: ``matching_text``).
    matching_changed = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.ctx = ctx
        self.setObjectName("contactsPage")
        self.setChildrenCollapsible(False)
        self.model = ContactsModel(ctx.store, self, ctx.jobs)
        self.table = ContactsTable(self.model)
        self.details = DetailsPane()

        import_action = ctx.actions.get("import")
        self.empty = EmptyState(
            self.tr("No contacts yet"),
            self.tr(
                "Bring in the focal points you already have from a spreadsheet, Outlook, "
                "Google Contacts or a vCard file, or add them one by one. E-mails and phone "
                "numbers are checked as they come in."
            ),
            [
                (self.tr("Import a spreadsheet…"), self._import),
                (self.tr("Add a contact…"), self.new_contact),
            ],
        )
        if import_action is not None:
            button = self.empty.buttons[0]
            button.setEnabled(import_action.isEnabled())
            button.setToolTip(import_action.toolTip())
            import_action.changed.connect(
                lambda: (
                    button.setEnabled(import_action.isEnabled()),
                    button.setToolTip(import_action.toolTip()),
                )
            )
        self.no_match = EmptyState(
            self.tr("Nothing matches"),
            self.tr(
                "No contact matches this search. Search looks in names, organisations, "
                "roles, e-mail addresses, phone numbers and tags."
            ),
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.no_match)
        self.addWidget(self.stack)
        self.addWidget(self.details)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 0)
        self.setSizes([900, 270])

        self._details_ids: list[int] = []
        self._details_stale = True
        self._details_timer = QTimer(self, singleShot=True, interval=0)
        self._details_timer.timeout.connect(self._show_details)
        self.table.selection_changed.connect(lambda _ids: self._details_timer.start())
        self.table.activated_contact.connect(lambda _id: self.edit_selected())
        self.model.modelReset.connect(self._update_stack)
        # Once a search's whole list is in (not at its first screen: the status bar would
        # be laid out twice a keystroke, a tenth of one's time).
        self.model.searched.connect(lambda _count, _ms: self.matching_changed.emit())
        self.details.edit_requested.connect(self.edit_selected)
        self.details.tag_requested.connect(self.tag_selected)
        self.details.untag_requested.connect(self.untag_selected)
        self.details.merge_requested.connect(self.merge_selected)
        self.details.delete_requested.connect(self.delete_selected)
        self.details.add_to_list_requested.connect(self.add_to_list_selected)
        ctx.events.store_opened.connect(self._store_opened)
        ctx.events.contacts_changed.connect(self._contacts_changed)
        self._update_stack()

    # -- page protocol ------------------------------------------------------------------
    def matching_text(self) -> str:
        """How many contacts a search, Problems or a tag shows ("2,081 matching"), for the
        status bar; "" for all contacts, or while the whole list is still being read."""
        model = self.model
        if model.filter == ContactFilter() or not model.loaded or model.pending or model.growing:
            return ""
        return numerus("ContactsPage", "%Ln matching", model.rowCount())

    def search_placeholder(self) -> str:
        return self.tr("Search name, organisation, e-mail, phone…")

    def set_search(self, text: str) -> None:
        self.model.set_query(text)

    def set_filter(self, problems_only: bool = False, tag: str | None = None) -> None:
        current = self.model.filter
        self.model.set_filter(
            ContactFilter(query=current.query, problems_only=problems_only, tag=tag)
        )

    def reload(self) -> None:
        self.model.reload()

    def focus_table(self) -> None:
        self.table.setFocus()

    def selected_ids(self) -> list[int]:
        return self.table.selected_ids()

    def export_ids(self) -> list[int]:
        """What File ▸ Export writes: the selection if several, else the whole view."""
        selected = self.selected_ids()
        return selected if len(selected) > 1 else list(self.model.ids)

    def select_all(self) -> None:
        self.table.selectAll()

    def save_state(self):
        return self.saveState()

    def restore_state(self, state) -> None:
        self.restoreState(state)

    def header_state(self):
        return self.table.horizontalHeader().saveState()

    def restore_header(self, state) -> None:
        self.table.restore_header(state)

    def sort_from_header(self) -> None:
        """Sort as the restored header shows (before the first search runs)."""
        header = self.table.horizontalHeader()
        self.model.sort_key = COLUMNS[header.sortIndicatorSection()].key
        self.model.descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    def palette_changed(self) -> None:
        self._details_stale = True
        self.model.palette_changed()
        self._details_timer.start()
        self._details_timer.start()

    # -- reacting ----------------------------------------------------------------------
    def _store_opened(self, store) -> None:
        self._details_stale = True
        self.model.set_store(store)

    def _contacts_changed(self, _ids) -> None:
        self._details_stale = True
        self.model.refresh()
        self._details_timer.start()

    def _update_stack(self) -> None:
        if self.model.rowCount() > 0:
            self.stack.setCurrentWidget(self.table)
            return
        filtered = self.model.filter != ContactFilter()
        self.stack.setCurrentWidget(self.no_match if filtered else self.empty)

    def _show_details(self) -> None:
        ids = self.table.selected_ids()
        if ids == self._details_ids and not self._details_stale:
            return  # a new search kept the same selection: nothing to reload
        self._details_ids, self._details_stale = ids, False
        self.details.show_contacts(self.ctx.store, ids)

    def _import(self) -> None:
        action = self.ctx.actions.get("import")
        if action is not None:
            action.trigger()

    # -- actions -------------------------------------------------------------------------
    def _editor(self, save, data=None) -> ContactEditor:
        assert self.ctx.store is not None
        with self.ctx.store.uow() as uow:
            organisations = uow.organizations.names()
            tags = [name for name, _count in uow.tags.counts()]
            region = contact_service.default_region(uow)
        return ContactEditor(
            save,
            data=data,
            organisations=organisations,
            tags=tags,
            default_region=region,
            parent=self.window(),
        )

    def new_contact(self) -> ContactEditor | None:
        if self.ctx.store is None:
            return None
        created: list[int] = []

        def save(data) -> None:
            created.append(commands.create_contact(self.ctx, data))

        editor = self._editor(save)
        editor.accepted.connect(lambda: created and self.table.select_ids(created[-1:]))
        editor.open()
        return editor

    def edit_selected(self) -> ContactEditor | None:
        contact_id = self.table.current_id()
        if contact_id is None or self.ctx.store is None:
            return None
        with self.ctx.store.uow() as uow:
            contact = uow.contacts.get(contact_id)
            if contact is None:
                return None
            data = contact_service.input_from_contact(contact)
            version = contact.version

        def save(data) -> None:
            commands.update_contact(self.ctx, contact_id, data, version)

        editor = self._editor(save, data)
        editor.open()
        return editor

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        row = min(self.model.rows_of(ids))

        def deleted(count: int) -> None:
            following = self.model.id_at(min(row, self.model.rowCount() - 1))
            if following is not None:
                self.table.select_ids([following])
            self.ctx.notify(
                numerus("ContactsPage", "Deleted %Ln contact(s). Undo with Ctrl+Z.", count)
            )

        commands.delete_contacts(self.ctx, ids, then=deleted)

    def merge_selected(self):
        # The oldest contact survives: lists and releases most likely point to it.
        ids = sorted(self.selected_ids())
        if len(ids) < 2 or self.ctx.store is None:
            self.ctx.notify(self.tr("Select two or more contacts to merge."))
            return None
        from pressdesk.ui.merge_dialog import MergeDialog

        with self.ctx.store.uow() as uow:
            contacts = uow.contacts.get_many(ids)
            dialog = MergeDialog(contacts, parent=self.window())

        def merge() -> None:
            try:
                merged = commands.merge_contacts(self.ctx, ids, dialog.choices())
            except PressDeskError as error:
                QMessageBox.warning(self, self.tr("Could not merge"), str(error))
                return
            self.table.select_ids([merged])
            self.ctx.notify(
                numerus("ContactsPage", "Merged %Ln contact(s). Undo with Ctrl+Z.", len(ids))
            )

        dialog.accepted.connect(merge)
        dialog.open()
        return dialog

    def _ask_tag(self, title: str, label: str, names: list[str]) -> str:
        text, ok = QInputDialog.getItem(self, title, label, names, 0, True)
        return text.strip() if ok else ""

    def tag_selected(self, tag: str | None = None) -> None:
        ids = self.selected_ids()
        if not ids or self.ctx.store is None:
            return
        if not tag:
            with self.ctx.store.uow() as uow:
                names = [name for name, _count in uow.tags.counts()]
            tag = self._ask_tag(
                self.tr("Add tag"),
                numerus("ContactsPage", "Tag for %Ln contact(s):", len(ids)),
                names,
            )
        if tag:
            commands.change_tags(self.ctx, ids, add=[tag])

    def untag_selected(self, tag: str | None = None) -> None:
        ids = self.selected_ids()
        if not ids or self.ctx.store is None:
            return
        if not tag:
            with self.ctx.store.uow() as uow:
                names = sorted(
                    {t.name for c in uow.contacts.get_many(ids[:2000]) for t in c.tags},
                    key=str.casefold,
                )
            if not names:
                self.ctx.notify(self.tr("The selected contacts have no tags."))
                return
            tag = self._ask_tag(
                self.tr("Remove tag"),
                numerus("ContactsPage", "Tag to remove from %Ln contact(s):", len(ids)),
                names,
            )
        if tag:
            commands.change_tags(self.ctx, ids, remove=[tag])

    def add_to_list_selected(self):
        """Contacts ▸ Add to list…: choose a list (or name a new one) for the selection."""
        ids = self.selected_ids()
        if not ids or self.ctx.store is None:
            self.ctx.notify(self.tr("Select the contacts to put on a list."))
            return None
        from pressdesk.services import lists as list_service
        from pressdesk.ui.lists.chooser import ListChooser

        with self.ctx.store.uow() as uow:
            lists = [(s["id"], s["name"], s["static_members"]) for s in list_service.summary(uow)]
        dialog = ListChooser(lists, len(ids), parent=self.window())

        def add() -> None:
            list_id, name = dialog.chosen()
            try:
                added, name = commands.add_to_list(self.ctx, ids, list_id, name)
            except PressDeskError as error:
                QMessageBox.warning(self, self.tr("Could not add to the list"), str(error))
                return
            self.ctx.notify(
                numerus("ContactsPage", "Added %Ln contact(s) to {0}.", added).format(name)
                + " "
                + (self.tr("Undo with Ctrl+Z.") if added else self.tr("All were on it already."))
            )

        dialog.accepted.connect(add)
        dialog.open()
        return dialog
