"""The right pane: the selected contact, read-only with Edit, or bulk actions for several."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pressdesk.domain.countries import country_name
from pressdesk.domain.phones import PhoneCheck
from pressdesk.store import Store
from pressdesk.ui.contact_editor import LABEL_TITLES
from pressdesk.ui.text import numerus
from pressdesk.ui.theme import WARNING_SIGN, error_color, muted_color


class DetailsPane(QStackedWidget):
    edit_requested = Signal()
    tag_requested = Signal()
    untag_requested = Signal()
    merge_requested = Signal()
    delete_requested = Signal()
    add_to_list_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("details")
        self.setMinimumWidth(220)

        self.nothing = QLabel(self.tr("Select a contact to see its details."))
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.setWordWrap(True)
        self.nothing.setForegroundRole(self.nothing.foregroundRole())
        self.addWidget(self.nothing)

        self.card = QLabel()
        self.card.setObjectName("contactCard")
        self.card.setTextFormat(Qt.TextFormat.RichText)
        self.card.setWordWrap(True)
        self.card.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.card.setOpenExternalLinks(True)
        self.card.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.edit_button = QPushButton(self.tr("&Edit"))
        self.edit_button.setToolTip(self.tr("Edit this contact (Enter)"))
        self.edit_button.clicked.connect(self.edit_requested)
        self.list_button = self._list_button()
        single = QWidget()
        column = QVBoxLayout(single)
        column.addWidget(self.card)
        buttons = QVBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.list_button)
        column.addLayout(buttons)
        column.addStretch()
        scroll = QScrollArea()
        scroll.setWidget(single)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.addWidget(scroll)

        many = QWidget()
        column = QVBoxLayout(many)
        self.count_label = QLabel()
        font = self.count_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.count_label.setFont(font)
        column.addWidget(self.count_label)
        self.bulk_buttons: dict[str, QPushButton] = {}
        for key, text, signal in (
            ("tag", self.tr("Add tag…"), self.tag_requested),
            ("untag", self.tr("Remove tag…"), self.untag_requested),
            ("merge", self.tr("Merge…"), self.merge_requested),
            ("delete", self.tr("Delete"), self.delete_requested),
        ):
            button = QPushButton(text)
            button.clicked.connect(signal)
            column.addWidget(button)
            self.bulk_buttons[key] = button
        self.bulk_list_button = self._list_button()
        column.addWidget(self.bulk_list_button)
        column.addStretch()
        self.addWidget(many)

    def _list_button(self) -> QPushButton:
        button = QPushButton(self.tr("Add to list…"))
        button.setToolTip(self.tr("Put the selection on a distribution list (Ctrl+L)"))
        button.clicked.connect(self.add_to_list_requested)
        return button

    def show_contacts(self, store: Store | None, ids: list[int]) -> None:
        if store is None or not ids:
            self.setCurrentIndex(0)
            return
        if len(ids) > 1:
            self.count_label.setText(numerus("DetailsPane", "%Ln contact(s) selected", len(ids)))
            self.bulk_buttons["merge"].setEnabled(len(ids) <= 20)
            self.setCurrentIndex(2)
            return
        with store.uow() as uow:
            contact = uow.contacts.get(ids[0])
            self.card.setText(self._card(contact) if contact is not None else "")
        self.setCurrentIndex(1 if contact is not None else 0)

    def _card(self, contact) -> str:
        palette = self.palette()
        muted = muted_color(palette).name()
        bad = error_color(palette).name()
        h = escape
        parts = [f"<h2 style='margin-bottom:2px'>{h(contact.display_name)}</h2>"]
        if contact.honorific:
            parts.append(f"<div style='color:{muted}'>{h(contact.honorific)}</div>")
        if contact.role:
            parts.append(f"<div>{h(contact.role)}</div>")
        if contact.organization:
            parts.append(f"<div><b>{h(contact.organization.name)}</b></div>")
        if contact.country:
            parts.append(f"<div style='color:{muted}'>{h(country_name(contact.country))}</div>")
        if contact.do_not_contact:
            parts.append(f"<p style='color:{bad}'>{h(self.tr('Do not contact'))}</p>")
        lines = []
        for e in contact.emails:
            label = h(QCoreApplication.translate("ValueRow", LABEL_TITLES.get(e.label, e.label)))
            star = " ★" if e.is_primary else ""
            if e.address:
                lines.append(
                    f"✉ <a href='mailto:{h(e.address)}'>{h(e.address)}</a>"
                    f" <span style='color:{muted}'>{label}{star}</span>"
                )
            else:
                lines.append(
                    f"<span style='color:{bad}'>{WARNING_SIGN} ✉ {h(e.original)}<br>"
                    f"&nbsp;&nbsp;{h(e.invalid_reason or '')}</span>"
                )
        for p in contact.phones:
            label = h(QCoreApplication.translate("ValueRow", LABEL_TITLES.get(p.label, p.label)))
            star = " ★" if p.is_primary else ""
            if p.e164:
                check = PhoneCheck(p.original, p.e164, p.extension)
                place = country_name(check.number_region)
                where = f" · {h(place)}" if place else ""
                lines.append(
                    f"☎ {h(check.display)}<br><span style='color:{muted}'>&nbsp;&nbsp;"
                    f"{label}{where}{star}</span>"
                )
            else:
                lines.append(
                    f"<span style='color:{bad}'>{WARNING_SIGN} ☎ {h(p.original)}<br>"
                    f"&nbsp;&nbsp;{h(p.invalid_reason or '')}</span>"
                )
        if lines:
            parts.append("<p>" + "<br>".join(lines) + "</p>")
        if contact.tags:
            tags = ", ".join(h(t.name) for t in contact.tags)
            parts.append(f"<p><span style='color:{muted}'>{h(self.tr('Tags:'))}</span> {tags}</p>")
        if contact.languages:
            langs = ", ".join(h(x) for x in contact.languages)
            parts.append(
                f"<p><span style='color:{muted}'>{h(self.tr('Languages:'))}</span> {langs}</p>"
            )
        if contact.notes:
            notes = h(contact.notes).replace("\n", "<br>")
            parts.append(f"<p style='color:{muted}'>{notes}</p>")
        return "".join(parts)
