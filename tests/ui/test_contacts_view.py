"""The contacts table's columns: fitted to the width and the text, unless the user sized them."""

from __future__ import annotations

from pressdesk.ui.contacts_model import COLUMNS, SortKey


def _column(key: SortKey) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


def test_columns_fill_the_width_and_short_ones_show_whole(people, window):
    table = window.current_page().table
    header = table.horizontalHeader()
    assert header.length() == table.viewport().width()
    for key in (SortKey.COUNTRY, SortKey.PHONE):
        column = _column(key)
        assert header.sectionSize(column) >= table.sizeHintForColumn(column)

    window.resize(window.width() - 150, window.height())
    window.resize(window.width() + 300, window.height())
    assert header.length() == table.viewport().width()


def test_a_column_the_user_sized_stays(people, window):
    table = window.current_page().table
    header = table.horizontalHeader()
    header.resizeSection(1, 333)
    window.resize(window.width() - 100, window.height())
    assert header.sectionSize(1) == 333
