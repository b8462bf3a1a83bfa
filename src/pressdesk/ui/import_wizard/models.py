"""The wizard's tables: raw rows, one row per source column, the preview, rows to look at.

All four are small (a few dozen rows at most), so they hold their data in lists and are
reset as a whole when it changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from pressdesk.domain.countries import country_code
from pressdesk.domain.emails import split_emails
from pressdesk.domain.phones import split_phones
from pressdesk.formats.layouts import EMAIL_LABELS, FIELDS, PHONE_LABELS
from pressdesk.formats.records import RawContact
from pressdesk.formats.tables import SourceRow
from pressdesk.services.import_contacts import ReportLine, Status
from pressdesk.ui.theme import error_color, is_dark

Display = Qt.ItemDataRole.DisplayRole
#: The field code ("email:work", None for notes) of a Columns row, for the delegate.
FIELD_ROLE = Qt.ItemDataRole.UserRole + 1
SAMPLES = 3

_FIELD_TITLES = {
    "name": QT_TRANSLATE_NOOP("ImportFields", "Full name"),
    "given_name": QT_TRANSLATE_NOOP("ImportFields", "Given name"),
    "middle_name": QT_TRANSLATE_NOOP("ImportFields", "Middle name"),
    "family_name": QT_TRANSLATE_NOOP("ImportFields", "Family name"),
    "honorific": QT_TRANSLATE_NOOP("ImportFields", "Honorific (Mr, Dr)"),
    "suffix": QT_TRANSLATE_NOOP("ImportFields", "Suffix"),
    "nickname": QT_TRANSLATE_NOOP("ImportFields", "Nickname"),
    "organization": QT_TRANSLATE_NOOP("ImportFields", "Organisation"),
    "department": QT_TRANSLATE_NOOP("ImportFields", "Department"),
    "role": QT_TRANSLATE_NOOP("ImportFields", "Role / job title"),
    "country": QT_TRANSLATE_NOOP("ImportFields", "Country"),
    "city": QT_TRANSLATE_NOOP("ImportFields", "City"),
    "languages": QT_TRANSLATE_NOOP("ImportFields", "Languages"),
    "tags": QT_TRANSLATE_NOOP("ImportFields", "Tags"),
    "notes": QT_TRANSLATE_NOOP("ImportFields", "Notes"),
    "website": QT_TRANSLATE_NOOP("ImportFields", "Website"),
    "email": QT_TRANSLATE_NOOP("ImportFields", "E-mail"),
    "phone": QT_TRANSLATE_NOOP("ImportFields", "Phone"),
    "do_not_contact": QT_TRANSLATE_NOOP("ImportFields", "Do not contact"),
    "ignore": QT_TRANSLATE_NOOP("ImportFields", "Ignore this column"),
}
_LABEL_TITLES = {
    "work": QT_TRANSLATE_NOOP("ImportFields", "work"),
    "home": QT_TRANSLATE_NOOP("ImportFields", "home"),
    "other": QT_TRANSLATE_NOOP("ImportFields", "other"),
    "mobile": QT_TRANSLATE_NOOP("ImportFields", "mobile"),
    "fax": QT_TRANSLATE_NOOP("ImportFields", "fax"),
}


_EMAIL_AS = QT_TRANSLATE_NOOP("ImportFields", "E-mail ({0})")
_PHONE_AS = QT_TRANSLATE_NOOP("ImportFields", "Phone ({0})")
_NOTES = QT_TRANSLATE_NOOP("ImportFields", "Keep in notes")
_LABEL_OF = QT_TRANSLATE_NOOP("ImportFields", "Label of “{0}”")


def _t(text: str) -> str:
    return QCoreApplication.translate("ImportFields", text)


def _labelled(pattern: str, label: str) -> str:
    return _t(pattern).format(_t(_LABEL_TITLES[label]))


def field_choices() -> list[tuple[str, str | None]]:
    """(title, field) for the Columns drop-down: notes first, then every field."""
    choices: list[tuple[str, str | None]] = [(_t(_NOTES), None)]
    for name in FIELDS:
        choices.append((_t(_FIELD_TITLES[name]), name))
        if name == "email":
            choices += [(_labelled(_EMAIL_AS, x), f"email:{x}") for x in EMAIL_LABELS]
        elif name == "phone":
            choices += [(_labelled(_PHONE_AS, x), f"phone:{x}") for x in PHONE_LABELS]
    return choices


def field_title(field: str | None, headers: Sequence[str] = ()) -> str:
    """How a field code reads in the drop-down, including Google's label columns."""
    for title, code in field_choices():
        if code == field:
            return title
    kind, _, arg = (field or "").partition(":")
    if kind in ("email_label", "phone_label") and arg.isdigit():
        column = headers[int(arg)] if int(arg) < len(headers) else f"#{int(arg) + 1}"
        return _t(_LABEL_OF).format(column)
    return field or ""


