"""GUI fixtures: a main window over a real SQLite store, with throw-away settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.services import contacts as service

# Qt's offscreen platform says this whenever a window is shown; it is not our warning.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in a temporary INI file, never the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


PEOPLE = [
    (
        "Dovlet Chariyev",
        "IOM Turkmenistan",
        "Communication Focal Point",
        "TM",
        "dchariyev@iom.int",
        "+993 12 48-84-07",
        ["UN"],
    ),
    (
        "Aigul Nurlanova",
        "Kazinform",
        "Editor",
        "KZ",
        "aigul@kazinform.kz",
        "+7 727 250 12 34",
        ["media"],
    ),
    ("Gulnara Ismailova", "24.kg", "Correspondent", "KG", "gulnara@24", "12-34", ["media"]),
    (
        "Charlotte Durand",
        "Agence France-Presse",
        "Reporter",
        "FR",
        "c.durand@afp.com",
        "+33 1 40 41 46 46",
        ["media", "international"],
    ),
    (
        "Merdan Ataev",
        "IOM",
        "Programme Officer",
        "TM",
        "mataev@iom.int",
        "+993 65 12 34 56",
        ["UN"],
    ),
]


def add_people(store, people=PEOPLE) -> dict[str, int]:
    ids = {}
    with store.uow() as uow:
        for name, org, role, country, email, phone, tags in people:
            contact = service.create_contact(
                uow,
                ContactInput(
                    name=name,
                    organization=org,
                    role=role,
                    country=country,
                    emails=[ValueInput(email)],
                    phones=[ValueInput(phone)],
                    tags=tags,
                ),
            )
            uow.flush()
            ids[name] = contact.id
        uow.commit()
    return ids


@pytest.fixture
def people(store) -> dict[str, int]:
    return add_people(store)


@pytest.fixture
def window(qtbot, store, settings) -> Iterator:
    from pressdesk.ui.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.set_store(store)
    qtbot.wait(1)
    # The offscreen platform drops activation when the pages are first built.
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    yield win
    win.jobs.wait()
