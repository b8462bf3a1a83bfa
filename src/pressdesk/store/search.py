"""Contact search as SQL: one function, one dialect switch.

SQLite: each word of three or more characters is a substring match through the FTS5
trigram index; shorter words match the start of the name through a range on the name
index (the first keystrokes of a name), or narrow the longer words' hits. PostgreSQL: ``LIKE`` on
the folded search text, served by a pg_trgm index where the server has the extension.

The first screen of a search in name order is found the way its hits allow. A broad word
("gmail", 30,000 hits in 100,000) costs the FTS index a few thousand look-ups to sort its
hits by name, while reading ``contacts_search_by_name`` (name, id and search text,
migration 0005) in name order fills a screen after a few hundred entries: :func:`walk`. A
probe of the first entries tells how far a walk would go; where hits are sparser, the
FTS index answers, and where they are few (:data:`FEW_HITS`) all of them come at once,
sorted by name from ``contacts_name_by_id`` (id and name, migration 0006).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    literal_column,
    select,
    text,
    true,
)
from sqlalchemy.orm import InstrumentedAttribute

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


def _joined_phone(words: list[str]) -> list[str]:
    """A number typed in international format with spaces ("+993 12 48", "+7 701") is
    one run of digits in the stored E.164 form: its groups are one term, not several
    (which would find a "+7" anywhere and a "701" anywhere)."""
    joined: list[str] = []
    for word in words:
        if joined and joined[-1].startswith("+") and joined[-1][1:].isdigit() and word.isdigit():
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def terms(query: str) -> list[str]:
    # A NUL ends an FTS5 query early ("unterminated string"): control characters are spaces.
    query = "".join(" " if unicodedata.category(c) == "Cc" else c for c in query)
    words = [_term(word) for word in fold(query).split()]
    return _joined_phone([word for word in words if word])


def _pattern(term: str) -> str:
    """The LIKE pattern finding ``term`` anywhere (with :func:`_like`)."""
    return f"%{_escape_like(term)}%"


def _like(
    column: ColumnElement[str] | InstrumentedAttribute[str], pattern: Any
) -> ColumnElement[bool]:
    return column.like(pattern, escape="\\")


def _contains(term: str) -> ColumnElement[bool]:
    return _like(Contact.search_text, _pattern(term))


def _split(words: list[str]) -> tuple[list[str], list[str]]:
    """The words the FTS index answers (three characters or more), and the shorter ones."""
    return [w for w in words if len(w) >= TRIGRAM], [w for w in words if len(w) < TRIGRAM]


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
    long_words, short_words = _split(words)
    if not long_words:
        first, *rest = short_words
        if first.lstrip("+").isdigit():
            # One or two digits: not the start of a name; a plain scan is what's asked.
            return and_(*[_contains(word) for word in short_words])
        return and_(_name_prefix(first), *[_contains(word) for word in rest])
    fts_ids = _FTS_IDS.params(match=_fts_match(long_words))
    return and_(Contact.id.in_(fts_ids), *[_contains(word) for word in short_words])


#: SQLite's index of (sort_name, id, search_text), made by migration 0005.
WALK_INDEX = "contacts_search_by_name"
#: SQLite's index of (id, sort_name), made by migration 0006: the FTS index's hits sort
#: by name without reading the table.
HITS_INDEX = "contacts_name_by_id"
#: Entries of the walk index read first (well under a millisecond): a broad word fills
#: the screen within them, and the hits among them tell how far a walk would go.
WALK_PROBE = 500
#: A walk goes on where the probe's hits say the screen fills within this many entries
#: (a few ms; one contact in eighty): sparser hits are fewer, and the FTS index answers
#: them sooner.
WALK_EXPECTED = 5_000
#: The most entries a walk reads (about 7 ms on a 2-core machine) before giving up.
WALK_MOST = 10_000


def walk_words(query: str, dialect: str) -> list[str] | None:
    """The words to walk the name index with, or None where a walk cannot help: not on
    SQLite, or no word long enough for the FTS index (short words already walk the name
    index through the prefix range)."""
    words = terms(query)
    if dialect != "sqlite" or not any(len(w) >= TRIGRAM for w in words):
        return None
    return words


#: A search whose long words the FTS index answers with at most this many hits is read
#: whole and sorted by name at once ("kazinform correspondent", 530 hits of 100,000: the
#: FTS lookup about 8 ms, the sort 1 ms), with no second query for the rest.
FEW_HITS = 2_000


#: A select of ids and the values of its parameters.
BoundSelect = tuple[Select[tuple[int]], dict[str, Any]]


def _fts_match(long_words: list[str]) -> str:
    """The FTS5 query finding every one of ``long_words`` (each a trigram phrase)."""
    if not long_words:
        raise ValueError("no word long enough for the FTS index")
    return " AND ".join(_fts_phrase(word) for word in long_words)


#: Ids of the contacts the FTS index finds for ``:match``.
_FTS_IDS: Select[tuple[int]] = (
    select(literal_column("rowid", Integer))
    .select_from(text("contacts_fts"))
    .where(text("contacts_fts MATCH :match"))
)
#: At most ``:most`` of them.
_FTS_HITS = _FTS_IDS.limit(bindparam("most"))


def _by_name(descending: bool) -> list[Any]:
    """ORDER BY the name, then the id (the table's name order)."""
    by_name = [Contact.sort_name, Contact.id]
    return [column.desc() for column in by_name] if descending else by_name


def few_hits_by_name(query: str, descending: bool) -> BoundSelect:
    """All hits of ``query`` (every word long enough: :func:`hits_by_name`) in name order
    if there are at most :data:`FEW_HITS` (else ``FEW_HITS + 1`` of them, and the caller
    asks otherwise): the FTS index's hits sorted from :data:`HITS_INDEX` alone."""
    if not hits_by_name(query, "sqlite"):
        raise ValueError(f"a word too short for the FTS index: {query!r}")
    match = _fts_match(terms(query))
    return _few_hits_by_name(descending), {"match": match, "most": FEW_HITS + 1}


@cache
def _few_hits_by_name(descending: bool) -> Select[tuple[int]]:
    # Built once: building a statement and its cache key cost more than running most.
    return (
        select(Contact.id)
        .with_hint(Contact, f"INDEXED BY {HITS_INDEX}", "sqlite")
        .where(Contact.id.in_(_FTS_HITS))
        .order_by(*_by_name(descending))
    )


def fts_hits(query: str) -> BoundSelect:
    """Ids of contacts holding the long words of ``query``, from the FTS index, in no
    particular order: at most ``FEW_HITS + 1`` (more, and the caller asks otherwise)."""
    long_words, _short_words = _split(terms(query))
    return _FTS_HITS, {"match": _fts_match(long_words), "most": FEW_HITS + 1}


def in_name_order(ids: list[int], query: str, descending: bool) -> BoundSelect:
    """Those of ``ids`` (the FTS index's hits for the long words of ``query``) that hold
    its short words too, in name order (the search text is read from the table)."""
    _long_words, short_words = _split(terms(query))
    parameters: dict[str, Any] = {"ids": ids}
    parameters |= {f"short{i}": _pattern(word) for i, word in enumerate(short_words)}
    return _in_name_order(len(short_words), descending), parameters


@cache
def _in_name_order(short_words: int, descending: bool) -> Select[tuple[int]]:
    return (
        select(Contact.id)
        .where(
            Contact.id.in_(bindparam("ids", expanding=True)),
            *[_like(Contact.search_text, bindparam(f"short{i}")) for i in range(short_words)],
        )
        .order_by(*_by_name(descending))
    )


def hits_by_name(query: str, dialect: str) -> bool:
    """Whether the FTS index alone answers ``query`` (every word long enough), so its hits
    can sort by name from :data:`HITS_INDEX` alone (short words are matched against the
    search text, in the table)."""
    words = terms(query)
    return dialect == "sqlite" and bool(words) and all(len(w) >= TRIGRAM for w in words)


def walk(words: list[str], descending: bool, rows: int, limit: int) -> BoundSelect:
    """The first ``limit`` contacts in name order among the first ``rows`` entries of the
    name index that contain every word: when ``limit`` are found, they are the search's
    first ``limit`` (no later entry comes before them). The same words as
    :func:`condition` match, as plain substrings of the search text (what the trigram
    index answers too)."""
    words_at = {f"word{i}": _pattern(word) for i, word in enumerate(words)}
    return _walk_statement(len(words), descending), {"rows": rows, "limit": limit, **words_at}


@cache
def _walk_statement(words: int, descending: bool) -> Select[tuple[int]]:
    entries = (
        select(Contact.id, Contact.search_text)
        .with_hint(Contact, f"INDEXED BY {WALK_INDEX}", "sqlite")
        .order_by(*_by_name(descending))
        .limit(bindparam("rows"))
        .subquery()
    )
    # No ORDER BY outside: SQLite reads the subquery as a co-routine, in its order, and
    # stops at ``limit``; sorting again would read all ``rows`` first.
    return (
        select(entries.c.id)
        .where(*[_like(entries.c.search_text, bindparam(f"word{i}")) for i in range(words)])
        .limit(bindparam("limit"))
    )
