"""The first screen of a search (``search_ids(..., limit=N)``) is the start of the whole
result, whichever way it is found: a walk of the name index or the FTS index."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.services import contacts as service
from pressdesk.store import Store, search
from pressdesk.store.contacts import ContactFilter, SortKey

GIVEN = ["Aigul", "Azamat", "Dovlet", "Merdan", "Olga", "Ivan", "Chary", "Anna", "Jörg", "Amal"]
FAMILY = ["Chariyev", "Orazova", "Ivanova", "Novak", "Müller", "Berdyeva", "Haddad", "Kim"]
DOMAINS = ["gmail.com", "un.org", "iom.int", "kazinform.kz", "mail.ru"]


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store.open(tmp_path_factory.mktemp("walk") / "crowd.sqlite3")
    rng = random.Random(5)
    with store.uow() as uow:
        for number in range(600):
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            domain = DOMAINS[min(number % 7, len(DOMAINS) - 1)]
            service.create_contact(
                uow,
                ContactInput(
                    name=f"{given} {family}",
                    role=rng.choice(["Correspondent", "Editor", "Press officer"]),
                    emails=[ValueInput(f"{given}.{family}{number}@{domain}".lower())],
                    phones=[ValueInput(f"+993 12 {number:06d}")],
                ),
            )
        uow.commit()
    yield store
    store.close()


QUERIES = [
    "gmail",
    "ova",
    "chariyev",
    "iom.int",
    "@mail",
    "993",
    "12 0001",
    "editor ova",
    "correspondent kazinform",
    "müller",
    "zzz",
    "an",
    "a",
    "ova a",
    "o gmail",
]


def _walks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records the length of each walk the repository runs (statements run on the DBAPI
    cursor, out of SQLAlchemy's events)."""
    seen: list[int] = []
    real = search.walk

    def walk(words, descending, rows, limit):  # type: ignore[no-untyped-def]
        seen.append(rows)
        return real(words, descending, rows, limit)

    monkeypatch.setattr(search, "walk", walk)
    return seen


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize(
    "sizes", [(2_000, 10_000, 2_000), (50, 200, 40), (20, 40, 10), (20, 40, 0)], ids=str
)
def test_first_screen_is_the_start_of_the_whole_result(
    crowd: Store,
    monkeypatch: pytest.MonkeyPatch,
    descending: bool,
    sizes: tuple[int, int, int],
) -> None:
    # Short walks and few "few hits" make the store look big: the FTS index's few hits,
    # the probe, the long walk and the fall-back to the FTS index each answer some of the
    # queries.
    monkeypatch.setattr(search, "WALK_PROBE", sizes[0])
    monkeypatch.setattr(search, "WALK_EXPECTED", sizes[1] // 3)
    monkeypatch.setattr(search, "WALK_MOST", sizes[1])
    monkeypatch.setattr(search, "FEW_HITS", sizes[2])
    walks = _walks(monkeypatch)
    with crowd.uow() as uow:
        for query in QUERIES:
            whole = uow.contacts.search_ids(query, SortKey.NAME, descending)
            for limit in (1, 7, 60):
                first = uow.contacts.search_ids(query, SortKey.NAME, descending, limit=limit)
                assert first == whole[:limit], (query, limit)
                ids, complete = uow.contacts.first_ids(query, SortKey.NAME, descending, limit)
                assert ids == (whole if complete else whole[:limit]), (query, limit)
                assert complete or len(whole) >= limit, (query, limit)
    assert walks, "no query walked the name index"


def test_few_fts_hits_come_whole_many_are_walked(
    crowd: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "WALK_PROBE", 100)
    monkeypatch.setattr(search, "WALK_EXPECTED", 200)
    monkeypatch.setattr(search, "WALK_MOST", 300)
    monkeypatch.setattr(search, "FEW_HITS", 30)
    walks = _walks(monkeypatch)
    with crowd.uow() as uow:
        # Three contacts in seven: the probe fills the screen.
        assert len(uow.contacts.search_ids("mail.ru", limit=20)) == 20
        assert walks == [100]
        walks.clear()
        # One in seven: the probe finds a few, so the longer walk fills the screen.
        ids, complete = uow.contacts.first_ids("kazinform", SortKey.NAME, False, 20)
        assert len(ids) == 20 and not complete
        assert walks == [100, 300]
        walks.clear()
        # One contact in 600: the probe finds none; the FTS index's hits are all of them,
        # sorted, and no second query is needed.
        whole = uow.contacts.search_ids("000123")
        assert uow.contacts.first_ids("000123", SortKey.NAME, False, 20) == (whole, True)
        # Eleven hits (few) for a screen of eight: all eleven come at once.
        ids, complete = uow.contacts.first_ids("00012", SortKey.NAME, False, 8)
        assert complete and len(ids) == 11 and ids == uow.contacts.search_ids("00012")
        # More than few, too sparse to walk: the first five from the FTS index.
        ids, complete = uow.contacts.first_ids("0001", SortKey.NAME, False, 5)
        assert not complete and ids == uow.contacts.search_ids("0001")[:5]
        # A short word as well: the few hits of the long one, those holding it too.
        whole = uow.contacts.search_ids("00012 an")
        assert len(whole) == 5
        assert uow.contacts.first_ids("00012 an", SortKey.NAME, False, 3) == (whole, True)
        assert uow.contacts.first_ids("00012 an", SortKey.NAME, True, 3) == (whole[::-1], True)
        # Too many for the long word alone: the screen's first ones.
        ids, complete = uow.contacts.first_ids("0001 99", SortKey.NAME, False, 200)
        assert complete and ids == uow.contacts.search_ids("0001 99")


def test_other_sorts_and_filters_do_not_walk(crowd: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    walks = _walks(monkeypatch)
    with crowd.uow() as uow:
        whole = uow.contacts.search_ids("gmail", SortKey.ORGANIZATION)
        assert uow.contacts.search_ids("gmail", SortKey.ORGANIZATION, limit=5) == whole[:5]
        flt = ContactFilter(query="gmail", problems_only=True)
        assert uow.contacts.search_ids(flt, limit=5) == []
    assert walks == []


@contextmanager
def _statements(store: Store) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", record)


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_fts_hits_sort_by_name_from_the_small_index(crowd: Store, descending: bool) -> None:
    """Only long words: the hits sort by name from (id, sort_name) alone, and SQLite is
    told so (its planner, without statistics, would read the table)."""
    with _statements(crowd) as seen, crowd.uow() as uow:
        ids = uow.contacts.search_ids("chariyev editor", SortKey.NAME, descending)
        statement = next(s for s in seen if "MATCH" in s)
        assert f"INDEXED BY {search.HITS_INDEX}" in statement
        plan = " ".join(
            str(row[-1])
            for row in uow.session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, ('"chariyev" AND "editor"',)
            )
        )
        assert f"COVERING INDEX {search.HITS_INDEX}" in plan
        names = [c.sort_name for c in uow.contacts.get_many(ids)]
    assert ids and names == sorted(names, reverse=descending)


def test_short_words_and_other_sorts_read_the_table(crowd: Store) -> None:
    with _statements(crowd) as seen, crowd.uow() as uow:
        uow.contacts.search_ids("ova a")  # a short word is matched in the search text
        uow.contacts.search_ids("chariyev", SortKey.ORGANIZATION)
        uow.contacts.search_ids(ContactFilter(query="chariyev", problems_only=True))
    assert seen and not any(search.HITS_INDEX in s for s in seen)


def test_the_fts_statements_refuse_what_they_cannot_answer() -> None:
    with pytest.raises(ValueError, match="too short"):
        search.few_hits_by_name("ova a", False)  # "a" is not in the FTS index
    with pytest.raises(ValueError, match="long enough"):
        search.fts_hits("an a")
