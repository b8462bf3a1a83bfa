"""DOCX writer (python-docx): the title is Heading 1, the contact block's opening phrase
Heading 2, the caption uses Word's Caption style and the SDGs List Bullet, so the
document keeps its structure when restyled. A house style can ship `release.docx` in
its template folder: its styles are used as the base document.

python-docx has no call for hyperlinks; they are built as `w:hyperlink` elements with an
external relationship, the way Word writes them.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph

from pressdesk.domain.releases import (
    BlockLineKind,
    Release,
    base_language,
    body_paragraphs,
    contact_block,
    embargo_line,
    sdg_lines,
)
from pressdesk.formats.release_markup import Span, parse_markup, xml_safe

_LINK_COLOR = "0B5CAD"
_HOUSE_TEMPLATE = "release.docx"


def _add_link(paragraph: Paragraph, url: str, text: str, *, bold: bool, italic: bool) -> None:
    rel_id = paragraph.part.relate_to(xml_safe(url), RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    for tag, on in (("w:b", bold), ("w:i", italic)):
        if on:
            props.append(OxmlElement(tag))
    color = OxmlElement("w:color")
    color.set(qn("w:val"), _LINK_COLOR)
    props.append(color)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    text_element = OxmlElement("w:t")
    text_element.set(qn("xml:space"), "preserve")
    text_element.text = xml_safe(text)
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _add_spans(paragraph: Paragraph, spans: list[Span]) -> None:
    for span in spans:
        if span.href:
            _add_link(paragraph, span.href, span.text, bold=span.bold, italic=span.italic)
        else:
            run = paragraph.add_run(xml_safe(span.text))
            run.bold = span.bold or None
            run.italic = span.italic or None


def _property(text: str) -> str:
    """Core properties hold at most 255 characters (python-docx refuses more)."""
    value = " ".join(xml_safe(text).split())
    return value if len(value) <= 255 else value[:254] + "…"


def _png_from(data: bytes) -> io.BytesIO:
    """Word reads PNG/JPEG/GIF/BMP/TIFF; other formats (WebP...) are converted with Pillow."""
    from PIL import Image  # Pillow comes with reportlab

    out = io.BytesIO()
    with Image.open(io.BytesIO(data)) as image:
        image.save(out, format="PNG")
    out.seek(0)
    return out


def build_docx(release: Release, *, template_dir: str | Path | None = None) -> bytes:
    house = Path(template_dir) / _HOUSE_TEMPLATE if template_dir else None
    document = Document(str(house)) if house and house.is_file() else Document()
    props = document.core_properties
    props.title = _property(release.title)
    props.language = base_language(release.language)[:255]
    props.keywords = _property(", ".join(release.categories))
    props.category = "Press release"

    embargo = embargo_line(release)
    if embargo:
        run = document.add_paragraph().add_run(embargo)
        run.bold = True
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    if release.categories:
        run = document.add_paragraph().add_run(xml_safe(" · ".join(release.categories)))
        run.font.small_caps = True
        run.font.size = Pt(10)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    document.add_heading(xml_safe(release.title), level=1)
    if release.photo is not None:
        try:
            document.add_picture(io.BytesIO(release.photo.data), width=Inches(6))
        except UnrecognizedImageError:
            document.add_picture(_png_from(release.photo.data), width=Inches(6))
    if release.caption:
        document.add_paragraph(xml_safe(release.caption), style="Caption")
    for markup in body_paragraphs(release):
        _add_spans(document.add_paragraph(), parse_markup(markup))
    if release.separator:
        separator = document.add_paragraph(xml_safe(release.separator))
        separator.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for markup in release.notes:
        _add_spans(document.add_paragraph(), parse_markup(markup))

    person: Paragraph | None = None
    for line in contact_block(release):
        if line.kind is BlockLineKind.CLOSING:
            document.add_heading(xml_safe(line.value), level=2)
            continue
        if line.kind is BlockLineKind.NAME:
            person = document.add_paragraph()
            person.add_run(xml_safe(line.value)).bold = True
            continue
        assert person is not None
        person.add_run().add_break()
        if line.href:
            person.add_run(xml_safe(f"{line.label} "))
            _add_link(person, line.href, line.value, bold=False, italic=False)
        else:
            person.add_run(xml_safe(line.value))
    for sdg in sdg_lines(release):
        document.add_paragraph(sdg, style="List Bullet")

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
