"""The import wizard driven as an officer would: choose a file, correct how it is read,
remap a column, import, read the result, undo — on real files and a real store."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtGui import QFontMetrics, QUndoStack
from PySide6.QtWidgets import QApplication, QComboBox, QRadioButton, QStyle, QWizard

from pressdesk.services import import_batches
from pressdesk.services import import_contacts as service
from pressdesk.ui.events import StoreEvents
from pressdesk.ui.import_wizard import ImportWizard
from pressdesk.ui.import_wizard.models import PreviewModel, ReportModel, valid_color
from pressdesk.ui.import_wizard.wizard import COLUMNS, DUPLICATES, FILE, FORMAT, IMPORT, RESULT
from pressdesk.ui.jobs import JobRunner
from pressdesk.ui.pages import PageContext
from pressdesk.ui.theme import error_color

sys.path.insert(0, str(Path(__file__).parents[1]))

from services.import_samples import (
    add_contact,
    contacts_by_name,
    dump_sqlite,
    samples,
)

SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"

SEMICOLON_FILE = (
    "Name;Organization;E-mail;WhatsApp\r\n"
    "Chariyev, Dovlet;IOM, Ashgabat;dchariyev@iom.int, d@x.org;+993 65 123456\r\n"
    "Berdyyeva, Aigul;UNDP, Ashgabat;aigul@undp.org, a(at)b.org;+993 65 654321 / 12\r\n"
)


@pytest.fixture
def ctx(store, tmp_path):
    jobs = JobRunner()
    context = PageContext(
        events=StoreEvents(),
        jobs=jobs,
        undo=QUndoStack(),
        settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
        store=store,
    )
    yield context
    jobs.cancel_all()
    jobs.wait(10_000)


@pytest.fixture
def wizard(qtbot, ctx):
    w = ImportWizard(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    ctx.jobs.wait(10_000)


def _next(qtbot, wizard, expected: int) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == expected, timeout=10_000)


def _choose_file(qtbot, wizard, path: Path, expected: int = FORMAT) -> None:
    field = wizard.file_page.path
    field.setFocus()
    qtbot.keyClicks(field, str(path))
    _next(qtbot, wizard, expected)
    if expected == FORMAT:
        qtbot.waitUntil(lambda: wizard.head is not None and not wizard.loading, timeout=10_000)


def _choose(qtbot, combo: QComboBox, data) -> None:
    """Pick an item with the keyboard, as a user tabbing through the page would."""
    target = combo.findData(data)
    assert target >= 0, data
    combo.setFocus()
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)


def _raw_cells(wizard) -> list[list[str]]:
    model = wizard.format_page.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_wizard_csv_change_delimiter_remap_import_undo(qtbot, wizard, store, db_path, tmp_path):
    add_contact(store, "Someone Else", emails=["else@example.org"])
    before = dump_sqlite(db_path)
    path = tmp_path / "focal points.csv"
    path.write_text(SEMICOLON_FILE, encoding="utf-8")
    _choose_file(qtbot, wizard, path)

    page = wizard.format_page
    assert page.delimiter.currentData() == ";"
    assert page.encoding.currentData() == "utf-8"
    assert page.header_row.value() == 1
    assert not page.sheet.isEnabled()
    assert _raw_cells(wizard)[0] == ["Name", "Organization", "E-mail", "WhatsApp"]

    # The officer tries a comma: the rows re-read split at the commas inside cells ...
    _choose(qtbot, page.delimiter, ",")
    qtbot.waitUntil(lambda: _raw_cells(wizard)[1][:2] == ["Chariyev", " Dovlet;IOM"], timeout=5000)
    assert wizard.head.info.delimiter == ","
    # ... and goes back to the semicolon.
    _choose(qtbot, page.delimiter, ";")
    qtbot.waitUntil(lambda: not wizard.loading and wizard.head.info.delimiter == ";")
    assert _raw_cells(wizard)[1][0] == "Chariyev, Dovlet"
    assert page.model.headerData(0, Qt.Orientation.Vertical) == "1"

    _next(qtbot, wizard, COLUMNS)
    columns = wizard.columns_page
    model = columns.model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        "Name",
        "Organization",
        "E-mail",
        "WhatsApp",
    ]
    assert model.index(0, 1).data() == "Chariyev, Dovlet"
    assert model.index(0, 2).data() == "Berdyyeva, Aigul"
    assert model.mapping == ["name", "organization", "email", None]
    assert columns.combo(3).currentText() == "Keep in notes"
    preview = columns.preview
    assert preview.index(0, PreviewModel.NOTES).data() == "WhatsApp: +993 65 123456"
    assert preview.index(0, PreviewModel.PHONES).data() == ""

    # The WhatsApp column holds mobile numbers: remap it with the keyboard.
    _choose(qtbot, columns.combo(3), "phone:mobile")
    assert model.mapping[3] == "phone:mobile"
    assert preview.index(0, PreviewModel.PHONES).data() == "+993 65 123456"
    assert preview.index(0, PreviewModel.NOTES).data() == ""
    palette = QApplication.palette()
    green, red = valid_color(palette), error_color(palette)
    fg = Qt.ItemDataRole.ForegroundRole
    assert preview.index(0, PreviewModel.PHONES).data(fg) == green
    assert preview.index(1, PreviewModel.PHONES).data(fg) == red  # "12" is no phone
    assert preview.index(0, PreviewModel.EMAILS).data(fg) == green
    assert preview.index(1, PreviewModel.EMAILS).data(fg) == red  # a(at)b.org
    assert "a(at)b.org" in preview.index(1, PreviewModel.EMAILS).data(Qt.ItemDataRole.ToolTipRole)

    _next(qtbot, wizard, DUPLICATES)
    assert wizard.duplicates_page.on_duplicate() == service.OnDuplicate.MERGE
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Import"
    _next(qtbot, wizard, RESULT)

    result = wizard.result_page
    counts = {k: label.text() for k, label in result.count_labels.items()}
    assert counts == {
        "rows": "2",
        "created": "2",
        "merged": "0",
        "skipped": "0",
        "invalid": "2",
        "errors": "0",
        "possible_duplicates": "0",
    }
    attention = result.model
    lines = [
        tuple(attention.index(r, c).data() for c in range(attention.columnCount()))
        for r in range(attention.rowCount())
    ]
    assert sorted(lines) == [
        (3, "invalid value", "email", "a(at)b.org", lines[0][4] if lines[0][3] == "a(at)b.org"
         else lines[1][4]),
        (3, "invalid value", "phone", "12", lines[1][4] if lines[1][3] == "12" else lines[0][4]),
    ]  # fmt: skip
    assert all(line[4] for line in lines)  # each with its reason
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()

    people = contacts_by_name(store)
    assert [(p["e164"], p["label"]) for p in people["Chariyev, Dovlet"]["phones"]] == [
        ("+99365123456", "mobile")
    ]
    assert people["Chariyev, Dovlet"]["organization"] == "IOM, Ashgabat"

    report = tmp_path / "report.csv"
    result.save_report(report)
    assert report.read_text(encoding="utf-8-sig").startswith(
        "row,sheet,status,contact_id,field,value,message"
    )
    assert "Report saved" in result.state.text()

    qtbot.mouseClick(result.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Import undone" in result.state.text(), timeout=10_000)
    assert result.state.text() == "Import undone: 2 contacts removed, 0 merges reverted."
    assert not result.undo_button.isEnabled()
    after = dump_sqlite(db_path)
    for table in ("contacts", "contact_emails", "contact_phones", "contacts_fts"):
        assert after[table] == before[table]


def test_wizard_spreadsheet_sheet_and_header_row(qtbot, wizard, store, tmp_path):
    _choose_file(qtbot, wizard, samples.write_officer_xlsx(tmp_path, trailing_blank_rows=3))
    page = wizard.format_page
    assert page.sheet.isEnabled() and page.sheet.currentData() == "Контакты"
    assert page.header_row.value() == 4
    assert not page.delimiter.isEnabled()
    # The title rows are shown too, as they are in Excel, with Excel's row numbers.
    assert page.model.headerData(0, Qt.Orientation.Vertical) == "1"
    assert _raw_cells(wizard)[0][0] == "Список контактных лиц (focal points)"
    bold = [page.model.index(r, 0).data(Qt.ItemDataRole.FontRole) for r in range(3)]
    assert bold[0] is None and bold[2].bold()  # row 4 of the sheet is the 3rd non-blank

    _choose(qtbot, page.sheet, "Notes")
    qtbot.waitUntil(lambda: wizard.head.info.sheet == "Notes", timeout=5000)
    assert page.header_row.value() == 1
    _choose(qtbot, page.sheet, "Контакты")
    qtbot.waitUntil(lambda: wizard.head.info.sheet == "Контакты", timeout=5000)
    # The header row typed in by hand: a wrong one, then the right one.
    for number in (2, 4):
        page.header_row.setFocus()
        page.header_row.selectAll()
        qtbot.keyClicks(page.header_row, str(number))
        qtbot.keyClick(page.header_row, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda n=number: not wizard.loading and wizard.head.info.header_row == n)
        assert wizard.head.headers[0] == ("Обновлено: 09.12.2022" if number == 2 else "№")

    _next(qtbot, wizard, COLUMNS)
    assert wizard.columns_page.model.index(1, 0).data() == "ФИО"
    _next(qtbot, wizard, DUPLICATES)
    _next(qtbot, wizard, RESULT)
    counts = {k: label.text() for k, label in wizard.result_page.count_labels.items()}
    assert (counts["rows"], counts["created"], counts["possible_duplicates"]) == ("4", "4", "2")
    assert wizard.result_page.model.rowCount() == 2  # the two shared phones


def test_wizard_vcard_skips_format_and_columns_and_merges(qtbot, wizard, store, tmp_path):
    kept = add_contact(store, "Dovlet", emails=["dchariyev@iom.int"], do_not_contact=True)
    _choose_file(qtbot, wizard, samples.write_vcard21(tmp_path), expected=DUPLICATES)
    _next(qtbot, wizard, RESULT)
    counts = {k: label.text() for k, label in wizard.result_page.count_labels.items()}
    assert (counts["created"], counts["merged"]) == ("1", "1")
    with store.uow() as uow:
        merged = uow.contacts.get(kept)
        assert merged.do_not_contact is True
        assert [p.e164 for p in merged.phones] == ["+99312488407", "+99365123456"]
        shown: list[list[int]] = []
        wizard.show_contacts.connect(shown.append)
    qtbot.mouseClick(wizard.result_page.show_button, Qt.MouseButton.LeftButton)
    assert sorted(shown[0]) == sorted(import_batches.batch_contact_ids(store.uow().__enter__(), 1))
    assert not wizard.isVisible()


def test_wizard_policy_skip_and_default_region(qtbot, wizard, store, tmp_path):
    kept = add_contact(store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    path = tmp_path / "r.csv"
    path.write_text(
        "Name,Email,Phone\r\nDovlet Chariyev,dchariyev@iom.int,\r\nAigul,a@undp.org,12 48-84-07\r\n"
    )
    _choose_file(qtbot, wizard, path)
    _next(qtbot, wizard, COLUMNS)
    _next(qtbot, wizard, DUPLICATES)
    dup = wizard.duplicates_page
    skip = dup.findChild(QRadioButton, "policy_skip")
    skip.setFocus()
    qtbot.keyClick(skip, Qt.Key.Key_Space)
    assert dup.on_duplicate() == service.OnDuplicate.SKIP
    _choose(qtbot, dup.region, "TM")
    _next(qtbot, wizard, RESULT)
    counts = {k: label.text() for k, label in wizard.result_page.count_labels.items()}
    assert (counts["created"], counts["skipped"], counts["invalid"]) == ("1", "1", "0")
    assert contacts_by_name(store)["Aigul"]["phones"][0]["e164"] == "+99312488407"
    attention = wizard.result_page.model
    assert attention.index(0, 1).data() == "skipped"
    assert attention.index(0, 0).data() == 2
    with store.uow() as uow:
        assert uow.contacts.get(kept).version == 1


def test_cancel_leaves_nothing(qtbot, wizard, store, db_path, tmp_path):
    path = tmp_path / "big.csv"
    lines = ["Name,Email"] + [f"Person {i},p{i}@example.org" for i in range(6000)]
    path.write_text("\r\n".join(lines) + "\r\n")
    before = dump_sqlite(db_path)
    _choose_file(qtbot, wizard, path)
    _next(qtbot, wizard, COLUMNS)
    _next(qtbot, wizard, DUPLICATES)
    page = wizard.import_page
    progressed: list[int] = []
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == IMPORT
    page.job.progressed.connect(lambda done, _total, _text: progressed.append(done))
    qtbot.waitUntil(lambda: bool(progressed), timeout=10_000)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.job is None, timeout=10_000)
    assert page.label.text() == "Import cancelled. Nothing was changed."
    assert wizard.currentId() == IMPORT and not page.isComplete()
    assert dump_sqlite(db_path) == before
    # Back to the previous page, and the import can run again.
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.BackButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == DUPLICATES
    _next(qtbot, wizard, RESULT)
    assert wizard.result_page.count_labels["created"].text() == QLocale().toString(6000)


def test_unreadable_file_is_explained_on_the_format_page(qtbot, wizard, tmp_path):
    path = tmp_path / "saved.xls"
    path.write_text("<html><table><tr><td>x</td></tr></table></html>")
    field = wizard.file_page.path
    qtbot.keyClicks(field, str(path))
    _next(qtbot, wizard, FORMAT)
    qtbot.waitUntil(lambda: not wizard.loading)
    assert wizard.format_page.state.text()
    assert not wizard.format_page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert wizard.currentId() != FILE


def test_models_pass_the_model_tester(qtbot, qtmodeltester, wizard, store, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(SEMICOLON_FILE, encoding="utf-8")
    _choose_file(qtbot, wizard, path)
    qtmodeltester.check(wizard.format_page.model)
    _next(qtbot, wizard, COLUMNS)
    qtmodeltester.check(wizard.columns_page.model)
    qtmodeltester.check(wizard.columns_page.preview)
    _next(qtbot, wizard, DUPLICATES)
    _next(qtbot, wizard, RESULT)
    qtmodeltester.check(wizard.result_page.model)
    full = ReportModel(full=True)
    full.set_lines(wizard.result.report)
    qtmodeltester.check(full)


def test_screenshots_of_columns_and_result(qtbot, wizard, store, tmp_path):
    """Renders the Columns and Result pages offscreen; with PRESSDESK_SCREENSHOTS=1 they
    replace the ones in docs/screenshots (kept out of ordinary runs: the tree stays clean)."""
    wizard.resize(980, 660)
    _choose_file(qtbot, wizard, samples.write_officer_xlsx(tmp_path, trailing_blank_rows=3))
    _next(qtbot, wizard, COLUMNS)
    qtbot.wait(50)
    target = SCREENSHOTS if os.environ.get("PRESSDESK_SCREENSHOTS") else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    columns = wizard.grab()
    assert (columns.width(), columns.height()) == (980, 660)
    assert columns.save(str(target / "import-columns.png"))
    _next(qtbot, wizard, DUPLICATES)
    _next(qtbot, wizard, RESULT)
    qtbot.wait(50)
    assert wizard.grab().save(str(target / "import-result.png"))
    assert (target / "import-result.png").stat().st_size > 10_000


def _right_edge(view) -> int:
    header = view.horizontalHeader()
    last = view.model().columnCount() - 1
    return header.sectionViewportPosition(last) + header.sectionSize(last)


MESSY_CSV = (
    "ФИО;Организация;Должность;Эл. почта;Телефон;Страна;Где познакомились\n"
    "CHARIYEV Dovlet;IOM Turkmenistan;Communication Focal Point;dchariyev@iom.int;"
    "+99312 488407;Туркменистан;Брифинг МОМ\n"
    "Mr. Kemal Demir;Anadolu Agency;Correspondent;kemal.demir(at)aa.com.tr;"
    "+90 312 555 21 14;Türkiye;COP29\n"
    "Jasur Yusupov;Kun.uz;Reporter;jyusupov@kun;+998 90 123 45 67 доб. 12;Uzbekistan;"
    "Tashkent forum\n"
)


def test_columns_and_result_pages_use_their_room(qtbot, wizard, store, tmp_path):
    """Headers whole, the intro not broken inside "e-mails", the preview given the
    height the short list of columns does not need, tables as wide as the page, and
    the rows needing attention all one height."""
    wizard.resize(1100, 720)
    path = tmp_path / "press-tour.csv"
    path.write_text(MESSY_CSV, encoding="utf-8")
    _choose_file(qtbot, wizard, path)
    _next(qtbot, wizard, COLUMNS)
    page = wizard.columns_page
    qtbot.wait(50)
    assert "e-mail" not in page.subTitle()  # a plain hyphen is a place to break the line
    columns, preview = page.columns, page.preview_view
    bold = columns.font()
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    margin = columns.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
    for row in range(page.model.rowCount()):
        header = page.model.index(row, 0).data()
        assert columns.columnWidth(0) >= metrics.horizontalAdvance(header) + 2 * margin + 4
    # Every column of the file listed, and not much empty space under them.
    rows = columns.verticalHeader().length()
    assert rows <= columns.viewport().height() <= rows + 2 * columns.rowHeight(0)
    assert preview.height() > columns.height()
    for view in (columns, preview):
        assert _right_edge(view) == view.viewport().width()
        assert view.horizontalScrollBar().maximum() == 0
    _next(qtbot, wizard, DUPLICATES)
    _next(qtbot, wizard, RESULT)
    attention = wizard.result_page.attention
    qtbot.wait(50)
    assert attention.model().rowCount() >= 2
    heights = {attention.rowHeight(r) for r in range(attention.model().rowCount())}
    assert len(heights) == 1
    assert _right_edge(attention) == attention.viewport().width()
