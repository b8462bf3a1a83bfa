"""The releases table: one row per language version, newest change first.

An office has hundreds of releases, not hundreds of thousands, so the model holds the
rows of the current filter (without body or photo) and reloads them in one query.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from pressdesk.store.releases import ReleaseListRow
from pressdesk.ui.text import date_time

COLUMNS = (
    QT_TRANSLATE_NOOP("ReleasesModel", "Title"),
    QT_TRANSLATE_NOOP("ReleasesModel", "Language"),
    QT_TRANSLATE_NOOP("ReleasesModel", "Status"),
    QT_TRANSLATE_NOOP("ReleasesModel", "Embargo"),
    QT_TRANSLATE_NOOP("ReleasesModel", "Updated"),
)
STATUS_NAMES = {
    "draft": QT_TRANSLATE_NOOP("ReleasesModel", "Draft"),
    "in review": QT_TRANSLATE_NOOP("ReleasesModel", "In review"),
    "approved": QT_TRANSLATE_NOOP("ReleasesModel", "Approved"),
    "published": QT_TRANSLATE_NOOP("ReleasesModel", "Published"),
    "archived": QT_TRANSLATE_NOOP("ReleasesModel", "Archived"),
}
_Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReleasesModel", text)


def embargo_text(row: ReleaseListRow) -> str:
    if row.embargo_utc is None:
        return ""
    zone = row.embargo_zone or "UTC"
    local = row.embargo_utc.astimezone(ZoneInfo(zone))
    return f"{date_time(local)} ({zone})"


class ReleasesModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[ReleaseListRow] = []
        self.now = dt.datetime.now(dt.UTC)

    def set_rows(self, rows: list[ReleaseListRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.now = dt.datetime.now(dt.UTC)
        self.endResetModel()

    def id_at(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def row_of(self, release_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == release_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return _tr(COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.title or _tr("(untitled)")
            if column == 1:
                others = [lang for lang in row.languages if lang != row.language]
                return row.language + (f"  (+ {', '.join(others)})" if others else "")
            if column == 2:
                return _tr(STATUS_NAMES.get(row.status, row.status))
            if column == 3:
                return embargo_text(row)
            if column == 4:
                return date_time(row.updated_at.astimezone())
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.title
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and row.embargo_utc:
            return _tr("Embargo lifts at {0} UTC").format(date_time(row.embargo_utc))
        embargoed = row.embargo_utc is not None and row.embargo_utc > self.now
        if role == Qt.ItemDataRole.FontRole and column == 3 and embargoed:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None
