"""The main window: navigation, the current page with its search field, details, menus.

Kept light to import: pages are built when first shown and the store is opened in the
background, so the window paints before SQLAlchemy and the validators are loaded.
"""

from __future__ import annotations

import importlib
import linecache
import os
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QSettings,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pressdesk import __version__
from pressdesk.ui.empty_state import EmptyState
from pressdesk.ui.events import StoreEvents
from pressdesk.ui.job_status import JobStatus
from pressdesk.ui.jobs import Cancelled, JobRunner
from pressdesk.ui.navigation import Navigation
from pressdesk.ui.pages import PAGES, PageContext
from pressdesk.ui.text import numerus

if TYPE_CHECKING:
    from pressdesk.store import Store

#: Milliseconds the search waits for more typing before querying: none. Keys that arrive
#: together (a paste, key repeat) still make one search, and a background search that a
#: newer one replaces stops at once, so each key's rows come ~25 ms after it on 100,000
#: contacts; an 80 ms wait here put every keystroke's rows ~100 ms away.
SEARCH_DELAY_MS = 0
#: Milliseconds a status bar message stays.
NOTICE_MS = 6000
EXPORT_FILTERS = {
    "CSV (*.csv)": ".csv",
    "Excel (*.xlsx)": ".xlsx",
    "vCard (*.vcf)": ".vcf",
    "JSON (*.json)": ".json",
}


def open_store_with_views(location: str | None):
    """Import what the pages need and open the store (runs in the background)."""
    for module in ("pressdesk.ui.contacts_view", "pressdesk.ui.organisations_view"):
        importlib.import_module(module)  # loaded here, off the GUI thread
    # PySide6 reads the source of every module imported after it (looking for
    # "PySide6" in it, for its __feature__ switch), and linecache keeps those lines:
    # some 19 MB for SQLAlchemy and the rest. Nothing here needs them.
    linecache.clearcache()
    from pressdesk.store import Store

    return Store.open(location)


