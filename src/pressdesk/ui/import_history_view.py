"""Import history: every import with its counts, its per-row report, and one Undo each.

Imports are few (one per file an officer received), so the batches are listed whole; the
report of the selected one is read from the store when it is selected.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pressdesk.services import import_batches
from pressdesk.services.import_batches import BatchSummary
from pressdesk.services.import_contacts import ReportLine, Status
from pressdesk.ui.import_wizard.column_fit import ColumnFit
from pressdesk.ui.import_wizard.models import ReportModel
from pressdesk.ui.import_wizard.wizard import _message, _table
from pressdesk.ui.jobs import Job
from pressdesk.ui.pages import PageContext
from pressdesk.ui.text import date_time

Display = Qt.ItemDataRole.DisplayRole
COUNT_KEYS = ("rows", "created", "merged", "skipped", "invalid", "errors", "possible_duplicates")


class BatchesModel(QAbstractTableModel):
    """One row per import, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.batches: list[BatchSummary] = []
        self.headers = [
            self.tr("Import"),
            self.tr("Date"),
            self.tr("File"),
            self.tr("Rows"),
            self.tr("Created"),
            self.tr("Merged"),
            self.tr("Skipped"),
            self.tr("Invalid"),
            self.tr("Errors"),
            self.tr("Possible duplicates"),
            self.tr("State"),
        ]

    def set_batches(self, batches: list[BatchSummary]) -> None:
        self.beginResetModel()
        self.batches = list(batches)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.batches)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation, role=Display):
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Display and horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def _cells(self, batch: BatchSummary) -> list[Any]:
        when = datetime.fromisoformat(batch.created_at)
        if when.tzinfo is None:  # stored in UTC
            when = when.replace(tzinfo=UTC)
        date = date_time(when.astimezone())
        counts = [int(batch.counts.get(k, 0)) for k in COUNT_KEYS]
        state = self.tr("undone") if batch.undone else ""
        return [batch.id, date, batch.file_name, *counts, state]

    def data(self, index: QModelIndex, role: int = Display) -> Any:
        if not index.isValid():
            return None
        batch = self.batches[index.row()]
        value = self._cells(batch)[index.column()]
        if role == Display:
            return QLocale().toString(value) if isinstance(value, int) else value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and batch.undone:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return batch.id
        return None


def parse_report(text: str) -> list[ReportLine]:
    """The stored CSV report back as lines (the formula guard's apostrophe removed)."""
    lines = []
    for row in csv.DictReader(io.StringIO(text)):

        def plain(cell: str) -> str:
            return cell[1:] if cell[:2] in ("'=", "'+", "'-", "'@") else cell

        lines.append(
            ReportLine(
                int(row["row"]) if row["row"] else None,
                row["sheet"] or None,
                Status(row["status"]),
                int(row["contact_id"]) if row["contact_id"] else None,
                row["field"],
                plain(row["value"]),
                plain(row["message"]),
            )
        )
    return lines


