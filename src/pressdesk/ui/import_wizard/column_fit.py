"""Column widths for the wizard's and the import history's tables.

Each column is as wide as its contents (up to ``cap``) and the last one stretches to the
viewport's right edge, so the grid and the selection run across the whole table. When the
contents are wider than the viewport, the widest columns give way first, down to
``minimum``: a long "Original text" is cut (its tooltip has it whole) before a short
"Message" is, and the table needs no horizontal scroll bar until every column is narrow.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

#: Pixels added to a column's measured contents: a bold or italic cell is drawn a pixel or
#: two wider than its size hint says, and its last letter was cut off without an "…".
SLACK = 6


def share(natural: Sequence[int], available: int, minimum: int) -> list[int]:
    """Widths no wider than ``natural`` summing to at most ``available`` where possible:
    the narrow columns keep their width and the wide ones are cut to one common limit."""
    if sum(natural) <= available:
        return list(natural)
    remaining, count = available, len(natural)
    for width in sorted(natural):
        if width * count > remaining:
            break
        remaining -= width
        count -= 1
    limit = max(remaining // max(count, 1), minimum)
    return [min(width, limit) for width in natural]


class ColumnFit(QObject):
    """Keeps a table's columns fitted to its contents and to the viewport's width.

    Call ``refit()`` after the model's rows changed; resizing the view refits by itself
    from the widths measured then (measuring again on each resize would be slow for a
    report of many rows).
    """

    def __init__(self, view: QTableView, cap: int = 0, minimum: int = 60) -> None:
        super().__init__(view)
        self.view = view
        self.cap = cap
        self.minimum = minimum
        self.natural: list[int] = []
        header = view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.viewport().installEventFilter(self)

    def refit(self) -> None:
        view, header = self.view, self.view.horizontalHeader()
        natural = []
        for column in range(view.model().columnCount()):
            if header.isSectionHidden(column):
                natural.append(0)
                continue
            width = max(view.sizeHintForColumn(column), header.sectionSizeHint(column)) + SLACK
            natural.append(min(width, self.cap) if self.cap else width)
        self.natural = natural
        self.apply()

    def apply(self) -> None:
        if not self.natural:
            return
        header = self.view.horizontalHeader()
        widths = share(self.natural, self.view.viewport().width(), self.minimum)
        for column, width in enumerate(widths[:-1]):
            if width:
                header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self.apply()
        return False
