"""The release editor: every field on the left, the export's HTML preview on the right.

The preview renders the form as it stands (debounced), through the same writer the HTML
export and the e-mail use. Saving sends the whole form to ``services.releases`` with the
version read, so a release changed elsewhere meanwhile is refused, not overwritten.
Switching to another language version saves this one first, so nothing typed is lost;
the preview pane can show another version beside the one being edited.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from PySide6.QtCore import QDate, QDateTime, QStandardPaths, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pressdesk.domain.releases import (
    Dateline,
    DatelineStyle,
    Photo,
    Release,
    ReleaseStatus,
    default_closing,
)
from pressdesk.formats.release_templates import render_html
from pressdesk.services import releases as service
from pressdesk.services.errors import ConflictError, PressDeskError
from pressdesk.ui.jobs import Job
from pressdesk.ui.pages import PageContext
from pressdesk.ui.releases.widgets import (
    ContactBlockList,
    ContactPicker,
    Person,
    SdgPicker,
    WrappingField,
)

#: Milliseconds the preview waits for the next keystroke before rendering.
PREVIEW_DELAY_MS = 250

STATUS_LABELS = {
    ReleaseStatus.DRAFT: "Draft",
    ReleaseStatus.IN_REVIEW: "In review",
    ReleaseStatus.APPROVED: "Approved",
    ReleaseStatus.PUBLISHED: "Published",
    ReleaseStatus.ARCHIVED: "Archived",
}
#: The export menu: file suffix and its (untranslated) name.
EXPORT_CHOICES = [
    (".docx", "Word document (.docx)"),
    (".pdf", "PDF (.pdf)"),
    (".html", "Web page (.html)"),
    (".md", "Markdown (.md)"),
    (".txt", "Plain text (.txt)"),
    (".eml", "E-mail draft (.eml)"),
]
COMMON_ZONES = (
    "Asia/Ashgabat",
    "Asia/Almaty",
    "Asia/Bishkek",
    "Asia/Dushanbe",
    "Asia/Tashkent",
    "Europe/Geneva",
    "Europe/Vienna",
    "America/New_York",
    "UTC",
)


#: The widest the dateline's place asks to be to show its whole name.
PLACE_MAX_WIDTH = 220
#: What the embargo time holds when there is no embargo (shown blank).
NO_EMBARGO = QDateTime(QDate(2000, 1, 1), QTime(0, 0))


def _local_zone() -> str:
    key = getattr(dt.datetime.now().astimezone().tzinfo, "key", None)
    return key if isinstance(key, str) else "UTC"


class ReleaseEditor(QWidget):
    #: The user left the editor (Back).
    closed = Signal()
    #: A release (id) was saved, created or deleted: lists should reload.
    changed = Signal(int)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("releaseEditor")
        self.ctx = ctx
        self.release_id: int | None = None
        self.group_id: int | None = None
        self.version: int | None = None
        self.photo: Photo | None = None
        self.dirty = False
        self.last_job: Job | None = None
        self._language = "en"
        self._keep_notes: tuple[list[str], str, str | None] = ([], "***", None)
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.update_preview)
        self._loading = True
        self._build()
        self._loading = False

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.back_button = QPushButton(self.tr("‹ Releases"))
        self.back_button.setToolTip(self.tr("Back to the list of releases"))
        self.back_button.clicked.connect(self.close_editor)
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setToolTip(self.tr("Save this version (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.save_action = QAction(self.tr("Save release"), self)
        self.save_action.setShortcuts(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("E&xport"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_menu = QMenu(self.export_button)
        for suffix, name in EXPORT_CHOICES:
            action = self.export_menu.addAction(self.tr(name))
            action.setData(suffix)
            action.triggered.connect(lambda _checked=False, s=suffix: self.choose_export(s))
        self.export_button.setMenu(self.export_menu)
        self.send_button = QPushButton(self.tr("Sen&d…"))
        self.send_button.clicked.connect(self.send)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.heading, 1)
        top.addWidget(self.save_button)
        top.addWidget(self.export_button)
        top.addWidget(self.send_button)

        self.versions = QComboBox()
        self.versions.setObjectName("versions")
        self.versions.setAccessibleName(self.tr("Language version"))
        self.versions.activated.connect(self._version_chosen)
        self.add_version_button = QPushButton(self.tr("Add &version…"))
        self.add_version_button.clicked.connect(lambda: self.add_version())
        self.status = QComboBox()
        self.status.setObjectName("status")
        for status, label in STATUS_LABELS.items():
            self.status.addItem(self.tr(label), status.value)
        self.embargo_on = QCheckBox(self.tr("until"))
        self.embargo_on.setAccessibleName(self.tr("Embargo until"))
        self.embargo_at = QDateTimeEdit()
        self.embargo_at.setCalendarPopup(True)
        self.embargo_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        # Without an embargo the fields show nothing rather than a date and zone that do
        # not apply: the minimum stands for "none" and reads as a blank.
        self.embargo_at.setMinimumDateTime(NO_EMBARGO)
        self.embargo_at.setSpecialValueText(" ")
        self.embargo_zone = QComboBox()
        self.embargo_zone.setEditable(True)
        self.embargo_zone.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.embargo_zone.setMinimumContentsLength(10)
        zones = available_timezones()
        for zone in dict.fromkeys((_local_zone(), *COMMON_ZONES)):
            if zone in zones or zone == "UTC":
                self.embargo_zone.addItem(zone)
        self.embargo_zone.lineEdit().setPlaceholderText(self.tr("time zone"))
        self.embargo_on.toggled.connect(self._embargo_toggled)
        self._embargo_kept: tuple[QDateTime, str] | None = None

        # Status on a row of its own: beside the language at 1024 px it was cut off and
        # the form needed a horizontal scroll bar.
        self.language_row = QHBoxLayout()
        self.language_row.addWidget(self.versions)
        self.language_row.addWidget(self.add_version_button)
        self.language_row.addStretch()
        status_row = QHBoxLayout()
        status_row.addWidget(self.status)
        status_row.addStretch()
        embargo_row = QHBoxLayout()
        embargo_row.addWidget(self.embargo_on)
        embargo_row.addWidget(self.embargo_at)
        embargo_row.addWidget(self.embargo_zone, 1)

        self.categories = QLineEdit()
        self.categories.setObjectName("categories")
        self.categories.setPlaceholderText(self.tr("News, Local"))
        self.title = WrappingField()
        self.title.setObjectName("title")
        self.title.setAccessibleName(self.tr("Title"))
        self.photo_button = QPushButton(self.tr("Choose photo…"))
        self.photo_button.clicked.connect(self.choose_photo)
        self.photo_remove = QPushButton(self.tr("Remove"))
        self.photo_remove.clicked.connect(lambda: self.set_photo(None))
        self.photo_label = QLabel()
        self.caption = WrappingField()
        self.caption.setObjectName("caption")
        self.caption.setAccessibleName(self.tr("Caption"))
        self.caption.setPlaceholderText(self.tr("Caption of the photo"))
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo_button)
        photo_row.addWidget(self.photo_remove)
        photo_row.addWidget(self.photo_label, 1)
        self.place = QLineEdit()
        self.place.setObjectName("place")
        self.place.setPlaceholderText(self.tr("Place"))
        self.place.textChanged.connect(self._fit_place)
        self._fit_place("")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.dateline_style = QComboBox()
        self.dateline_style.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.dateline_style.setMinimumContentsLength(10)
        self.dateline_style.addItem(self.tr("Ashgabat – On December 9, 2022,"), "on")
        self.dateline_style.addItem(self.tr("ASHGABAT, 9 December 2022 –"), "comma")
        self.dateline_style.addItem(self.tr("Place (agency) — without date"), "agency")
        dateline_row = QHBoxLayout()
        dateline_row.addWidget(self.place, 1)
        dateline_row.addWidget(self.date)
        # The style's examples are long: on a line of their own they are read whole.
        dateline_box = QVBoxLayout()
        dateline_box.setSpacing(4)
        dateline_box.addLayout(dateline_row)
        dateline_box.addWidget(self.dateline_style)
        self.body = QPlainTextEdit()
        self.body.setObjectName("body")
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText(
            self.tr(
                "Paragraphs separated by a blank line. **bold**, *italic*, "
                "[link text](https://…). The dateline opens the first paragraph."
            )
        )
        self.body.setMinimumHeight(self.fontMetrics().height() * 8)
        self.body.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.closing = QLineEdit()
        self.closing.setObjectName("closing")
        self.contacts = ContactBlockList()
        self.picker = ContactPicker(self._search_contacts)
        self.picker.chosen.connect(self.attach_contact)
        self.remove_contact = QPushButton(self.tr("Remove from block"))
        self.remove_contact.clicked.connect(self.contacts.remove_current)
        contacts_box = QVBoxLayout()
        contacts_box.setSpacing(4)
        contacts_box.addWidget(self.contacts)
        # One line, not word-wrapped: a wrapped label makes the form height-for-width, and
        # QScrollArea then lays it out at its preferred height, scrolling at any size.
        hint = QLabel(self.tr("Drag to reorder; double-click a title to edit it."))
        hint.setEnabled(False)
        hint.setToolTip(self.tr("Drag to reorder (or Alt+↑/↓); double-click a title to edit it."))
        self.contacts.setToolTip(hint.toolTip())
        contacts_box.addWidget(hint)
        picker_row = QHBoxLayout()
        picker_row.addWidget(self.picker, 1)
        picker_row.addWidget(self.remove_contact, 0, Qt.AlignmentFlag.AlignTop)
        contacts_box.addLayout(picker_row)
        self.sdgs = SdgPicker()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Language"), self.language_row)
        form.addRow(self.tr("Status"), status_row)
        form.addRow(self.tr("Embargo"), embargo_row)
        form.addRow(self.tr("Categories"), self.categories)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Photo"), photo_row)
        form.addRow(self.tr("Caption"), self.caption)
        form.addRow(self.tr("Dateline"), dateline_box)
        form.addRow(self.tr("Body"), self.body)
        form.addRow(self.tr("Closing phrase"), self.closing)
        form.addRow(self.tr("Contacts"), contacts_box)
        form.addRow(self.tr("SDGs"), self.sdgs)
        fields = QWidget()
        fields.setLayout(form)
        self.form_scroll = scroll = QScrollArea()
        scroll.setObjectName("releaseForm")
        scroll.setWidgetResizable(True)
        scroll.setWidget(fields)

        self.preview_of = QComboBox()
        self.preview_of.setObjectName("previewOf")
        self.preview_of.activated.connect(lambda _index: self.update_preview())
        self.preview = QTextBrowser()
        self.preview.setObjectName("preview")
        self.preview.setOpenExternalLinks(True)
        preview_head = QHBoxLayout()
        preview_head.addWidget(QLabel(self.tr("Preview")))
        preview_head.addWidget(self.preview_of, 1)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addLayout(preview_head)
        right_column.addWidget(self.preview, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(right)
        # The form a little wider than the preview: its fields are what is worked on.
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 400])
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.splitter, 1)

        for widget in (self.categories, self.title, self.caption, self.place, self.closing):
            widget.textChanged.connect(self._edited)
        self.body.textChanged.connect(self._edited)
        self.date.dateChanged.connect(self._edited)
        self.embargo_at.dateTimeChanged.connect(self._edited)
        self.embargo_zone.currentTextChanged.connect(self._edited)
        for combo in (self.status, self.dateline_style):
            combo.currentIndexChanged.connect(self._edited)
        self.contacts.changed.connect(self._edited)
        self.sdgs.changed.connect(self._edited)
        self._embargo_toggled(False)

    # -- loading ---------------------------------------------------------------------------
    def load(self, release_id: int) -> None:
        store = self.ctx.store
        assert store is not None
        with store.uow() as uow:
            row = service.require(uow, release_id)
            doc = service.document(uow, row)
            people = [
                Person(link.contact_id, person.name, person.title, person.emails, person.phones)
                for link, person in zip(row.contacts, doc.contacts, strict=True)
            ]
            versions = [(v.id, v.language) for v in uow.releases.versions(row.group_id)]
            self.release_id, self.group_id, self.version = row.id, row.group_id, row.version
        self._loading = True
        try:
            self._fill(doc, people, versions)
        finally:
            self._loading = False
        self.dirty = False
        self._update_heading()
        self.update_preview()

    def _fill(self, doc: Release, people: list[Person], versions: list[tuple[int, str]]) -> None:
        self.versions.clear()
        self.preview_of.clear()
        self.preview_of.addItem(self.tr("this version, as typed"), None)
        for version_id, language in versions:
            self.versions.addItem(language, version_id)
            if version_id != self.release_id:
                self.preview_of.addItem(self.tr("{0} version (saved)").format(language), version_id)
        self.versions.setCurrentIndex(max(0, self.versions.findData(self.release_id)))
        self.status.setCurrentIndex(max(0, self.status.findData(doc.status.value)))
        self.embargo_on.setChecked(doc.embargo is not None)
        if doc.embargo is not None:
            zone = getattr(doc.embargo.tzinfo, "key", "UTC")
            if self.embargo_zone.findText(zone) < 0:
                self.embargo_zone.addItem(zone)
            self.embargo_zone.setCurrentText(zone)
            local = doc.embargo
            self.embargo_at.setDateTime(
                QDateTime(
                    QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)
                )
            )
        self._show_embargo(doc.embargo is not None)
        self._embargo_kept = None
        self.categories.setText(", ".join(doc.categories))
        self.title.setText(doc.title)
        self.title.setCursorPosition(0)
        self.set_photo(doc.photo)
        self.caption.setText(doc.caption)
        self.caption.setCursorPosition(0)
        line = doc.dateline
        self.place.setText(line.place if line else "")
        day = line.date if line and line.date else dt.date.today()
        self.date.setDate(QDate(day.year, day.month, day.day))
        style = line.style.value if line else "on"
        self.dateline_style.setCurrentIndex(max(0, self.dateline_style.findData(style)))
        self.body.setPlainText("\n\n".join(doc.paragraphs))
        self.closing.setText(doc.closing)
        self.closing.setPlaceholderText(default_closing(doc.language))
        self.contacts.set_people(people)
        self.sdgs.set_language(doc.language)
        self.sdgs.set_goals(doc.sdgs)
        self._keep_notes = (list(doc.notes), doc.separator, line.agency if line else None)
        self._language = doc.language

    def _update_heading(self) -> None:
        mark = " •" if self.dirty else ""
        self.heading.setText(
            self.tr("Release {0} · {1}{2}").format(self.release_id, self._language, mark)
        )

    # -- the form as a document ------------------------------------------------------------
    def embargo(self) -> dt.datetime | None:
        if not self.embargo_on.isChecked():
            return None
        value = self.embargo_at.dateTime()
        day, time = value.date(), value.time()
        zone = ZoneInfo(self.embargo_zone.currentText().strip() or "UTC")
        return dt.datetime(
            day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=zone
        )

    def document(self) -> Release:
        """The release as the form shows it; ValueError for a value that cannot be used."""
        notes, separator, agency = self._keep_notes
        place = self.place.text().strip()
        day = self.date.date()
        dateline = None
        if place:
            dateline = Dateline(
                place,
                dt.date(day.year(), day.month(), day.day()),
                agency,
                DatelineStyle(self.dateline_style.currentData()),
            )
        return Release(
            title=self.title.text().strip(),
            paragraphs=service.split_paragraphs(self.body.toPlainText()),
            categories=[c.strip() for c in self.categories.text().split(",") if c.strip()],
            photo=self.photo,
            caption=self.caption.text().strip(),
            dateline=dateline,
            separator=separator,
            notes=notes,
            closing=self.closing.text().strip(),
            contacts=[person.block_contact() for person in self.contacts.people()],
            sdgs=self.sdgs.goals(),
            language=self._language,
            status=ReleaseStatus(self.status.currentData()),
            embargo=self.embargo(),
        )

    def links(self) -> list[service.ContactLink]:
        return [service.ContactLink(p.contact_id, p.title, p.name) for p in self.contacts.people()]

    # -- editing ---------------------------------------------------------------------------
    def _edited(self, *_args) -> None:
        if self._loading:
            return
        if not self.dirty:
            self.dirty = True
            self._update_heading()
        self._preview_timer.start()

    def _fit_place(self, text: str) -> None:
        """As wide as the place's name (up to a limit), so that a narrow form never shows
        it scrolled ("shgabat")."""
        metrics = self.place.fontMetrics()
        wanted = metrics.horizontalAdvance(text or "Ashgabat") + 2 * metrics.averageCharWidth()
        self.place.setMinimumWidth(min(wanted, PLACE_MAX_WIDTH) + 8)

    def _embargo_toggled(self, on: bool) -> None:
        self._show_embargo(on)
        self._edited()

    def _show_embargo(self, on: bool) -> None:
        """Enable the time and zone with a value to edit, or blank them (kept for
        ticking the box again)."""
        self.embargo_at.setEnabled(on)
        self.embargo_zone.setEnabled(on)
        was_loading, self._loading = self._loading, True
        try:
            if on and self.embargo_at.dateTime() == NO_EMBARGO:
                tomorrow = dt.datetime.now() + dt.timedelta(days=1)
                at = QDateTime(QDate(tomorrow.year, tomorrow.month, tomorrow.day), QTime(9, 0))
                zone = self.embargo_zone.itemText(0)
                if self._embargo_kept is not None:
                    at, zone = self._embargo_kept
                self.embargo_at.setDateTime(at)
                self.embargo_zone.setCurrentText(zone)
            elif not on:
                if self.embargo_at.dateTime() != NO_EMBARGO:
                    kept = (self.embargo_at.dateTime(), self.embargo_zone.currentText())
                    self._embargo_kept = kept
                self.embargo_at.setDateTime(NO_EMBARGO)
                self.embargo_zone.setCurrentIndex(-1)
                self.embargo_zone.setEditText("")
        finally:
            self._loading = was_loading

    def _search_contacts(self, text: str) -> list[tuple[int, str]]:
        store = self.ctx.store
        if store is None:
            return []
        with store.uow() as uow:
            ids = uow.contacts.search_ids(text)[:30]
            rows = uow.contacts.rows(ids)
        return [
            (r.id, " · ".join(part for part in (r.name, r.organization, r.email) if part))
            for r in rows
        ]

    def attach_contact(self, contact_id: int) -> bool:
        store = self.ctx.store
        assert store is not None
        with store.uow() as uow:
            contact = uow.contacts.get(contact_id)
            if contact is None:
                return False
            person = Person(
                contact.id,
                contact.display_name,
                contact.role,
                [contact.primary_email] if contact.primary_email else [],
                [contact.primary_phone] if contact.primary_phone else [],
            )
        added = self.contacts.add_person(person)
        if not added:
            self.ctx.notify(self.tr("{0} is already in the contact block.").format(person.name))
        return added

    def set_photo(self, photo: Photo | None) -> None:
        self.photo = photo
        self.photo_label.setText(photo.filename if photo else self.tr("no photo"))
        self.photo_remove.setEnabled(photo is not None)
        self._edited()

    def choose_photo(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a photo"), folder, self.tr("Images (*.jpg *.jpeg *.png *.gif)")
        )
        if path:
            self.load_photo(Path(path))

    def load_photo(self, path: Path) -> None:
        mime = mimetypes.guess_type(path.name)[0] or ""
        try:
            self.set_photo(Photo(path.read_bytes(), mime, path.name))
        except (OSError, ValueError) as error:
            QMessageBox.warning(self, self.tr("Photo not used"), str(error))

    # -- preview ---------------------------------------------------------------------------
    def update_preview(self) -> None:
        self._preview_timer.stop()
        other = self.preview_of.currentData()
        try:
            if other is not None and self.ctx.store is not None:
                with self.ctx.store.uow() as uow:
                    doc = service.load_release(uow, int(other))
            else:
                doc = self.document()
            html = render_html(doc)
        except (ValueError, PressDeskError) as error:
            html = f"<p style='color:#b00020'>{_escape(str(error))}</p>"
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(html)
        self.preview.verticalScrollBar().setValue(scroll)

    # -- saving, versions, export ----------------------------------------------------------
    def save(self) -> bool:
        store = self.ctx.store
        if store is None or self.release_id is None:
            return False
        try:
            doc = self.document()
            with store.uow() as uow:
                row = service.save_release(
                    uow, self.release_id, doc, self.links(), expected_version=self.version
                )
                uow.commit()
                self.version = row.version
        except ConflictError as error:
            QMessageBox.warning(self, self.tr("Not saved"), str(error))
            return False
        except (ValueError, PressDeskError) as error:
            QMessageBox.warning(self, self.tr("Not saved"), str(error))
            return False
        self.dirty = False
        self._update_heading()
        self.ctx.notify(self.tr("Release saved."))
        self.changed.emit(self.release_id)
        return True

    def _version_chosen(self, index: int) -> None:
        target = self.versions.itemData(index)
        if target is None or target == self.release_id:
            return
        if self.dirty and not self.save():
            self.versions.setCurrentIndex(max(0, self.versions.findData(self.release_id)))
            return
        self.load(int(target))

    def switch_to(self, language: str) -> None:
        index = self.versions.findText(language)
        if index >= 0:
            self.versions.setCurrentIndex(index)
            self._version_chosen(index)

    def add_version(self, language: str | None = None) -> int | None:
        store = self.ctx.store
        if store is None or self.release_id is None:
            return None
        if language is None:
            language, ok = QInputDialog.getText(
                self,
                self.tr("Add a language version"),
                self.tr("Language code of the new version (ru, tk, fr…):"),
            )
            if not ok or not language.strip():
                return None
        if self.dirty and not self.save():
            return None
        try:
            with store.uow() as uow:
                row = service.add_version(uow, self.release_id, language)
                uow.commit()
                new_id = row.id
        except PressDeskError as error:
            QMessageBox.warning(self, self.tr("Version not added"), str(error))
            return None
        self.changed.emit(new_id)
        self.load(new_id)
        return new_id

    def choose_export(self, suffix: str) -> None:
        if self.release_id is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        stem = f"release-{self.release_id}-{self._language}"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export release"), str(Path(folder) / f"{stem}{suffix}")
        )
        if path:
            if not Path(path).suffix:
                path += suffix
            self.export_to(Path(path))

    def export_to(self, path: Path) -> Job | None:
        """Save if needed, then write the file in the background."""
        store = self.ctx.store
        if store is None or self.release_id is None:
            return None
        if self.dirty and not self.save():
            return None
        release_id = self.release_id

        def work(progress):
            progress.report(0, 1)
            with store.uow() as uow:
                return service.export_file(uow, release_id, path)

        self.last_job = self.ctx.jobs.run(
            self.tr("Exporting release…"),
            work,
            on_done=lambda target: self.ctx.notify(self.tr("Exported to {0}").format(target)),
            on_error=self._export_failed,
        )
        return self.last_job

    def _export_failed(self, error: BaseException) -> None:
        from pressdesk.ui.jobs import Cancelled

        if isinstance(error, Cancelled):
            return
        QMessageBox.warning(self, self.tr("Export failed"), str(error) or type(error).__name__)

    def send(self) -> None:
        store = self.ctx.store
        if store is None or self.release_id is None:
            return
        if self.dirty and not self.save():
            return
        try:
            from pressdesk.ui.sending.dialog import SendDialog
        except ImportError:
            self.ctx.notify(self.tr("Sending is not installed in this version."))
            return
        release_id = self.release_id
        dialog = SendDialog(
            store,
            self.ctx.jobs,
            release_id,
            lambda uow: service.load_release(uow, release_id),
            parent=self,
        )
        dialog.open()

    def close_editor(self) -> None:
        if self.dirty and not self.save():
            return
        self.closed.emit()


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
