"""Organisations: counts, their contacts, rename and merge with undo."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pressdesk.ui.organisations_view import OrganisationsModel


def _show(window):
    window.navigation.select("organisations")
    return window.current_page()


def _rows(page):
    model = page.model
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]


def test_model_contract(qtmodeltester):
    model = OrganisationsModel()
    model.set_rows([(1, "IOM", 3), (2, "Kazinform", 12), (3, "24.kg", 1)])
    qtmodeltester.check(model)
    model.sort(1)
    qtmodeltester.check(model)


def test_lists_counts_and_shows_contacts(qtbot, people, window):
    page = _show(window)
    assert ("IOM Turkmenistan", "1") in _rows(page)
    assert len(_rows(page)) == 5
    page.select_ids([page.model.id_at(_rows(page).index(("Kazinform", "1")))])
    names = [page.contacts_model.index(r, 0).data() for r in range(page.contacts_model.rowCount())]
    assert names == ["Aigul Nurlanova"]
    qtbot.keyClicks(window.search, "iom")
    qtbot.waitUntil(lambda: [r[0] for r in _rows(page)] == ["IOM", "IOM Turkmenistan"])


def test_rename_and_undo(qtbot, people, window):
    page = _show(window)
    row = [r[0] for r in _rows(page)].index("Kazinform")
    organisation_id = page.model.id_at(row)
    page.select_ids([organisation_id])
    page.rename_selected("Kazinform International")
    assert ("Kazinform International", "1") in _rows(page)
    with window.ctx.store.uow() as uow:
        assert uow.contacts.search_ids("kazinform international") == [people["Aigul Nurlanova"]]
    window.undo_stack.undo()
    assert ("Kazinform", "1") in _rows(page)
    window.undo_stack.redo()
    assert ("Kazinform International", "1") in _rows(page)


def test_rename_to_a_taken_name_is_refused(qtbot, people, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    page = _show(window)
    page.select_ids([page.model.id_at([r[0] for r in _rows(page)].index("IOM"))])
    page.rename_selected("iom turkmenistan")
    assert shown and "merge" in shown[0]


def test_merge_and_undo(qtbot, people, window):
    page = _show(window)
    names = [r[0] for r in _rows(page)]
    iom = page.model.id_at(names.index("IOM"))
    iom_tm = page.model.id_at(names.index("IOM Turkmenistan"))
    page.select_ids([iom, iom_tm])
    assert page.merge_button.isEnabled()
    page.merge_selected(into_id=iom_tm)
    assert ("IOM Turkmenistan", "2") in _rows(page)
    assert "IOM" not in [r[0] for r in _rows(page)]
    window.navigation.refresh()
    assert window.navigation.find("organisations").text(1) == "4"
    window.undo_stack.undo()
    assert ("IOM", "1") in _rows(page)
    with window.ctx.store.uow() as uow:
        assert uow.contacts.get(people["Merdan Ataev"]).organization_id == iom


def test_empty_store_teaches_and_offers_import_and_new_contact(qtbot, window):
    page = _show(window)
    assert page.stack.currentWidget() is page.empty
    assert not page.contacts.isVisible()
    assert "Organisation field" in page.empty.text_label.text()
    button = page.empty.button("Add a contact…")
    assert button.isEnabled() and page.empty.button("Import a spreadsheet…").isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_page() is window.pages["contacts"])


def test_contacts_columns_fit_without_cut_headers(qtbot, people, window):
    page = _show(window)
    page.select_ids([page.model.id_at(0)])
    table = page.contacts
    assert table.isVisible() and page.stack.currentWidget() is not page.empty
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.length() <= table.viewport().width())
    assert not table.horizontalScrollBar().isVisible()
    metrics = header.fontMetrics()
    model = table.model()
    for column in range(header.count()):
        if not header.isSectionHidden(column):
            title = model.headerData(column, Qt.Orientation.Horizontal)
            assert header.sectionSize(column) >= metrics.horizontalAdvance(title) + 8, title
