import copy
import datetime as dt
import email
import email.policy
import io
import zipfile
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import docx
import pypdf
import pytest
from markdown_it import MarkdownIt
from PIL import Image

from pressdesk.domain.releases import BlockContact, Dateline, DatelineStyle, Photo, Release
from pressdesk.formats.release_export import (
    UnsupportedExportFormat,
    build_docx,
    build_email,
    build_pdf,
    export_release,
    render_html,
    render_markdown,
    render_text,
)
from pressdesk.formats.release_markup import parse_markup
from pressdesk.formats.release_text import parse_release_text

HOSTILE = [
    "<script>alert(1)</script>",
    "=cmd|' /C calc'!A0",
    '"><img src=x onerror=alert(1)>',
]


def png_bytes(width=40, height=20):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def make_release(**changes):
    values = {
        "title": "IOM meets the State Migration Service",
        "categories": ["News", "Local"],
        "photo": Photo(png_bytes(), "image/png", "meeting.png"),
        "caption": "The participants of the meeting.",
        "dateline": Dateline("Ashgabat", dt.date(2022, 12, 9)),
        "paragraphs": [
            "The meeting discussed **joint measures** on *migration management*.",
            "Read the [IOM report](https://www.iom.int/report?a=1&b=2) for details.",
        ],
        "contacts": [
            BlockContact(
                "Dovlet Chariyev",
                "IOM Communication Focal Point",
                ["dchariyev@iom.int"],
                ["+99312488407"],
            ),
            BlockContact("Jane Doe", "Press Officer", ["jdoe@unicef.org"], ["+41229095111"]),
        ],
        "sdgs": [10, 13, 17],
    }
    values.update(changes)
    return Release(**values)


def russian_release():
    return make_release(
        title="МОМ и миграционная служба Туркменистана обсудили сотрудничество",
        categories=["Новости"],
        caption="Участники встречи.",
        dateline=Dateline("Ашхабад", dt.date(2022, 12, 9), style=DatelineStyle.COMMA),
        paragraphs=["Стороны обсудили **совместные меры** по миграции."],
        contacts=[
            BlockContact("Довлет Чарыев", "Координатор МОМ", ["a@iom.int"], ["+99312488407"])
        ],
        language="ru",
    )


