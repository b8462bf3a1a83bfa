"""The Lists page: distribution lists, a filter builder, and a live preview of who is in.

Left, the lists; right, the selected list's filter (typed in the filter language, or
built term by term with the field/value row), the lists it includes or excludes, and the
preview: how many recipients, and everyone left out with the reason. The preview runs in
the background (``ctx.jobs``) after typing pauses, so the window never waits on it.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pressdesk.domain.filters import Field, FilterSyntaxError, parse_filter
from pressdesk.services import lists as service
from pressdesk.services.errors import PressDeskError
from pressdesk.store.models import LinkMode
from pressdesk.ui.empty_state import EmptyState
from pressdesk.ui.pages import PageContext
from pressdesk.ui.text import numerus

ID_ROLE = Qt.ItemDataRole.UserRole
PREVIEW_DELAY_MS = 300


class FilterBuilder(QWidget):
    """The filter as text, and a row that adds one term at a time without knowing the
    syntax. ``changed`` carries the text whenever it is valid."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("e.g. tag:media country:KZ,KG has:email"))
        self.edit.setClearButtonEnabled(True)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: palette(highlight);")
        self.error.hide()
        self.field = QComboBox(self)
        for field, label in self._fields():
            self.field.addItem(label, field.value)
        self.value = QLineEdit(self)
        self.value.setPlaceholderText(self.tr("value (several: separate with commas)"))
        self.negate = QCheckBox(self.tr("Exclude"), self)
        self.add_button = QPushButton(self.tr("Add condition"), self)
        self.add_button.clicked.connect(self.add_term)
        self.value.returnPressed.connect(self.add_term)
        row = QHBoxLayout()
        row.addWidget(self.field)
        row.addWidget(self.value, 1)
        row.addWidget(self.negate)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.edit.textChanged.connect(self._check)

    def _fields(self) -> list[tuple[Field, str]]:
        return [
            (Field.TAG, self.tr("Tag")),
            (Field.KIND, self.tr("Organisation kind")),
            (Field.COUNTRY, self.tr("Country")),
            (Field.LANG, self.tr("Language")),
            (Field.HAS, self.tr("Has (email, phone)")),
            (Field.NOT_CONTACTED_SINCE, self.tr("Not contacted since (YYYY-MM-DD)")),
            (Field.CONTACTED_SINCE, self.tr("Contacted since (YYYY-MM-DD)")),
            (Field.TEXT, self.tr("Text search")),
        ]

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def is_valid(self) -> bool:
        return self.error.isHidden()

    def add_term(self) -> None:
        value = self.value.text().strip()
        if not value:
            return
        field = Field(self.field.currentData())
        quoted = ",".join(
            f'"{v.strip()}"' if " " in v.strip() else v.strip() for v in value.split(",")
        )
        if field is Field.TEXT:
            quoted = '"' + value.replace('"', "") + '"'
        term = ("-" if self.negate.isChecked() else "") + (
            quoted if field is Field.TEXT else f"{field.value}:{quoted}"
        )
        self.edit.setText(f"{self.edit.text().strip()} {term}".strip())
        self.value.clear()
        self.negate.setChecked(False)

    def _check(self, text: str) -> None:
        try:
            parse_filter(text)
        except FilterSyntaxError as error:
            self.error.setText(self.tr("Filter: %1").replace("%1", str(error)))
            self.error.show()
            return
        self.error.hide()
        self.changed.emit(text)


class PreviewTable(QTableWidget):
    """Name, address and, for the left-out, the reason."""

    def __init__(self, with_reason: bool, parent: QWidget | None = None) -> None:
        super().__init__(0, 3 if with_reason else 2, parent)
        headers = [self.tr("Name"), self.tr("E-mail")]
        if with_reason:
            headers.append(self.tr("Left out because"))
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # The look of the other tables (Contacts, Organisations, Releases).
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.setItem(r, c, QTableWidgetItem(value))


