"""Merging contacts side by side: one column per contact, one choice per field."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pressdesk.domain.countries import country_name
from pressdesk.domain.phones import format_international
from pressdesk.services.merge_contacts import ALL, FIELDS, MergeChoices
from pressdesk.store.models import Contact
from pressdesk.ui.text import numerus

FIELD_TITLES = {
    "display_name": QT_TRANSLATE_NOOP("MergeDialog", "Name"),
    "given_name": QT_TRANSLATE_NOOP("MergeDialog", "Given name"),
    "family_name": QT_TRANSLATE_NOOP("MergeDialog", "Family name"),
    "honorific": QT_TRANSLATE_NOOP("MergeDialog", "Honorific"),
    "organization": QT_TRANSLATE_NOOP("MergeDialog", "Organisation"),
    "role": QT_TRANSLATE_NOOP("MergeDialog", "Role"),
    "country": QT_TRANSLATE_NOOP("MergeDialog", "Country"),
    "languages": QT_TRANSLATE_NOOP("MergeDialog", "Languages"),
    "notes": QT_TRANSLATE_NOOP("MergeDialog", "Notes"),
    "do_not_contact": QT_TRANSLATE_NOOP("MergeDialog", "Do not contact"),
    "emails": QT_TRANSLATE_NOOP("MergeDialog", "E-mails"),
    "phones": QT_TRANSLATE_NOOP("MergeDialog", "Phones"),
    "tags": QT_TRANSLATE_NOOP("MergeDialog", "Tags"),
}
LISTS = ("emails", "phones", "tags")
#: Button id of the "all of them" choice (contact ids start at 1).
UNITED = 0


def _tr(text: str) -> str:
    return QCoreApplication.translate("MergeDialog", text)


def _value_text(contact: Contact, name: str) -> str:
    if name == "organization":
        return contact.organization.name if contact.organization else ""
    if name == "country":
        return country_name(contact.country) if contact.country else ""
    if name == "languages":
        return ", ".join(contact.languages or [])
    if name == "do_not_contact":
        return _tr("Yes") if contact.do_not_contact else _tr("No")
    if name == "emails":
        return "\n".join(e.address or f"⚠ {e.original}" for e in contact.emails)
    if name == "phones":
        return "\n".join(
            format_international(p.e164, p.extension) if p.e164 else f"⚠ {p.original}"
            for p in contact.phones
        )
    if name == "tags":
        return ", ".join(t.name for t in contact.tags)
    text = str(getattr(contact, name) or "")
    return text if len(text) <= 120 else text[:117] + "…"


class MergeDialog(QDialog):
    """Choose, field by field, what the merged contact keeps; e-mails and phones united."""

    def __init__(self, contacts: list[Contact], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(numerus("MergeDialog", "Merge %Ln contact(s)", len(contacts)))
        self.setObjectName("mergeDialog")
        self.ids = [c.id for c in contacts]
        self.groups: dict[str, QButtonGroup] = {}
        intro = QLabel(
            self.tr(
                "The merged contact keeps the place of “{0}” in lists and releases; the "
                "others are removed. Undo (Ctrl+Z) brings them all back."
            ).format(contacts[0].display_name)
        )
        intro.setWordWrap(True)

        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        for column, contact in enumerate(contacts, start=1):
            title = QLabel(f"<b>{escape(contact.display_name)}</b>")
            title.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(title, 0, column)
        all_column = len(contacts) + 1
        grid.addWidget(QLabel(f"<b>{escape(self.tr('All of them'))}</b>"), 0, all_column)
        row = 1
        for name in (*FIELDS, *LISTS):
            texts = [_value_text(c, name) for c in contacts]
            if not any(texts) and name not in ("display_name",):
                continue
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            grid.addWidget(line, row, 0, 1, all_column + 1)
            row += 1
            grid.addWidget(QLabel(_tr(FIELD_TITLES[name])), row, 0, Qt.AlignmentFlag.AlignTop)
            group = QButtonGroup(self)
            self.groups[name] = group
            for column, (contact, text) in enumerate(zip(contacts, texts, strict=True), start=1):
                button = QRadioButton(text or "—")
                button.setEnabled(bool(text) or name == "do_not_contact")
                group.addButton(button, contact.id)
                grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignTop)
            if name in LISTS or name == "notes":
                united = QRadioButton(_tr("Join all") if name == "notes" else _tr("Unite all"))
                group.addButton(united, UNITED)
                grid.addWidget(united, row, all_column, Qt.AlignmentFlag.AlignTop)
                united.setChecked(True)
            elif name == "do_not_contact":
                chosen = next((c for c in contacts if c.do_not_contact), contacts[0])
                group.button(chosen.id).setChecked(True)
            else:
                first = next((c for c, t in zip(contacts, texts, strict=True) if t), contacts[0])
                group.button(first.id).setChecked(True)
            row += 1
        grid.setColumnStretch(all_column + 1, 1)
        body = QWidget()
        body.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Merge"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addWidget(scroll, 1)
        column.addWidget(self.buttons)
        self.resize(min(260 + 240 * len(contacts), 1100), 560)

    def choose(self, name: str, contact_id: int | str) -> None:
        group = self.groups[name]
        button = group.button(UNITED if contact_id == ALL else int(contact_id))
        button.setChecked(True)

    def choices(self) -> MergeChoices:
        def picked(name: str) -> int | str:
            group = self.groups.get(name)
            if group is None or group.checkedId() in (UNITED, -1):
                return ALL
            return group.checkedId()

        values = {name: picked(name) for name in FIELDS if name in self.groups}
        return MergeChoices(
            values=values, emails=picked("emails"), phones=picked("phones"), tags=picked("tags")
        )
