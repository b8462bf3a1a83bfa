"""Colours that follow the system palette, light or dark.

Qt's palette has no role for "warning" or "error"; these pick a red or amber that reads on
the palette's own base colour, so a ⚠ badge stays legible in dark mode.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def warning_color(palette: QPalette) -> QColor:
    return QColor("#ffb74d") if is_dark(palette) else QColor("#b45309")


def error_color(palette: QPalette) -> QColor:
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b3261e")


def muted_color(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.PlaceholderText)


WARNING_SIGN = "⚠"
