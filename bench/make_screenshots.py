"""Remake the README's screenshots from a demo store (``bench/make_demo_store.py``).

    python bench/make_demo_store.py /tmp/demo.sqlite3
    python bench/make_screenshots.py /tmp/demo.sqlite3 docs/screenshots
    python bench/make_screenshots.py /tmp/demo.sqlite3 /tmp/shots --size 1920x1080

The views are shot by ``pressdesk gui --screenshot`` itself, one process each, as a user
would start it. The release editor and the import wizard cannot be reached from the
command line, so this script opens the window offscreen (throw-away settings, as
``--screenshot`` does), opens the IOM release in the editor, then runs the wizard over the
window on a messy CSV and grabs its Columns and Result pages. The wizard imports into a
copy of the store, so the demo store is left as it was. Prints each file written.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

VIEWS = ("contacts", "organisations", "releases", "lists", "imports")
WIZARD_SIZE = (1100, 720)
# What officers are sent: semicolons, Russian headers, a name written family-first, two
# addresses in a cell, an address with "(at)", phones with and without a country code, an
# extension, a column no field fits (kept in notes), and a focal point already in the store.
MESSY_ROWS = [
    ["ФИО", "Организация", "Должность", "Эл. почта", "Телефон", "Страна", "Где познакомились"],
    [
        "CHARIYEV Dovlet",
        "IOM Turkmenistan",
        "Communication Focal Point",
        "dchariyev@iom.int",
        "+99312 488407",
        "Туркменистан",
        "Брифинг МОМ",
    ],
    [
        "Бердыева Огулгерек",
        "Turkmenportal",
        "Редактор",
        "o.berdyeva@turkmenportal.com, oguler@mail.ru",
        "8 (12) 39-45-21",
        "Туркменистан",
        "Пресс-тур",
    ],
    [
        "Mr. Kemal Demir",
        "Anadolu Agency",
        "Correspondent",
        "kemal.demir(at)aa.com.tr",
        "+90 312 555 21 14",
        "Türkiye",
        "COP29",
    ],
    [
        "Гульнара Исмаилова",
        "24.kg",
        "Корреспондент",
        "g.ismailova@24.kg",
        "0555 12-34-56",
        "Кыргызстан",
        "",
    ],
    [
        "Jasur Yusupov",
        "Kun.uz",
        "Reporter",
        "jyusupov@kun",
        "+998 90 123 45 67 доб. 12",
        "Uzbekistan",
        "Tashkent forum",
    ],
    [
        "Мехрангез Рахмонова",
        "Asia-Plus",
        "Продюсер",
        "m.rahmonova@asiaplustj.info",
        "93 555 12 34",
        "Таджикистан",
        "",
    ],
    [
        "Sophie Martin",
        "Agence France-Presse",
        "Bureau Chief, Almaty",
        "sophie.martin@afp.com",
        "+7 727 355 20 10",
        "Kazakhstan",
        "",
    ],
    [
        "Ахмед Хасанов",
        "Orient",
        "Фотокорреспондент",
        "",
        "+993 65 44-12-09",
        "Туркменистан",
        "Пресс-тур",
    ],
]


def shoot_views(store: Path, out: Path, size: str) -> None:
    for view in VIEWS:
        target = out / f"{view}.png"
        subprocess.run(
            [
                *(sys.executable, "-m", "pressdesk", "--db", str(store), "gui"),
                *("--screenshot", str(target), "--view", view, "--size", size),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(target)


def shoot_dialogs(store: Path, out: Path, size: str) -> None:
    """The release editor on the IOM release, and the import wizard's Columns and Result."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from pressdesk.ui.app import application, parse_size
    from pressdesk.ui.import_wizard import open_import_wizard
    from pressdesk.ui.import_wizard.wizard import COLUMNS, FORMAT, RESULT
    from pressdesk.ui.main_window import MainWindow

    def wait(until: Callable[[], bool], ms: int = 20_000) -> None:
        loop = QEventLoop()
        poll = QTimer(interval=20)
        poll.timeout.connect(lambda: until() and loop.quit())
        QTimer.singleShot(ms, loop.quit)
        poll.start()
        loop.exec()
        poll.stop()
        if not until():
            raise SystemExit(f"timed out waiting for the window ({until.__doc__ or 'state'})")

    def save(pixmap, target: Path) -> None:
        if not pixmap.save(str(target)):
            raise SystemExit(f"could not write {target}")
        print(target)

    def settle(ms: int = 300) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    application()
    with tempfile.TemporaryDirectory(prefix="pressdesk-shots-") as scratch:
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.requested_view = "releases"
        window.resize(*parse_size(size))
        window.show()
        ready: list[bool] = []
        window.ready.connect(lambda: ready.append(True))

        def open_store(location: Path) -> None:
            ready.clear()
            window.open_store(str(location))
            wait(lambda: bool(ready) and not window.jobs.running and not window.navigation.counting)

        open_store(store)  # the editor only reads: its status bar names the demo store
        with window.ctx.store.uow() as uow:
            pasted = uow.releases.list_rows(query="Sub-Regional Coordinator for Central Asia")
        window.current_page().open_release(pasted[-1].id)
        settle()
        target = out / "release-editor.png"
        save(window.grab(), target)

        copy = Path(scratch) / store.name  # the wizard imports: into a copy
        shutil.copy2(store, copy)
        open_store(copy)
        messy = Path(scratch) / "press-tour-contacts.csv"
        with messy.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream, delimiter=";").writerows(MESSY_ROWS)
        wizard = open_import_wizard(window.ctx, messy)
        wizard.resize(*WIZARD_SIZE)
        wizard.next()
        wait(lambda: wizard.currentId() == FORMAT and wizard.head is not None)
        wait(lambda: not wizard.loading)
        wizard.next()
        wait(lambda: wizard.currentId() == COLUMNS)
        settle()
        target = out / "import-columns.png"
        save(wizard.grab(), target)
        while wizard.currentId() != RESULT:
            wizard.next()
            wait(lambda: wizard.currentId() == RESULT or wizard.currentPage().isComplete())
        settle()
        target = out / "import-result.png"
        save(wizard.grab(), target)
        wizard.close()
        window.jobs.wait(10_000)
        window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path, help="a store made by bench/make_demo_store.py")
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    parser.add_argument("--size", default="1280x800", help="window size (1280x800)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    shoot_views(args.store, args.out, args.size)
    shoot_dialogs(args.store, args.out, args.size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
