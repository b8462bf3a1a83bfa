"""The id-only contacts model: Qt's model contract, paging, sorting in SQL."""

from __future__ import annotations

from PySide6.QtCore import Qt
from tests.ui.conftest import add_people

from pressdesk.store.contacts import ContactFilter
from pressdesk.ui import contacts_model
from pressdesk.ui.contacts_model import COLUMNS, PROBLEMS_COLUMN, ContactsModel
from pressdesk.ui.jobs import JobRunner


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


def _background_model(store, qtbot, monkeypatch) -> tuple[ContactsModel, JobRunner]:
    jobs = JobRunner()
    model = ContactsModel(store, jobs=jobs)
    model.first_screen = 2
    model.reload()
    model.last_search_ms = contacts_model.ASYNC_AFTER_MS + 1  # as on a big store
    return model, jobs


def test_first_screen_then_the_rest_by_insert(qtbot, qtmodeltester, store, people, monkeypatch):
    model, jobs = _background_model(store, qtbot, monkeypatch)
    qtmodeltester.check(model)
    resets, counts = [], []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    model.searched.connect(lambda count, _ms: counts.append(count))
    inserted = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    with qtbot.waitSignal(model.rowsInserted, timeout=5000):
        model.sort(0, Qt.SortOrder.DescendingOrder)
        assert model.pending
    jobs.wait()
    assert resets == [2]  # the first screen, once; the rest came by insert
    assert inserted == [(2, 4)]
    assert model.rowCount() == 5 and not model.growing and counts == [5]
    names = _names(model)
    assert names == sorted(names, reverse=True) and all(names)

    with qtbot.waitSignal(model.searched, timeout=5000):
        model.set_query("iom")  # two matches: the first screen is the whole answer
    assert resets == [2, 2] and inserted == [(2, 4)] and not model.growing


def test_the_first_screen_comes_with_its_rows(qtbot, store, people, monkeypatch):
    """The background search reads the first page's rows with the ids: the GUI thread
    paints them without a query of its own."""
    model, jobs = _background_model(store, qtbot, monkeypatch)
    monkeypatch.setattr(contacts_model, "PAGE_SIZE", 1)
    model.pages_ahead = 2  # a view showing two pages' rows: both come
    loaded = []
    original = model._load_page
    monkeypatch.setattr(model, "_load_page", lambda n: loaded.append(n) or original(n))
    first = []
    model.modelReset.connect(
        lambda: first.append((model.growing, set(model._cells), _names(model), list(loaded)))
    )
    with qtbot.waitSignal(model.rowsInserted, timeout=5000):
        model.sort(0, Qt.SortOrder.DescendingOrder)
    jobs.wait()
    growing, cells, names, loaded_then = first[0]
    assert growing and len(names) == 2 and all(names)  # the first screen, painted at once
    assert loaded_then == []  # its rows came with its ids
    assert cells == set(model.ids[:2])  # and their texts, made off the GUI thread
    assert _names(model)[:2] == names and model.rowCount() == len(people)


def test_the_first_screen_is_what_the_view_shows_and_more(qtbot):
    from pressdesk.ui.contacts_view import ContactsTable

    model = ContactsModel()
    assert (model.first_screen, model.pages_ahead) == (contacts_model.FIRST_SCREEN, 1)
    model.set_screen_rows(10)  # a small window still reads a full first screen
    assert (model.first_screen, model.pages_ahead) == (contacts_model.FIRST_SCREEN, 1)
    model.set_screen_rows(100)  # a tall one reads what it shows and half as much again
    assert (model.first_screen, model.pages_ahead) == (150, 2)
    table = ContactsTable(ContactsModel())
    qtbot.addWidget(table)
    table.resize(900, 4000)  # the view says how many rows it shows when resized
    table.show()
    qtbot.waitExposed(table)
    shown = table.viewport().height() // table.verticalHeader().defaultSectionSize()
    assert table.contacts.first_screen >= shown > contacts_model.FIRST_SCREEN


def test_the_rest_resets_when_the_store_changed_between(qtbot, store, people, monkeypatch):
    model, _jobs = _background_model(store, qtbot, monkeypatch)
    model._apply([people["Aigul Nurlanova"], people["Charlotte Durand"]], 1.0, complete=False)
    model.growing = True
    with qtbot.waitSignal(model.modelReset, timeout=1000):
        model._extend([people["Aigul Nurlanova"], people["Dovlet Chariyev"]], 1.0)
    assert model.ids == [people["Aigul Nurlanova"], people["Dovlet Chariyev"]]
    assert not model.growing


def test_selection_beyond_the_first_screen_comes_back(qtbot, store, people, monkeypatch):
    from pressdesk.ui.contacts_view import ContactsTable

    model, jobs = _background_model(store, qtbot, monkeypatch)
    table = ContactsTable(model)
    qtbot.addWidget(table)
    last = model.ids[-1]
    table.select_ids([model.ids[0], last], current=last)
    with qtbot.waitSignal(model.rowsInserted, timeout=5000):
        model.refresh()
    jobs.wait()
    assert sorted(table.selected_ids()) == sorted([model.ids[0], last])
    assert table.current_id() == last
