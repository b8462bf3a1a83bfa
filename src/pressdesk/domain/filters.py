"""Saved filters of distribution lists: a small language, parsed to a dataclass.

One filter is a sequence of terms separated by spaces; a contact matches when it matches
every term. A term is ``field:value[,value...]`` (any one of the values), ``-`` before it
excludes what it matches, and anything else is free text searched like the contacts
search field (name, organisation, role, e-mail, phone, tags)::

    tag:media country:KZ,KG kind:media lang:ru has:email -tag:internal "state news"
    not-contacted-since:2026-01-01

Fields:

``tag:NAME``                      carries one of the tags (compared case-insensitively)
``kind:KIND``                     organisation kind: media, un_agency, government, ngo,
                                  company, other
``country:CODE``                  ISO code or country name (``KZ``, ``Kazakhstan``)
``lang:CODE``                     speaks one of the languages (``ru``, ``en``)
``has:email`` / ``has:phone``     has a valid e-mail address / phone number
``contacted-since:YYYY-MM-DD``    was sent something on or after that day
``not-contacted-since:YYYY-MM-DD`` was sent nothing since that day (or never)

Values holding spaces are quoted: ``tag:"press corps"``; ``-"free text"`` excludes a
search. Field names are case-insensitive. Parse errors (:class:`FilterSyntaxError`) say
which term is wrong and where, so the CLI and the filter builder can show them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pressdesk.domain.countries import country_code


class FilterSyntaxError(ValueError):
    """A filter that cannot be read; ``position`` is the offset of the faulty term."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at character {position + 1})")
        self.reason = message
        self.position = position


class Field(StrEnum):
    TAG = "tag"
    KIND = "kind"
    COUNTRY = "country"
    LANG = "lang"
    HAS = "has"
    CONTACTED_SINCE = "contacted-since"
    NOT_CONTACTED_SINCE = "not-contacted-since"
    TEXT = "text"


#: Organisation kinds, as stored (``store.models.OrganizationKind`` holds the same values).
KINDS = ("media", "un_agency", "government", "ngo", "company", "other")
HAS_VALUES = ("email", "phone")
_ALIASES = {"language": Field.LANG, "org-kind": Field.KIND, "tags": Field.TAG}


@dataclass(frozen=True, slots=True)
class Term:
    field: Field
    values: tuple[str, ...]
    negated: bool = False

    def __str__(self) -> str:
        sign = "-" if self.negated else ""
        if self.field is Field.TEXT:
            return sign + _quote(self.values[0])
        return f"{sign}{self.field.value}:{','.join(_quote(v) for v in self.values)}"

    @property
    def date(self) -> dt.date:
        """The day of a (not-)contacted-since term."""
        return dt.date.fromisoformat(self.values[0])


@dataclass(frozen=True, slots=True)
class Filter:
    terms: tuple[Term, ...] = ()

    def __str__(self) -> str:
        """The canonical text of the filter; parsing it gives the same filter back."""
        return " ".join(str(t) for t in self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def text_query(self) -> str:
        """The free-text words a contact must match (for the store's search)."""
        return " ".join(
            v for t in self.terms if t.field is Field.TEXT and not t.negated for v in t.values
        )


def _quote(value: str, *, always: bool = False) -> str:
    special = not value or value.startswith("-") or any(c.isspace() or c in ',":' for c in value)
    if always or special:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    """The string opened by the quote at ``start``, and the offset after its closing quote."""
    out: list[str] = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if char == '"':
            return "".join(out), i + 1
        out.append(char)
        i += 1
    raise FilterSyntaxError("a quote is not closed", start)


def _tokens(text: str) -> list[tuple[int, str]]:
    """Split into raw terms at unquoted whitespace; quotes are kept for the term parser."""
    tokens: list[tuple[int, str]] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        start = i
        while i < len(text) and not text[i].isspace():
            if text[i] == '"':
                _, i = _read_quoted(text, i)
            else:
                i += 1
        tokens.append((start, text[start:i]))
    return tokens


def _values(raw: str, position: int) -> list[str]:
    values: list[str] = []
    i = 0
    current: list[str] = []
    while i <= len(raw):
        if i == len(raw) or raw[i] == ",":
            values.append("".join(current).strip())
            current = []
            i += 1
        elif raw[i] == '"':
            quoted, i = _read_quoted(raw, i)
            current.append(quoted)
        else:
            current.append(raw[i])
            i += 1
    if any(not v for v in values):
        raise FilterSyntaxError("an empty value", position)
    return values


def _check(field: Field, values: list[str], position: int) -> tuple[str, ...]:
    if field is Field.COUNTRY:
        codes = []
        for value in values:
            code = country_code(value)
            if code is None:
                raise FilterSyntaxError(f"unknown country {value!r}", position)
            codes.append(code)
        return tuple(codes)
    if field is Field.KIND:
        kinds = [v.casefold().replace("-", "_").replace(" ", "_") for v in values]
        for value, kind in zip(values, kinds, strict=True):
            if kind not in KINDS:
                raise FilterSyntaxError(
                    f"unknown organisation kind {value!r} (one of {', '.join(KINDS)})", position
                )
        return tuple(kinds)
    if field is Field.HAS:
        wanted = [v.casefold().replace("-", "") for v in values]
        wanted = ["email" if v in ("mail", "e-mail") else v for v in wanted]
        for value, has in zip(values, wanted, strict=True):
            if has not in HAS_VALUES:
                raise FilterSyntaxError(f"has: takes email or phone, not {value!r}", position)
        return tuple(wanted)
    if field in (Field.CONTACTED_SINCE, Field.NOT_CONTACTED_SINCE):
        if len(values) != 1:
            raise FilterSyntaxError(f"{field.value}: takes one date", position)
        try:
            day = dt.date.fromisoformat(values[0])
        except ValueError:
            raise FilterSyntaxError(
                f"{values[0]!r} is not a date; write it as YYYY-MM-DD", position
            ) from None
        return (day.isoformat(),)
    if field is Field.LANG:
        return tuple(v.casefold() for v in values)
    return tuple(values)


def _term(position: int, token: str) -> Term:
    negated = token.startswith("-") and len(token) > 1
    body = token[1:] if negated else token
    if body.startswith('"'):
        text, end = _read_quoted(body, 0)
        if end != len(body):
            raise FilterSyntaxError("text after a closing quote", position)
        if not text.strip():
            raise FilterSyntaxError("an empty search text", position)
        return Term(Field.TEXT, (text,), negated)
    name, colon, raw = body.partition(":")
    if not colon:
        return Term(Field.TEXT, (body,), negated)
    key = name.casefold()
    try:
        field = _ALIASES.get(key) or Field(key)
    except ValueError:
        known = ", ".join(f.value for f in Field if f is not Field.TEXT)
        raise FilterSyntaxError(f"unknown field {name!r} (known: {known})", position) from None
    if field is Field.TEXT:
        raise FilterSyntaxError("write free text without a field name", position)
    if not raw:
        raise FilterSyntaxError(f"{field.value}: needs a value", position)
    return Term(field, _check(field, _values(raw, position), position), negated)


def parse_filter(text: str) -> Filter:
    """Read a filter; raises :class:`FilterSyntaxError` saying what is wrong and where."""
    if len(text) > 10_000:
        raise FilterSyntaxError("the filter is too long", 0)
    return Filter(tuple(_term(position, token) for position, token in _tokens(text)))


__all__ = ["HAS_VALUES", "KINDS", "Field", "Filter", "FilterSyntaxError", "Term", "parse_filter"]
