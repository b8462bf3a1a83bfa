"""Empty states that teach: what will appear here, and the buttons to make it appear."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """A centred title, an explanation, and optional action buttons."""

    def __init__(
        self,
        title: str,
        text: str,
        actions: Sequence[tuple[str, Callable[[], None]]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title_label = QLabel(title)
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A fixed width lets the wrapped text take the height it needs.
        self.text_label.setFixedWidth(480)
        self.text_label.setVisible(bool(text))
        self.buttons: list[QPushButton] = []
        self._row = row = QHBoxLayout()
        row.addStretch()
        row.addStretch()  # buttons go between the two stretches
        for label, callback in actions:
            self._add_button(label).clicked.connect(callback)
        column = QVBoxLayout(self)
        column.addStretch(2)
        column.addWidget(self.title_label)
        column.addSpacing(8)
        centred = QHBoxLayout()
        centred.addStretch()
        centred.addWidget(self.text_label)
        centred.addStretch()
        column.addLayout(centred)
        column.addSpacing(16)
        column.addLayout(row)
        column.addStretch(3)

    def _add_button(self, label: str) -> QPushButton:
        button = QPushButton(label)
        self._row.insertWidget(self._row.count() - 1, button)
        self.buttons.append(button)
        return button

    def add_action(self, label: str, action: QAction | None) -> QPushButton | None:
        """A button for one of the window's actions (``ctx.actions``), enabled and
        explained as the action is; none where the window does not offer it."""
        if action is None:
            return None
        button = self._add_button(label)
        button.clicked.connect(lambda: action.trigger())

        def follow() -> None:
            button.setEnabled(action.isEnabled())
            button.setToolTip(action.toolTip())

        follow()
        action.changed.connect(follow)
        return button

    def button(self, label: str) -> QPushButton:
        return next(b for b in self.buttons if b.text() == label)