def valid_color(palette: QPalette) -> QColor:
    """A green that reads on the palette's base colour (the theme has only warnings)."""
    return QColor("#81c995") if is_dark(palette) else QColor("#1e7b34")


def _palette() -> QPalette:
    return QApplication.palette()


class _ListModel(QAbstractTableModel):
    headers: list[str]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation, role=Display):
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Display and horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        return None


class RawRowsModel(_ListModel):
    """The file's first rows as they will be read, the header row in bold."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = []
        self.header_row = 0

    def set_rows(self, rows: Sequence[SourceRow], header_row: int) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        width = max((len(r.cells) for r in self.rows), default=0)
        self.headers = [str(i + 1) for i in range(width)]
        self.header_row = header_row
        self.endResetModel()

    def data(self, index: QModelIndex, role: int = Display) -> Any:
        if not index.isValid():
            return None
        row: SourceRow = self.rows[index.row()]
        if role in (Display, Qt.ItemDataRole.ToolTipRole):
            text = row.cell(index.column())
            return text.replace("\n", " ⏎ ") if role == Display else text or None
        if role == Qt.ItemDataRole.FontRole and row.number == self.header_row:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation, role=Display):
        if role == Display and orientation == Qt.Orientation.Vertical:
            if 0 <= section < len(self.rows):
                return str(self.rows[section].number)
            return None
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Display and horizontal and 0 <= section < len(self.headers):
            return QCoreApplication.translate("ImportWizard", "Column {0}").format(
                self.headers[section]
            )
        return None


class ColumnsModel(_ListModel):
    """One row per source column: its header, sample values and the field it fills."""

    FIELD = SAMPLES + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        tr = QCoreApplication.translate
        self.headers = [tr("ImportWizard", "Column")]
        self.headers += [tr("ImportWizard", "Example {0}").format(i + 1) for i in range(SAMPLES)]
        self.headers.append(tr("ImportWizard", "Goes to"))
        self.mapping: list[str | None] = []

    def set_columns(
        self, headers: Sequence[str], mapping: Sequence[str | None], rows: Sequence[SourceRow]
    ) -> None:
        self.beginResetModel()
        self.rows = []
        for index, header in enumerate(headers):
            samples = [r.cell(index).strip() for r in rows if r.cell(index).strip()][:SAMPLES]
            self.rows.append((header, samples + [""] * (SAMPLES - len(samples))))
        self.mapping = list(mapping) + [None] * (len(headers) - len(mapping))
        self.endResetModel()

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.FIELD:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex, role: int = Display) -> Any:
        if not index.isValid():
            return None
        header, samples = self.rows[index.row()]
        column = index.column()
        if column == self.FIELD:
            field = self.mapping[index.row()]
            if role in (Display, Qt.ItemDataRole.EditRole):
                return field_title(field, [h for h, _ in self.rows])
            if role == FIELD_ROLE:
                return field
            return None
        if role in (Display, Qt.ItemDataRole.ToolTipRole):
            text = header if column == 0 else samples[column - 1]
            return text.replace("\n", " ⏎ ") if role == Display else (text or None)
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole):
        if not index.isValid() or index.column() != self.FIELD or role != FIELD_ROLE:
            return False
        if self.mapping[index.row()] == value:
            return True
        self.mapping[index.row()] = value
        self.dataChanged.emit(index, index, [Display, FIELD_ROLE])
        return True


def _values(raw_values, check) -> tuple[str, bool | None, str]:
    """(text, all valid?, reasons) of a record's e-mails or phones."""
    texts, reasons, valid = [], [], None
    for value in raw_values:
        texts.append(value.text)
        for result in check(value):
            valid = (valid if valid is not None else True) and result.valid
            if not result.valid:
                reasons.append(f"{result.original}: {result.reason}")
    return "; ".join(texts), valid, "\n".join(reasons)


