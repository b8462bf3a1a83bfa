"""The window driven as an officer would: search, sort, add, delete and undo, settings."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from pressdesk.ui.contact_editor import ContactEditor
from pressdesk.ui.main_window import MainWindow


def _page(window):
    return window.current_page()


def _names(window) -> list[str]:
    model = _page(window).model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_empty_store_teaches(window):
    page = _page(window)
    assert page.stack.currentWidget() is page.empty
    labels = [b.text() for b in page.empty.buttons]
    assert labels == ["Import a spreadsheet…", "Add a contact…"]
    # Enabled exactly when File ▸ Import is (the import feature enables it).
    assert page.empty.buttons[0].isEnabled() == window.actions_by_name["import"].isEnabled()
    page.empty.buttons[1].click()
    editor = window.findChild(ContactEditor)
    assert editor is not None and editor.isVisible()
    editor.reject()
    assert window.counts_label.text() == "0 contacts · 0 with problems"


def test_navigation_counts_and_filters(qtbot, people, window):
    window.navigation.refresh()
    nav = window.navigation
    all_item = nav.find("contacts", {})
    problems = nav.find("contacts", {"problems_only": True})
    media = nav.find("contacts", {"tag": "media"})
    assert (all_item.text(0), all_item.text(1)) == ("All", "5")
    assert (problems.text(0), problems.text(1)) == ("Problems", "1")
    assert media.text(1) == "3"
    nav.setCurrentItem(problems)
    assert _names(window) == ["Gulnara Ismailova"]
    nav.setCurrentItem(media)
    assert len(_names(window)) == 3
    nav.setCurrentItem(nav.find("organisations"))
    assert window.current_key == "organisations"
    nav.setCurrentItem(nav.find("imports"))
    assert window.current_key == "imports"
    assert window.counts_label.text() == "5 contacts · 1 with problems"


def test_typing_filters_and_escape_clears(qtbot, people, window):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "chari")
    qtbot.waitUntil(lambda: _names(window) == ["Dovlet Chariyev"], timeout=2000)
    window.search.clear()
    qtbot.keyClicks(window.search, "48-84")
    qtbot.waitUntil(lambda: _names(window) == ["Dovlet Chariyev"], timeout=2000)
    window.search.clear()
    qtbot.keyClicks(window.search, "kazinform.kz")
    qtbot.waitUntil(lambda: _names(window) == ["Aigul Nurlanova"], timeout=2000)
    qtbot.keyClicks(window.search, "zzz")
    qtbot.waitUntil(lambda: _page(window).stack.currentWidget() is _page(window).no_match)
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert len(_names(window)) == 5


def test_the_status_bar_says_how_many_match(qtbot, people, window):
    label = window.matching_label
    assert label.isHidden()  # all contacts: the store's counts say it
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "media")
    qtbot.waitUntil(lambda: label.text() == "3 matching ·", timeout=2000)
    assert label.isVisible() and len(_names(window)) == 3
    qtbot.keyClicks(window.search, " afp")
    qtbot.waitUntil(lambda: label.text() == "1 matching ·", timeout=2000)
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(label.isHidden, timeout=2000)
    window.navigation.refresh()
    window.navigation.setCurrentItem(window.navigation.find("contacts", {"tag": "media"}))
    qtbot.waitUntil(lambda: label.text() == "3 matching ·", timeout=2000)
    window.navigation.setCurrentItem(window.navigation.find("releases"))
    assert label.isHidden()  # another page
    assert window.counts_label.text() == "5 contacts · 1 with problems"


def test_clicking_headers_sorts(qtbot, people, window):
    table = _page(window).table
    header = table.horizontalHeader()

    def click(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))

    assert _names(window)[0] == "Aigul Nurlanova"
    click(0)
    assert _names(window)[0] == "Merdan Ataev"
    click(1)  # organisation
    organisations = [table.model().index(r, 1).data() for r in range(5)]
    assert organisations == sorted(organisations, key=str.casefold)
    click(1)
    assert table.model().index(0, 1).data() == "Kazinform"
    click(5)  # phone, sorted by E.164; an unreadable phone has none and comes first
    phones = [table.model().index(r, 5).data() for r in range(5)]
    assert phones[:2] == ["", "+33 1 40 41 46 46"]


def test_add_contact_with_bad_then_corrected_phone(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.findChild(ContactEditor)
    assert editor is not None
    qtbot.keyClicks(editor.name, "Dovlet Chariyev")
    editor.country.set_code("TM")
    qtbot.keyClicks(editor.emails.rows[0].edit, "dchariyev@iom")
    phone = editor.phones.rows[0]
    qtbot.keyClicks(phone.edit, "12 48 84")
    assert phone.problem and "too short" in phone.problem
    assert phone.hint.isVisible()
    email = editor.emails.rows[0]
    assert email.problem
    phone.edit.clear()
    qtbot.keyClicks(phone.edit, "12 48 84 07")
    assert phone.problem is None
    assert phone.hint.text() == "+993 12 48-84-07 · Turkmenistan"
    email.edit.clear()
    qtbot.keyClicks(email.edit, "dchariyev@iom.int")
    assert email.problem is None
    qtbot.keyClicks(editor.organisation, "IOM Turkmenistan")
    editor.buttons.button(editor.buttons.StandardButton.Save).click()
    assert not editor.isVisible()
    assert _names(window) == ["Dovlet Chariyev"]
    with window.ctx.store.uow() as uow:
        (contact,) = uow.contacts.get_many(uow.contacts.search_ids(""))
        assert contact.phones[0].e164 == "+99312488407"
        assert contact.emails[0].address == "dchariyev@iom.int"
        assert contact.country == "TM"
    details = _page(window).details
    qtbot.waitUntil(lambda: "+993 12 48-84-07" in details.card.text())
    assert "Turkmenistan" in details.card.text()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _names(window) == []
    window.actions_by_name["redo"].trigger()
    assert _names(window) == ["Dovlet Chariyev"]


def test_bad_value_never_blocks_saving_but_a_missing_name_does(qtbot, window):
    page = _page(window)
    editor = page.new_contact()
    editor.buttons.button(editor.buttons.StandardButton.Save).click()
    assert editor.isVisible() and editor.name_hint.isVisible()
    qtbot.keyClicks(editor.name, "Gulnara Ismailova")
    qtbot.keyClicks(editor.phones.rows[0].edit, "not a phone")
    editor.buttons.button(editor.buttons.StandardButton.Save).click()
    assert not editor.isVisible()
    assert window.counts_label.text() == "1 contact · 1 with problems"
    assert page.model.index(0, 7).data() == "⚠ 1"


def test_edit_with_enter_and_undo(qtbot, people, window):
    page = _page(window)
    page.table.select_ids([people["Aigul Nurlanova"]])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    editor = window.findChild(ContactEditor)
    assert editor.name.text() == "Aigul Nurlanova"
    assert editor.phones.rows[0].edit.text() == "+7 7272 50 12 34"
    editor.role.setText("Editor-in-Chief")
    editor.emails.add_button.click()
    qtbot.keyClicks(editor.emails.rows[-1].edit, "a.nurlanova@gmail.com")
    editor.emails.rows[-1].primary.setChecked(True)
    editor.accept()
    with window.ctx.store.uow() as uow:
        contact = uow.contacts.get(people["Aigul Nurlanova"])
        assert contact.role == "Editor-in-Chief"
        assert contact.primary_email == "a.nurlanova@gmail.com"
    window.undo_stack.undo()
    with window.ctx.store.uow() as uow:
        contact = uow.contacts.get(people["Aigul Nurlanova"])
        assert contact.role == "Editor"
        assert [e.address for e in contact.emails] == ["aigul@kazinform.kz"]


def test_delete_and_undo_restore_the_same_ids(qtbot, people, window):
    page = _page(window)
    doomed = [people["Dovlet Chariyev"], people["Merdan Ataev"]]
    page.table.select_ids(doomed)
    qtbot.waitUntil(lambda: page.details.currentIndex() == 2)  # bulk actions for several
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert "Dovlet Chariyev" not in _names(window)
    assert window.counts_label.text() == "3 contacts · 1 with problems"
    assert window.actions_by_name["undo"].text() == "&Undo Delete 2 contacts"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(_names(window)) == 5
    with window.ctx.store.uow() as uow:
        assert sorted(c.id for c in uow.contacts.get_many(doomed)) == sorted(doomed)
        assert uow.contacts.search_ids("48-84-07") == [people["Dovlet Chariyev"]]
    window.undo_stack.redo()
    assert len(_names(window)) == 3


def test_bulk_tag_and_untag(qtbot, people, window):
    page = _page(window)
    ids = [people["Dovlet Chariyev"], people["Aigul Nurlanova"]]
    page.table.select_ids(ids)
    page.tag_selected("Central Asia")
    window.navigation.refresh()
    assert window.navigation.find("contacts", {"tag": "Central Asia"}).text(1) == "2"
    page.table.select_ids(ids)
    page.untag_selected("media")
    with window.ctx.store.uow() as uow:
        assert uow.contacts.get(ids[1]).tag_text == "Central Asia"
    window.undo_stack.undo()
    window.undo_stack.undo()
    with window.ctx.store.uow() as uow:
        assert uow.contacts.get(ids[1]).tag_text == "media"


def test_layout_is_restored_from_settings(qtbot, store, people, tmp_path):
    path = str(tmp_path / "layout.ini")
    first = MainWindow(QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.resize(700, 500)  # the offscreen screen is 800x600
    first.show()
    first.set_store(store)
    header = first.current_page().table.horizontalHeader()
    header.resizeSection(1, 333)
    header.setSortIndicator(2, Qt.SortOrder.DescendingOrder)
    first.navigation.select("organisations")
    first.close()

    second = MainWindow(QSettings(path, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    second.show()
    second.set_store(store)
    assert second.current_key == "organisations"
    assert second.size().width() == 700
    second.navigation.select("contacts", {})
    table = second.current_page().table
    assert table.horizontalHeader().sectionSize(1) == 333
    assert table.horizontalHeader().sortIndicatorSection() == 2
    roles = [table.model().index(r, 2).data() for r in range(5)]
    assert roles == sorted(roles, key=str.casefold, reverse=True)


def test_standard_shortcuts(window):
    actions = window.actions_by_name
    assert actions["undo"].shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert actions["find"].shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert actions["new_contact"].shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert actions["export"].shortcut() == QKeySequence("Ctrl+E")
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Contacts", "&Help"]


def test_details_pane_toggle(qtbot, people, window):
    details = _page(window).details
    assert details.isVisible()
    window.actions_by_name["show_details"].trigger()
    assert not details.isVisible()
    QApplication.processEvents()


def test_placeholder_pages_teach(qtbot, window):
    from pressdesk.ui.pages import placeholder

    page = placeholder("Releases arrive here", "Write a press release once…")(window.ctx)
    qtbot.addWidget(page)
    assert page.title_label.text() == "Releases arrive here"
    assert page.text_label.text() == "Write a press release once…"


def test_switching_to_a_dark_palette_recolours(qtbot, people, window):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    page = _page(window)
    row = page.model.rows_of([people["Gulnara Ismailova"]])[0]
    light = page.model.index(row, 7).data(Qt.ItemDataRole.ForegroundRole)
    original = QApplication.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    try:
        QApplication.setPalette(dark)
        qtbot.waitUntil(
            lambda: page.model.index(row, 7).data(Qt.ItemDataRole.ForegroundRole) != light
        )
    finally:
        QApplication.setPalette(original)


def test_navigation_says_when_its_counts_are_still_coming(qtbot, people, window):
    """What `gui --screenshot` waits for: counts asked for after a change are read in
    the background, and the tree is not finished until they are shown."""
    nav = window.navigation
    qtbot.waitUntil(lambda: not nav.counting)
    window.events.contacts_changed.emit([people["Dovlet Chariyev"]])
    assert nav.counting
    qtbot.waitUntil(lambda: not nav.counting, timeout=5000)
    assert nav.find("contacts", {}).text(1) == str(len(people))


def _message_room(window) -> int:
    """Where QStatusBar stops drawing its message: the first visible permanent widget."""
    permanent = [window.job_status, window.counts_label, window.store_label]
    return min(w.geometry().left() for w in permanent if w.isVisible()) - 2


def test_status_messages_leave_the_counts_and_store_alone(qtbot, people, window):
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    counts = window.counts_label.text()
    text = "Imported press-tour-contacts.csv: 7 created, 1 merged."
    window.notify(text)
    # A job starting and ending re-lays the status bar out: it once re-showed the
    # counts under the message.
    job = window.jobs.run("Counting…", lambda _progress: 1)
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=5000)
    assert job is not None
    status = window.statusBar()
    qtbot.waitUntil(lambda: window.counts_label.isVisible(), timeout=2000)
    assert status.currentMessage() == text
    assert window.counts_label.text() == counts
    assert window.store_label.isVisible() and window.store_label.text().startswith("store: ")
    needed = 6 + status.fontMetrics().horizontalAdvance(text)
    assert needed <= _message_room(window)
    for label in (window.counts_label, window.store_label):
        assert label.geometry().left() >= needed
    assert status.toolTip() == text
    status.clearMessage()
    assert status.toolTip() == ""
    assert window.counts_label.isVisible()
