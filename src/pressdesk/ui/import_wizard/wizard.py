"""File ▸ Import…: 1 File, 2 Format, 3 Columns, 4 Duplicates, 5 Import, 6 Result.

Every detection the import service makes (encoding, delimiter, sheet, header row, column
mapping) is shown and can be corrected; the file is re-read in the background after each
change. The import itself runs through the window's job runner with a progress bar and
Cancel, in one transaction, so Cancel (or Back) leaves the store untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLocale, QModelIndex, QStandardPaths, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from pressdesk.services import contacts as contact_service
from pressdesk.services import import_batches
from pressdesk.services import import_contacts as service
from pressdesk.services.import_contacts import ImportOptions, ImportResult, OnDuplicate
from pressdesk.ui.import_wizard.column_fit import ColumnFit
from pressdesk.ui.import_wizard.models import (
    FIELD_ROLE,
    ColumnsModel,
    PreviewModel,
    RawRowsModel,
    ReportModel,
    field_choices,
    field_title,
    needs_attention,
)
from pressdesk.ui.import_wizard.source import Head, count_lines, read_head
from pressdesk.ui.jobs import Cancelled, Job
from pressdesk.ui.pages import PageContext
from pressdesk.ui.theme import error_color

FILE, FORMAT, COLUMNS, DUPLICATES, IMPORT, RESULT = range(6)
FILE_FILTER = "Contacts (*.csv *.txt *.tsv *.xlsx *.xlsm *.xls *.ods *.vcf *.vcard);;All files (*)"
ENCODINGS = [
    ("utf-8", QT_TRANSLATE_NOOP("FormatPage", "Unicode (UTF-8)")),
    ("utf-8-sig", QT_TRANSLATE_NOOP("FormatPage", "Unicode (UTF-8 with BOM)")),
    ("utf-16", QT_TRANSLATE_NOOP("FormatPage", "Unicode (UTF-16)")),
    ("cp1252", QT_TRANSLATE_NOOP("FormatPage", "Western European (Windows-1252)")),
    ("cp1251", QT_TRANSLATE_NOOP("FormatPage", "Cyrillic (Windows-1251)")),
    ("cp1250", QT_TRANSLATE_NOOP("FormatPage", "Central European (Windows-1250)")),
    ("iso8859_2", QT_TRANSLATE_NOOP("FormatPage", "Central European (ISO 8859-2)")),
    ("iso8859_15", QT_TRANSLATE_NOOP("FormatPage", "Western European (ISO 8859-15)")),
    ("koi8_r", QT_TRANSLATE_NOOP("FormatPage", "Cyrillic (KOI8-R)")),
    ("cp866", QT_TRANSLATE_NOOP("FormatPage", "Cyrillic (DOS 866)")),
    ("mac_cyrillic", QT_TRANSLATE_NOOP("FormatPage", "Cyrillic (Mac)")),
    ("cp1254", QT_TRANSLATE_NOOP("FormatPage", "Turkish (Windows-1254)")),
    ("cp1257", QT_TRANSLATE_NOOP("FormatPage", "Baltic (Windows-1257)")),
]


def _table(model, stretch_last: bool = True) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    return view


def _message(label: QLabel, text: str, error: bool = False) -> None:
    """Show a state line; errors in the palette's error red, others in its text colour."""
    label.setText(text)
    if error:
        palette = label.palette()
        palette.setColor(label.foregroundRole(), error_color(palette))
        label.setPalette(palette)
    else:
        label.setPalette(QPalette())


# --------------------------------------------------------------------------- 1 File


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("Choose a file"))
        self.setSubTitle(
            self.tr(
                "A spreadsheet (Excel, LibreOffice), a CSV or text export (Outlook, Google "
                "Contacts, Thunderbird) or a vCard file. Nothing is changed until the "
                "Import step."
            )
        )
        self.path = QLineEdit()
        self.path.setObjectName("importPath")
        self.path.setPlaceholderText(self.tr("Path of the file to import"))
        self.path.textChanged.connect(self.completeChanged)
        choose = QPushButton(self.tr("&Choose…"))
        choose.clicked.connect(self.choose)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(choose)
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("&File:"))
        label.setBuddy(self.path)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addStretch(1)
        self._wizard = wizard

    def choose(self) -> None:
        start = self.path.text() or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import contacts"), start, self.tr(FILE_FILTER)
        )
        if path:
            self.path.setText(path)

    def file(self) -> Path | None:
        text = self.path.text().strip()
        return Path(text).expanduser() if text else None

    def isComplete(self) -> bool:
        path = self.file()
        return path is not None and path.is_file()

    def validatePage(self) -> bool:
        path = self.file()
        assert path is not None
        self._wizard.choose_file(path)
        return True

    def nextId(self) -> int:
        path = self.file()
        if path is not None and path.is_file() and service.is_vcard(path):
            return DUPLICATES
        return FORMAT


