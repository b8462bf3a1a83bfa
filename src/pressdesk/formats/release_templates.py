"""TXT, Markdown and HTML renderings of a release, through Jinja2 templates.

The shipped templates are `resources/templates/release.{txt,md,html}.j2`. An organisation
can put its own templates with the same names in a folder and pass it as `template_dir`:
that folder is searched first, so it may override one template and keep the others.

The context every template receives:

    language    "en", "ru"...             title, caption      plain text
    embargo     "EMBARGOED UNTIL ..." or ""
    categories  list of plain text        separator           plain text or ""
    paragraphs  body, the first opening with the dateline; plain text (txt), safe
                Markdown (md) or lists of spans with text/bold/italic/href (html)
    notes       same form as paragraphs
    closing     the contact block's opening phrase ("" when there are no contacts)
    people      one list of BlockLine per contact (kind, label, value, href, text)
    sdgs        "SDG 10 - Reduced Inequalities"...
    photo_src   (html) the image address: a data: URI in files, cid: in e-mail
    release     the Release itself, for house templates that want more

Markdown filters: `md` (plain text, escaped), `md_inline`, `md_url`, and `md_separator`
(the separator: a thematic break such as *** kept as written, anything else escaped).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

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
from pressdesk.formats.release_markup import (
    escape_markdown,
    escape_markdown_inline,
    markdown_separator,
    parse_markup,
    to_markdown,
    to_plain,
)
from pressdesk.resources import templates_dir

TXT_TEMPLATE = "release.txt.j2"
MD_TEMPLATE = "release.md.j2"
HTML_TEMPLATE = "release.html.j2"


def _md_url(url: str) -> str:
    return (
        url.replace(" ", "%20")
        .replace("<", "%3C")
        .replace(">", "%3E")
        .replace("\n", "%0A")
        .replace("\r", "%0D")
    )


@lru_cache(maxsize=16)
def environment(template_dir: str | None = None) -> Environment:
    """The Jinja environment; a house `template_dir` is searched before the shipped one."""
    loaders = [FileSystemLoader(template_dir)] if template_dir else []
    loaders.append(FileSystemLoader(str(templates_dir())))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "html.j2", "htm.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = escape_markdown
    env.filters["md_inline"] = escape_markdown_inline
    env.filters["md_url"] = _md_url
    env.filters["md_separator"] = markdown_separator
    return env


def _people(lines: list[BlockLine]) -> list[list[BlockLine]]:
    people: list[list[BlockLine]] = []
    for line in lines:
        if line.kind is BlockLineKind.CLOSING:
            continue
        if line.kind is BlockLineKind.NAME or not people:
            people.append([])
        people[-1].append(line)
    return people


def _context(release: Release, paragraph: Callable[[str], Any], **extra: Any) -> dict[str, Any]:
    block = contact_block(release)
    return {
        "release": release,
        "language": base_language(release.language),
        "embargo": embargo_line(release),
        "categories": list(release.categories),
        "title": release.title,
        "caption": release.caption,
        "paragraphs": [paragraph(p) for p in body_paragraphs(release)],
        "separator": release.separator,
        "notes": [paragraph(note) for note in release.notes],
        "closing": block[0].value if block else "",
        "people": _people(block),
        "sdgs": sdg_lines(release),
        "photo_src": "",
        **extra,
    }


_BLANK_RUNS = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    """Strip line ends and collapse blank-line runs, so templates can space freely."""
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return _BLANK_RUNS.sub("\n\n", text).strip("\n") + "\n"


def _dir(template_dir: str | Path | None) -> str | None:
    return str(template_dir) if template_dir else None


def render_text(release: Release, *, template_dir: str | Path | None = None) -> str:
    """The release as plain text, in the layout `parse_release_text` reads back."""
    template = environment(_dir(template_dir)).get_template(TXT_TEMPLATE)
    return _tidy(template.render(_context(release, to_plain)))


def render_markdown(release: Release, *, template_dir: str | Path | None = None) -> str:
    template = environment(_dir(template_dir)).get_template(MD_TEMPLATE)
    return _tidy(template.render(_context(release, to_markdown)))


def photo_data_uri(release: Release) -> str:
    if release.photo is None:
        return ""
    encoded = base64.b64encode(release.photo.data).decode("ascii")
    return f"data:{release.photo.mime_type};base64,{encoded}"


def render_html(
    release: Release,
    *,
    template_dir: str | Path | None = None,
    photo_src: str | None = None,
) -> str:
    """A complete HTML document. The photo is embedded as a data: URI unless `photo_src`
    gives another address (the e-mail writer passes a cid: reference)."""
    template = environment(_dir(template_dir)).get_template(HTML_TEMPLATE)
    source = photo_data_uri(release) if photo_src is None else photo_src
    return template.render(_context(release, parse_markup, photo_src=source))
