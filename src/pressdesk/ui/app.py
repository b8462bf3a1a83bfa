"""Starting the window: ``pressdesk gui``, ``pressdesk`` alone, and ``pressdesk-gui``.

The window paints first and the store opens in the background, so start-up feels
immediate even on a large store. ``--screenshot FILE.png`` renders the window once its
data has loaded, saves it, prints the milliseconds from process start to first paint, and
exits; it uses throw-away settings so screenshots are reproducible.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from pressdesk import __version__

_IMPORTED_AT = time.time()
VIEWS = ("contacts", "organisations", "releases", "lists", "imports")


def process_start() -> float:
    """When this process started (epoch seconds), from /proc where there is one."""
    try:
        with open("/proc/self/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime") as uptime:
            since_boot = float(uptime.read().split()[0])
        ticks = os.sysconf("SC_CLK_TCK")
        return time.time() - since_boot + int(fields[19]) / ticks
    except (OSError, ValueError, IndexError):
        return _IMPORTED_AT


class _FirstPaint(QObject):
    """Notes when the window first paints."""

    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started
        self.ms: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.ms is None and event.type() == QEvent.Type.Paint:
            self.ms = (time.time() - self.started) * 1000
        return False


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def application(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        # Qt's raster engine hands each fill of more than ~96 lines (a scroll bar's
        # groove, a column's background) to a thread pool and waits for it: on two
        # busy cores the wait for a pool thread cost more than the fill, in every
        # search keystroke's repaint. Fills stay on the GUI thread.
        os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
        app = QApplication(list(argv or sys.argv[:1]))
    app.setOrganizationName("PressDesk")
    app.setApplicationName("PressDesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.pressdesk.PressDesk")
    if QLocale().language() == QLocale.Language.C:
        # Counts read "12,408", not "12408", where the system gives no locale.
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return app  # type: ignore[return-value]


def run(args: argparse.Namespace) -> int:
    """Open the window for ``args`` (``db``, ``screenshot``, ``view``, ``size``)."""
    from pressdesk.ui.main_window import MainWindow

    started = process_start()
    screenshot = getattr(args, "screenshot", None)
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if screenshot and no_display and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = application()
    if screenshot:
        scratch = tempfile.TemporaryDirectory(prefix="pressdesk-shot-")
        settings = QSettings(str(Path(scratch.name) / "settings.ini"), QSettings.Format.IniFormat)
    else:
        settings = QSettings()
    window = MainWindow(settings)
    view = getattr(args, "view", None)
    if view:
        window.requested_view = view
    first_paint = _FirstPaint(started)
    window.installEventFilter(first_paint)
    if screenshot:
        window.resize(*parse_size(getattr(args, "size", None) or "1280x800"))
    window.show()
    location = getattr(args, "db", None) or settings.value("store/path") or None
    window.open_store(location)
    status = {"code": 0}

    if screenshot:

        def shoot() -> None:
            page = window.current_page()
            models = [getattr(page, "model", None), getattr(page, "contacts_model", None)]
            waiting = any(getattr(m, "pending", False) for m in models)
            if window.jobs.running or waiting or window.navigation.counting:
                QTimer.singleShot(20, shoot)  # the first search or the counts are coming
                return
            table = getattr(page, "table", None)
            if (
                table is not None
                and not table.selectionModel().hasSelection()
                and table.model().rowCount() > 0
            ):
                table.selectRow(0)
            QTimer.singleShot(50, save)

        def save() -> None:
            pixmap = window.grab()
            if not pixmap.save(screenshot):
                print(f"pressdesk: could not write {screenshot}", file=sys.stderr)
                status["code"] = 1
            loaded = (time.time() - started) * 1000
            print(f"first paint: {first_paint.ms or loaded:.0f} ms")
            print(f"data loaded and rendered: {loaded:.0f} ms")
            print(f"screenshot: {screenshot}")
            window.close()
            app.quit()

        def failed() -> None:
            print(f"pressdesk: {window.store_failed}", file=sys.stderr)
            status["code"] = 1
            app.quit()

        window.ready.connect(lambda: QTimer.singleShot(0, shoot))
        window.jobs.stopped.connect(
            lambda _job: getattr(window, "store_failed", None) and QTimer.singleShot(0, failed)
        )
    code = app.exec()
    if screenshot:
        scratch.cleanup()
        return status["code"]
    return code


def build_parser() -> argparse.ArgumentParser:
    """``pressdesk-gui``'s options; the same as ``pressdesk gui`` (kept free of the store's
    imports so the window paints before they load)."""
    parser = argparse.ArgumentParser(prog="pressdesk-gui", description="Open PressDesk.")
    parser.add_argument("--db", metavar="PATH|URL", help="store to open")
    parser.add_argument("--screenshot", metavar="FILE.png", help="save a PNG of the window, exit")
    parser.add_argument("--view", choices=VIEWS, help="view to show first")
    parser.add_argument("--size", default="1280x800", help="window size for --screenshot (WxH)")
    parser.add_argument("--version", action="version", version=f"PressDesk {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
