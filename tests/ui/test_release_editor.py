"""The release editor driven as an officer would: type, pick goals, attach and reorder
contacts, watch the preview, save, switch language versions, export."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_release_text import SEED_TEXT  # tests/formats, the colleague's copy of the seed

from pressdesk.services import releases as service


@pytest.fixture
def editor(window, store, people, qtbot):
    window.show_page("releases")
    page = window.pages["releases"]
    release_id = page.paste_release(SEED_TEXT)
    assert release_id is not None
    qtbot.waitUntil(lambda: page.currentWidget() is page.editor)
    # The offscreen platform drops activation when widgets are first shown.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return page.editor


def preview_text(editor) -> str:
    return editor.preview.toPlainText()


def test_typing_picking_attaching_reordering_and_saving(editor, store, people, qtbot) -> None:
    # The seed's person was already in the address book (by e-mail): no new contact.
    with store.uow() as uow:
        assert uow.contacts.count() == len(people)
    assert editor.contacts.contact_ids() == [people["Dovlet Chariyev"]]
    assert "Ashgabat – On December 9, 2022" in preview_text(editor)

    editor.title.selectAll()
    qtbot.keyClicks(editor.title, "IOM meets the State Migration Service")
    assert editor.dirty and "•" in editor.heading.text()
    qtbot.waitUntil(lambda: "IOM meets the State Migration Service" in preview_text(editor))

    editor.sdgs.set_checked(5)
    qtbot.waitUntil(lambda: "SDG 5 - Gender Equality" in preview_text(editor))
    assert editor.sdgs.goals() == [5, 10, 13, 17]

    # Search the address book and add two people with the keyboard.
    qtbot.keyClicks(editor.picker.field, "aigul")
    qtbot.waitUntil(lambda: editor.picker.results.count() == 1)
    qtbot.keyClick(editor.picker.field, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.picker.field, "Merdan")
    qtbot.keyClick(editor.picker.field, Qt.Key.Key_Return)
    assert [p.name for p in editor.contacts.people()] == [
        "Dovlet Chariyev",
        "Aigul Nurlanova",
        "Merdan Ataev",
    ]
    # Adding someone twice does nothing.
    assert editor.attach_contact(people["Aigul Nurlanova"]) is False
    # Move Merdan to the top (Alt+Up twice), as a drag would.
    editor.contacts.setFocus()
    editor.contacts.setCurrentItem(editor.contacts.topLevelItem(2))
    qtbot.keyClick(editor.contacts, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(editor.contacts, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    editor.contacts.topLevelItem(1).setText(1, "Editor-in-chief")
    assert [p.name for p in editor.contacts.people()] == [
        "Merdan Ataev",
        "Dovlet Chariyev",
        "Aigul Nurlanova",
    ]
    qtbot.waitUntil(lambda: "Editor-in-chief" in preview_text(editor))
    text = preview_text(editor)
    assert text.index("Merdan Ataev") < text.index("Dovlet Chariyev") < text.index("Aigul")

    editor.status.setCurrentIndex(editor.status.findData("in review"))
    qtbot.keyClick(editor.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.dirty
    with store.uow() as uow:
        doc = service.load_release(uow, editor.release_id)
    assert doc.title == "IOM meets the State Migration Service"
    assert doc.sdgs == [5, 10, 13, 17]
    assert doc.status.value == "in review"
    assert [(c.name, c.title) for c in doc.contacts] == [
        ("Merdan Ataev", "Programme Officer"),
        ("Dovlet Chariyev", "Editor-in-chief"),
        ("Aigul Nurlanova", "Editor"),
    ]
    assert doc.contacts[1].phones == ["+99312488407"]


def test_embargo_and_conflict(editor, store, qtbot, monkeypatch) -> None:
    editor.embargo_on.setChecked(True)
    editor.embargo_zone.setCurrentText("Asia/Ashgabat")
    qtbot.waitUntil(lambda: "EMBARGOED UNTIL" in preview_text(editor))
    assert editor.save()
    with store.uow() as uow:
        row = service.require(uow, editor.release_id)
        assert row.embargo_zone == "Asia/Ashgabat"
        # Someone else changes the release meanwhile.
        service.set_status(uow, editor.release_id, "approved")
        uow.commit()
    warnings = []
    monkeypatch.setattr(
        "pressdesk.ui.releases.editor.QMessageBox.warning",
        lambda _parent, title, text: warnings.append(text),
    )
    editor.title.setText("Mine")
    assert editor.save() is False
    assert "changed elsewhere" in warnings[0]


def test_language_versions_switch_and_preview_side_by_side(editor, store, qtbot) -> None:
    english_id = editor.release_id
    russian_id = editor.add_version("ru")
    assert russian_id is not None and editor.release_id == russian_id
    assert [editor.versions.itemText(i) for i in range(editor.versions.count())] == ["en", "ru"]
    assert "Для дополнительной информации обращайтесь" in preview_text(editor)
    editor.title.setText("Встреча в Ашхабаде")
    # Show the English version beside the Russian one being typed.
    editor.preview_of.setCurrentIndex(editor.preview_of.findData(english_id))
    editor.update_preview()
    assert "For additional questions, please contact" in preview_text(editor)
    # Switching saves what was typed.
    editor.switch_to("en")
    assert editor.release_id == english_id
    with store.uow() as uow:
        assert service.load_release(uow, russian_id).title == "Встреча в Ашхабаде"


def test_export_every_format_in_the_background(editor, tmp_path: Path, qtbot) -> None:
    for suffix in (".txt", ".md", ".html", ".docx", ".pdf", ".eml"):
        target = tmp_path / f"release{suffix}"
        job = editor.export_to(target)
        assert job is not None
        qtbot.waitUntil(lambda job=job: job.done, timeout=20000)
        assert job.error is None
        assert target.stat().st_size > 0
    document = docx.Document(io.BytesIO((tmp_path / "release.docx").read_bytes()))
    assert any("Dovlet Chariyev" in p.text for p in document.paragraphs)
    menu = [action.data() for action in editor.export_menu.actions()]
    assert sorted(menu) == sorted([".txt", ".md", ".html", ".docx", ".pdf", ".eml"])


def test_paste_from_the_clipboard_and_back_to_the_list(window, store, qtbot) -> None:
    window.show_page("releases")
    page = window.pages["releases"]
    assert page.currentWidget() is page.empty
    QApplication.clipboard().setText(SEED_TEXT)
    qtbot.mouseClick(page.empty.button(page.tr("Paste release")), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.currentWidget() is page.editor)
    with store.uow() as uow:
        assert uow.contacts.count() == 1  # the seed's person, created
    qtbot.mouseClick(page.editor.back_button, Qt.MouseButton.LeftButton)
    assert page.currentWidget() is page.list_page
    assert page.model.rowCount() == 1


@pytest.mark.parametrize("size", [(1024, 700), (1280, 800), (1920, 1080)])
def test_the_form_lays_out_at_common_window_sizes(editor, window, qtbot, size) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    QApplication.processEvents()
    scroll = editor.form_scroll
    form = scroll.widget()
    # Nothing needs a sideways scroll; the status is not cut off at the right.
    assert scroll.horizontalScrollBar().maximum() == 0
    assert form.width() <= scroll.viewport().width()
    status = editor.status
    assert status.mapTo(form, status.rect().topRight()).x() < scroll.viewport().width()
    # The title and caption are shown whole, wrapped, not cut off mid-word.
    for field in (editor.title, editor.caption):
        assert field.verticalScrollBar().maximum() == 0
        layout = field.document().documentLayout()
        assert layout.documentSize().height() >= 2  # wrapped over lines at these widths
    # The dateline's place is as wide as its name ("Ashgabat", not "shgabat").
    place = editor.place
    assert place.text() == "Ashgabat"
    assert place.width() >= place.fontMetrics().horizontalAdvance(place.text()) + 8
    assert editor.contacts.horizontalScrollBar().maximum() == 0
    row = editor.sdgs.sizeHintForRow(0)
    if size[1] >= 800:
        # The whole form, SDGs included, without scrolling; where the window is tall
        # the spare height goes to the body and the goals, not into empty bands.
        assert scroll.verticalScrollBar().maximum() == 0
        assert editor.sdgs.viewport().height() >= 6 * row
        picker = editor.picker.mapTo(form, editor.picker.rect().bottomLeft()).y()
        sdgs = editor.sdgs.mapTo(form, editor.sdgs.rect().topLeft()).y()
        assert sdgs - picker <= 3 * form.layout().verticalSpacing() + 12
    if size[1] >= 1080:
        assert editor.sdgs.viewport().height() >= 12 * row


def test_no_embargo_shows_blank_time_and_zone(editor, qtbot) -> None:
    assert not editor.embargo_on.isChecked()
    assert editor.embargo_at.text().strip() == ""
    assert editor.embargo_zone.currentText() == ""
    assert not editor.embargo_at.isEnabled() and not editor.embargo_zone.isEnabled()
    editor.embargo_on.setChecked(True)
    assert editor.embargo_at.text().strip() != ""
    assert editor.embargo_zone.currentText() != ""
    editor.embargo_zone.setCurrentText("Asia/Ashgabat")
    chosen = editor.embargo()
    assert chosen is not None and chosen.hour == 9
    editor.embargo_on.setChecked(False)
    assert editor.embargo() is None
    assert editor.embargo_at.text().strip() == "" and editor.embargo_zone.currentText() == ""
    editor.embargo_on.setChecked(True)  # ticked again: what was chosen comes back
    assert editor.embargo() == chosen
