"""The page and the document properties shared by the DOCX and PDF writers.

Both writers read the page from here so a release prints the same from Word and from the
PDF: ISO A4 (the paper of the offices PressDesk is written for; US Letter would be cut or
shrunk on their printers), 20 mm side margins, 22 mm top and bottom (room for the running
embargo notice and the page number in the PDF).

The author of a document is the organisation that issues the release when the caller
knows it, else "PressDesk" (never the name of the library that wrote the file).
"""

from __future__ import annotations

from dataclasses import dataclass

PRODUCER = "PressDesk"


@dataclass(frozen=True, slots=True)
class PageSetup:
    width_mm: float
    height_mm: float
    left_mm: float
    right_mm: float
    top_mm: float
    bottom_mm: float


PAGE = PageSetup(width_mm=210, height_mm=297, left_mm=20, right_mm=20, top_mm=22, bottom_mm=22)


def document_author(organisation: str | None) -> str:
    """The author for document properties: the organisation, or "PressDesk"."""
    name = " ".join((organisation or "").split())
    return name or PRODUCER
