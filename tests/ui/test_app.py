"""Start-up, the screenshot command, background jobs, settings, and the layering rule."""

from __future__ import annotations

import ast
import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from tests.ui.conftest import add_people

import pressdesk
from pressdesk.services import contacts as service
from pressdesk.ui.main_window import MainWindow
from pressdesk.ui.settings_dialog import SettingsDialog
from pressdesk.ui.theme import warning_color

SRC = Path(pressdesk.__file__).parent


def test_pyside6_is_imported_only_under_ui():
    offenders = []
    for path in SRC.rglob("*.py"):
        if "ui" in path.relative_to(SRC).parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] == "PySide6" for n in names):
                offenders.append(str(path.relative_to(SRC)))
    assert offenders == []


@pytest.mark.slow
def test_screenshot_command(tmp_path, store):
    add_people(store)
    shot = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pressdesk",
            "--db",
            store.location,
            "gui",
            "--screenshot",
            str(shot),
            "--view",
            "organisations",
            "--size",
            "1000x700",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "first paint:" in result.stdout
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1000, 700)


def _newer_store(path):
    from sqlalchemy import text

    from pressdesk.store import Store

    Store.open(path).close()
    store = Store.open(path, upgrade=False)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    store.close()


@pytest.mark.slow
def test_screenshot_of_a_store_that_cannot_open_exits_with_the_reason(tmp_path):
    path = tmp_path / "newer.sqlite3"
    _newer_store(path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "pressdesk", "--db", str(path), "gui", "--screenshot", "x.png"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "newer version of PressDesk" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_a_store_that_cannot_open_is_explained_without_blocking(qtbot, settings, tmp_path):
    path = tmp_path / "newer.sqlite3"
    _newer_store(path)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.jobs.stopped, timeout=20000):
        window.open_store(str(path))
    assert window.ctx.store is None
    assert "newer version of PressDesk" in window.opening.text_label.text()
    assert window.store_failed_box.isVisible()
    assert "newer version" in window.store_failed_box.text()
    window.store_failed_box.close()


def test_store_opens_in_the_background(qtbot, settings, db_path):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.open_store(db_path)
    assert window.ctx.store is not None
    assert window.current_key == "contacts"
    assert settings.value("store/path") == str(db_path)
    window.ctx.store.close()


def test_backup_runs_as_a_job(qtbot, people, window, tmp_path):
    target = tmp_path / "backup.sqlite3"
    job = window.run_backup(target)
    qtbot.waitUntil(lambda: job.done, timeout=10000)
    assert job.error is None and target.exists()
    assert "Backed up" in window.statusBar().currentMessage()


def test_export_runs_as_a_job(qtbot, people, window, tmp_path):
    target = tmp_path / "out.csv"
    job = window.run_export(target, None)
    qtbot.waitUntil(lambda: job.done, timeout=10000)
    assert job.error is None
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["Name"] for row in rows) == sorted(people)
    assert len(rows) == 5
    by_name = {row["Name"]: row for row in rows}
    assert by_name["Dovlet Chariyev"]["Organization"] == "IOM Turkmenistan"
    assert "Exported 5 contacts" in window.statusBar().currentMessage()

    cards = tmp_path / "out.vcf"
    job = window.run_export(cards, None)
    qtbot.waitUntil(lambda: job.done, timeout=10000)
    assert job.error is None
    text = cards.read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 5 == text.count("END:VCARD")
    assert "FN:Dovlet Chariyev" in text


def test_settings_dialog_stores_shared_settings(qtbot, window, tmp_path):
    dialog = SettingsDialog(window.ctx, parent=window)
    dialog.region.setCurrentIndex(dialog.region.findData("TM"))
    dialog.deliverability.setChecked(True)
    other = tmp_path / "other.sqlite3"
    dialog.set_store_path(str(other))
    with qtbot.waitSignal(dialog.store_chosen) as chosen:
        dialog.accept()
    assert chosen.args == [str(other)]
    with window.ctx.store.uow() as uow:
        assert service.default_region(uow) == "TM"
        assert service.get_setting(uow, service.DELIVERABILITY_KEY) == "true"


def test_editor_reads_national_numbers_with_the_default_region(qtbot, window):
    with window.ctx.store.uow() as uow:
        service.set_setting(uow, service.DEFAULT_REGION_KEY, "TM")
        uow.commit()
    editor = window.current_page().new_contact()
    qtbot.keyClicks(editor.phones.rows[0].edit, "12 48 84 07")
    assert editor.phones.rows[0].hint.text() == "+993 12 48-84-07 · Turkmenistan"
    editor.country.set_code("KZ")
    assert editor.phones.rows[0].problem  # now read as a Kazakh number
    editor.reject()


def test_warning_colour_follows_the_palette():
    light, dark = QPalette(), QPalette()
    light.setColor(QPalette.ColorRole.Base, QColor("white"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#202020"))
    assert warning_color(light) != warning_color(dark)
    assert warning_color(dark).lightness() > warning_color(light).lightness()


def test_export_writes_a_real_file(qtbot, people, window, tmp_path):
    target = tmp_path / "contacts.csv"
    page = window.current_page()
    page.table.select_ids([people["Dovlet Chariyev"], people["Aigul Nurlanova"]])
    job = window.run_export(target, page.export_ids())
    qtbot.waitUntil(lambda: job.done, timeout=10000)
    assert job.error is None
    text = target.read_text(encoding="utf-8-sig")
    assert "Dovlet Chariyev" in text and "Aigul Nurlanova" in text
    assert "Merdan Ataev" not in text


def test_cancel_stops_a_job_and_reports_it(qtbot, people, window, tmp_path):
    job = window.run_export(tmp_path / "never.csv", list(people.values()) * 400)
    job.cancel()
    qtbot.waitUntil(lambda: job.done, timeout=10000)
    assert type(job.error).__name__ == "Cancelled"
    assert not (tmp_path / "never.csv").exists()
    assert "Cancelled" in window.statusBar().currentMessage()