EMBARGO = dt.datetime(2022, 12, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ashgabat"))


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def parse_html(markup):
    collector = Collector()
    collector.feed(markup)
    collector.close()
    return collector


def pdf_text(data):
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [page.extract_text() for page in reader.pages]


def squash(text):
    return " ".join(text.split())


# --- text and markdown -----------------------------------------------------------------


def test_text_drops_markup_and_keeps_link_addresses():
    text = render_text(make_release())
    assert "discussed joint measures on migration management." in text
    assert "Read the IOM report (https://www.iom.int/report?a=1&b=2) for details." in text
    assert "**joint" not in text


def test_markdown_keeps_markup_and_escapes_plain_fields():
    release = make_release(title="*Not* emphasis <b>", caption="")
    markdown = render_markdown(release)
    assert "# \\*Not\\* emphasis \\<b\\>" in markdown
    assert "**joint measures**" in markdown and "*migration management*" in markdown
    assert "[IOM report](<https://www.iom.int/report?a=1&b=2>)" in markdown
    assert "E-mail: [dchariyev@iom.int](<mailto:dchariyev@iom.int>)" in markdown
    assert "- SDG 10 - Reduced Inequalities" in markdown


def test_markdown_paragraph_round_trips_through_the_markup_parser():
    markdown = render_markdown(make_release())
    paragraph = next(line for line in markdown.splitlines() if line.startswith("Read the"))
    assert parse_markup(paragraph) == parse_markup(make_release().paragraphs[1])


def test_markdown_separator_is_a_thematic_break_and_reads_back():
    release = make_release(photo=None, notes=["About IOM: the UN migration agency."])
    markdown = render_markdown(release)
    assert "***" in markdown.splitlines()
    assert r"\*\*\*" not in markdown
    tokens = MarkdownIt("commonmark").parse(markdown)
    assert [t.type for t in tokens].count("hr") == 1
    again = parse_release_text(markdown).release
    assert again.separator == "***"
    assert again.notes == ["About IOM: the UN migration agency."]


@pytest.mark.parametrize("separator", ["###", "- 30 -", "-ENDS-", "+++"])
def test_markdown_separator_that_is_no_rule_stays_literal_text(separator):
    markdown = render_markdown(make_release(photo=None, separator=separator))
    html = MarkdownIt("commonmark").render(markdown)
    assert f"<p>{separator}</p>" in html
    assert "<hr" not in html


# --- html ------------------------------------------------------------------------------


def test_html_is_semantic_with_inline_styles():
    html = render_html(make_release(embargo=EMBARGO))
    parsed = parse_html(html)
    for tag in ("article", "header", "h1", "figure", "img", "figcaption", "p", "address", "a"):
        assert tag in parsed.tags
    assert "<style" not in html
    assert '<html lang="en">' in html
    assert "<strong>joint measures</strong>" in html
    assert "<em>migration management</em>" in html
    assert 'href="https://www.iom.int/report?a=1&amp;b=2"' in html
    assert 'href="mailto:dchariyev@iom.int"' in html
    assert 'Tel: <a href="tel:+99312488407"' in html
    assert "EMBARGOED UNTIL December 10, 2022, 09:00 UTC+05:00" in html
    assert (
        "src",
        f"data:image/png;base64,{__import__('base64').b64encode(png_bytes()).decode()}",
    ) in (parsed.attrs)
    text = squash(" ".join(parsed.text))
    assert "Ashgabat – On December 9, 2022, The meeting discussed" in text


def test_html_photo_source_can_be_replaced():
    html = render_html(make_release(), photo_src="cid:photo@x")
    assert 'src="cid:photo@x"' in html


def _assert_inert_html(html):
    parsed = parse_html(html)
    assert "script" not in parsed.tags
    assert parsed.tags.count("img") <= 1  # only the release photo, if any
    for name, value in parsed.attrs:
        assert not name.startswith("on"), name
        assert not (value or "").lower().startswith("javascript:")
    for hostile in HOSTILE:
        assert hostile in "".join(parsed.text)


def hostile_release():
    return make_release(
        title=HOSTILE[0],
        categories=[HOSTILE[1]],
        photo=None,
        caption=HOSTILE[2],
        paragraphs=[
            " ".join(HOSTILE),
            "[click](javascript:alert(1)) and [data](data:text/html,<script>x</script>)",
        ],
        notes=[HOSTILE[2]],
        closing=HOSTILE[0],
        contacts=[BlockContact(HOSTILE[2], HOSTILE[1], ['x"><script>@example.org'], [])],
    )


def test_hostile_text_is_inert_in_html():
    html = render_html(hostile_release())
    _assert_inert_html(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- docx ------------------------------------------------------------------------------


def test_docx_structure():
    document = docx.Document(io.BytesIO(build_docx(make_release(embargo=EMBARGO))))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 1", "IOM meets the State Migration Service") in styles
    assert ("Heading 2", "For additional questions, please contact:") in styles
    assert ("Caption", "The participants of the meeting.") in styles
    assert ("List Bullet", "SDG 10 - Reduced Inequalities") in styles
    texts = [text for _, text in styles]
    assert texts[0] == "EMBARGOED UNTIL December 10, 2022, 09:00 UTC+05:00"
    assert any(t.startswith("Ashgabat – On December 9, 2022, The meeting") for t in texts)
    people = [p for p in document.paragraphs if p.text.startswith("Dovlet Chariyev")]
    assert people[0].text.splitlines() == [
        "Dovlet Chariyev",
        "IOM Communication Focal Point",
        "E-mail: dchariyev@iom.int",
        "Tel: +993 12 48-84-07",
    ]
    body = next(p for p in document.paragraphs if "joint measures" in p.text)
    assert [r.text for r in body.runs if r.bold] == ["joint measures"]
    assert [r.text for r in body.runs if r.italic] == ["migration management"]
    link = next(p for p in document.paragraphs if p.text.startswith("Read the"))
    assert [h.address for h in link.hyperlinks] == ["https://www.iom.int/report?a=1&b=2"]
    assert len(document.inline_shapes) == 1
    assert document.core_properties.title == "IOM meets the State Migration Service"


def test_docx_page_is_a4_like_the_pdf():
    document = docx.Document(io.BytesIO(build_docx(make_release())))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 20 and round(section.right_margin.mm) == 20
    assert round(section.top_margin.mm) == 22 and round(section.bottom_margin.mm) == 22
    box = pypdf.PdfReader(io.BytesIO(build_pdf(make_release()))).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210,
        297,
    )


def test_docx_house_template_gets_the_a4_page_too(tmp_path):
    base = docx.Document()  # python-docx's template is US Letter
    base.save(tmp_path / "release.docx")
    document = docx.Document(io.BytesIO(build_docx(make_release(), template_dir=tmp_path)))
    assert round(document.sections[0].page_width.mm) == 210


def test_docx_core_properties_name_the_release_and_its_author():
    release = make_release(language="ru_RU")
    props = docx.Document(io.BytesIO(build_docx(release))).core_properties
    assert props.title == "IOM meets the State Migration Service"
    assert props.author == props.last_modified_by == "PressDesk"
    assert "python-docx" not in f"{props.author} {props.comments} {props.last_modified_by}"
    assert props.language == "ru"
    assert props.created.year >= 2024
    props = docx.Document(
        io.BytesIO(build_docx(release, organisation="  IOM Turkmenistan "))
    ).core_properties
    assert props.author == props.last_modified_by == "IOM Turkmenistan"


def test_hostile_text_is_inert_in_docx():
    data = build_docx(hostile_release())
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    for hostile in HOSTILE:
        assert hostile in text
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<script" not in xml
    assert "instrText" not in xml and "fldSimple" not in xml  # no fields (DDE)
    assert (
        "javascript:"
        not in zipfile.ZipFile(io.BytesIO(data)).read("word/_rels/document.xml.rels").decode()
    )


def test_docx_house_template(tmp_path):
    base = docx.Document()
    base.styles["Heading 1"].font.size = docx.shared.Pt(31)
    base.save(tmp_path / "release.docx")
    document = docx.Document(io.BytesIO(build_docx(make_release(), template_dir=tmp_path)))
    assert document.styles["Heading 1"].font.size == docx.shared.Pt(31)


# --- pdf -------------------------------------------------------------------------------


def test_pdf_text_and_page_numbers():
    long = make_release(paragraphs=[f"Paragraph {n} " + "words " * 120 for n in range(12)])
    pages = pdf_text(build_pdf(long))
    assert len(pages) >= 2
    everything = squash(" ".join(pages))
    assert "IOM meets the State Migration Service" in everything
    assert "Ashgabat – On December 9, 2022, Paragraph 0" in everything
    assert "For additional questions, please contact:" in everything
    assert "Tel: +993 12 48-84-07" in everything
    assert "E-mail: dchariyev@iom.int" in everything
    assert "SDG 13 - Climate Action" in everything
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert "EMBARGOED" not in everything


def test_pdf_embargo_photo_and_caption():
    data = build_pdf(make_release(embargo=EMBARGO))
    pages = pdf_text(data)
    assert "EMBARGOED UNTIL December 10, 2022, 09:00 UTC+05:00" in pages[0]
    assert "The participants of the meeting." in pages[0]
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages[0].images) == 1
    assert reader.metadata.title == "IOM meets the State Migration Service"