# --------------------------------------------------------------------------- 2 Format


class FormatPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("How the file is read"))
        self.setSubTitle(
            self.tr(
                "Each setting was detected; correct any that look wrong. The rows below "
                "show the top of the file as it will be read, the header row in bold."
            )
        )
        self.encoding = QComboBox()
        self.encoding.setObjectName("encoding")
        self.delimiter = QComboBox()
        self.delimiter.setObjectName("delimiter")
        for text, value in (
            (self.tr("Comma ( , )"), ","),
            (self.tr("Semicolon ( ; )"), ";"),
            (self.tr("Tab"), "\t"),
            (self.tr("Vertical bar ( | )"), "|"),
        ):
            self.delimiter.addItem(text, value)
        self.sheet = QComboBox()
        self.sheet.setObjectName("sheet")
        self.header_row = QSpinBox()
        self.header_row.setObjectName("headerRow")
        self.header_row.setRange(0, 10_000)
        self.header_row.setSpecialValueText(self.tr("No header"))
        self.header_row.setKeyboardTracking(False)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.model = RawRowsModel(self)
        self.rows = _table(self.model, stretch_last=False)
        self.rows.setObjectName("rawRows")

        grid = QGridLayout()
        pairs = [
            (self.tr("&Encoding:"), self.encoding),
            (self.tr("&Delimiter:"), self.delimiter),
            (self.tr("&Sheet:"), self.sheet),
            (self.tr("&Header row:"), self.header_row),
        ]
        for i, (text, widget) in enumerate(pairs):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, i // 2, (i % 2) * 2)
            grid.addWidget(widget, i // 2, (i % 2) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.state)
        layout.addWidget(self.rows, 1)

        self.encoding.activated.connect(lambda _i: self._force("encoding", self.encoding))
        self.delimiter.activated.connect(lambda _i: self._force("delimiter", self.delimiter))
        self.sheet.activated.connect(lambda _i: self._force("sheet", self.sheet))
        self.header_row.valueChanged.connect(self._header_changed)
        self._updating = False
        wizard.head_loading.connect(self._loading)
        wizard.head_loaded.connect(self._loaded)
        wizard.head_failed.connect(self._failed)

    def _force(self, key: str, combo: QComboBox) -> None:
        self._wizard.change_option(key, combo.currentData())

    def _header_changed(self, value: int) -> None:
        if not self._updating:
            self._wizard.change_option("header_row", value)

    def _loading(self) -> None:
        _message(self.state, self.tr("Reading the file…"))
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        _message(self.state, message, error=True)
        self.model.set_rows([], 0)
        self.completeChanged.emit()

    def _loaded(self, head: Head) -> None:
        info = head.info
        self._updating = True
        try:
            self.encoding.clear()
            choices = list(ENCODINGS)
            if info.encoding and info.encoding not in [c for c, _ in choices]:
                choices.insert(0, (info.encoding, info.encoding))
            for code, title in choices:
                self.encoding.addItem(f"{self.tr(title)} — {code}", code)
            self.encoding.setCurrentIndex(max(self.encoding.findData(info.encoding), 0))
            self.delimiter.setCurrentIndex(max(self.delimiter.findData(info.delimiter), 0))
            self.sheet.clear()
            for name in info.sheets:
                self.sheet.addItem(name, name)
            self.sheet.setCurrentIndex(max(self.sheet.findData(info.sheet), 0))
            text = info.format == "csv"
            self.encoding.setEnabled(text)
            self.delimiter.setEnabled(text)
            self.sheet.setEnabled(len(info.sheets) > 1)
            self.header_row.setValue(info.header_row)
        finally:
            self._updating = False
        self.model.set_rows(info.preview, info.header_row)
        self.rows.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.rows.setColumnWidth(column, min(self.rows.columnWidth(column), 260))
        kind = {"csv": self.tr("Text (CSV)"), "xlsx": "Excel", "xls": "Excel 97–2003"}.get(
            info.format, info.format.upper()
        )
        _message(
            self.state,
            self.tr("{0}: {1} columns; the data starts below row {2}.").format(
                kind, len(head.headers), info.header_row
            ),
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._wizard.head is not None and not self._wizard.loading


# --------------------------------------------------------------------------- 3 Columns


class FieldDelegate(QStyledItemDelegate):
    """A drop-down of fields in the "Goes to" column; the choice is applied at once."""

    def createEditor(self, parent: QWidget, _option, index: QModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName(f"field{index.row()}")
        combo.setAccessibleName(
            self.tr("Field for column {0}").format(index.siblingAtColumn(0).data())
        )
        headers = [
            index.model().index(r, 0).data(Qt.ItemDataRole.ToolTipRole) or ""
            for r in range(index.model().rowCount())
        ]
        current = index.data(FIELD_ROLE)
        choices = field_choices()
        if current not in [code for _, code in choices]:
            choices.insert(1, (field_title(current, headers), current))
        for title, code in choices:
            combo.addItem(title, code)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.activated.connect(lambda _i, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(FIELD_ROLE)), 0))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), FIELD_ROLE)


class ColumnsPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("What each column holds"))
        self.setSubTitle(
            self.tr(
                "Check where each column goes. Columns kept in notes are added to the "
                "contact's notes with their title, so nothing is lost. Below, the first "
                "rows as they will be imported: e‑mails and phones in green are valid, "
                "in red they will be kept and listed for you to fix."
            )
        )
        self.model = ColumnsModel(self)
        self.columns = _table(self.model)
        self.columns.setObjectName("columns")
        self.columns.setItemDelegateForColumn(ColumnsModel.FIELD, FieldDelegate(self.columns))
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.columns.verticalHeader().setVisible(False)
        self.columns_fit = ColumnFit(self.columns, cap=220)
        self.preview = PreviewModel(self)
        self.preview_view = _table(self.preview)
        self.preview_view.setObjectName("preview")
        self.preview_fit = ColumnFit(self.preview_view, cap=260)
        self.model.dataChanged.connect(lambda *_a: self.refresh_preview())
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.columns)
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(QLabel(self.tr("How the first rows will be read:")))
        inner.addWidget(self.preview_view, 1)
        self.split.addWidget(box)
        self.split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.split, 1)

    def initializePage(self) -> None:
        head = self._wizard.head
        assert head is not None
        mapping = self._wizard.mapping if self._wizard.mapping is not None else head.mapping
        self.model.set_columns(head.headers, mapping, head.data_rows)
        for row in range(self.model.rowCount()):
            self.columns.openPersistentEditor(self.model.index(row, ColumnsModel.FIELD))
        self.columns_fit.refit()
        self.refresh_preview()
        self._share_height()

    def _share_height(self) -> None:
        """The list of columns as tall as its rows (up to half the page), the preview
        the rest: a file has a handful of columns, and the preview is what is read."""
        view = self.columns
        rows = view.verticalHeader().length() + view.horizontalHeader().height()
        frame = 2 * view.frameWidth()
        bar = view.horizontalScrollBar().sizeHint().height()
        total = sum(self.split.sizes()) or self.split.height()
        wanted = min(rows + frame + bar, max(total // 2, view.minimumSizeHint().height()))
        self.split.setSizes([wanted, max(total - wanted, 1)])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.model.rowCount():
            self._share_height()

    def combo(self, row: int) -> QComboBox:
        """The drop-down of a column (for keyboard users and tests)."""
        widget = self.columns.indexWidget(self.model.index(row, ColumnsModel.FIELD))
        assert isinstance(widget, QComboBox)
        return widget

    def refresh_preview(self) -> None:
        head = self._wizard.head
        if head is None:
            return
        self._wizard.mapping = list(self.model.mapping)
        self.preview.set_records(head.records_with(self.model.mapping), self._wizard.region())
        self.preview_fit.refit()


# --------------------------------------------------------------------------- 4 Duplicates


class DuplicatesPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("People already in your contacts"))
        self.setSubTitle(
            self.tr(
                "The same e-mail address, or the same name with the same phone, is the same "
                "person. A shared phone alone (a switchboard) or the same name alone is only "
                "listed as a possible duplicate and kept apart."
            )
        )
        self.policy = QButtonGroup(self)
        layout = QVBoxLayout(self)
        for policy, title, text in (
            (
                OnDuplicate.MERGE,
                self.tr("&Merge into the existing contact"),
                self.tr(
                    "Fills empty fields and adds new e-mails, phones and tags. A different "
                    "value already there is kept and the difference is listed. "
                    "Do-not-contact and consent are never changed."
                ),
            ),
            (
                OnDuplicate.SKIP,
                self.tr("&Skip the row"),
                self.tr("The existing contact stays exactly as it is."),
            ),
            (
                OnDuplicate.CREATE,
                self.tr("&Create a separate contact"),
                self.tr("Listed as a possible duplicate, to merge later by hand."),
            ),
        ):
            button = QRadioButton(title)
            button.setObjectName(f"policy_{policy.value}")
            self.policy.addButton(button)
            button.setProperty("policy", policy.value)
            explanation = QLabel(text)
            explanation.setWordWrap(True)
            explanation.setIndent(24)
            layout.addWidget(button)
            layout.addWidget(explanation)
            if policy == OnDuplicate.MERGE:
                button.setChecked(True)
        from pressdesk.ui.contact_editor import country_choices

        self.region = QComboBox()
        self.region.setObjectName("defaultRegion")
        self.region.addItem(self.tr("None (numbers need a country code)"), "")
        for name, code in country_choices():
            self.region.addItem(f"{name} ({code})", code)
        form = QFormLayout()
        form.addRow(self.tr("Phone numbers without a country code are &from:"), self.region)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addStretch(1)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Import"))

    def initializePage(self) -> None:
        store = self._wizard.ctx.store
        region = ""
        if store is not None:
            with store.uow() as uow:
                region = contact_service.default_region(uow) or ""
        self.region.setCurrentIndex(max(self.region.findData(region.upper()), 0))

    def on_duplicate(self) -> OnDuplicate:
        return OnDuplicate(self.policy.checkedButton().property("policy"))

    def nextId(self) -> int:
        return IMPORT


# --------------------------------------------------------------------------- 5 Import


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Importing"))
        self.setSubTitle(
            self.tr("Everything is written at once at the end: Cancel leaves nothing behind.")
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setObjectName("importProgress")
        self.cancel_button = QPushButton(self.tr("Cancel import"))
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addStretch(1)
        self.job: Job | None = None
        self.done = False
        self.setCommitPage(True)

    def initializePage(self) -> None:
        self.done = False
        self.start()

    def cleanupPage(self) -> None:  # Back while importing: stop, keep nothing
        self.cancel()

    def start(self) -> None:
        wizard = self._wizard
        store = wizard.ctx.store
        assert store is not None and wizard.path is not None
        path, options = wizard.path, wizard.import_options()
        total = count_lines(path)
        self.bar.setRange(0, max(total or 0, 1))
        self.bar.setValue(0)
        self.bar.setVisible(total is not None)
        self.cancel_button.setEnabled(True)
        _message(self.label, self.tr("Reading {0}…").format(path.name))

        def work(progress) -> ImportResult:
            return service.import_contacts(
                store,
                path,
                options,
                progress=lambda n: progress.report(n, total or 0, ""),
                cancelled=lambda: progress.cancelled,
            )

        self.job = wizard.ctx.jobs.run(
            self.tr("Importing {0}…").format(path.name),
            work,
            on_done=self._done,
            on_error=self._failed,
            on_progress=self._progressed,
        )

    def running(self) -> bool:
        return self.job is not None and not self.job.done

    def cancel(self) -> None:
        if self.running():
            assert self.job is not None
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            _message(self.label, self.tr("Cancelling…"))

    def _progressed(self, done: int, total: int, _text: str) -> None:
        if total > 0:
            self.bar.setMaximum(max(total, done))
            self.bar.setValue(done)
        _message(self.label, self.tr("{0} rows read…").format(QLocale().toString(int(done))))

    def _done(self, result: ImportResult) -> None:
        self.job = None
        self.done = True
        self.cancel_button.setEnabled(False)
        self.bar.setValue(self.bar.maximum())
        self._wizard.finished_import(result)
        self.completeChanged.emit()
        if self._wizard.currentId() == IMPORT:
            self._wizard.next()

    def _failed(self, error: BaseException) -> None:
        self.job = None
        self.cancel_button.setEnabled(False)
        if isinstance(error, Cancelled | service.ImportCancelled):
            text = self.tr("Import cancelled. Nothing was changed.")
        else:
            text = self.tr("The import failed and nothing was changed: {0}").format(
                str(error) or error.__class__.__name__
            )
        _message(self.label, text, error=not isinstance(error, Cancelled))
        self._wizard.import_stopped()

    def isComplete(self) -> bool:
        return self.done


# --------------------------------------------------------------------------- 6 Result


class ResultPage(QWizardPage):
    COUNTS = (
        ("rows", QT_TRANSLATE_NOOP("ResultPage", "Rows read")),
        ("created", QT_TRANSLATE_NOOP("ResultPage", "Created")),
        ("merged", QT_TRANSLATE_NOOP("ResultPage", "Merged")),
        ("skipped", QT_TRANSLATE_NOOP("ResultPage", "Skipped")),
        ("invalid", QT_TRANSLATE_NOOP("ResultPage", "Invalid values kept")),
        ("errors", QT_TRANSLATE_NOOP("ResultPage", "Rows not imported (errors)")),
        ("possible_duplicates", QT_TRANSLATE_NOOP("ResultPage", "Possible duplicates")),
    )

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Import finished"))
        self.count_labels: dict[str, QLabel] = {}
        counts = QFormLayout()
        counts.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        for key, title in self.COUNTS:
            label = QLabel()
            label.setObjectName(f"count_{key}")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("000,000"))
            self.count_labels[key] = label
            counts.addRow(self.tr(title), label)
        self.model = ReportModel(self)
        self.attention = _table(self.model)
        self.attention.setObjectName("attention")
        # One line a row, all of the same height; a long text is cut with "…" and its
        # tooltip has it whole (wrapped rows were measured before the page had its width).
        self.attention_fit = ColumnFit(self.attention)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Save report…"))
        self.save_button.clicked.connect(self.choose_report_file)
        self.undo_button = QPushButton(self.tr("&Undo this import"))
        self.undo_button.setObjectName("undoImport")
        self.undo_button.clicked.connect(self.undo)
        self.show_button = QPushButton(self.tr("Show imported &contacts"))
        self.show_button.clicked.connect(self.show_contacts)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.undo_button, self.show_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(counts)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        self.attention_title = QLabel(self.tr("Rows that need your attention:"))
        layout.addWidget(self.attention_title)
        layout.addWidget(self.attention, 1)
        layout.addWidget(self.state)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        result = self._wizard.result
        assert result is not None
        locale = QLocale()
        for key, value in result.counts().items():
            if key in self.count_labels:
                self.count_labels[key].setText(locale.toString(int(value or 0)))
        lines = [line for line in result.report if needs_attention(line)]
        self.model.set_lines(lines)
        self.attention_title.setText(
            self.tr("Rows that need your attention:")
            if lines
            else self.tr("Nothing needs your attention.")
        )
        self.attention_fit.refit()
        name = self._wizard.path.name if self._wizard.path else ""
        self.setSubTitle(
            self.tr("{0} was imported as import #{1}. Every row is accounted for.").format(
                name, result.batch
            )
        )
        self.undo_button.setEnabled(result.batch is not None)
        self.show_button.setEnabled(result.created + result.merged > 0)
        _message(self.state, "")

    def choose_report_file(self) -> None:
        assert self._wizard.path is not None
        start = str(self._wizard.path.with_name(self._wizard.path.stem + "-report.csv"))
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save report"), start, self.tr("CSV (*.csv)")
        )
        if path:
            self.save_report(Path(path))

    def save_report(self, path: Path) -> None:
        assert self._wizard.result is not None
        try:
            service.write_report(self._wizard.result, path)
        except OSError as error:
            _message(self.state, str(error), error=True)
        else:
            _message(self.state, self.tr("Report saved to {0}.").format(path))

    def undo(self) -> None:
        result, ctx = self._wizard.result, self._wizard.ctx
        assert result is not None and result.batch is not None and ctx.store is not None
        store, batch = ctx.store, result.batch
        self.undo_button.setEnabled(False)

        def work(_progress) -> dict[str, int]:
            with store.uow() as uow:
                done = import_batches.undo_import(uow, batch)
                uow.commit()
            return done

        def done(counts: dict[str, int]) -> None:
            self.show_button.setEnabled(False)
            _message(
                self.state,
                self.tr("Import undone: {0} contacts removed, {1} merges reverted.").format(
                    counts["removed"], counts["reverted"]
                ),
            )
            ctx.events.contacts(None)

        def failed(error: BaseException) -> None:
            self.undo_button.setEnabled(True)
            _message(self.state, str(error), error=True)

        self._wizard.undo_job = ctx.jobs.run(
            self.tr("Undoing the import…"), work, on_done=done, on_error=failed
        )

    def show_contacts(self) -> None:
        result, store = self._wizard.result, self._wizard.ctx.store
        assert result is not None and result.batch is not None and store is not None
        with store.uow() as uow:
            ids = import_batches.batch_contact_ids(uow, result.batch)
        self._wizard.show_contacts.emit(ids)
        self._wizard.accept()


