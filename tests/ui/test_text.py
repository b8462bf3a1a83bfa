"""One way of writing moments in the window: the locale's short date and time."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from pressdesk.ui.text import date_time


def test_date_time_is_the_locales_short_format(qapp):
    previous = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
        assert date_time(dt.datetime(2026, 11, 29, 5, 23)) == "29.11.26 05:23"
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        text = date_time(dt.datetime(2026, 11, 29, 5, 23, tzinfo=dt.UTC))
        expected = QLocale().toString(
            QDateTime(QDate(2026, 11, 29), QTime(5, 23)), QLocale.FormatType.ShortFormat
        )
        assert text == expected and "11/29/26" in text
    finally:
        QLocale.setDefault(previous)


def test_releases_and_import_history_write_dates_alike(qapp):
    from types import SimpleNamespace

    from pressdesk.ui.import_history_view import BatchesModel
    from pressdesk.ui.releases.model import ReleasesModel

    moment = dt.datetime(2026, 11, 29, 5, 22, tzinfo=dt.UTC)
    batches = BatchesModel()
    batch = SimpleNamespace(
        id=1, created_at=moment.isoformat(), file_name="a.csv", counts={}, undone=False
    )
    batches.set_batches([batch])
    releases = ReleasesModel()
    release = SimpleNamespace(
        id=1,
        title="t",
        language="en",
        languages=["en"],
        status="draft",
        embargo_utc=None,
        embargo_zone=None,
        updated_at=moment,
    )
    releases.set_rows([release])
    expected = date_time(moment.astimezone())
    assert batches.index(0, 1).data() == expected
    assert releases.index(0, 4).data() == expected
