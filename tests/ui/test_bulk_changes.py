"""Changes to many contacts run in the background behind a progress dialog, can be
cancelled before they commit, and undo and redo the same way."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton

from pressdesk.ui import commands


def _page(window):
    window.show_page("contacts")
    return window.current_page()


def _ids(window) -> list[int]:
    with window.ctx.store.uow() as uow:
        return uow.contacts.search_ids("")


@pytest.fixture
def few_is_many(monkeypatch):
    # Three contacts count as "many": the background path, with the test's small store.
    monkeypatch.setattr(commands, "BACKGROUND_OVER", 2)
    monkeypatch.setattr(commands, "CHUNK", 1)


def _wait_for_changes(qtbot, window):
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=20000)
    qtbot.wait(1)


def test_deleting_many_runs_in_the_background_and_undoes(qtbot, people, window, few_is_many):
    page = _page(window)
    everyone = _ids(window)
    doomed = everyone[:3]
    page.table.select_ids(doomed)
    page.delete_selected()
    dialog = window.findChild(QProgressDialog)
    assert dialog is not None and dialog.windowModality() == Qt.WindowModality.WindowModal
    _wait_for_changes(qtbot, window)
    assert sorted(_ids(window)) == sorted(set(everyone) - set(doomed))
    assert page.model.rowCount() == len(everyone) - 3
    assert window.actions_by_name["undo"].text() == "&Undo Delete 3 contacts"
    assert "Deleted 3 contacts" in window.statusBar().currentMessage()

    window.undo_stack.undo()
    _wait_for_changes(qtbot, window)
    assert sorted(_ids(window)) == sorted(everyone)
    assert page.model.rowCount() == len(everyone)
    window.undo_stack.redo()
    _wait_for_changes(qtbot, window)
    assert sorted(_ids(window)) == sorted(set(everyone) - set(doomed))


def test_cancel_leaves_the_store_as_it_was(qtbot, people, window, few_is_many):
    page = _page(window)
    everyone = _ids(window)
    page.table.select_ids(everyone)
    # Another writer holds the store, so the deletion waits at its first write while
    # the user presses Cancel.
    blocker = sqlite3.connect(window.ctx.store.location, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        page.delete_selected()
        dialog = window.findChild(QProgressDialog)
        assert dialog is not None
        dialog.findChild(QPushButton).click()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    _wait_for_changes(qtbot, window)
    assert sorted(_ids(window)) == sorted(everyone)
    assert not window.undo_stack.canUndo()
    assert "nothing was changed" in window.statusBar().currentMessage()


def test_tagging_many_runs_in_the_background_and_undoes(qtbot, people, window, few_is_many):
    page = _page(window)
    ids = _ids(window)
    page.table.select_ids(ids)
    page.tag_selected("press corps")
    _wait_for_changes(qtbot, window)
    with window.ctx.store.uow() as uow:
        assert all("press corps" in c.tag_text for c in uow.contacts.get_many(ids))
    window.undo_stack.undo()
    _wait_for_changes(qtbot, window)
    with window.ctx.store.uow() as uow:
        assert not any("press corps" in c.tag_text for c in uow.contacts.get_many(ids))
    window.undo_stack.redo()
    _wait_for_changes(qtbot, window)
    with window.ctx.store.uow() as uow:
        assert all("press corps" in c.tag_text for c in uow.contacts.get_many(ids))
