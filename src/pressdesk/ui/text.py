"""Counted phrases ("1 contact", "12,408 contacts") that stay translatable.

Sources are written Qt's way, ``"%Ln contact(s)"``, so that ``pyside6-lupdate`` offers
each language its plural forms. Until an English ``.qm`` is shipped, English is made
from the source here: "(s)" is dropped for one and becomes "s" otherwise.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def numerus(context: str, source: str, n: int, disambiguation: str | None = None) -> str:
    text = QCoreApplication.translate(context, source, disambiguation, n)
    return text.replace("(s)", "" if n == 1 else "s")
