"""“Add to list…”: pick a distribution list for a selection of contacts, or name a new one.

A small dialog rather than a drop-down so the officer sees how many contacts each list
already holds by hand and can start a list without leaving the contacts page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pressdesk.ui.text import numerus

_ID = Qt.ItemDataRole.UserRole
#: The id of the "New list…" entry.
NEW = -1


class ListChooser(QDialog):
    """``chosen()`` gives ``(list id, None)`` for an existing list or ``(None, name)``."""

    def __init__(
        self,
        lists: list[tuple[int, str, int]],
        contact_count: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("listChooser")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Add to list"))
        label = QLabel(numerus("ListChooser", "Add %Ln contact(s) to:", contact_count))
        self.lists = QListWidget()
        self.lists.setObjectName("chooserLists")
        self.lists.setAccessibleName(self.tr("Distribution lists"))
        for list_id, name, members in lists:
            item = QListWidgetItem(
                f"{name}  ({numerus('ListChooser', '%Ln hand-picked', members)})", self.lists
            )
            item.setData(_ID, list_id)
        new = QListWidgetItem(self.tr("New list…"), self.lists)
        new.setData(_ID, NEW)
        font = QFont(new.font())
        font.setItalic(True)
        new.setFont(font)
        self.name = QLineEdit()
        self.name.setObjectName("newListName")
        self.name.setPlaceholderText(self.tr("Name of the new list"))
        self.name.setAccessibleName(self.tr("New list name"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.lists, 1)
        layout.addWidget(self.name)
        layout.addWidget(self.buttons)

        self.lists.currentItemChanged.connect(self._update)
        self.lists.itemDoubleClicked.connect(lambda _item: self._accept_if_ready())
        self.name.textChanged.connect(self._update)
        self.lists.setCurrentRow(0)
        self._update()

    def select_list(self, list_id: int) -> None:
        for row in range(self.lists.count()):
            if self.lists.item(row).data(_ID) == list_id:
                self.lists.setCurrentRow(row)
                return

    def choose_new(self, name: str) -> None:
        self.select_list(NEW)
        self.name.setText(name)

    def chosen(self) -> tuple[int | None, str | None]:
        item = self.lists.currentItem()
        list_id = item.data(_ID) if item is not None else None
        if list_id == NEW:
            return None, self.name.text().strip()
        return list_id, None

    def _ready(self) -> bool:
        list_id, name = self.chosen()
        return list_id is not None or bool(name)

    def _accept_if_ready(self) -> None:
        if self._ready():
            self.accept()

    def _update(self, *_args) -> None:
        item = self.lists.currentItem()
        new = item is not None and item.data(_ID) == NEW
        self.name.setVisible(new)
        if new:
            self.name.setFocus()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self._ready())
