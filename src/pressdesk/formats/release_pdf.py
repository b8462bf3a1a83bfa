"""PDF writer (reportlab platypus).

Text is set in a TrueType font that covers Latin and Cyrillic, found on the system at
first use: DejaVu Sans (Debian/Ubuntu package `fonts-dejavu-core`, also Fedora/Arch
paths), then Liberation Sans (`fonts-liberation`), then Arial on Windows/macOS, then the
copy matplotlib ships if it is installed, then `resources/fonts/` (a house may ship
fonts there, any of the same file names). Without any of them `PdfFontMissing` says what
to install: reportlab's built-in fonts have no Cyrillic.

That font is also the canvas's initial font, so no text (and no font resource) falls back
to reportlab's default Helvetica: every font in the file is embedded. The page is A4 with
the margins of `release_page`, the same as the DOCX.

Every page carries "Page N of M" at the foot and, for an embargoed release, the embargo
notice at the head; the first page also opens with it.
"""

from __future__ import annotations

import importlib.util
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from pressdesk.domain.releases import (
    BlockLine,
    BlockLineKind,
    Release,
    base_language,
    body_paragraphs,
    contact_block,
    embargo_line,
    sdg_lines,
)
from pressdesk.formats.release_markup import Span, parse_markup, xml_safe
from pressdesk.formats.release_page import PAGE, PRODUCER, document_author
from pressdesk.resources import resource_path


class PdfFontMissing(RuntimeError):
    """No TrueType font with Cyrillic was found for PDF export."""


_FAMILY = "PressDeskSans"
_FACES = ("regular", "bold", "italic", "bold_italic")
_DEJAVU = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
)
_LIBERATION = (
    "LiberationSans-Regular.ttf",
    "LiberationSans-Bold.ttf",
    "LiberationSans-Italic.ttf",
    "LiberationSans-BoldItalic.ttf",
)
_CANDIDATES: tuple[tuple[str, tuple[str, str, str, str]], ...] = (
    ("/usr/share/fonts/truetype/dejavu", _DEJAVU),  # Debian, Ubuntu: fonts-dejavu-core
    ("/usr/share/fonts/dejavu-sans-fonts", _DEJAVU),  # Fedora
    ("/usr/share/fonts/dejavu", _DEJAVU),
    ("/usr/share/fonts/TTF", _DEJAVU),  # Arch
    ("/usr/share/fonts/truetype/liberation", _LIBERATION),  # Debian: fonts-liberation
    ("/usr/share/fonts/liberation-sans", _LIBERATION),
    ("C:/Windows/Fonts", ("arial.ttf", "arialbd.ttf", "ariali.ttf", "arialbi.ttf")),
    ("/Library/Fonts", ("Arial.ttf", "Arial Bold.ttf", "Arial Italic.ttf",
                        "Arial Bold Italic.ttf")),
    ("/System/Library/Fonts/Supplemental", ("Arial.ttf", "Arial Bold.ttf", "Arial Italic.ttf",
                                            "Arial Bold Italic.ttf")),
)  # fmt: skip


