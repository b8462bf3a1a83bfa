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


def _colours_in(image, rect) -> set[int]:
    return {
        image.pixel(x, y)
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    }


def test_rows_are_painted_with_their_text_colours_and_selection(qtbot, people, window):
    from PySide6.QtGui import QColor, QPalette

    from pressdesk.ui.theme import warning_color

    page = window.current_page()
    table = page.table
    model = page.model
    table.clearSelection()
    rows = {model.row_data(r).name: r for r in range(model.rowCount())}
    flagged = next(r for r in range(model.rowCount()) if model.row_data(r).problems)
    problems = table.visualRect(model.index(flagged, _column(SortKey.PROBLEMS)))
    image = table.viewport().grab().toImage()
    warning = warning_color(table.palette()).rgb()
    assert warning in _colours_in(image, problems)  # the ⚠ badge in its colour

    chosen = rows["Dovlet Chariyev"]
    table.select_ids([people["Dovlet Chariyev"]])
    image = table.viewport().grab().toImage()
    name = table.visualRect(model.index(chosen, 0))
    colours = _colours_in(image, name)
    group = QPalette.ColorGroup.Active if table.isActiveWindow() else QPalette.ColorGroup.Inactive
    assert table.palette().color(group, QPalette.ColorRole.Highlight).rgb() in colours
    # The whole row is selected, text drawn over the highlight in its own colour.
    assert len(colours) > 2 and QColor(image.pixel(name.center())).isValid()
    unselected = table.visualRect(model.index((chosen + 1) % model.rowCount(), 0))
    assert table.palette().color(group, QPalette.ColorRole.Highlight).rgb() not in _colours_in(
        image, unselected
    )


def test_a_text_said_to_fit_is_never_one_qt_would_elide(people, window):
    """The painter skips eliding texts whose characters' advances sum within the width:
    that sum must never be narrower than Qt's own layout of the text."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from PySide6.QtCore import Qt

    table = window.current_page().table
    metrics = table.fontMetrics()
    alphabet = st.sampled_from(
        list("AVWTYLfijlmw.,-'@ ") + list("ЖШЩЮЯжшщюяЁё") + list("ÀÉÎÕÜçßøłő") + ["ﬁ", "\u0301"]
    )

    @settings(max_examples=400, deadline=None)
    @given(text=st.text(alphabet, min_size=1, max_size=40), width=st.integers(10, 400))
    def check(text: str, width: int) -> None:
        if table._surely_fits(text, width):
            assert metrics.horizontalAdvance(text) <= width
            assert metrics.elidedText(text, Qt.TextElideMode.ElideRight, width) == text

    check()
    # And texts that do not fit are still elided.
    assert table._elided(metrics, "Ministry of Foreign Affairs of Turkmenistan", 60).endswith("…")
    assert table._elided(metrics, "UN", 60) == "UN"


def test_a_repaint_showing_the_same_copies_the_last_picture(qtbot, people, window, store):
    """The repaint after a search's whole list is appended below the screen shows
    nothing new: it is the last picture. Anything shown that changes draws anew."""
    from pressdesk.domain.contacts import ContactInput
    from pressdesk.services import contacts as service

    page = window.current_page()
    table = page.table
    table.viewport().repaint()
    picture = table._picture[1]
    table.viewport().repaint()
    assert table._picture[1] is picture  # same rows, same everything

    table.select_ids([people["Dovlet Chariyev"]])
    table.viewport().repaint()
    assert table._picture[1] is not picture  # the selection moved
    picture = table._picture[1]

    with store.uow() as uow:
        service.update_contact(
            uow, people["Aigul Nurlanova"], ContactInput(name="Aigul Nurlanova-Sadykova")
        )
        uow.commit()
    page.model.refresh_rows()
    table.viewport().repaint()
    assert table._picture[1] is not picture  # a row's data changed
    row = page.model.rows_of([people["Aigul Nurlanova"]])[0]
    assert page.model.index(row, 0).data() == "Aigul Nurlanova-Sadykova"