class ImportHistoryPage(QWidget):
    """The "Import history" page of the navigation."""

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importHistoryPage")
        self.batches = BatchesModel(self)
        self.table = _table(self.batches)
        self.table.setObjectName("batches")
        self.table.verticalHeader().setVisible(False)
        self.table_fit = ColumnFit(self.table, cap=360)
        self.report = ReportModel(self, full=True)
        self.report_view = _table(self.report)
        self.report_view.setObjectName("batchReport")
        self.report_fit = ColumnFit(self.report_view)
        self.report_text = ""
        self.import_button = QPushButton(self.tr("&Import a file…"))
        self.import_button.clicked.connect(self.start_import)
        self.undo_button = QPushButton(self.tr("&Undo this import"))
        self.undo_button.setObjectName("undoBatch")
        self.undo_button.clicked.connect(self.undo_selected)
        self.save_button = QPushButton(self.tr("&Save report…"))
        self.save_button.clicked.connect(self.choose_report_file)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.empty = QLabel(
            self.tr(
                "No imports yet. Each spreadsheet or address book you import (File ▸ "
                "Import…) is listed here with its report and one Undo for the whole import."
            )
        )
        self.empty.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.import_button, self.undo_button, self.save_button):
            buttons.addWidget(button)
        buttons.addWidget(self.state, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        self.report_title = QLabel()
        inner.addWidget(self.report_title)
        inner.addWidget(self.report_view, 1)
        split.addWidget(box)
        split.setSizes([220, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        self.undo_job: Job | None = None
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_report())
        ctx.events.store_opened.connect(lambda _store: self.reload())
        ctx.events.contacts_changed.connect(lambda _ids: self.reload())
        self.reload()

    # -- page protocol

    def reload(self) -> None:
        store = self.ctx.store
        current = self.selected_batch()
        batches: list[BatchSummary] = []
        if store is not None:
            with store.uow() as uow:
                batches = import_batches.list_batches(uow)
        self.batches.set_batches(batches)
        self.empty.setVisible(not batches)
        self.table_fit.refit()
        ids = [b.id for b in batches]
        if batches:
            row = ids.index(current) if current in ids else 0
            self.table.selectRow(row)
        self._show_report()

    def selected_batch(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.batches.batches):
            return None
        return self.batches.batches[index.row()].id

    def select_batch(self, batch_id: int) -> None:
        ids = [b.id for b in self.batches.batches]
        self.table.selectRow(ids.index(batch_id))

    def _summary(self) -> BatchSummary | None:
        batch = self.selected_batch()
        return next((b for b in self.batches.batches if b.id == batch), None)

    def _show_report(self) -> None:
        summary, store = self._summary(), self.ctx.store
        self.undo_button.setEnabled(summary is not None and not summary.undone)
        self.save_button.setEnabled(summary is not None)
        if summary is None or store is None:
            self.report_text = ""
            self.report.set_lines([])
            self.report_title.setText("")
            return
        with store.uow() as uow:
            self.report_text = import_batches.batch_report(uow, summary.id)
        self.report.set_lines(parse_report(self.report_text))
        self.report_title.setText(
            self.tr("Report of import #{0} ({1}):").format(summary.id, summary.file_name)
        )
        self.report_fit.refit()

    # -- actions

    def start_import(self) -> None:
        action = self.ctx.actions.get("import")
        if action is not None and action.isEnabled():
            action.trigger()
            return
        from pressdesk.ui.import_wizard import open_import_wizard

        open_import_wizard(self.ctx)

    def undo_selected(self) -> Job | None:
        summary, store = self._summary(), self.ctx.store
        if summary is None or store is None or summary.undone:
            return None
        batch = summary.id
        self.undo_button.setEnabled(False)

        def work(_progress) -> dict[str, int]:
            with store.uow() as uow:
                done = import_batches.undo_import(uow, batch)
                uow.commit()
            return done

        def done(counts: dict[str, int]) -> None:
            self.ctx.events.contacts(None)
            text = self.tr("Import #{0} undone: {1} contacts removed, {2} merges reverted.")
            message = text.format(batch, counts["removed"], counts["reverted"])
            _message(self.state, message)
            self.ctx.notify(message)

        def failed(error: BaseException) -> None:
            self._show_report()
            _message(self.state, str(error), error=True)

        self.undo_job = self.ctx.jobs.run(
            self.tr("Undoing import #{0}…").format(batch), work, on_done=done, on_error=failed
        )
        return self.undo_job

    def choose_report_file(self) -> None:
        summary = self._summary()
        if summary is None:
            return
        start = Path(summary.file_name).stem + "-report.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save report"), start, self.tr("CSV (*.csv)")
        )
        if path:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> None:
        try:
            path.write_text(self.report_text, encoding="utf-8-sig", newline="")
        except OSError as error:
            _message(self.state, str(error), error=True)
        else:
            _message(self.state, self.tr("Report saved to {0}.").format(path))