class ListsPage(QWidget):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._preview_job = None
        self._generation = 0
        self._closed = False
        self._announcing = False

        self.lists = QListWidget(self)
        self.lists.setObjectName("distributionLists")
        self.new_button = QPushButton(self.tr("New list…"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.new_button.clicked.connect(lambda: self.new_list())
        self.delete_button.clicked.connect(self.delete_selected)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.lists, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        left_layout.addLayout(buttons)

        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.description = QLabel(self)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setWordWrap(True)
        self.description.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.description.hide()
        self.builder = FilterBuilder(self)
        self.picked_label = QLabel(self)
        self.links_label = QLabel(self)
        self.links_label.setWordWrap(True)
        self.include_button = QPushButton(self.tr("Include list…"), self)
        self.exclude_button = QPushButton(self.tr("Exclude list…"), self)
        self.include_button.clicked.connect(lambda: self.link_list(LinkMode.INCLUDE))
        self.exclude_button.clicked.connect(lambda: self.link_list(LinkMode.EXCLUDE))
        self.save_button = QPushButton(self.tr("Save filter"), self)
        self.save_button.clicked.connect(self.save_filter)
        self.count_label = QLabel(self)
        self.members = PreviewTable(False, self)
        self.excluded = PreviewTable(True, self)
        self.members_label = QLabel(self)
        self.excluded_label = QLabel(self)

        form = QFormLayout()
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.builder, 1)
        filter_row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("Filter:"), filter_row)
        form.addRow(self.tr("Hand-picked:"), self.picked_label)
        link_row = QHBoxLayout()
        link_row.addWidget(self.links_label, 1)
        link_row.addWidget(self.include_button)
        link_row.addWidget(self.exclude_button)
        form.addRow(self.tr("Other lists:"), link_row)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.description)
        right_layout.addLayout(form)
        right_layout.addWidget(self.count_label)
        tables = QSplitter(Qt.Orientation.Vertical, right)
        tables.setChildrenCollapsible(False)
        for label, table in (
            (self.members_label, self.members),
            (self.excluded_label, self.excluded),
        ):
            label.setBuddy(table)
            box = QWidget(tables)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(label)
            box_layout.addWidget(table, 1)
            tables.addWidget(box)
        right_layout.addWidget(tables, 1)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([240, 840])

        self.empty = EmptyState(
            self.tr("No lists yet"),
            self.tr(
                "A distribution list says who gets a release. Put contacts on it by hand "
                "(Add to list… on Contacts), or save a filter such as “tag:media "
                "country:KZ” that keeps itself up to date, and include or exclude other "
                "lists. Everyone left out is shown with the reason: do not contact, no "
                "valid e-mail, excluded by a list."
            ),
            [(self.tr("New list…"), lambda: self.new_list())],
        )
        self.stack = QStackedWidget(self)
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.preview)
        self.builder.changed.connect(lambda _text: self.timer.start())
        self.lists.currentItemChanged.connect(self._show_current)
        ctx.events.contacts_changed.connect(lambda _ids: self.timer.start())
        ctx.events.store_opened.connect(lambda _store: self.reload())
        ctx.events.lists_changed.connect(self._lists_changed)
        self.reload()

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.ctx.store

    # -- data ------------------------------------------------------------------------------

    def current_id(self) -> int | None:
        item = self.lists.currentItem()
        return int(item.data(ID_ROLE)) if item is not None else None

    def reload(self, select: int | None = None) -> None:
        select = select if select is not None else self.current_id()
        if self.store is None:
            return
        with self.store.uow() as uow:
            summary = service.summary(uow)
        self.lists.blockSignals(True)
        self.lists.clear()
        for item in summary:
            entry = QListWidgetItem(item["name"], self.lists)
            entry.setData(ID_ROLE, item["id"])
            if item["id"] == select:
                self.lists.setCurrentItem(entry)
        self.lists.blockSignals(False)
        if self.lists.currentItem() is None and self.lists.count():
            self.lists.setCurrentRow(0)
        self._show_current()

    def _lists_changed(self) -> None:
        if not self._announcing:  # another view (Add to list…, undo) changed the lists
            self.reload()

    def _announce(self) -> None:
        self._announcing = True
        try:
            self.ctx.events.lists_changed.emit()
        finally:
            self._announcing = False

    def _show_current(self, *_args: object) -> None:
        list_id = self.current_id()
        enabled = list_id is not None
        for widget in (
            self.builder,
            self.include_button,
            self.exclude_button,
            self.save_button,
            self.delete_button,
        ):
            widget.setEnabled(enabled)
        self.stack.setCurrentWidget(self.empty if self.lists.count() == 0 else self.stack.widget(0))
        if list_id is None:
            self.title.clear()
            self.description.hide()
            self.builder.set_text("")
            self.picked_label.clear()
            self.links_label.clear()
            self._show_resolution(None)
            return
        with self.store.uow() as uow:
            summary = next(s for s in service.summary(uow) if s["id"] == list_id)
        self.title.setText(summary["name"])
        self.description.setText(summary["description"] or "")
        self.description.setVisible(bool(summary["description"]))
        self.builder.blockSignals(True)
        self.builder.set_text(summary["filter"])
        self.builder.blockSignals(False)
        self.builder.error.hide()
        self.picked_label.setText(
            numerus("ListsPage", "%Ln contact(s)", summary["static_members"])
            if summary["static_members"]
            else self.tr("none: add contacts with Add to list… on Contacts")
        )
        parts = []
        if summary["include"]:
            parts.append(self.tr("includes %1").replace("%1", ", ".join(summary["include"])))
        if summary["exclude"]:
            parts.append(self.tr("excludes %1").replace("%1", ", ".join(summary["exclude"])))
        self.links_label.setText("; ".join(parts) or self.tr("none"))
        self.preview()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._closed = False
        super().showEvent(event)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._generation += 1
        self._closed = True
        self.timer.stop()
        super().closeEvent(event)

    # -- preview ---------------------------------------------------------------------------

    def preview(self) -> None:
        """Resolve the list as it is being edited, in the background."""
        list_id = self.current_id()
        if list_id is None or not self.builder.is_valid() or self._closed:
            return
        self._generation += 1
        generation, text, store = self._generation, self.builder.text(), self.store

        def work(_progress):  # type: ignore[no-untyped-def]
            with store.uow() as uow:
                spec = service.spec_of(uow, service.require_list(uow, list_id))
                spec.filter = service.parse(text)
                return service.resolve_spec(uow, [spec])

        def done(resolution: service.Resolution) -> None:
            # A later edit (or closing the page) makes this answer stale.
            if generation == self._generation:
                self._show_resolution(resolution)

        self.count_label.setText(self.tr("Counting…"))
        self._preview_job = self.ctx.jobs.run(
            self.tr("Counting list members"), work, on_done=done, on_error=self._failed
        )

    def _show_resolution(self, resolution: service.Resolution | None) -> None:
        if resolution is None:
            self.count_label.clear()
            self.members.set_rows([])
            self.excluded.set_rows([])
            self._label_tables(None, None)
            return
        self._label_tables(len(resolution.recipients), len(resolution.excluded))
        count = numerus("ListsPage", "%Ln recipient(s)", len(resolution.recipients))
        left_out = numerus("ListsPage", "%Ln left out", len(resolution.excluded))
        self.count_label.setText(f"{count} · {left_out}")
        self.members.set_rows([(r.name, r.address) for r in resolution.recipients])
        self.excluded.set_rows(
            [(e.name, e.address, self._reason_text(e)) for e in resolution.excluded]
        )

    def _label_tables(self, members: int | None, excluded: int | None) -> None:
        def heading(text: str, n: int | None) -> str:
            return text if n is None else f"{text} ({QLocale().toString(n)})"

        self.members_label.setText(heading(self.tr("Members"), members))
        self.excluded_label.setText(heading(self.tr("Left out, and why"), excluded))

    def _reason_text(self, exclusion: service.Exclusion) -> str:
        labels = {
            service.Reason.DO_NOT_CONTACT: self.tr("do not contact"),
            service.Reason.CONSENT_WITHDRAWN: self.tr("consent withdrawn"),
            service.Reason.ERASED: self.tr("erased contact's address"),
            service.Reason.NO_EMAIL: self.tr("no valid e-mail"),
            service.Reason.DUPLICATE: self.tr("same address as another recipient"),
            service.Reason.EXCLUDED_BY_LIST: self.tr("excluded by list %1"),
            service.Reason.ALREADY_SENT: self.tr("already sent"),
        }
        return labels[exclusion.reason].replace("%1", exclusion.detail)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, PressDeskError):
            self.count_label.setText(str(error))
        else:
            raise error

    # -- actions ---------------------------------------------------------------------------

    def new_list(self, name: str | None = None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("New list"), self.tr("Name:"))
            if not ok:
                return
        try:
            with self.store.uow() as uow:
                found = service.create_list(uow, name)
                uow.commit()
                new_id = found.id
        except PressDeskError as error:
            QMessageBox.warning(self, self.tr("New list"), str(error))
            return
        self.reload(select=new_id)
        self._announce()

    def delete_selected(self, confirm: bool = True) -> None:
        list_id = self.current_id()
        if list_id is None:
            return
        with self.store.uow() as uow:
            found = service.require_list(uow, list_id)
            name, uses = found.name, service.users_of(uow, found)
        text = self.tr("Delete the list “{0}”? Its contacts stay.").format(name)
        if uses:
            text += "\n\n" + self.tr("It is {0}: they will no longer use it.").format(
                ", ".join(uses)
            )
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Delete list"),
                text,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        with self.store.uow() as uow:
            service.delete_list(uow, service.require_list(uow, list_id), unlink=True)
            uow.commit()
        self.reload()
        self._announce()

    def save_filter(self) -> None:
        list_id = self.current_id()
        if list_id is None or not self.builder.is_valid():
            return
        with self.store.uow() as uow:
            service.set_filter(uow, service.require_list(uow, list_id), self.builder.text())
            uow.commit()
        self.ctx.notify(self.tr("Filter saved"))
        self._show_current()

    def link_list(self, mode: LinkMode, name: str | None = None) -> None:
        list_id = self.current_id()
        if list_id is None:
            return
        if name is None:
            others = [
                self.lists.item(i).text()
                for i in range(self.lists.count())
                if self.lists.item(i).data(ID_ROLE) != list_id
            ]
            if not others:
                return
            title = self.tr("Include list") if mode is LinkMode.INCLUDE else self.tr("Exclude list")
            name, ok = QInputDialog.getItem(self, title, self.tr("List:"), others, 0, False)
            if not ok:
                return
        try:
            with self.store.uow() as uow:
                parent = service.require_list(uow, list_id)
                service.link(uow, parent, service.require_list(uow, name), mode)
                uow.commit()
        except PressDeskError as error:
            QMessageBox.warning(self, self.tr("Lists"), str(error))
            return
        self._show_current()

    def add_contacts(self, contact_ids: list[int]) -> int:
        """Put a selection on the current list (for the contacts page's "Add to list")."""
        list_id = self.current_id()
        if list_id is None:
            return 0
        with self.store.uow() as uow:
            added = service.add_members(uow, service.require_list(uow, list_id), contact_ids)
            uow.commit()
        self._show_current()
        self._announce()
        return added
