"""The body markup of a release: a Markdown subset read with markdown-it-py.

Supported: `**bold**`, `*italic*` (also `_italic_`, as Markdown has it), `[text](url)` and
backslash escapes. Nothing else is markup: raw HTML, headings, lists, images, entities,
code spans stay literal text. Links go through markdown-it's link validation, so
`javascript:`, `vbscript:`, `file:` and `data:` targets are not links.

A paragraph becomes a flat list of `Span`s (text + bold/italic/href); each writer renders
spans with its own library (Jinja autoescape, python-docx runs, reportlab markup escaped
with xml.sax.saxutils), so no writer ever pastes markup into another format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("zero").enable(["emphasis", "link", "escape"])


@lru_cache(maxsize=1024)
def _parse_cached(markup: str) -> tuple[Span, ...]:
    tokens = _parser().parseInline(markup)
    spans: list[Span] = []
    bold = italic = 0
    href: str | None = None
    for token in tokens[0].children or () if tokens else ():
        if token.type == "strong_open":
            bold += 1
        elif token.type == "strong_close":
            bold -= 1
        elif token.type == "em_open":
            italic += 1
        elif token.type == "em_close":
            italic -= 1
        elif token.type == "link_open":
            value = token.attrGet("href")
            href = str(value) if value is not None else None
        elif token.type == "link_close":
            href = None
        elif token.type in ("softbreak", "hardbreak"):
            spans.append(Span(" ", bold > 0, italic > 0, href))
        elif token.content:
            spans.append(Span(token.content, bold > 0, italic > 0, href))
    return tuple(_coalesce(spans))


def _coalesce(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        last = merged[-1] if merged else None
        if last and (last.bold, last.italic, last.href) == (span.bold, span.italic, span.href):
            merged[-1] = Span(last.text + span.text, span.bold, span.italic, span.href)
        else:
            merged.append(span)
    return merged


def parse_markup(markup: str) -> list[Span]:
    """One paragraph of markup to spans (newlines inside a paragraph become spaces)."""
    return list(_parse_cached(markup))


def to_plain(markup: str) -> str:
    """The paragraph as plain text; a link keeps its address: "text (https://...)"."""
    return _plain_with_links(parse_markup(markup))


def _link_groups(spans: list[Span]) -> list[tuple[str | None, str]]:
    groups: list[tuple[str | None, str]] = []
    for span in spans:
        if groups and groups[-1][0] == span.href and span.href is not None:
            groups[-1] = (span.href, groups[-1][1] + span.text)
        else:
            groups.append((span.href, span.text))
    return groups


def _plain_with_links(spans: list[Span]) -> str:
    out: list[str] = []
    for href, label in _link_groups(spans):
        out.append(label)
        if href and label.strip() != href:
            out.append(f" ({href})")
    return "".join(out)


_MD_SPECIAL = set("\\`*_[]<>|")


_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")


def _escape_inline(text: str) -> str:
    escaped = "".join("\\" + char if char in _MD_SPECIAL else char for char in text)
    return _ENTITY_LIKE.sub(r"\\&", escaped)


def _guard_line_start(markdown: str) -> str:
    """Escape what would make a paragraph a heading, list, quote or rule."""
    stripped = markdown.lstrip()
    digits = len(stripped) - len(stripped.lstrip("0123456789"))
    ordinal = digits > 0 and stripped[digits : digits + 1] in (".", ")")
    if stripped[:1] in ("#", "+", "-", "=", ">") or ordinal:
        indent = len(markdown) - len(stripped)
        return markdown[:indent] + "\\" + stripped
    return markdown


def escape_markdown_inline(text: str) -> str:
    """Plain text to Markdown for use in the middle of a line."""
    return _escape_inline(text)


def escape_markdown(text: str) -> str:
    """Plain text to Markdown that any renderer shows literally (no HTML, no emphasis)."""
    return _guard_line_start(_escape_inline(text))


_THEMATIC_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")


def markdown_separator(text: str) -> str:
    """The separator line of a release in Markdown. One that is already a thematic break
    (``***``, ``---``, ``* * *``) is written as it is, so it renders as a rule and reads
    back unchanged; any other (``###``, ``-ENDS-``, ``- 30 -``) is escaped like plain
    text, or it would become a heading or a list item."""
    if _THEMATIC_BREAK.fullmatch(text):
        return text.strip()
    return escape_markdown(text)


def to_markdown(markup: str) -> str:
    """Our markup re-serialised as safe Markdown: text escaped, emphasis and links kept."""
    out: list[str] = []
    for href, label_spans in _grouped_by_link(parse_markup(markup)):
        inner = "".join(_emphasis(span) for span in label_spans)
        if href:
            target = href.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
            out.append(f"[{inner}](<{target}>)")
        else:
            out.append(inner)
    return _guard_line_start("".join(out))


def _grouped_by_link(spans: list[Span]) -> list[tuple[str | None, list[Span]]]:
    groups: list[tuple[str | None, list[Span]]] = []
    for span in spans:
        if groups and span.href is not None and groups[-1][0] == span.href:
            groups[-1][1].append(span)
        else:
            groups.append((span.href, [span]))
    return groups


def _emphasis(span: Span) -> str:
    body = span.text.strip()
    if not body or not (span.bold or span.italic):
        return _escape_inline(span.text)
    marker = ("**" if span.bold else "") + ("*" if span.italic else "")
    lead = span.text[: len(span.text) - len(span.text.lstrip())]
    trail = span.text[len(span.text.rstrip()) :]
    return f"{lead}{marker}{_escape_inline(body)}{marker[::-1]}{trail}"


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Drop the control characters XML 1.0 cannot carry (DOCX and PDF writers need this)."""
    return _XML_ILLEGAL.sub("", text)