class MainWindow(QMainWindow):
    #: Emitted when a store is open and the first page shows its data.
    ready = Signal()

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("PressDesk"))
        self.events = StoreEvents(self)
        self.jobs = JobRunner(self)
        self.undo_stack = QUndoStack(self)
        self.ctx = PageContext(
            events=self.events,
            jobs=self.jobs,
            undo=self.undo_stack,
            settings=settings,
            window=self,
            notify=self.notify,
        )
        self.pages: dict[str, QWidget] = {}
        self.current_key: str | None = None
        #: The page to show once the store is open (``--view``); else the last one used.
        self.requested_view: str | None = None

        self._make_actions()
        self._make_menus()

        self.navigation = Navigation(self.ctx)
        self.navigation.navigated.connect(self.show_page)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search"))
        self.search.setPlaceholderText(self.tr("Search…"))
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        clear_key = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search)
        clear_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear_key.activated.connect(self.clear_search)
        self.search.returnPressed.connect(self._search_entered)

        self.stack = QStackedWidget()
        self.opening = EmptyState(self.tr("Opening your store…"), "")
        self.stack.addWidget(self.opening)
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(6, 6, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.stack, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(centre)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([190, 1000])
        self.setCentralWidget(self.splitter)

        # The counts, the store and background work are permanent widgets: notify()'s
        # messages use the free space to their left. As normal widgets they were hidden by
        # each message (the counts vanished), and QStatusBar re-shows hidden normal widgets
        # whenever it re-lays itself out (a job starting or ending), drawing the message
        # on top of them.
        self.matching_label = QLabel()
        self.matching_label.setObjectName("matching")
        self.matching_label.hide()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("counts")
        self.store_label = QLabel()
        self.store_label.setObjectName("store")
        self.store_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.job_status = JobStatus(self.jobs)
        status = self.statusBar()
        status.addPermanentWidget(self.job_status)
        status.addPermanentWidget(self.matching_label)
        status.addPermanentWidget(self.counts_label)
        status.addPermanentWidget(self.store_label)
        # A long message is cut off at the counts: the tooltip holds it whole.
        status.messageChanged.connect(lambda text: status.setToolTip(text))

        self.events.contacts_changed.connect(lambda _ids: self._update_counts())
        self.events.store_opened.connect(lambda _store: self._update_counts())
        self._restore_settings()
        self._update_actions()

    # -- actions and menus ---------------------------------------------------------------
    def _action(
        self,
        name: str,
        text: str,
        slot=None,
        shortcut: Any = None,
        tip: str = "",
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            if isinstance(shortcut, QKeySequence.StandardKey):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(slot)
        self.actions_by_name[name] = action
        return action

    def _make_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        self.ctx.actions = self.actions_by_name
        key = QKeySequence.StandardKey
        a = self._action
        a("new_store", self.tr("&New store…"), self.new_store)
        a("open_store", self.tr("&Open store…"), self.choose_store, key.Open)
        a(
            "import",
            self.tr("&Import…"),
            self.import_contacts,
            "Ctrl+I",
            self.tr("Import contacts from a spreadsheet or address book"),
        )
        a("export", self.tr("&Export contacts…"), self.export_contacts, "Ctrl+E")
        a("backup", self.tr("&Back up store…"), self.backup_store)
        a("settings", self.tr("&Settings…"), self.open_settings, key.Preferences)
        a("quit", self.tr("&Quit"), self.close, key.Quit)

        undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcuts(key.Undo)
        redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts(key.Redo)
        self.actions_by_name["undo"] = undo
        self.actions_by_name["redo"] = redo
        a("find", self.tr("&Find"), self.focus_search, key.Find)
        a(
            "select_all",
            self.tr("Select &all"),
            lambda: self._page_call("select_all"),
            key.SelectAll,
        )
        delete = a(
            "delete", self.tr("&Delete"), lambda: self._page_call("delete_selected"), key.Delete
        )
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        nav = a("show_navigation", self.tr("&Navigation"), self._toggle_navigation, None, "", True)
        nav.setChecked(True)
        details = a(
            "show_details", self.tr("&Details pane"), self._toggle_details, "Ctrl+D", "", True
        )
        details.setChecked(True)
        for number, page in enumerate(PAGES, start=1):
            a(
                f"go_{page.key}",
                page.display_title(),
                lambda _checked=False, k=page.key: self.navigation.select(k),
                f"Ctrl+{number}",
            )

        a("new_contact", self.tr("&New contact…"), self.new_contact, key.New)
        edit = a(
            "edit_contact",
            self.tr("&Edit contact…"),
            lambda: self._page_call("edit_selected"),
            "Return",
        )
        edit.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a("merge", self.tr("&Merge…"), lambda: self._page_call("merge_selected"), "Ctrl+M")
        a("tag", self.tr("Add &tag…"), lambda: self._page_call("tag_selected"), "Ctrl+T")
        a(
            "untag",
            self.tr("&Remove tag…"),
            lambda: self._page_call("untag_selected"),
            "Ctrl+Shift+T",
        )
        a(
            "add_to_list",
            self.tr("Add to &list…"),
            lambda: self._page_call("add_to_list_selected"),
            "Ctrl+L",
            self.tr("Put the selected contacts on a distribution list"),
        )
        a(
            "rename",
            self.tr("Re&name organisation…"),
            lambda: self._page_call("rename_selected"),
            "F2",
        )
        a("about", self.tr("&About PressDesk"), self.about)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        n = self.actions_by_name
        sections = [
            (
                self.tr("&File"),
                [
                    "new_store",
                    "open_store",
                    None,
                    "import",
                    "export",
                    "backup",
                    None,
                    "settings",
                    None,
                    "quit",
                ],
            ),
            (self.tr("&Edit"), ["undo", "redo", None, "find", "select_all", None, "delete"]),
            (
                self.tr("&View"),
                ["show_navigation", "show_details", None] + [f"go_{p.key}" for p in PAGES],
            ),
            (
                self.tr("&Contacts"),
                [
                    "new_contact",
                    "edit_contact",
                    "merge",
                    None,
                    "tag",
                    "untag",
                    "add_to_list",
                    None,
                    "rename",
                    None,
                    "delete",
                ],
            ),
            (self.tr("&Help"), ["about"]),
        ]
        for title, names in sections:
            menu = bar.addMenu(title)
            for name in names:
                if name is None:
                    menu.addSeparator()
                else:
                    menu.addAction(n[name])

    def _page_call(self, method: str, *args) -> Any:
        page = self.current_page()
        function = getattr(page, method, None)
        return function(*args) if function is not None else None

    def _update_actions(self) -> None:
        page = self.current_page()
        has_store = self.ctx.store is not None
        for name, method in (
            ("select_all", "select_all"),
            ("delete", "delete_selected"),
            ("edit_contact", "edit_selected"),
            ("merge", "merge_selected"),
            ("tag", "tag_selected"),
            ("untag", "untag_selected"),
            ("add_to_list", "add_to_list_selected"),
            ("rename", "rename_selected"),
        ):
            self.actions_by_name[name].setEnabled(has_store and hasattr(page, method))
        for name in ("new_contact", "import", "export", "backup", "settings"):
            self.actions_by_name[name].setEnabled(has_store)
        self.search.setEnabled(hasattr(page, "set_search"))

    # -- pages ---------------------------------------------------------------------------
    def current_page(self) -> QWidget | None:
        return self.pages.get(self.current_key or "")

    def page(self, key: str) -> QWidget:
        """The page for ``key``, built on first use."""
        widget = self.pages.get(key)
        if widget is None:
            spec = next(p for p in PAGES if p.key == key)
            widget = spec.factory(self.ctx)
            widget.setObjectName(widget.objectName() or f"{key}Page")
            for name in ("delete", "edit_contact"):
                widget.addAction(self.actions_by_name[name])
            self.pages[key] = widget
            self.stack.addWidget(widget)
            matching = getattr(widget, "matching_changed", None)
            if matching is not None:
                matching.connect(self._update_matching)
            state = self.settings.value(f"pages/{key}/state")
            if isinstance(state, QByteArray) and hasattr(widget, "restore_state"):
                widget.restore_state(state)
            elif isinstance(state, QByteArray) and isinstance(widget, QSplitter):
                widget.restoreState(state)
            header = self.settings.value(f"pages/{key}/header")
            if isinstance(header, QByteArray) and hasattr(widget, "restore_header"):
                widget.restore_header(header)
                sort = getattr(widget, "sort_from_header", None)
                if sort is not None:
                    sort()
        return widget

    def show_page(self, key: str, choice: dict[str, Any] | None = None) -> None:
        if self.ctx.store is None:
            return
        widget = self.page(key)
        changed = key != self.current_key
        self.current_key = key
        if hasattr(widget, "set_filter"):
            widget.set_filter(**(choice or {}))
        self.stack.setCurrentWidget(widget)
        if changed:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            if hasattr(widget, "set_search"):
                widget.set_search("")
            placeholder = getattr(widget, "search_placeholder", None)
            self.search.setPlaceholderText(placeholder() if placeholder else self.tr("Search…"))
        self.navigation.select(key, choice)
        self._update_actions()
        self._update_matching()
        details = getattr(widget, "details", None)
        if details is not None:
            details.setVisible(self.actions_by_name["show_details"].isChecked())

    def _apply_search(self) -> None:
        self._page_call("set_search", self.search.text())

    def _search_entered(self) -> None:
        self._search_timer.stop()
        self._apply_search()
        self._page_call("focus_table")

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear_search(self) -> None:
        self.search.clear()
        self._search_timer.stop()
        self._apply_search()

    def _toggle_navigation(self, shown: bool) -> None:
        self.navigation.setVisible(shown)

    def _toggle_details(self, shown: bool) -> None:
        for widget in self.pages.values():
            details = getattr(widget, "details", None)
            if details is not None:
                details.setVisible(shown)

    # -- the store -----------------------------------------------------------------------
    def open_store(self, location: str | os.PathLike[str] | None) -> None:
        """Open a store in the background; the window shows it when it is ready."""
        target = os.fspath(location) if location else None
        self.stack.setCurrentWidget(self.opening)
        self.jobs.run(
            self.tr("Opening store…"),
            lambda _progress: open_store_with_views(target),
            on_done=self.set_store,
            on_error=self._store_failed,
        )

    def _store_failed(self, error: BaseException) -> None:
        self.opening.title_label.setText(self.tr("The store could not be opened"))
        self.opening.text_label.setText(str(error))
        self.store_failed = error
        # open(), not exec(): a nested event loop here would hold up the job's end (and
        # `gui --screenshot`, which exits on it, would wait for a click forever).
        box = QMessageBox(
            QMessageBox.Icon.Critical, self.tr("Could not open the store"), str(error), parent=self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.store_failed_box = box

    def set_store(self, store: Store) -> None:
        previous = self.ctx.store
        self.ctx.store = store
        self.undo_stack.clear()
        if store.dialect == "sqlite":
            self.settings.setValue("store/path", store.location)
        self.store_label.setText(self.tr("store: {0}").format(_short_path(store.location)))
        self.store_label.setToolTip(store.location)
        self.events.store_opened.emit(store)
        key = (
            self.requested_view
            or self.current_key
            or str(self.settings.value("window/view", "contacts"))
        )
        self.requested_view = None
        if key not in {p.key for p in PAGES}:
            key = "contacts"
        self.current_key = None
        self.show_page(key)
        if previous is not None and previous is not store:
            previous.close()
        self.ready.emit()

    def new_store(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("New store"),
            _documents("pressdesk.sqlite3"),
            self.tr("PressDesk store (*.sqlite3 *.db)"),
        )
        if path:
            self.open_store(path)

    def choose_store(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open store"),
            _documents(""),
            self.tr("PressDesk store (*.sqlite3 *.db);;All files (*)"),
        )
        if path:
            self.open_store(path)

    def _update_counts(self) -> None:
        store = self.ctx.store
        if store is None:
            self.counts_label.clear()
            return
        with store.uow() as uow:
            total, problems = uow.contacts.count(), uow.contacts.count_problems()
        self.counts_label.setText(
            numerus("MainWindow", "%Ln contact(s)", total)
            + " · "
            + numerus("MainWindow", "%Ln with problems", problems)
        )

    def _update_matching(self) -> None:
        """How many the current page's search shows, beside the store's counts."""
        page = self.current_page()
        text = page.matching_text() if hasattr(page, "matching_text") else ""
        self.matching_label.setText(f"{text} ·" if text else "")
        self.matching_label.setVisible(bool(text))

    def notify(self, text: str) -> None:
        """A passing message at the status bar's left; the counts and store stay."""
        self.statusBar().showMessage(text, NOTICE_MS)

    # -- commands ------------------------------------------------------------------------
    def new_contact(self) -> None:
        self.navigation.select("contacts", {})
        if self.current_key != "contacts":
            self.show_page("contacts")
        self.pages["contacts"].new_contact()

    def import_contacts(self, _checked: bool = False, path: Path | None = None):
        """File ▸ Import… (Ctrl+I): the import wizard, over this window."""
        if self.ctx.store is None:
            return None
        from pressdesk.ui.import_wizard import open_import_wizard

        return open_import_wizard(self.ctx, path)

    def export_contacts(self) -> None:
        store = self.ctx.store
        if store is None:
            return
        page = self.current_page()
        ids = page.export_ids() if hasattr(page, "export_ids") else None
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export contacts"), _documents("contacts.xlsx"), ";;".join(EXPORT_FILTERS)
        )
        if not path:
            return
        suffix = EXPORT_FILTERS.get(chosen, "")
        if suffix and not Path(path).suffix:
            path += suffix
        self.run_export(Path(path), ids)

    def run_export(self, path: Path, ids: list[int] | None):
        store = self.ctx.store
        assert store is not None

        def work(progress):
            from pressdesk.formats.contacts_export import write_contacts
            from pressdesk.services.contacts import all_contact_ids, contact_dicts

            with store.uow() as uow:
                wanted = list(ids) if ids is not None else all_contact_ids(uow)
                dicts = contact_dicts(uow, wanted, progress.report)
            progress.report(len(wanted), len(wanted))
            write_contacts(path, dicts)
            return len(dicts)

        return self.jobs.run(
            self.tr("Exporting contacts…"),
            work,
            on_done=lambda n: self.notify(
                numerus("MainWindow", "Exported %Ln contact(s) to {0}", n).format(path)
            ),
            on_error=lambda error: self._job_failed(self.tr("Export failed"), error),
        )

    def backup_store(self) -> None:
        if self.ctx.store is None:
            return
        from pressdesk.services.backup import suggested_backup_name

        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Back up store"),
            _documents(suggested_backup_name()),
            self.tr("PressDesk store (*.sqlite3)"),
        )
        if path:
            self.run_backup(Path(path))

    def run_backup(self, path: Path):
        store = self.ctx.store
        assert store is not None

        def work(progress):
            from pressdesk.services.backup import backup_store

            return backup_store(
                store, path, progress=lambda done, total: progress.report(done, total)
            )

        return self.jobs.run(
            self.tr("Backing up…"),
            work,
            on_done=lambda target: self.notify(self.tr("Backed up to {0}").format(target)),
            on_error=lambda error: self._job_failed(self.tr("Backup failed"), error),
        )

    def _job_failed(self, title: str, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.notify(self.tr("Cancelled."))
            return
        if isinstance(error, ModuleNotFoundError):
            message = self.tr("This part of PressDesk is not installed yet ({0}).").format(
                error.name
            )
        else:
            message = str(error) or error.__class__.__name__
        QMessageBox.warning(self, title, message)

    def open_settings(self) -> None:
        from pressdesk.ui.settings_dialog import SettingsDialog

        if self.ctx.store is None:
            return
        dialog = SettingsDialog(self.ctx, parent=self)
        dialog.store_chosen.connect(self.open_store)
        dialog.open()
        return dialog

    def about(self) -> None:
        location = self.ctx.store.location if self.ctx.store else self.tr("none")
        QMessageBox.about(
            self,
            self.tr("About PressDesk"),
            self.tr(
                "<h3>PressDesk {0}</h3><p>Focal points, press releases and distribution "
                "lists for communication officers.</p><p>Store: {1}</p>"
            ).format(__version__, escape(location)),
        )

    # -- settings and lifetime -----------------------------------------------------------
    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = s.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        nav_shown = s.value("window/navigation", True, type=bool)
        self.actions_by_name["show_navigation"].setChecked(nav_shown)
        self.navigation.setVisible(nav_shown)
        self.actions_by_name["show_details"].setChecked(s.value("window/details", True, type=bool))

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("window/navigation", self.actions_by_name["show_navigation"].isChecked())
        s.setValue("window/details", self.actions_by_name["show_details"].isChecked())
        if self.current_key:
            s.setValue("window/view", self.current_key)
        for key, widget in self.pages.items():
            if hasattr(widget, "save_state"):
                s.setValue(f"pages/{key}/state", widget.save_state())
            elif isinstance(widget, QSplitter):
                s.setValue(f"pages/{key}/state", widget.saveState())
            header_state = getattr(widget, "header_state", None)
            if header_state is not None:
                s.setValue(f"pages/{key}/header", header_state())
        s.sync()

    def closeEvent(self, event) -> None:
        self.save_settings()
        self.jobs.cancel_all()
        self.jobs.wait(5000)
        super().closeEvent(event)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            for widget in self.pages.values():
                if hasattr(widget, "palette_changed"):
                    widget.palette_changed()
        super().changeEvent(event)


def _short_path(path: str) -> str:
    home = str(Path.home())
    return "~" + path[len(home) :] if path.startswith(home + os.sep) else path


def _documents(name: str) -> str:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return str(Path(folder or Path.home()) / name)