# --------------------------------------------------------------------------- the wizard


class ImportWizard(QWizard):
    #: The file's head was (re)read: a :class:`Head`.
    head_loaded = Signal(object)
    head_loading = Signal()
    head_failed = Signal(str)
    #: "Show imported contacts": the ids of the contacts the import created or merged.
    show_contacts = Signal(list)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import contacts"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.path: Path | None = None
        self.forced: dict[str, Any] = {}
        self.head: Head | None = None
        self.mapping: list[str | None] | None = None
        self.result: ImportResult | None = None
        self.loading = False
        self.undo_job: Job | None = None
        self._load_job: Job | None = None
        self._reload_wanted = False
        self._closing = False
        self.file_page = FilePage(self)
        self.format_page = FormatPage(self)
        self.columns_page = ColumnsPage(self)
        self.duplicates_page = DuplicatesPage(self)
        self.import_page = ImportPage(self)
        self.result_page = ResultPage(self)
        for page_id, page in enumerate(
            (
                self.file_page,
                self.format_page,
                self.columns_page,
                self.duplicates_page,
                self.import_page,
                self.result_page,
            )
        ):
            self.setPage(page_id, page)
        self.setStartId(FILE)
        self.resize(900, 640)

    # -- reading the file

    def choose_file(self, path: Path) -> None:
        if path != self.path:
            self.path, self.forced, self.mapping, self.head = path, {}, None, None
        self.reload()

    def change_option(self, key: str, value: Any) -> None:
        self.forced[key] = value
        if key != "header_row":
            self.forced.pop("header_row", None)  # found again in the new reading
        self.mapping = None  # new columns: guess their fields again
        self.reload()

    def options(self) -> ImportOptions:
        return ImportOptions(
            encoding=self.forced.get("encoding"),
            delimiter=self.forced.get("delimiter"),
            sheet=self.forced.get("sheet"),
            header_row=self.forced.get("header_row"),
        )

    def reload(self) -> None:
        """Read the head of the file again in the background with the current options."""
        if self.loading:
            self._reload_wanted = True
            return
        assert self.path is not None
        path, options = self.path, self.options()
        self.loading = True
        self.head_loading.emit()
        self._load_job = self.ctx.jobs.run(
            self.tr("Reading {0}…").format(path.name),
            lambda _progress: read_head(path, options),
            on_done=self._head_done,
            on_error=self._head_error,
        )

    def _head_done(self, head: Head) -> None:
        self.loading = False
        if self._reload_wanted:
            self._reload_wanted = False
            self.reload()
            return
        self.head = head
        self.head_loaded.emit(head)

    def _head_error(self, error: BaseException) -> None:
        self.loading = False
        self.head = None
        if self._reload_wanted:
            self._reload_wanted = False
            self.reload()
            return
        self.head_failed.emit(str(error) or error.__class__.__name__)

    def region(self) -> str | None:
        return self.duplicates_page.region.currentData() or None

    def import_options(self) -> ImportOptions:
        info = self.head.info if self.head is not None else None
        vcard = info is None or info.format == "vcard"
        return ImportOptions(
            encoding=None if vcard else info.encoding,
            delimiter=None if vcard else info.delimiter,
            sheet=None if vcard else info.sheet,
            header_row=None if vcard else info.header_row,
            mapping=None if vcard or self.mapping is None else list(self.mapping),
            default_region=self.region(),
            on_duplicate=self.duplicates_page.on_duplicate(),
        )

    # -- importing

    def finished_import(self, result: ImportResult) -> None:
        self.result = result
        self.ctx.events.contacts(None)
        self.ctx.notify(
            self.tr("Imported {0}: {1} created, {2} merged.").format(
                self.path.name if self.path else "", result.created, result.merged
            )
        )
        if self._closing:
            super().reject()

    def import_stopped(self) -> None:
        if self._closing:
            super().reject()

    def reject(self) -> None:
        """Cancel while importing stops the import first; the wizard closes after."""
        if self.import_page.running():
            self._closing = True
            self.import_page.cancel()
            return
        super().reject()
