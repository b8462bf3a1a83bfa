"""The left pane: every page of :data:`pressdesk.ui.pages.PAGES` with live counts.

After a change the counts are read again in the background (on a 100,000-contact store
the contacts' counts by problem and tag take a tenth of a second or more) and the tree is
rebuilt when they come; :meth:`Navigation.refresh` reads them at once."""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from pressdesk.ui.pages import PAGES, NavChild, Page, PageContext

if TYPE_CHECKING:
    from pressdesk.store import UnitOfWork

_KEY = Qt.ItemDataRole.UserRole
_CHOICE = Qt.ItemDataRole.UserRole + 1


Counts = list[tuple[Page, "int | None", list[NavChild]]]


def _read_counts(uow: UnitOfWork | None) -> Counts:
    """Each page with its count and sub-items (no store: titles only)."""
    return [
        (
            page,
            page.count(uow) if (uow is not None and page.count) else None,
            page.children(uow) if (uow is not None and page.children is not None) else [],
        )
        for page in PAGES
    ]


def _count_text(count: int | None) -> str:
    return "" if count is None else QLocale().toString(count)


class Navigation(QTreeWidget):
    """Pages and their sub-items; emits ``navigated(page key, filter choice)``."""

    navigated = Signal(str, dict)

    def __init__(self, ctx: PageContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("navigation")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(14)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName(self.tr("Navigation"))
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self._refresh_in_background)
        self._building = False
        self._generation = 0
        #: The generation whose counts are shown (or were dropped for a newer one).
        self._counted = 0
        self.currentItemChanged.connect(self._current_changed)
        ctx.events.store_opened.connect(lambda _store: self.refresh_soon())
        ctx.events.contacts_changed.connect(lambda _ids: self.refresh_soon())
        ctx.events.organisations_changed.connect(self.refresh_soon)
        ctx.events.releases_changed.connect(lambda _id: self.refresh_soon())
        ctx.events.lists_changed.connect(self.refresh_soon)
        self.refresh()

    def refresh_soon(self) -> None:
        self._refresh_timer.start()

    @property
    def counting(self) -> bool:
        """Fresh counts are asked for and not shown yet."""
        return self._refresh_timer.isActive() or self._counted < self._generation

    def _item(self, title: str, count: int | None, key: str, choice: dict[str, Any]):
        item = QTreeWidgetItem([title, _count_text(count)])
        item.setData(0, _KEY, key)
        item.setData(0, _CHOICE, choice)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setForeground(1, self.palette().placeholderText())
        return item

    def _child(self, key: str, child: NavChild) -> QTreeWidgetItem:
        title = QCoreApplication.translate("Pages", child.title) if child.translate else child.title
        item = self._item(title, child.count, key, child.choice)
        for grandchild in child.children:
            item.addChild(self._child(key, grandchild))
        return item

    def refresh(self) -> None:
        """Rebuild with fresh counts, read now."""
        self._generation += 1
        store = self.ctx.store
        with store.uow() if store is not None else nullcontext() as uow:
            counts = _read_counts(uow)
        self._counted = self._generation
        self._build(counts)

    def _refresh_in_background(self) -> None:
        store = self.ctx.store
        if store is None:
            self.refresh()
            return
        self._generation += 1
        generation = self._generation

        def read(_progress) -> Counts:  # type: ignore[no-untyped-def]
            with store.uow() as uow:
                return _read_counts(uow)

        def done(counts: Counts) -> None:
            self._counted = max(self._counted, generation)
            if generation == self._generation and self.ctx.store is store:
                self._build(counts)

        def failed(error: BaseException) -> None:
            self._counted = max(self._counted, generation)
            raise error

        self.ctx.jobs.run(self.tr("Counting…"), read, on_done=done, on_error=failed, quiet=True)

    def _build(self, counts: Counts) -> None:
        """Rebuild the tree, keeping the current item and what was expanded."""
        current = self.current()
        collapsed = {
            (item.data(0, _KEY), repr(item.data(0, _CHOICE)))
            for item in self._all_items()
            if item.childCount() and not item.isExpanded()
        }
        self._building = True
        try:
            self.clear()
            for page, count, children in counts:
                top = self._item(page.display_title(), count, page.key, {})
                font = QFont(top.font(0))
                font.setBold(True)
                top.setFont(0, font)
                self.addTopLevelItem(top)
                for child in children:
                    top.addChild(self._child(page.key, child))
            for item in self._all_items():
                key = (item.data(0, _KEY), repr(item.data(0, _CHOICE)))
                item.setExpanded(key not in collapsed)
            if current:
                self.select(*current)
        finally:
            self._building = False

    def _all_items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            found.append(item)
            stack[0:0] = [item.child(i) for i in range(item.childCount())]
        return found

    def current(self) -> tuple[str, dict[str, Any]] | None:
        item = self.currentItem()
        if item is None:
            return None
        return item.data(0, _KEY), dict(item.data(0, _CHOICE) or {})

    def find(self, key: str, choice: dict[str, Any] | None = None) -> QTreeWidgetItem | None:
        choice = choice or {}
        items = [i for i in self._all_items() if i.data(0, _KEY) == key]
        exact = [i for i in items if dict(i.data(0, _CHOICE) or {}) == choice]
        # A top-level item and its "All" child share a choice: prefer the child the user sees.
        exact.sort(key=lambda i: i.parent() is None)
        return (exact or [i for i in items if i.parent() is None] or [None])[0]

    def select(self, key: str, choice: dict[str, Any] | None = None) -> None:
        item = self.find(key, choice)
        if item is not None and item is not self.currentItem():
            self.setCurrentItem(item)

    def _current_changed(self, item: QTreeWidgetItem | None, _previous) -> None:
        if item is None or self._building:
            return
        self.navigated.emit(item.data(0, _KEY), dict(item.data(0, _CHOICE) or {}))