def test_pdf_metadata():
    reader = pypdf.PdfReader(io.BytesIO(build_pdf(make_release())))
    meta = reader.metadata
    assert meta.title == "IOM meets the State Migration Service"
    assert meta.author == "PressDesk"
    assert meta.subject == "News · Local"
    assert meta.creator == "PressDesk"
    data = build_pdf(make_release(), organisation="IOM")
    assert pypdf.PdfReader(io.BytesIO(data)).metadata.author == "IOM"


def pdf_fonts(data):
    """(base font, embedded?) of every font any page refers to."""
    fonts = set()
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts.add((str(font["/BaseFont"]), embedded))
    return fonts


BASE_14 = {"Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats"}


@pytest.mark.parametrize("release", [make_release(embargo=EMBARGO), russian_release()])
def test_pdf_embeds_every_font(release):
    fonts = pdf_fonts(build_pdf(release))
    assert fonts
    assert all(embedded for _, embedded in fonts), fonts
    assert not any(name.lstrip("/").split("-")[0] in BASE_14 for name, _ in fonts), fonts


def test_pdf_cyrillic_extracts():
    pages = pdf_text(build_pdf(russian_release()))
    text = squash(" ".join(pages))
    assert "МОМ и миграционная служба Туркменистана обсудили сотрудничество" in text
    assert "Ашхабад, 9 декабря 2022 г. – Стороны обсудили совместные меры" in text
    assert "Для дополнительной информации обращайтесь:" in text
    assert "Тел.: +993 12 48-84-07" in text
    assert "ЦУР 10 - Уменьшение неравенства" in text
    assert "Страница 1 из 1" in text


def test_pdf_hostile_text_is_printed_literally():
    text = squash(" ".join(pdf_text(build_pdf(hostile_release()))))
    assert "<script>alert(1)</script>" in text
    assert "=cmd|' /C calc'!A0" in text


# --- e-mail ----------------------------------------------------------------------------


def _reparse(message):
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


