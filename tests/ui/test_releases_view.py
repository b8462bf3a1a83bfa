"""The Releases page in the main window: the list, its filters and search, the
navigation's counts, opening and deleting releases."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_release_text import SEED_TEXT, UN_RELEASE

from pressdesk.services import releases as service
from pressdesk.ui.releases.model import ReleasesModel


@pytest.fixture
def seeded(store) -> dict[str, int]:
    with store.uow() as uow:
        iom = service.import_text(uow, SEED_TEXT).release.id
        un = service.import_text(uow, UN_RELEASE).release.id
        ru = service.add_version(uow, iom, "ru", title="Встреча в Ашхабаде").id
        service.set_status(uow, un, "in review")
        future = dt.datetime.now(ZoneInfo("Asia/Ashgabat")) + dt.timedelta(days=2)
        service.set_embargo(uow, un, future)
        uow.commit()
    return {"iom": iom, "un": un, "ru": ru}


@pytest.fixture
def page(window, seeded, qtbot):
    # Written behind the window's back: announce it as another view would.
    window.events.releases_changed.emit(None)
    window.show_page("releases")
    found = window.pages["releases"]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return found


def titles(page) -> list[str]:
    return [row.title for row in page.model.rows]


def test_the_list_shows_status_language_embargo_and_updated(page, seeded, qtmodeltester):
    assert page.currentWidget() is page.list_page
    qtmodeltester.check(page.model)
    model = page.model
    assert model.rowCount() == 3
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Title", "Language", "Status", "Embargo", "Updated"]
    row = model.row_of(seeded["un"])
    assert model.index(row, 2).data() == "In review"
    assert model.index(row, 3).data().endswith("(Asia/Ashgabat)")
    assert model.index(row, 3).data(Qt.ItemDataRole.FontRole).bold()
    iom = model.row_of(seeded["iom"])
    assert model.index(iom, 1).data() == "en  (+ ru)"
    assert model.index(iom, 3).data() == ""
    assert model.index(iom, 4).data()


def test_filters_search_and_navigation_counts(window, page, seeded, qtbot) -> None:
    qtbot.waitUntil(lambda: window.navigation.find("releases", {"status": "draft"}).text(1) == "2")
    embargoed = window.navigation.find("releases", {"embargoed": True})
    assert embargoed is not None and embargoed.text(1) == "1"
    window.show_page("releases", {"status": "draft"})
    assert sorted(titles(page)) == sorted(
        [
            "Встреча в Ашхабаде",
            "Sub-Regional Coordinator for Central Asia Mr. Zeynal Hajiyev held a meeting "
            "with the Chairman of the State Migration Service of Turkmenistan Mr. Nazar "
            "Atagarayev",
        ]
    )
    window.show_page("releases", {"embargoed": True})
    assert [r.id for r in page.model.rows] == [seeded["un"]]
    window.show_page("releases", {})
    window.search.setText("ашхаб")  # QTest cannot type non-ASCII keys
    qtbot.waitUntil(lambda: titles(page) == ["Встреча в Ашхабаде"])


def test_open_edit_and_come_back(window, page, seeded, qtbot) -> None:
    page.select(seeded["un"])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.currentWidget() is page.editor)
    assert page.editor.release_id == seeded["un"]
    page.editor.title.setText("Appeal for flood-affected families")
    qtbot.mouseClick(page.editor.back_button, Qt.MouseButton.LeftButton)  # saves first
    assert page.currentWidget() is page.list_page
    assert page.model.rows[0].title == "Appeal for flood-affected families"


def test_new_release_and_delete(window, page, store, seeded, qtbot) -> None:
    new_id = page.new_release()
    assert page.currentWidget() is page.editor and page.editor.release_id == new_id
    qtbot.mouseClick(page.editor.back_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 4
    page.select(seeded["ru"])
    page.delete_selected(confirm=False)
    assert seeded["ru"] not in [r.id for r in page.model.rows]
    with store.uow() as uow:
        assert uow.releases.get(seeded["ru"]) is None
        assert uow.releases.get(seeded["iom"]) is not None
    qtbot.waitUntil(lambda: window.navigation.find("releases", {"status": "draft"}).text(1) == "2")


def test_empty_state_teaches(window, store, qtbot) -> None:
    window.show_page("releases")
    page = window.pages["releases"]
    assert page.currentWidget() is page.empty
    labels = [button.text() for button in page.empty.buttons]
    assert labels == ["Paste release", "New release"]


def test_model_alone(qtmodeltester, store, seeded) -> None:
    model = ReleasesModel()
    with store.uow() as uow:
        model.set_rows(uow.releases.list_rows())
    qtmodeltester.check(model)
    assert model.id_at(99) is None and model.row_of(12345) is None
