"""The contact editor: every field, any number of e-mails and phones, checked as you type.

Each e-mail shows its error and each phone how it was read ("+993 12 48-84-07 ·
Turkmenistan") or why not, right under the field. Nothing typed blocks saving except a
missing name: a bad value is saved with its reason and the contact shows a ⚠.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pycountry
from PySide6.QtCore import QT_TRANSLATE_NOOP, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pressdesk.domain.contacts import LABELS, ContactInput, ValueInput, phone_region
from pressdesk.domain.countries import country_code, country_name
from pressdesk.domain.emails import split_emails
from pressdesk.domain.phones import split_phones
from pressdesk.services.errors import PressDeskError
from pressdesk.ui.theme import error_color, muted_color

LABEL_TITLES = {
    "work": QT_TRANSLATE_NOOP("ValueRow", "work"),
    "mobile": QT_TRANSLATE_NOOP("ValueRow", "mobile"),
    "home": QT_TRANSLATE_NOOP("ValueRow", "home"),
    "fax": QT_TRANSLATE_NOOP("ValueRow", "fax"),
    "other": QT_TRANSLATE_NOOP("ValueRow", "other"),
}


@cache
def country_choices() -> list[tuple[str, str]]:
    """(English name, ISO code) of every country, by name."""
    return sorted(
        ((country_name(c.alpha_2), c.alpha_2) for c in pycountry.countries),
        key=lambda pair: pair[0].casefold(),
    )


class ListCompleter(QCompleter):
    """Completes the last item of a comma-separated list ("media, UN, ce|")."""

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index) -> str:
        widget = self.widget()
        before = widget.text().split(",")[:-1] if isinstance(widget, QLineEdit) else []
        items = [p.strip() for p in before if p.strip()] + [str(index.data())]
        return ", ".join(items) + ", "


def split_list(text: str) -> list[str]:
    return list(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))


class CountryBox(QComboBox):
    """An editable combo of countries, completing on any part of the name; stores ISO codes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("", "")
        for name, code in country_choices():
            self.addItem(name, code)
        completer = self.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.lineEdit().setPlaceholderText(self.tr("Country (name or ISO code)"))

    def set_code(self, code: str) -> None:
        index = self.findData(code.upper()) if code else 0
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(code)

    def value(self) -> str:
        """The ISO code when the text names a country, else the text as typed."""
        text = self.currentText().strip()
        return country_code(text) or text


class ValueRow(QWidget):
    """One e-mail or phone: text, label, primary choice, remove, and the reading under it."""

    changed = Signal()
    removed = Signal(object)

    def __init__(
        self,
        kind: str,
        region: Callable[[], str | None],
        group: QButtonGroup,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self._region = region
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(
            self.tr("name@example.org") if kind == "email" else self.tr("+993 12 48-84-07")
        )
        self.edit.setAccessibleName(self.tr("E-mail") if kind == "email" else self.tr("Phone"))
        self.label = QComboBox()
        for value in LABELS:
            self.label.addItem(self.tr(LABEL_TITLES[value]), value)
        self.label.setAccessibleName(self.tr("Label"))
        self.primary = QRadioButton(self.tr("Primary"))
        group.addButton(self.primary)
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setToolTip(self.tr("Remove this value"))
        self.remove.setAccessibleName(self.tr("Remove"))
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint.setAccessibleName(self.tr("Reading of the value"))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.edit, 0, 0)
        grid.addWidget(self.label, 0, 1)
        grid.addWidget(self.primary, 0, 2)
        grid.addWidget(self.remove, 0, 3)
        grid.addWidget(self.hint, 1, 0, 1, 4)
        grid.setColumnStretch(0, 1)
        self.edit.textChanged.connect(self.check)
        self.edit.textChanged.connect(self.changed)
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        self.problem: str | None = None
        self.check()

    def set_value(self, value: ValueInput) -> None:
        self.edit.setText(value.text)
        index = self.label.findData(value.label)
        self.label.setCurrentIndex(max(index, 0))
        self.primary.setChecked(value.primary)

    def value(self) -> ValueInput:
        return ValueInput(self.edit.text(), self.label.currentData(), self.primary.isChecked())

    def check(self) -> None:
        """Read the value as the store will, and say what came out."""
        text = self.edit.text().strip()
        palette = self.palette()
        if not text:
            self.problem = None
            self.hint.setText("")
            self.hint.setVisible(False)
            return
        if self.kind == "email":
            checks = split_emails(text)
            problems = [c for c in checks if not c.valid]
            readings = [c.address or "" for c in checks if c.valid] if len(checks) > 1 else []
        else:
            checks = split_phones(text, self._region())
            problems = [c for c in checks if not c.valid]
            readings = [c.described for c in checks if c.valid]
        if problems:
            self.problem = "; ".join(
                (f"“{c.original}”: {c.reason}" if len(checks) > 1 else (c.reason or ""))
                for c in problems
            )
            color = error_color(palette)
            self.hint.setText(self.problem)
        else:
            self.problem = None
            color = muted_color(palette)
            self.hint.setText(" · ".join(readings) if self.kind == "email" else "; ".join(readings))
        hint_palette = self.hint.palette()
        hint_palette.setColor(QPalette.ColorRole.WindowText, color)
        self.hint.setPalette(hint_palette)
        self.hint.setVisible(bool(self.hint.text()))
        self.edit.setToolTip(self.problem or "")


