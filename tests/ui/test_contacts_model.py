"""The id-only contacts model: Qt's model contract, paging, sorting in SQL."""

from __future__ import annotations

from PySide6.QtCore import Qt
from tests.ui.conftest import add_people

from pressdesk.store.contacts import ContactFilter
from pressdesk.ui import contacts_model
from pressdesk.ui.contacts_model import COLUMNS, PROBLEMS_COLUMN, ContactsModel


def _names(model: ContactsModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_model_contract(qtmodeltester, store, people):
    model = ContactsModel(store)
    model.reload()
    qtmodeltester.check(model)
    model.set_query("iom")
    qtmodeltester.check(model)
    model.set_filter(ContactFilter(problems_only=True))
    qtmodeltester.check(model)


def test_cells_show_international_phones_countries_and_problems(store, people):
    model = ContactsModel(store)
    model.reload()
    row = model.rows_of([people["Dovlet Chariyev"]])[0]
    cells = [model.index(row, c).data() for c in range(len(COLUMNS))]
    assert cells == [
        "Dovlet Chariyev",
        "IOM Turkmenistan",
        "Communication Focal Point",
        "Turkmenistan",
        "dchariyev@iom.int",
        "+993 12 48-84-07",
        "UN",
        "",
    ]
    bad = model.rows_of([people["Gulnara Ismailova"]])[0]
    badge = model.index(bad, PROBLEMS_COLUMN)
    assert badge.data() == "⚠ 2"
    tip = badge.data(Qt.ItemDataRole.ToolTipRole)
    assert "gulnara@24" in tip and "12-34" in tip
    assert badge.data(Qt.ItemDataRole.ForegroundRole) is not None


def test_sort_runs_in_sql_both_ways(store, people):
    model = ContactsModel(store)
    model.reload()
    assert _names(model)[0] == "Aigul Nurlanova"
    model.sort(1, Qt.SortOrder.DescendingOrder)
    organisations = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert organisations == sorted(organisations, key=str.casefold, reverse=True)
    model.sort(PROBLEMS_COLUMN, Qt.SortOrder.DescendingOrder)
    assert _names(model)[0] == "Gulnara Ismailova"


def test_rows_come_in_pages_and_only_a_few_are_kept(store, monkeypatch):
    monkeypatch.setattr(contacts_model, "PAGE_SIZE", 2)
    monkeypatch.setattr(contacts_model, "CACHED_PAGES", 2)
    add_people(store)
    model = ContactsModel(store)
    fetched = []
    original = model._load_page
    monkeypatch.setattr(model, "_load_page", lambda n: fetched.append(n) or original(n))
    model.reload()
    names = _names(model)
    assert len(names) == 5 and all(names)
    assert fetched == [0, 1, 2]
    assert len(model._pages) == 2
    model.index(4, 0).data()
    assert fetched == [0, 1, 2]
