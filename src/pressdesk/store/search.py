"""Contact search as SQL: one function, one dialect switch.

SQLite: each word of three or more characters is a substring match through the FTS5
trigram index; shorter words match the start of the name through ``ix_contacts_sort_name``
(the first keystrokes of a name), or narrow the longer words' hits. PostgreSQL: ``LIKE`` on
the folded search text, served by a pg_trgm index where the server has the extension.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import ColumnElement, and_, literal_column, or_, select, text, true

from pressdesk.store.derived import fold
from pressdesk.store.models import Contact

TRIGRAM = 3


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_PHONE_PUNCTUATION = str.maketrans("", "", "()-./")


def _term(word: str) -> str:
    """Phone fragments lose their punctuation: "48-84-07" finds "+99312488407"."""
    stripped = word.translate(_PHONE_PUNCTUATION)
    if stripped and stripped.lstrip("+").isdigit() and any(c.isdigit() for c in stripped):
        return stripped
    return word


def terms(query: str) -> list[str]:
    # A NUL ends an FTS5 query early ("unterminated string"): control characters are spaces.
    query = "".join(" " if unicodedata.category(c) == "Cc" else c for c in query)
    words = [_term(word) for word in fold(query).split()]
    return [word for word in words if word]


def _contains(term: str) -> ColumnElement[bool]:
    return Contact.search_text.like(f"%{_escape_like(term)}%", escape="\\")


def _name_prefix(term: str) -> ColumnElement[bool]:
    # A range on the folded name uses the index; LIKE 'x%' would not on SQLite.
    return and_(Contact.sort_name >= term, Contact.sort_name < term + "\U0010ffff")


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def condition(query: str, dialect: str) -> ColumnElement[bool]:
    """A WHERE clause selecting contacts that match every word of ``query``."""
    words = terms(query)
    if not words:
        return true()
    if dialect != "sqlite":
        return and_(*[_contains(word) for word in words])
    long_words = [w for w in words if len(w) >= TRIGRAM]
    short_words = [w for w in words if len(w) < TRIGRAM]
    if not long_words:
        first, *rest = short_words
        if first.lstrip("+").isdigit():
            # One or two digits: not the start of a name; a plain scan is what's asked.
            return and_(*[_contains(word) for word in short_words])
        return and_(
            or_(_name_prefix(first), _name_prefix(" ".join(short_words))),
            *[_contains(word) for word in rest],
        )
    match = " AND ".join(_fts_phrase(w) for w in long_words)
    fts_ids = (
        select(literal_column("rowid"))
        .select_from(text("contacts_fts"))
        .where(text("contacts_fts MATCH :match").bindparams(match=match))
    )
    return and_(Contact.id.in_(fts_ids), *[_contains(word) for word in short_words])