class PreviewModel(_ListModel):
    """The first records as the import will read them; e-mails and phones validated."""

    NAME, ORGANISATION, ROLE, COUNTRY, EMAILS, PHONES, NOTES = range(7)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        tr = QCoreApplication.translate
        self.headers = [
            tr("ImportWizard", "Name"),
            tr("ImportWizard", "Organisation"),
            tr("ImportWizard", "Role"),
            tr("ImportWizard", "Country"),
            tr("ImportWizard", "E-mails"),
            tr("ImportWizard", "Phones"),
            tr("ImportWizard", "Notes"),
        ]
        self.numbers: list[str] = []

    def set_records(self, records: Sequence[RawContact], default_region: str | None) -> None:
        self.beginResetModel()
        self.rows, self.numbers = [], []
        for raw in records:
            region = country_code(raw.country) or default_region
            emails = _values(raw.emails, lambda v: split_emails(v.text))
            phones = _values(
                raw.phones, lambda v, r=region: split_phones(v.text, r, lost_plus=v.lost_plus)
            )
            notes = " · ".join(n.replace("\n", " ") for n in raw.notes)
            name = raw.display_name() or raw.error or ""
            self.rows.append(
                (name, raw.organization, raw.role, raw.country, emails, phones, notes)
            )  # fmt: skip
            self.numbers.append(str(raw.row.number) if raw.row else "")
        self.endResetModel()

    def data(self, index: QModelIndex, role: int = Display) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        checked = index.column() in (self.EMAILS, self.PHONES)
        text, valid, reasons = value if checked else (value, None, "")
        if role == Display:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if checked and valid is not None:
                ok = QCoreApplication.translate("ImportWizard", "All valid")
                return reasons or ok
            return text or None
        if role == Qt.ItemDataRole.ForegroundRole and valid is not None:
            return valid_color(_palette()) if valid else error_color(_palette())
        return None

    def headerData(self, section: int, orientation, role=Display):
        if role == Display and orientation == Qt.Orientation.Vertical:
            return self.numbers[section] if 0 <= section < len(self.numbers) else None
        return super().headerData(section, orientation, role)


_STATUS_TITLES = {
    Status.CREATED: QT_TRANSLATE_NOOP("ImportStatus", "created"),
    Status.MERGED: QT_TRANSLATE_NOOP("ImportStatus", "merged"),
    Status.SKIPPED: QT_TRANSLATE_NOOP("ImportStatus", "skipped"),
    Status.DUPLICATE: QT_TRANSLATE_NOOP("ImportStatus", "possible duplicate"),
    Status.INVALID: QT_TRANSLATE_NOOP("ImportStatus", "invalid value"),
    Status.ERROR: QT_TRANSLATE_NOOP("ImportStatus", "error"),
}


def status_title(status: str) -> str:
    return QCoreApplication.translate("ImportStatus", _STATUS_TITLES.get(Status(status), status))


def needs_attention(line: ReportLine) -> bool:
    """Everything but the plain "created" / "merged" line of a row."""
    return line.status not in (Status.CREATED, Status.MERGED) or bool(line.field)


class ReportModel(_ListModel):
    """Report lines: row number as the user sees it, what happened, the original text."""

    def __init__(self, parent: QObject | None = None, *, full: bool = False) -> None:
        super().__init__(parent)
        tr = QCoreApplication.translate
        self.full = full
        self.headers = [tr("ImportWizard", "Row")]
        if full:
            self.headers += [tr("ImportWizard", "Sheet"), tr("ImportWizard", "Contact")]
        self.headers += [
            tr("ImportWizard", "Status"),
            tr("ImportWizard", "Field"),
            tr("ImportWizard", "Original text"),
            tr("ImportWizard", "Message"),
        ]

    def set_lines(self, lines: Sequence[ReportLine]) -> None:
        self.beginResetModel()
        self.rows = list(lines)
        self.endResetModel()

    def _cells(self, line: ReportLine) -> list[Any]:
        cells: list[Any] = ["" if line.row is None else line.row]
        if self.full:
            cells += [line.sheet or "", "" if line.contact_id is None else line.contact_id]
        return [*cells, status_title(line.status), line.field, line.value, line.message]

    def data(self, index: QModelIndex, role: int = Display) -> Any:
        if not index.isValid():
            return None
        line: ReportLine = self.rows[index.row()]
        value = self._cells(line)[index.column()]
        if role == Display:
            return value.replace("\n", " ⏎ ") if isinstance(value, str) else value
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(value) or None
        if role == Qt.ItemDataRole.ForegroundRole and line.status in (
            Status.ERROR,
            Status.INVALID,
        ):
            return error_color(_palette())
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
