"""Counted phrases ("1 contact", "12,408 contacts") and moments, written the same way
everywhere in the window.

Sources are written Qt's way, ``"%Ln contact(s)"``, so that ``pyside6-lupdate`` offers
each language its plural forms. Until an English ``.qm`` is shipped, English is made
from the source here: "(s)" is dropped for one and becomes "s" otherwise.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime


def numerus(context: str, source: str, n: int, disambiguation: str | None = None) -> str:
    text = QCoreApplication.translate(context, source, disambiguation, n)
    return text.replace("(s)", "" if n == 1 else "s")


def date_time(moment: datetime) -> str:
    """A moment as the clock showed it where it is given (convert first, e.g. with
    ``astimezone()``), in the locale's short date-time format: one style in every view."""
    value = QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute, moment.second),
    )
    return QLocale().toString(value, QLocale.FormatType.ShortFormat)
