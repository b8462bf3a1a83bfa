"""Merging contacts from the table: side by side, field by field, one undo."""

from __future__ import annotations

from tests.ui.conftest import add_people

from pressdesk.services.merge_contacts import ALL
from pressdesk.ui.merge_dialog import MergeDialog

TWINS = [
    (
        "Dovlet Chariyev",
        "IOM Turkmenistan",
        "",
        "TM",
        "dchariyev@iom.int",
        "+993 12 48-84-07",
        ["UN"],
    ),
    (
        "CHARIYEV Dovlet",
        "IOM",
        "Communication Focal Point",
        "TM",
        "dovlet@example.org",
        "+993 65 12 34 56",
        ["media"],
    ),
]


def test_merge_from_selection_then_undo(qtbot, store, settings, window):
    ids = add_people(store, TWINS)
    window.events.contacts(None)
    page = window.current_page()
    page.table.select_ids(list(ids.values()))
    dialog = page.merge_selected()
    assert isinstance(dialog, MergeDialog)
    # Defaults: first non-empty value, lists united; choose the second one's organisation.
    assert dialog.groups["role"].checkedId() == ids["CHARIYEV Dovlet"]
    dialog.choose("organization", ids["CHARIYEV Dovlet"])
    choices = dialog.choices()
    assert choices.emails == ALL and choices.phones == ALL
    dialog.accept()
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert names == ["Dovlet Chariyev"]
    with store.uow() as uow:
        merged = uow.contacts.get(ids["Dovlet Chariyev"])
        assert merged.organization.name == "IOM"
        assert merged.role == "Communication Focal Point"
        assert {e.address for e in merged.emails} == {"dchariyev@iom.int", "dovlet@example.org"}
        assert len(merged.phones) == 2
    assert window.counts_label.text() == "1 contact · 0 with problems"
    window.undo_stack.undo()
    with store.uow() as uow:
        assert sorted(uow.contacts.search_ids("")) == sorted(ids.values())
        assert uow.contacts.get(ids["Dovlet Chariyev"]).organization.name == "IOM Turkmenistan"


def test_merge_needs_two(qtbot, people, window):
    page = window.current_page()
    page.table.select_ids([people["Dovlet Chariyev"]])
    assert page.merge_selected() is None
    assert "two or more" in window.statusBar().currentMessage()
