"""The Lists page driven as an officer would: new list, filter built term by term, live
preview with exclusions and their reasons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from pressdesk.services import lists as service
from pressdesk.store.models import LinkMode
from pressdesk.ui.events import StoreEvents
from pressdesk.ui.jobs import JobRunner
from pressdesk.ui.lists.view import ListsPage
from pressdesk.ui.pages import PageContext


@pytest.fixture
def page(qtbot, store, settings, people):
    with store.uow() as uow:
        contact = uow.contacts.get(people["Charlotte Durand"])
        contact.do_not_contact = True
        uow.commit()
    jobs = JobRunner()
    ctx = PageContext(
        events=StoreEvents(), jobs=jobs, undo=QUndoStack(), settings=settings, store=store
    )
    widget = ListsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    yield widget
    jobs.wait()
    qtbot.wait(20)  # deliver the last preview while the page is alive


def rows(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_empty_page_explains(qtbot, page, monkeypatch):
    assert page.lists.count() == 0
    assert page.stack.currentWidget() is page.empty
    assert "tag:media country:KZ" in page.empty.text_label.text()
    assert not page.builder.isEnabled()
    monkeypatch.setattr(
        "pressdesk.ui.lists.view.QInputDialog.getText", lambda *args: ("Media", True)
    )
    qtbot.mouseClick(page.empty.button("New list…"), Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is not page.empty
    assert page.title.text() == "Media"


def test_list_shows_description_hand_picked_and_labelled_tables(qtbot, page, store, people):
    with store.uow() as uow:
        found = service.create_list(uow, "Media", description="Newsrooms for regional releases")
        service.add_members(uow, found, [people["Aigul Nurlanova"], people["Charlotte Durand"]])
        uow.commit()
    page.reload()
    assert page.description.isVisibleTo(page)
    assert page.description.text() == "Newsrooms for regional releases"
    assert page.picked_label.text() == "2 contacts"
    assert page.links_label.text() == "none"
    qtbot.waitUntil(lambda: page.members_label.text() == "Members (1)", timeout=3000)
    assert page.excluded_label.text() == "Left out, and why (1)"
    assert page.members_label.buddy() is page.members
    for table in (page.members, page.excluded):
        assert not table.showGrid()
        assert table.verticalHeader().defaultSectionSize() == table.fontMetrics().height() + 8


def test_build_filter_and_preview(qtbot, page, store):
    page.new_list("Media")
    assert page.title.text() == "Media"
    assert page.builder.isEnabled()

    builder = page.builder
    builder.field.setCurrentIndex(builder.field.findData("tag"))
    qtbot.keyClicks(builder.value, "media")
    qtbot.keyClick(builder.value, Qt.Key.Key_Return)
    assert builder.text() == "tag:media"
    qtbot.waitUntil(lambda: page.count_label.text() == "1 recipient · 2 left out", timeout=3000)
    assert rows(page.members) == [["Aigul Nurlanova", "aigul@kazinform.kz"]]
    assert sorted(rows(page.excluded)) == [
        ["Charlotte Durand", "c.durand@afp.com", "do not contact"],
        ["Gulnara Ismailova", "", "no valid e-mail"],
    ]

    # An excluding condition through the builder, then a typo typed by hand.
    builder.field.setCurrentIndex(builder.field.findData("country"))
    builder.negate.setChecked(True)
    qtbot.keyClicks(builder.value, "KZ")
    builder.add_button.click()
    assert builder.text() == "tag:media -country:KZ"
    qtbot.waitUntil(lambda: page.count_label.text().startswith("0 recipients"), timeout=3000)
    qtbot.keyClicks(builder.edit, " colour:red")
    assert builder.error.isVisible() and "unknown field 'colour'" in builder.error.text()
    page.save_filter()  # refused while invalid
    with store.uow() as uow:
        assert service.require_list(uow, "Media").filter_text == ""
    builder.set_text("tag:media")
    assert not builder.error.isVisible()
    page.save_filter()
    with store.uow() as uow:
        assert service.require_list(uow, "Media").filter_text == "tag:media"


def test_exclude_another_list_and_add_selection(qtbot, page, people):
    page.new_list("UN")
    assert page.add_contacts([people["Dovlet Chariyev"], people["Merdan Ataev"]]) == 2
    page.new_list("IOM Ashgabat")
    page.builder.set_text("ataev")
    page.save_filter()
    page.lists.setCurrentRow(1)  # "UN" (sorted by name)
    assert page.title.text() == "UN"
    page.link_list(LinkMode.EXCLUDE, "IOM Ashgabat")
    assert "excludes IOM Ashgabat" in page.links_label.text()
    qtbot.waitUntil(lambda: page.count_label.text() == "1 recipient · 1 left out", timeout=3000)
    assert rows(page.excluded) == [
        ["Merdan Ataev", "mataev@iom.int", "excluded by list IOM Ashgabat"]
    ]
    page.delete_selected(confirm=False)
    assert [page.lists.item(i).text() for i in range(page.lists.count())] == ["IOM Ashgabat"]
