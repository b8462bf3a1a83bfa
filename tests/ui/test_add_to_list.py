"""Contacts ▸ Add to list…: a selection goes onto a distribution list, undoably, and the
Lists page and the navigation follow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from pressdesk.services import lists as service
from pressdesk.ui.lists.chooser import ListChooser


def _members(store, name: str) -> set[int]:
    with store.uow() as uow:
        found = uow.lists.by_name(name)
        return set(uow.lists.member_ids(found.id)) if found is not None else set()


def _chooser(window) -> ListChooser:
    shown = [d for d in window.findChildren(ListChooser) if d.isVisible()]
    assert len(shown) == 1
    return shown[0]


def test_add_two_selected_contacts_to_a_list(qtbot, store, people, window):
    with store.uow() as uow:
        service.create_list(uow, "UN agencies")
        service.create_list(uow, "Media")
        uow.commit()
    lists_page = window.page("lists")  # built, so it must follow the change
    # The offscreen platform drops activation when a page is first built (see conftest).
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    lists_page.lists.setCurrentRow(1)
    assert lists_page.title.text() == "UN agencies"
    window.show_page("contacts")
    page = window.current_page()
    chosen = [people["Dovlet Chariyev"], people["Merdan Ataev"]]
    page.table.select_ids(chosen)
    page.table.setFocus()
    qtbot.waitUntil(lambda: page.details.currentIndex() == 2)  # bulk actions
    assert window.actions_by_name["add_to_list"].isEnabled()

    qtbot.keyClick(page.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = _chooser(window)
    names = [dialog.lists.item(r).text() for r in range(dialog.lists.count())]
    assert names == ["Media  (0 hand-picked)", "UN agencies  (0 hand-picked)", "New list…"]
    dialog.lists.setCurrentRow(1)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )

    assert _members(store, "UN agencies") == set(chosen)
    assert _members(store, "Media") == set()
    assert "Added 2 contacts to UN agencies" in window.statusBar().currentMessage()
    assert lists_page.picked_label.text() == "2 contacts"
    qtbot.waitUntil(lambda: window.navigation.find("lists").text(1) == "2")

    window.undo_stack.undo()
    assert _members(store, "UN agencies") == set()
    assert lists_page.picked_label.text().startswith("none")
    window.undo_stack.redo()
    assert _members(store, "UN agencies") == set(chosen)

    # Adding the same people again adds no one and pushes nothing to undo.
    depth = window.undo_stack.count()
    page.details.bulk_list_button.click()
    dialog = _chooser(window)
    assert dialog.lists.item(1).text() == "UN agencies  (2 hand-picked)"
    dialog.lists.setCurrentRow(1)
    dialog.accept()
    assert window.undo_stack.count() == depth
    assert "All were on it already" in window.statusBar().currentMessage()


def test_new_list_from_the_chooser(qtbot, store, people, window):
    lists_page = window.page("lists")
    window.show_page("contacts")
    page = window.current_page()
    chosen = [people["Aigul Nurlanova"], people["Charlotte Durand"]]
    page.table.select_ids(chosen)

    dialog = page.add_to_list_selected()
    assert dialog.lists.count() == 1  # only "New list…"
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # a new list needs a name
    qtbot.keyClicks(dialog.name, "Press corps")
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    assert _members(store, "Press corps") == set(chosen)
    assert [lists_page.lists.item(i).text() for i in range(lists_page.lists.count())] == [
        "Press corps"
    ]
    qtbot.waitUntil(lambda: window.navigation.find("lists").text(1) == "1")

    window.undo_stack.undo()  # the list was made for this: undo removes it
    with store.uow() as uow:
        assert uow.lists.by_name("Press corps") is None
    assert lists_page.lists.count() == 0
    window.undo_stack.redo()
    assert _members(store, "Press corps") == set(chosen)
