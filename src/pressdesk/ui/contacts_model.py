"""The contacts table's model: the ordered ids of the current search, rows fetched by page.

Like Anki's browser table, the model never holds 100,000 contacts: a search or a sort runs
in SQL (``ContactRepository.search_ids``) and the model is reset with the ids it returned;
``data()`` fetches the page of rows holding the one asked for in one query and keeps a
few such pages. Sorting happens here, not in a ``QSortFilterProxyModel``. On a big store a
search shows its first screen of ids before the whole list is read (see ``refresh``).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from html import escape
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QGuiApplication

from pressdesk.domain.countries import country_name
from pressdesk.domain.phones import format_international
from pressdesk.store import Store
from pressdesk.store.contacts import ContactFilter, ContactRow, SortKey
from pressdesk.store.uow import Interrupted, UnitOfWork
from pressdesk.ui.jobs import Cancelled, JobRunner
from pressdesk.ui.text import numerus
from pressdesk.ui.theme import WARNING_SIGN, muted_color, warning_color

#: Rows read at a time: one page holds a first screen even at 1920x1080 (~45 rows).
PAGE_SIZE = 50
#: Ids read first in a background search, to reset and paint before the whole list: at
#: least this many, more where the table shows more rows (``set_screen_rows``). Few is
#: fast: the first 60 hits of a word in one contact in thirty ("chariyev") are found by
#: walking a few thousand names in order, the first 200 only through the FTS index and a
#: sort of all its 3,456 hits (about 6 ms against 9-16 ms on 100,000 contacts).
FIRST_SCREEN = 60
CACHED_PAGES = 20
#: A search that took longer than this runs the next ones off the GUI thread.
ASYNC_AFTER_MS = 30.0
#: The rest of a search's ids is read after the first screen's paint, or after this.
REST_AFTER_MS = 100
#: Stores with more contacts than this search in the background from the start.
BIG_STORE = 20_000
ID_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Column:
    key: SortKey
    title: str
    width: int


# Titles are translated in headerData (context "ContactsModel").
COLUMNS = (
    Column(SortKey.NAME, QT_TRANSLATE_NOOP("ContactsModel", "Name"), 200),
    Column(SortKey.ORGANIZATION, QT_TRANSLATE_NOOP("ContactsModel", "Organisation"), 180),
    Column(SortKey.ROLE, QT_TRANSLATE_NOOP("ContactsModel", "Role"), 170),
    Column(SortKey.COUNTRY, QT_TRANSLATE_NOOP("ContactsModel", "Country"), 110),
    Column(SortKey.EMAIL, QT_TRANSLATE_NOOP("ContactsModel", "E-mail"), 210),
    Column(SortKey.PHONE, QT_TRANSLATE_NOOP("ContactsModel", "Phone"), 150),
    Column(SortKey.TAGS, QT_TRANSLATE_NOOP("ContactsModel", "Tags"), 120),
    Column(SortKey.PROBLEMS, WARNING_SIGN, 44),
)
PROBLEMS_COLUMN = len(COLUMNS) - 1

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ID = int(ID_ROLE)
_ROLES = frozenset({_DISPLAY, _FOREGROUND, _TOOLTIP, _FONT, _ALIGNMENT, _ACCESSIBLE, _ID})
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)


@cache
def _country(code: str) -> str:
    return country_name(code) if code else ""


@cache
def _phone(e164: str) -> str:
    return format_international(e164) if e164 else ""


def _cell_texts(row: ContactRow) -> tuple[str, ...]:
    return (
        row.name,
        row.organization,
        row.role,
        _country(row.country),
        row.email,
        _phone(row.phone),
        row.tags,
        f"{WARNING_SIGN} {row.problems}" if row.problems else "",
    )


class _Found(NamedTuple):
    """A background search's answer."""

    ids: list[int]
    milliseconds: float
    whole: bool
    #: For a first screen: the rows of the pages the view shows first, and their cells.
    rows: list[ContactRow]
    cells: dict[int, tuple[str, ...]]


