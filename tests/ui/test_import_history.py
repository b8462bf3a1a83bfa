"""Import history in the main window: Ctrl+I opens the wizard, each import is listed with
its counts and report, and Undo reverses it — or says why it cannot."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from pressdesk.services import contacts as contact_service
from pressdesk.services import import_batches
from pressdesk.services import import_contacts as service
from pressdesk.ui.import_history_view import BatchesModel, ImportHistoryPage
from pressdesk.ui.import_wizard import ImportWizard
from pressdesk.ui.import_wizard.wizard import RESULT

sys.path.insert(0, str(Path(__file__).parents[1]))

from services.import_samples import samples


def _cells(model) -> list[list]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _history(qtbot, window) -> ImportHistoryPage:
    window.navigation.setCurrentItem(window.navigation.find("imports"))
    page = window.current_page()
    assert isinstance(page, ImportHistoryPage)
    return page


def test_ctrl_i_imports_and_history_lists_reports_and_undoes(qtbot, window, store, tmp_path):
    path = samples.write_officer_xlsx(tmp_path, trailing_blank_rows=2)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    qtbot.keyClicks(wizard.file_page.path, str(path))
    for _ in range(3):  # File, Format, Columns
        qtbot.waitUntil(lambda: wizard.button(QWizard.WizardButton.NextButton).isEnabled())
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == RESULT, timeout=10_000)
    # The window's views heard of the import.
    qtbot.waitUntil(lambda: "4 contacts" in window.counts_label.text())
    qtbot.mouseClick(wizard.result_page.show_button, Qt.MouseButton.LeftButton)
    assert window.current_key == "contacts"
    with store.uow() as uow:
        expected = sorted(import_batches.batch_contact_ids(uow, 1))
    assert sorted(window.pages["contacts"].table.selected_ids()) == expected

    page = _history(qtbot, window)
    rows = _cells(page.batches)
    assert len(rows) == 1
    assert rows[0][0] == "1" and rows[0][2] == "officer.xlsx"
    assert rows[0][3:10] == ["4", "4", "0", "0", "0", "0", "2"]
    assert rows[0][10] == ""
    report = _cells(page.report)
    assert [(r[0], r[1], r[3]) for r in report] == [
        (5, "Контакты", "created"),
        (6, "Контакты", "possible duplicate"),
        (6, "Контакты", "created"),
        (7, "Контакты", "created"),
        (9, "Контакты", "possible duplicate"),
        (9, "Контакты", "created"),
    ]
    assert report[1][5] == "+993 12 488407"  # the formula guard's apostrophe is not shown
    assert "Report of import #1 (officer.xlsx)" in page.report_title.text()

    saved = tmp_path / "saved.csv"
    page.save_report(saved)
    with store.uow() as uow:
        stored = import_batches.batch_report(uow, 1)
    assert saved.read_bytes() == stored.encode("utf-8-sig")  # as `import report --report`

    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "undone" in page.state.text(), timeout=10_000)
    assert page.state.text() == "Import #1 undone: 4 contacts removed, 0 merges reverted."
    assert _cells(page.batches)[0][10] == "undone"
    assert page.batches.index(0, 2).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert not page.undo_button.isEnabled()
    qtbot.waitUntil(lambda: "0 contacts" in window.counts_label.text())


def test_undo_refused_after_an_edit_shows_why(qtbot, window, store, tmp_path):
    result = service.import_contacts(store, samples.write_vcard21(tmp_path))
    first = result.report[0].contact_id
    with store.uow() as uow:
        data = contact_service.input_from_contact(contact_service.require(uow, first))
        data.role = "Edited"
        contact_service.update_contact(uow, first, data)
        uow.commit()
    page = _history(qtbot, window)
    assert page.selected_batch() == result.batch
    job = page.undo_selected()
    qtbot.waitUntil(lambda: job.done, timeout=10_000)
    assert "cannot be undone" in page.state.text()
    assert f"#{first}" in page.state.text()
    assert page.undo_button.isEnabled()
    with store.uow() as uow:
        assert uow.contacts.count() == 2


def test_empty_history_and_import_button(qtbot, window):
    page = _history(qtbot, window)
    assert page.batches.rowCount() == 0
    assert page.empty.isVisible()
    assert not page.undo_button.isEnabled()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wizard = window.findChild(ImportWizard)
    assert wizard is not None and wizard.isVisible()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()
    QApplication.processEvents()


def test_batches_model(qtmodeltester, store, tmp_path):
    service.import_contacts(store, samples.write_vcard30(tmp_path))
    service.import_contacts(store, samples.write_outlook_de(tmp_path))
    model = BatchesModel()
    with store.uow() as uow:
        model.set_batches(import_batches.list_batches(uow))
    qtmodeltester.check(model)
    assert [model.index(r, 2).data() for r in range(2)] == ["outlook_de.csv", "contacts30.vcf"]
    assert model.index(1, 8).data() == "1"  # the broken card


def _right_edge(view) -> int:
    header = view.horizontalHeader()
    last = view.model().columnCount() - 1
    return header.sectionViewportPosition(last) + header.sectionSize(last)


def test_tables_span_the_page_and_show_long_originals_whole(qtbot, window, store, tmp_path):
    long_phone = "call the press office on weekdays between nine and five and ask for Dovlet"
    path = tmp_path / "long.csv"
    path.write_text(
        f"Name,E-mail,Phone\nDovlet Chariyev,dchariyev@iom.int,{long_phone}\n", encoding="utf-8"
    )
    service.import_contacts(store, path)
    page = _history(qtbot, window)
    report = page.report_view
    original = page.report.headers.index("Original text")
    values = [page.report.index(r, original).data() for r in range(page.report.rowCount())]
    longest = max(values, key=len)
    assert len(longest) >= 40
    for size in ((1280, 800), (1920, 1080)):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: window.size().toTuple() == s)
        QApplication.processEvents()
        # The grid and the selection run to the right edge; no sideways scrolling.
        for view in (page.table, report):
            assert _right_edge(view) == view.viewport().width()
            assert view.horizontalScrollBar().maximum() == 0
        if size[0] >= 1920:  # room enough: the original text is not cut off
            needed = report.fontMetrics().horizontalAdvance(longest)
            assert report.columnWidth(original) >= needed + 8