class ValueList(QWidget):
    """Any number of :class:`ValueRow` with one primary, and an Add button."""

    def __init__(self, kind: str, region: Callable[[], str | None], parent=None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._region = region
        self.group = QButtonGroup(self)
        self.rows: list[ValueRow] = []
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(
            self.tr("Add e-mail") if kind == "email" else self.tr("Add phone")
        )
        self.add_button.clicked.connect(lambda: self.add_row().edit.setFocus())
        self._column.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def add_row(self, value: ValueInput | None = None) -> ValueRow:
        row = ValueRow(self.kind, self._region, self.group)
        if value is not None:
            row.set_value(value)
        if not self.rows and value is None:
            row.primary.setChecked(True)
        row.removed.connect(self._remove)
        self._column.insertWidget(len(self.rows), row)
        self.rows.append(row)
        return row

    def _remove(self, row: ValueRow) -> None:
        self.rows.remove(row)
        self.group.removeButton(row.primary)
        row.deleteLater()
        if self.rows and not any(r.primary.isChecked() for r in self.rows):
            self.rows[0].primary.setChecked(True)

    def set_values(self, values: list[ValueInput]) -> None:
        for value in values:
            self.add_row(value)

    def values(self) -> list[ValueInput]:
        return [r.value() for r in self.rows if r.edit.text().strip()]

    def recheck(self) -> None:
        for row in self.rows:
            row.check()


class ContactEditor(QDialog):
    """Edit or create one contact. ``save(data)`` is called on Save; if it raises a
    ``PressDeskError`` the message is shown and the editor stays open."""

    def __init__(
        self,
        save: Callable[[ContactInput], object],
        *,
        data: ContactInput | None = None,
        organisations: list[str] = (),  # type: ignore[assignment]
        tags: list[str] = (),  # type: ignore[assignment]
        default_region: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._default_region = default_region
        self.setWindowTitle(self.tr("Edit contact") if data else self.tr("New contact"))
        self.setObjectName("contactEditor")

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("Full name as it should appear"))
        self.name_hint = QLabel()
        self.name_hint.setVisible(False)
        self.honorific = QLineEdit()
        self.honorific.setPlaceholderText(self.tr("Mr, Ms, Dr, H.E.…"))
        self.given_name = QLineEdit()
        self.family_name = QLineEdit()
        self.organisation = QLineEdit()
        completer = QCompleter(list(organisations), self.organisation)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.organisation.setCompleter(completer)
        self.role = QLineEdit()
        self.country = CountryBox()
        self.languages = QLineEdit()
        self.languages.setPlaceholderText(self.tr("en, ru, tk"))
        self.emails = ValueList("email", self.region)
        self.phones = ValueList("phone", self.region)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("media, UN, Central Asia"))
        tag_completer = ListCompleter(QStringListModel(list(tags)), self.tags)
        tag_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(tag_completer)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(70)
        self.do_not_contact = QCheckBox(self.tr("Do not contact (kept out of every send)"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&Name"), self.name)
        form.addRow("", self.name_hint)
        form.addRow(self.tr("Hono&rific"), self.honorific)
        form.addRow(self.tr("&Given name"), self.given_name)
        form.addRow(self.tr("&Family name"), self.family_name)
        form.addRow(self.tr("&Organisation"), self.organisation)
        form.addRow(self.tr("R&ole"), self.role)
        form.addRow(self.tr("&Country"), self.country)
        form.addRow(self.tr("&Languages"), self.languages)
        form.addRow(self.tr("E-&mails"), self.emails)
        form.addRow(self.tr("&Phones"), self.phones)
        form.addRow(self.tr("&Tags"), self.tags)
        form.addRow(self.tr("N&otes"), self.notes)
        form.addRow("", self.do_not_contact)
        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(scroll)
        column.addWidget(self.buttons)
        self.resize(620, 720)

        if data is not None:
            self.set_data(data)
        if not self.emails.rows:
            self.emails.add_row()
        if not self.phones.rows:
            self.phones.add_row()
        self.country.currentTextChanged.connect(lambda _text: self.phones.recheck())
        self.name.textChanged.connect(lambda _text: self.name_hint.setVisible(False))
        save_shortcut = QKeySequence(QKeySequence.StandardKey.Save)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setShortcut(save_shortcut)

    def region(self) -> str | None:
        return phone_region(country_code(self.country.currentText()), self._default_region)

    def set_data(self, data: ContactInput) -> None:
        self.name.setText(data.name)
        self.honorific.setText(data.honorific)
        self.given_name.setText(data.given_name)
        self.family_name.setText(data.family_name)
        self.organisation.setText(data.organization)
        self.role.setText(data.role)
        self.country.set_code(data.country)
        self.languages.setText(", ".join(data.languages))
        self.emails.set_values(data.emails)
        self.phones.set_values(data.phones)
        self.tags.setText(", ".join(data.tags))
        self.notes.setPlainText(data.notes)
        self.do_not_contact.setChecked(data.do_not_contact)

    def contact_input(self) -> ContactInput:
        return ContactInput(
            name=self.name.text().strip(),
            given_name=self.given_name.text().strip(),
            family_name=self.family_name.text().strip(),
            honorific=self.honorific.text().strip(),
            organization=self.organisation.text().strip(),
            role=self.role.text().strip(),
            country=self.country.value(),
            languages=split_list(self.languages.text()),
            tags=split_list(self.tags.text()),
            notes=self.notes.toPlainText(),
            do_not_contact=self.do_not_contact.isChecked(),
            emails=self.emails.values(),
            phones=self.phones.values(),
        )

    def accept(self) -> None:
        data = self.contact_input()
        if not (data.name or data.given_name or data.family_name):
            palette = self.name_hint.palette()
            palette.setColor(QPalette.ColorRole.WindowText, error_color(self.palette()))
            self.name_hint.setPalette(palette)
            self.name_hint.setText(self.tr("A contact needs a name."))
            self.name_hint.setVisible(True)
            self.name.setFocus()
            return
        try:
            self._save(data)
        except PressDeskError as error:
            QMessageBox.warning(self, self.tr("Could not save"), str(error))
            return
        super().accept()