def _page_rows(uow: UnitOfWork, ids: list[int]) -> list[ContactRow]:
    """The table rows of ``ids``, in their order."""
    found = {r.id: r for r in uow.contacts.rows(ids)}
    # A contact deleted elsewhere since the search shows as an empty row until reload.
    return [found.get(i) or ContactRow(i, "", "", "", "", "", "", "", 0, False) for i in ids]


class ContactsModel(QAbstractTableModel):
    """Rows are contact ids; cells come from pages of ``ContactRow``."""

    #: Emitted after each search, once the number of rows is known, with (number of
    #: rows, milliseconds the SQL took).
    searched = Signal(int, float)

    def __init__(
        self, store: Store | None = None, parent=None, jobs: JobRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._jobs = jobs
        self._generation = 0
        self._rest: Callable[[], None] | None = None
        #: The store is big enough to search in the background whatever the timings.
        self._big = self._is_big(store)
        #: A background search whose first screen has not come yet.
        self.pending = False
        #: The first screen is shown and the rest of the ids are being read.
        self.growing = False
        #: Ids read first in a background search: the rows the view shows, and some.
        self.first_screen = FIRST_SCREEN
        #: Pages of rows read with them: those holding the rows the view shows.
        self.pages_ahead = 1
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[ContactRow]] = OrderedDict()
        self._cells: dict[int, tuple[str, ...]] = {}
        palette = QGuiApplication.palette()
        self._colors = (warning_color(palette), muted_color(palette))
        self._problem_tips: dict[int, str] = {}
        self.filter = ContactFilter()
        self.loaded = False
        self.last_search_ms = 0.0
        self.sort_key = SortKey.NAME
        self.descending = False

    # -- what is shown -------------------------------------------------------------------
    def set_store(self, store: Store | None) -> None:
        self._store = store
        self.last_search_ms = 0.0
        self._big = self._is_big(store)
        self.refresh()

    def _is_big(self, store: Store | None) -> bool:
        if store is None or self._jobs is None:
            return False
        with store.uow() as uow:
            return uow.contacts.count() > BIG_STORE

    def set_filter(self, flt: ContactFilter) -> None:
        if flt != self.filter or not self.loaded:
            self.filter = flt
            self.refresh()

    def set_screen_rows(self, rows: int) -> None:
        """The view shows ``rows`` rows: a first screen fills them and a little more, and
        comes with the rows of the pages that hold them."""
        self.first_screen = max(FIRST_SCREEN, rows + rows // 2)
        self.pages_ahead = max(1, -(-rows // PAGE_SIZE))

    def set_query(self, query: str) -> None:
        self.set_filter(replace(self.filter, query=query))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_key = COLUMNS[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    def sort_column(self) -> int:
        return next(i for i, c in enumerate(COLUMNS) if c.key == self.sort_key)

    def refresh(self) -> None:
        """Search again: at once while searches are fast, else in the background, where
        the newest request wins and the window keeps taking keystrokes.

        In the background the first screen comes first: the first ``first_screen`` ids
        (``ContactRepository.first_ids``: a few milliseconds even where the whole list
        takes a hundred), with the rows of the pages the view shows, reset the model and
        are painted. Unless they were the whole list already, it follows in a second job
        and is appended with ``beginInsertRows`` (it starts with those ids: same ORDER
        BY), or resets the model again if the store changed in between."""
        if (
            self._jobs is None
            or self._store is None
            or (not self._big and self.last_search_ms <= ASYNC_AFTER_MS)
        ):
            self.reload()
            return
        self._generation += 1
        generation = self._generation
        store, flt, key, descending = self._store, self.filter, self.sort_key, self.descending
        jobs, first_screen, ahead = self._jobs, self.first_screen, self.pages_ahead * PAGE_SIZE

        def search(limit: int | None) -> _Found:
            """The ids, the milliseconds they took, whether they are the whole list and,
            for a first screen, the rows of the pages the view shows and their cells:
            read here, the GUI thread paints them without a query."""
            started = time.perf_counter()
            try:
                with store.uow() as uow, uow.interruptible(lambda: self._generation != generation):
                    if limit is None:
                        ids, whole = uow.contacts.search_ids(flt, key, descending), True
                    else:
                        ids, whole = uow.contacts.first_ids(flt, key, descending, limit)
                    elapsed = (time.perf_counter() - started) * 1000
                    rows = [] if limit is None else _page_rows(uow, ids[:ahead])
            except Interrupted:
                raise Cancelled from None  # a newer search runs: the user typed on
            # Their cells too (a phone number is parsed to be shown): off the GUI thread.
            cells = {row.id: _cell_texts(row) for row in rows}
            return _Found(ids, elapsed, whole, rows, cells)

        def rest_done(result: _Found) -> None:
            if generation == self._generation:
                self._extend(result.ids, result.milliseconds)

        def first_done(result: _Found) -> None:
            if generation != self._generation:
                return
            complete = result.whole
            self.growing = not complete
            self._apply(result.ids, result.milliseconds, complete, result.rows, result.cells)
            if not complete:
                self._rest = read_rest
                QTimer.singleShot(REST_AFTER_MS, self, self.read_rest)

        def read_rest() -> None:
            if generation == self._generation:
                jobs.run(
                    self.tr("Searching…"), lambda _p: search(None), on_done=rest_done, quiet=True
                )

        self.pending = True
        jobs.run(
            self.tr("Searching…"), lambda _p: search(first_screen), on_done=first_done, quiet=True
        )

    def reload(self) -> None:
        """Run the search now and reset; the view keeps its selection by id."""
        self._generation += 1
        started = time.perf_counter()
        ids: list[int] = []
        if self._store is not None:
            with self._store.uow() as uow:
                ids = uow.contacts.search_ids(self.filter, self.sort_key, self.descending)
        self.growing = False
        self._apply(ids, (time.perf_counter() - started) * 1000)

    def read_rest(self) -> None:
        """Read the rest of the ids of a search whose first screen is shown. The view asks
        once it painted that screen (a worker reading 100,000 ids while the GUI thread
        paints slows the paint several times over: they take turns at the GIL); without
        a paint, a timer asks."""
        rest, self._rest = self._rest, None
        if rest is not None:
            rest()

    def _apply(
        self,
        ids: list[int],
        elapsed: float,
        complete: bool = True,
        first: list[ContactRow] | None = None,
        cells: dict[int, tuple[str, ...]] | None = None,
    ) -> None:
        """Reset to ``ids``; ``first``, where given, is the rows of their first pages and
        ``cells`` their texts."""
        self.pending = False
        if complete:  # the first screen's time says nothing of the next whole search
            self.last_search_ms = elapsed
        self.beginResetModel()
        self.loaded = self._store is not None
        self._ids = ids
        self._pages.clear()
        self._cells.clear()
        self._problem_tips.clear()
        first = first or []
        for start in range(0, len(first), PAGE_SIZE):
            self._pages[start // PAGE_SIZE] = first[start : start + PAGE_SIZE]
        self._cells.update(cells or {})
        self.endResetModel()
        if complete:
            self.searched.emit(len(ids), elapsed)

    def _extend(self, ids: list[int], elapsed: float) -> None:
        """The whole list after the first screen: append its tail, or reset if the first
        screen is not its start (the store changed between the two queries)."""
        self.growing = False
        shown = len(self._ids)
        if ids[:shown] != self._ids:
            self._apply(ids, elapsed)
            return
        self.last_search_ms = elapsed
        if len(ids) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
            self._ids = ids
            # A page read from the short list may be short itself: read it again.
            for number in [n for n, page in self._pages.items() if len(page) < PAGE_SIZE]:
                for dropped in self._pages.pop(number):
                    self._cells.pop(dropped.id, None)
            self.endInsertRows()
        self.searched.emit(len(ids), elapsed)

    def refresh_rows(self) -> None:
        """Forget cached rows (contacts changed but the set of ids did not)."""
        self._pages.clear()
        self._cells.clear()
        self._problem_tips.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )

    # -- ids -------------------------------------------------------------------------------
    @property
    def ids(self) -> list[int]:
        return self._ids

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def rows_of(self, ids: set[int] | list[int]) -> list[int]:
        wanted = set(ids)
        if not wanted:
            return []
        if len(wanted) == 1:
            only = next(iter(wanted))
            try:
                return [self._ids.index(only)]
            except ValueError:
                return []
        return [row for row, cid in enumerate(self._ids) if cid in wanted]

    def row_data(self, row: int) -> ContactRow | None:
        found = self.row_entry(row)
        return found[0] if found else None

    # -- Qt model interface -----------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section].title)
        if role == Qt.ItemDataRole.ToolTipRole and section == PROBLEMS_COLUMN:
            return self.tr("Values that could not be read (invalid e-mails or phones)")
        return None

    # flags(): QAbstractTableModel's (enabled, selectable, no children) is what the table
    # needs, and left to C++ it costs no call into Python for every painted cell.

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        # Called for every role of every visible cell on each repaint: plain ints, early exits.
        if role not in _ROLES or not index.isValid():
            return None
        row = index.row()
        if row >= len(self._ids):
            return None
        if role == _DISPLAY:
            return self._entry(row)[1][index.column()]
        column = index.column()
        if role == _FOREGROUND:
            return self.foreground(self._entry(row)[0], column)
        if role == _ID:
            return self._ids[row]
        if role == _TOOLTIP:
            found, cells = self._entry(row)
            if column == PROBLEMS_COLUMN:
                return self._problem_tip(found) if found.problems else None
            return cells[column] or None
        if role == _FONT:
            if column == 0 and self._entry(row)[0].do_not_contact:
                font = QFont()
                font.setStrikeOut(True)
                return font
            return None
        if role == _ALIGNMENT:
            return _CENTRED if column == PROBLEMS_COLUMN else None
        if column == PROBLEMS_COLUMN:  # accessible text
            problems = self._entry(row)[0].problems
            return numerus("ContactsModel", "%Ln problem(s)", problems) if problems else ""
        return None

    def foreground(self, found: ContactRow, column: int) -> QColor | None:
        """A cell's text colour where it is not the palette's: the problems badge, and
        the greyed rows of contacts on do-not-contact."""
        if column == PROBLEMS_COLUMN and found.problems:
            return self._colors[0]
        return self._colors[1] if found.do_not_contact else None

    def row_entry(self, row: int) -> tuple[ContactRow, tuple[str, ...]] | None:
        """A row and its cell texts (fetched with their page), for the table's painter."""
        if not 0 <= row < len(self._ids):
            return None
        return self._entry(row)

    def palette_changed(self) -> None:
        palette = QGuiApplication.palette()
        self._colors = (warning_color(palette), muted_color(palette))
        self.refresh_rows()

    # -- pages ------------------------------------------------------------------------------
    def _entry(self, row: int) -> tuple[ContactRow, tuple[str, ...]]:
        """The row and its cell texts, formatted when first shown."""
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            page = self._page(number)
        else:
            self._pages.move_to_end(number)
        offset = row - number * PAGE_SIZE
        found = page[offset]
        cells = self._cells.get(found.id)
        if cells is None:
            cells = self._cells[found.id] = _cell_texts(found)
        return found, cells

    def _page(self, number: int) -> list[ContactRow]:
        page = self._load_page(number)
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            for dropped in self._pages.popitem(last=False)[1]:
                self._cells.pop(dropped.id, None)
        return page

    def _load_page(self, number: int) -> list[ContactRow]:
        ids = self._ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        if self._store is None or not ids:
            return []
        with self._store.uow() as uow:
            return _page_rows(uow, ids)

    def _problem_tip(self, row: ContactRow) -> str:
        tip = self._problem_tips.get(row.id)
        if tip is None and self._store is not None:
            with self._store.uow() as uow:
                contact = uow.contacts.get(row.id)
                lines = []
                if contact is not None:
                    lines += [
                        self.tr("E-mail “{0}”: {1}").format(
                            escape(e.original), escape(e.invalid_reason or "")
                        )
                        for e in contact.emails
                        if not e.address
                    ]
                    lines += [
                        self.tr("Phone “{0}”: {1}").format(
                            escape(p.original), escape(p.invalid_reason or "")
                        )
                        for p in contact.phones
                        if not p.e164
                    ]
            tip = "<br>".join(lines)
            self._problem_tips[row.id] = tip
        return tip or ""
