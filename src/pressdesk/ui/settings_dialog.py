"""Settings: the store's shared settings and this computer's choices.

The default phone region and the deliverability check are stored in the store (with
``services.contacts.set_setting``) so the command line uses them too; the store location
and interface language are this computer's (``QSettings``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pressdesk.services import contacts as contact_service
from pressdesk.ui.contact_editor import country_choices
from pressdesk.ui.pages import PageContext

LANGUAGES = (("en", "English"),)


class SettingsDialog(QDialog):
    store_chosen = Signal(str)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Settings"))
        self.setObjectName("settingsDialog")
        assert ctx.store is not None
        with ctx.store.uow() as uow:
            region = contact_service.default_region(uow) or ""
            deliverability = contact_service.get_setting(uow, contact_service.DELIVERABILITY_KEY)

        self.region = QComboBox()
        self.region.addItem(self.tr("None (numbers need a country code)"), "")
        for name, code in country_choices():
            self.region.addItem(f"{name} ({code})", code)
        self.region.setCurrentIndex(max(self.region.findData(region.upper()), 0))
        self.region.setToolTip(
            self.tr(
                "Phone numbers written without +country code are read as numbers of "
                "this country when the contact has no country."
            )
        )
        self.deliverability = QCheckBox(
            self.tr("Check that e-mail domains accept mail (needs a network)")
        )
        self.deliverability.setChecked((deliverability or "").lower() in ("1", "true", "yes", "on"))

        self.store_path = QLabel(ctx.store.location)
        self.store_path.setWordWrap(True)
        choose = QPushButton(self.tr("Choose another…"))
        choose.clicked.connect(self._choose_store)
        store_row = QHBoxLayout()
        store_row.addWidget(self.store_path, 1)
        store_row.addWidget(choose)
        self._chosen_store: str | None = None

        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(
            max(self.language.findData(ctx.settings.value("ui/language", "en")), 0)
        )

        form = QFormLayout()
        form.addRow(self.tr("Default phone &region"), self.region)
        form.addRow("", self.deliverability)
        form.addRow(self.tr("Store"), store_row)
        form.addRow(self.tr("Interface &language"), self.language)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addStretch()
        column.addWidget(buttons)
        self.resize(560, 240)

    def _choose_store(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Choose store"),
            self.store_path.text(),
            self.tr("PressDesk store (*.sqlite3 *.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.set_store_path(path)

    def set_store_path(self, path: str) -> None:
        self._chosen_store = path
        self.store_path.setText(path)

    def accept(self) -> None:
        assert self.ctx.store is not None
        with self.ctx.store.uow() as uow:
            contact_service.set_setting(
                uow, contact_service.DEFAULT_REGION_KEY, self.region.currentData() or None
            )
            contact_service.set_setting(
                uow,
                contact_service.DELIVERABILITY_KEY,
                "true" if self.deliverability.isChecked() else "false",
            )
            uow.commit()
        self.ctx.settings.setValue("ui/language", self.language.currentData())
        self.ctx.events.settings_changed.emit()
        super().accept()
        if self._chosen_store and self._chosen_store != self.ctx.store.location:
            self.store_chosen.emit(self._chosen_store)