def test_email_structure_and_headers():
    message = _reparse(
        build_email(make_release(), sender="IOM Press <press@iom.int>", to=["a@example.org"])
    )
    assert message["Subject"] == "IOM meets the State Migration Service"
    assert message["From"] == "IOM Press <press@iom.int>"
    assert message["To"] == "a@example.org"
    assert message["Date"] and message["Message-ID"].endswith("@iom.int>")
    assert message["Content-Language"] == "en"
    assert "X-Unsent" not in message  # only the .eml file export marks a draft
    assert message.get_content_type() == "multipart/mixed"
    alternative = message.get_payload()[0]
    assert alternative.get_content_type() == "multipart/alternative"
    plain, related = alternative.get_payload()
    assert plain.get_content_type() == "text/plain"
    assert "Tel: +993 12 48-84-07" in plain.get_content()
    assert related.get_content_type() == "multipart/related"
    html_part, photo = related.get_payload()
    assert html_part.get_content_type() == "text/html"
    cid = photo["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html_part.get_content()
    assert photo.get_content() == png_bytes()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "iom-meets-the-state-migration-service.pdf"
    assert pdf_text(attachment.get_content())[0].startswith("News")


def test_email_without_photo_or_pdf_is_plain_alternative():
    message = _reparse(
        build_email(make_release(photo=None), sender="press@iom.int", attach_pdf=False)
    )
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.get_payload()] == ["text/plain", "text/html"]
    assert "To" not in message


def test_email_embargo_prefix():
    message = build_email(make_release(embargo=EMBARGO), sender="press@iom.int", attach_pdf=False)
    assert message["Subject"] == "EMBARGOED: IOM meets the State Migration Service"
    body = message.get_body(("plain",)).get_content()
    assert body.startswith("EMBARGOED UNTIL December 10, 2022, 09:00 UTC+05:00")


def test_hostile_text_is_inert_in_email():
    release = hostile_release()
    release.title = HOSTILE[0] + "\nBcc: victim@example.org"
    message = _reparse(build_email(release, sender="press@iom.int"))
    assert "Bcc" not in message
    assert message["Subject"] == HOSTILE[0] + " Bcc: victim@example.org"
    _assert_inert_html(message.get_body(("html",)).get_content())
    assert HOSTILE[1] in message.get_body(("plain",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert "/" not in attachment.get_filename() and "<" not in attachment.get_filename()


def test_cyrillic_email_round_trips():
    message = _reparse(build_email(russian_release(), sender="press@iom.int", attach_pdf=False))
    assert message["Subject"] == russian_release().title
    assert message["Content-Language"] == "ru"
    assert "Ашхабад, 9 декабря 2022 г. –" in message.get_body(("plain",)).get_content()
    assert '<html lang="ru">' in message.get_body(("html",)).get_content()


# --- files, templates, purity ----------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx", ".pdf", ".eml"])
def test_export_by_extension_writes_a_readable_file(tmp_path, suffix):
    release = make_release()
    path = export_release(release, tmp_path / f"release{suffix}")
    data = path.read_bytes()
    if suffix in (".txt", ".md", ".html"):
        assert "IOM meets the State Migration Service" in data.decode("utf-8")
    elif suffix == ".docx":
        assert docx.Document(io.BytesIO(data)).paragraphs
    elif suffix == ".pdf":
        assert "IOM meets" in pdf_text(data)[0]
    else:
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert message["Subject"] == release.title
        assert message["X-Unsent"] == "1"
        assert b"\r\n" in data
    assert [p.name for p in tmp_path.iterdir()] == [f"release{suffix}"]


def test_unknown_extension_is_refused(tmp_path):
    with pytest.raises(UnsupportedExportFormat, match=r"\.odt"):
        export_release(make_release(), tmp_path / "release.odt")
    assert list(tmp_path.iterdir()) == []


def test_house_template_dir_is_searched_first(tmp_path):
    (tmp_path / "release.txt.j2").write_text("HOUSE {{ title }}\n", encoding="utf-8")
    assert render_text(make_release(), template_dir=tmp_path) == (
        "HOUSE IOM meets the State Migration Service\n"
    )
    # Templates the house does not override come from the shipped set.
    assert render_markdown(make_release(), template_dir=tmp_path).startswith("News · Local")


def test_house_html_template_is_autoescaped(tmp_path):
    (tmp_path / "release.html.j2").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    html = render_html(make_release(title="<b>x</b>"), template_dir=tmp_path)
    assert html == "<h1>&lt;b&gt;x&lt;/b&gt;</h1>"


def test_exports_do_not_change_the_release(tmp_path):
    release = make_release(embargo=EMBARGO)
    before = copy.deepcopy(release)
    render_text(release)
    render_markdown(release)
    render_html(release)
    build_docx(release)
    build_pdf(release)
    build_email(release, sender="press@iom.int")
    export_release(release, tmp_path / "r.eml")
    assert release == before


def test_text_export_of_a_built_release_parses_back():
    release = make_release(photo=None, paragraphs=["Plain first.", "Plain second."])
    again = parse_release_text(render_text(release)).release
    assert again == release


def test_docx_accepts_a_very_long_title():
    title = "Long title " * 40
    document = docx.Document(io.BytesIO(build_docx(make_release(title=title))))
    assert len(document.core_properties.title) <= 255
    assert document.paragraphs[1].text == title
