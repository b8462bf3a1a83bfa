"""The release editor's own widgets: a one-paragraph field that wraps (title, caption),
the SDG list, the contact block (drag to reorder) and a contact search that adds people
to it."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pressdesk.domain.releases import BlockContact
from pressdesk.domain.sdgs import ALL_GOALS

#: Milliseconds the contact search waits for the next keystroke.
SEARCH_DELAY_MS = 150
#: Search results shown at once.
SEARCH_LIMIT = 30


@dataclass(slots=True)
class Person:
    """A row of the contact block as the editor holds it."""

    contact_id: int | None
    name: str
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)

    def block_contact(self) -> BlockContact:
        return BlockContact(self.name, self.title, list(self.emails), list(self.phones))


class WrappingField(QPlainTextEdit):
    """A one-line value (no line breaks) shown wrapped over as many lines as it needs, up
    to ``max_lines``: a release title is a sentence, and a line edit showed half of it.

    Offers the part of QLineEdit's API the editor uses: ``text``, ``setText``,
    ``setCursorPosition``, ``selectAll`` and ``textChanged``.
    """

    def __init__(self, max_lines: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_lines = max_lines
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(2)
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit())
        self._fit()

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(" ".join(text.splitlines()))

    def setCursorPosition(self, position: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(self.toPlainText())))
        self.setTextCursor(cursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # a line break has no place in a title; the dialog may want it
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source) -> None:
        if source.hasText():
            self.insertPlainText(" ".join(source.text().splitlines()))

    def _height(self, lines: int) -> int:
        margins = self.contentsMargins()
        line = self.fontMetrics().lineSpacing()
        # QPlainTextEdit counts a line as shown when it ends a pixel above the bottom
        # margin: without the extra pixels it offers to scroll the last line away.
        frame = margins.top() + margins.bottom() + 2
        return lines * line + 3 * int(self.document().documentMargin()) + frame

    def _lines(self) -> int:
        layout = self.document().documentLayout()
        return max(1, int(layout.documentSize().height()))  # plain text: in lines

    def _fit(self) -> None:
        lines = min(self._lines(), self.max_lines)
        self.setFixedHeight(self._height(lines))
        policy = Qt.ScrollBarPolicy
        too_many = self._lines() > self.max_lines
        self.setVerticalScrollBarPolicy(
            policy.ScrollBarAsNeeded if too_many else policy.ScrollBarAlwaysOff
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height(min(self._lines(), self.max_lines)))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 12, self._height(1))


class SdgPicker(QListWidget):
    """The 17 goals, each a checkable line "10 · Reduced Inequalities"."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sdgPicker")
        self.setAccessibleName(self.tr("Sustainable Development Goals"))
        self._language = "en"
        for goal in ALL_GOALS:
            item = QListWidgetItem(self)
            item.setData(Qt.ItemDataRole.UserRole, goal.number)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.set_language("en")
        self.setUniformItemSizes(True)
        # Six goals at least; where the window is tall the list grows to show all 17.
        frame = 2 * self.frameWidth() + 4
        self.setMinimumHeight(self.sizeHintForRow(0) * 6 + frame)
        self.setMaximumHeight(self.sizeHintForRow(0) * len(ALL_GOALS) + frame)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.itemChanged.connect(lambda _item: self.changed.emit())
        self.itemActivated.connect(self._toggle)

    def set_language(self, language: str) -> None:
        self._language = language
        self.blockSignals(True)
        for row, goal in enumerate(ALL_GOALS):
            self.item(row).setText(f"{goal.number:>2} · {goal.name(language)}")
            self.item(row).setToolTip(goal.label(language))
        self.blockSignals(False)

    def _toggle(self, item: QListWidgetItem) -> None:
        checked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)

    def goals(self) -> list[int]:
        return [
            int(self.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_goals(self, numbers: list[int]) -> None:
        self.blockSignals(True)
        for row in range(self.count()):
            wanted = row + 1 in numbers
            self.item(row).setCheckState(
                Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked
            )
        self.blockSignals(False)

    def set_checked(self, number: int, checked: bool = True) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.item(number - 1).setCheckState(state)


class ContactBlockList(QTreeWidget):
    """The people of the contact block, in order: drag to reorder, edit the title in place."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactBlock")
        self.setAccessibleName(self.tr("Contact block"))
        self.setHeaderLabels([self.tr("Name"), self.tr("Title in this release"), self.tr("E-mail")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        # Name and e-mail as wide as they are, the title takes the rest (cut with "…"
        # when narrow, rather than the e-mail going off the edge behind a scroll bar).
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        rows = self.fontMetrics().height() + 6
        self.setMinimumHeight(rows * 4)
        self.setMaximumHeight(rows * 7)
        # Not Expanding: the spare height of a tall window goes to the body and the SDGs,
        # not into a band around the contact block.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.itemChanged.connect(lambda _item, _column: self.changed.emit())
        self.model().rowsMoved.connect(lambda *_args: self.changed.emit())
        self.model().rowsRemoved.connect(lambda *_args: self.changed.emit())

    def _item(self, person: Person) -> QTreeWidgetItem:
        item = QTreeWidgetItem([person.name, person.title, ", ".join(person.emails)])
        item.setData(0, Qt.ItemDataRole.UserRole, person)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemIsDragEnabled
        )
        if person.contact_id is None:
            item.setToolTip(0, self.tr("This contact was deleted; the release keeps the name."))
        return item

    def set_people(self, people: list[Person]) -> None:
        self.blockSignals(True)
        self.clear()
        self.addTopLevelItems([self._item(p) for p in people])
        self.blockSignals(False)

    def add_person(self, person: Person) -> bool:
        """Append a person; False when they are already in the block."""
        if person.contact_id is not None and person.contact_id in self.contact_ids():
            return False
        self.addTopLevelItem(self._item(person))
        self.changed.emit()
        return True

    def people(self) -> list[Person]:
        found = []
        for row in range(self.topLevelItemCount()):
            item = self.topLevelItem(row)
            person: Person = item.data(0, Qt.ItemDataRole.UserRole)
            person.title = item.text(1).strip()
            found.append(person)
        return found

    def contact_ids(self) -> list[int | None]:
        return [p.contact_id for p in self.people()]

    def move(self, row: int, to: int) -> None:
        """Move a row (what a drag does), for the keyboard and for tests."""
        if row == to or not (0 <= row < self.topLevelItemCount()):
            return
        item = self.takeTopLevelItem(row)
        self.insertTopLevelItem(max(0, min(to, self.topLevelItemCount())), item)
        self.setCurrentItem(item)
        self.changed.emit()

    def remove_current(self) -> None:
        item = self.currentItem()
        if item is not None:
            self.takeTopLevelItem(self.indexOfTopLevelItem(item))
            self.changed.emit()

    def keyPressEvent(self, event) -> None:
        modifiers = event.modifiers()
        item = self.currentItem()
        if item is not None and modifiers & Qt.KeyboardModifier.AltModifier:
            row = self.indexOfTopLevelItem(item)
            if event.key() == Qt.Key.Key_Up:
                self.move(row, row - 1)
                return
            if event.key() == Qt.Key.Key_Down:
                self.move(row, row + 1)
                return
        if event.key() == Qt.Key.Key_Delete and self.state() != self.State.EditingState:
            self.remove_current()
            return
        super().keyPressEvent(event)


class ContactPicker(QWidget):
    """A search field over the address book and its results; Enter or a double click
    asks for the chosen contact to be added (``chosen``)."""

    chosen = Signal(int)

    def __init__(self, search, parent: QWidget | None = None) -> None:
        """``search(text) -> list[(id, label)]`` queries the store."""
        super().__init__(parent)
        self._search = search
        self.field = QLineEdit(self)
        self.field.setObjectName("contactSearch")
        self.field.setClearButtonEnabled(True)
        self.field.setPlaceholderText(self.tr("Add a contact: type a name, e-mail or phone…"))
        self.field.setAccessibleName(self.tr("Search contacts to add"))
        self.results = QListWidget(self)
        self.results.setObjectName("contactResults")
        self.results.setVisible(False)
        self.results.setMaximumHeight(self.fontMetrics().height() * 7)
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setEnabled(False)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.field.textChanged.connect(lambda _text: self._timer.start())
        self.field.returnPressed.connect(self._enter)
        self.results.itemActivated.connect(lambda _item: self.add_current())
        self.results.currentRowChanged.connect(lambda row: self.add_button.setEnabled(row >= 0))
        self.add_button.clicked.connect(self.add_current)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.add_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.results)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def run_search(self) -> None:
        self._timer.stop()
        text = self.field.text().strip()
        self.results.clear()
        if not text:
            self.results.setVisible(False)
            return
        for contact_id, label in self._search(text)[:SEARCH_LIMIT]:
            item = QListWidgetItem(label, self.results)
            item.setData(Qt.ItemDataRole.UserRole, contact_id)
        if self.results.count():
            self.results.setCurrentRow(0)
        self.results.setVisible(True)

    def _enter(self) -> None:
        if self._timer.isActive():
            self.run_search()
        self.add_current()

    def add_current(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        self.field.clear()