def _font_folders() -> list[tuple[Path, tuple[str, str, str, str]]]:
    folders = [(Path(folder), names) for folder, names in _CANDIDATES]
    spec = importlib.util.find_spec("matplotlib")
    if spec and spec.submodule_search_locations:
        mpl = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
        folders.append((mpl, _DEJAVU))
    house = resource_path("fonts")
    folders.extend((house, names) for _, names in _CANDIDATES)
    return folders


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register the Cyrillic-capable family once per process and return its name."""
    for folder, names in _font_folders():
        paths = [folder / name for name in names]
        if not paths[0].is_file():
            continue
        # A missing bold or italic face falls back to the regular one.
        faces = [path if path.is_file() else paths[0] for path in paths]
        registered = {}
        for face, path in zip(_FACES, faces, strict=True):
            name = f"{_FAMILY}-{face}"
            pdfmetrics.registerFont(TTFont(name, str(path)))
            registered[face] = name
        pdfmetrics.registerFontFamily(
            _FAMILY,
            normal=registered["regular"],
            bold=registered["bold"],
            italic=registered["italic"],
            boldItalic=registered["bold_italic"],
        )
        return registered["regular"]
    raise PdfFontMissing(
        "No TrueType font with Cyrillic letters was found for PDF export. Install DejaVu "
        "Sans (Debian/Ubuntu: apt install fonts-dejavu-core) or Liberation Sans."
    )


@dataclass(frozen=True, slots=True)
class _Styles:
    embargo: ParagraphStyle
    categories: ParagraphStyle
    title: ParagraphStyle
    caption: ParagraphStyle
    body: ParagraphStyle
    separator: ParagraphStyle
    heading: ParagraphStyle
    person: ParagraphStyle
    small: ParagraphStyle


@lru_cache(maxsize=1)
def _styles() -> _Styles:
    font = register_fonts()
    bold = font.replace("regular", "bold")
    body = ParagraphStyle("Body", fontName=font, fontSize=10.5, leading=15, spaceAfter=8)
    return _Styles(
        embargo=ParagraphStyle(
            "Embargo", parent=body, fontName=bold, textColor=colors.HexColor("#b00020"),
            borderColor=colors.HexColor("#b00020"), borderWidth=1, borderPadding=5,
            spaceAfter=14,
        ),
        categories=ParagraphStyle(
            "Categories", parent=body, fontSize=9, textColor=colors.HexColor("#555555")
        ),
        title=ParagraphStyle(
            "Title", parent=body, fontName=bold, fontSize=18, leading=23, spaceAfter=12
        ),
        caption=ParagraphStyle(
            "Caption", parent=body, fontName=font.replace("regular", "italic"), fontSize=9,
            leading=12, textColor=colors.HexColor("#555555"), spaceBefore=4, spaceAfter=12,
        ),
        body=body,
        separator=ParagraphStyle("Separator", parent=body, alignment=TA_CENTER, spaceBefore=6),
        heading=ParagraphStyle("ContactHeading", parent=body, fontName=bold, spaceBefore=6),
        person=ParagraphStyle("Person", parent=body, spaceAfter=10),
        small=ParagraphStyle("Small", parent=body, fontSize=9, leading=12, spaceAfter=2),
    )  # fmt: skip


def _text(text: str) -> str:
    return escape(xml_safe(text))


def _link(href: str, inner: str) -> str:
    return f'<a href={quoteattr(xml_safe(href))} color="#0b5cad"><u>{inner}</u></a>'


def _markup(spans: list[Span]) -> str:
    """Spans as reportlab paragraph markup, every piece of text escaped."""
    parts: list[str] = []
    for span in spans:
        piece = _text(span.text)
        if span.italic:
            piece = f"<i>{piece}</i>"
        if span.bold:
            piece = f"<b>{piece}</b>"
        parts.append(_link(span.href, piece) if span.href else piece)
    return "".join(parts)


def _person(lines: list[BlockLine]) -> str:
    parts: list[str] = []
    for line in lines:
        if line.kind is BlockLineKind.NAME:
            parts.append(f"<b>{_text(line.value)}</b>")
        elif line.href:
            parts.append(f"{_text(line.label)} {_link(line.href, _text(line.value))}")
        else:
            parts.append(_text(line.value))
    return "<br/>".join(parts)


_PAGE_LABEL = {"en": "Page {n} of {m}", "ru": "Страница {n} из {m}", "fr": "Page {n} sur {m}"}


def _canvas_class(font: str, page_label: str, embargo: str) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Draws the page foot once the page count is known (reportlab's usual recipe)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            self.setFont(font, 8)
            self.setFillColor(colors.HexColor("#555555"))
            label = page_label.format(n=self._pageNumber, m=total)
            self.drawCentredString(width / 2, 12 * mm, label)
            if embargo:
                self.setFillColor(colors.HexColor("#b00020"))
                self.drawCentredString(width / 2, height - 12 * mm, embargo)

    return NumberedCanvas


def _photo(release: Release, width: float) -> Image | None:
    if release.photo is None:
        return None
    reader = ImageReader(io.BytesIO(release.photo.data))
    pixels_wide, pixels_high = reader.getSize()
    scale = min(1.0, width / pixels_wide) if pixels_wide else 1.0
    shown_wide = pixels_wide * scale
    shown_high = pixels_high * scale
    if shown_high > 110 * mm:
        shown_wide, shown_high = shown_wide * 110 * mm / shown_high, 110 * mm
    return Image(io.BytesIO(release.photo.data), width=shown_wide, height=shown_high)


def build_pdf(release: Release, *, organisation: str | None = None) -> bytes:
    """The release as a PDF; `organisation` (if known) is written as its author."""
    styles = _styles()
    font = register_fonts()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=(PAGE.width_mm * mm, PAGE.height_mm * mm),
        leftMargin=PAGE.left_mm * mm,
        rightMargin=PAGE.right_mm * mm,
        topMargin=PAGE.top_mm * mm,
        bottomMargin=PAGE.bottom_mm * mm,
        initialFontName=font,
        title=xml_safe(release.title),
        author=xml_safe(document_author(organisation)),
        subject=xml_safe(" · ".join(release.categories)) or "Press release",
        keywords=[xml_safe(c) for c in release.categories],
        creator=PRODUCER,
        lang=base_language(release.language),
    )
    embargo = embargo_line(release)
    story: list[Any] = []
    if embargo:
        story.append(Paragraph(_text(embargo), styles.embargo))
    if release.categories:
        story.append(Paragraph(_text(" · ".join(release.categories)), styles.categories))
    story.append(Paragraph(_text(release.title), styles.title))
    photo = _photo(release, document.width)
    if photo is not None:
        story.append(photo)
    if release.caption:
        story.append(Paragraph(_text(release.caption), styles.caption))
    story.extend(Paragraph(_markup(parse_markup(p)), styles.body) for p in body_paragraphs(release))
    if release.separator:
        story.append(Paragraph(_text(release.separator), styles.separator))
    story.extend(Paragraph(_markup(parse_markup(n)), styles.body) for n in release.notes)

    block = contact_block(release)
    people: list[list[BlockLine]] = []
    for line in block[1:]:
        if line.kind is BlockLineKind.NAME:
            people.append([])
        people[-1].append(line)
    if block:
        first = Paragraph(_person(people[0]), styles.person) if people else Spacer(0, 0)
        story.append(KeepTogether([Paragraph(_text(block[0].value), styles.heading), first]))
        story.extend(Paragraph(_person(person), styles.person) for person in people[1:])
    sdgs = sdg_lines(release)
    if sdgs:
        story.append(Spacer(0, 4 * mm))
        story.extend(Paragraph(_text(sdg), styles.small) for sdg in sdgs)

    label = _PAGE_LABEL.get(base_language(release.language), _PAGE_LABEL["en"])
    document.build(story, canvasmaker=_canvas_class(font, label, embargo))
    return out.getvalue()
