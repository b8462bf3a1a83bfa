"""Random tables through the whole import: nothing but a clear error, and no row lost.

Hypothesis writes tables of known and unknown headers and hostile cells (several values
in one cell, formulas, numbers, line breaks, scripts of every kind) as CSV and XLSX, and
imports them into one real store that grows as it goes, so duplicates against the store
arise too. Every non-blank row below the header must come out as created, merged, skipped
or error, with a report line of its own.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pressdesk.services import import_contacts as service
from pressdesk.services.errors import PressDeskError
from pressdesk.services.import_contacts import ImportOptions, OnDuplicate, Status

HEADERS = [
    "Name",
    "First Name",
    "Last Name",
    "ФИО",
    "E-mail",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "Phone",
    "Mobile",
    "Phone 1 - Type",
    "Phone 1 - Value",
    "Organization",
    "Title",
    "Job Title",
    "Country",
    "Страна",
    "Tags",
    "Languages",
    "Do not contact",
    "Notes",
    "",
]
# XML 1.0 refuses most control characters, so the XLSX alphabet leaves them out.
_XML_SAFE = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"],
)
WORDS = st.sampled_from(
    [
        "Dovlet Chariyev",
        "CHARIYEV Dovlet",
        "Чарыев Довлет",
        "dchariyev@iom.int",
        "DChariyev@IOM.int; d@x.org",
        "a@b, c@d / e@f",
        "not an e-mail",
        "+993 12 48-84-07",
        "99312488407",
        "12 48 84 07 ext. 5",
        "+993 65 123456 / +993 12 488407",
        "Turkmenistan",
        "Туркменистан",
        "Narnia",
        "* Work ::: Home",
        "Mobile",
        '=HYPERLINK("x")',
        "@SUM(1)",
        "-",
        "yes",
        " ",
        "",
    ]
)
CELLS = st.one_of(WORDS, st.text(_XML_SAFE, max_size=30), st.emails().map(str))


def _tables(cell=CELLS):
    return st.integers(1, 6).flatmap(
        lambda width: st.tuples(
            st.lists(st.one_of(st.sampled_from(HEADERS), st.text(_XML_SAFE, max_size=12)),
                     min_size=width, max_size=width),
            st.lists(st.lists(cell, min_size=0, max_size=width + 1), max_size=12),
        )
    )  # fmt: skip


def _blank(row) -> bool:
    return not any(str(c).strip() for c in row if c is not None)


def _check(result: service.ImportResult, expected_rows: int | None) -> None:
    assert result.rows == result.created + result.merged + result.skipped + result.errors
    if expected_rows is not None:
        assert result.rows == expected_rows
    per_row = [
        line
        for line in result.report
        if line.status in (Status.CREATED, Status.SKIPPED, Status.ERROR)
        or (line.status == Status.MERGED and not line.field)
    ]
    assert len(per_row) == result.rows
    assert len({line.row for line in per_row}) == result.rows
    assert sum(line.status == Status.INVALID for line in result.report) == result.invalid
    assert all(line.row is not None and line.row >= 1 for line in result.report)
    for line in result.report:
        if line.status in (Status.CREATED, Status.MERGED, Status.INVALID):
            assert line.contact_id is not None


def _import(store, path: Path, options: ImportOptions, expected: int | None) -> None:
    """With ``expected`` rows the file is readable as written: any error is a bug."""
    if expected is not None:
        _check(service.import_contacts(store, path, options), expected)
        return
    try:
        result = service.import_contacts(store, path, options)
    except PressDeskError as error:
        assert str(error)
        return
    _check(result, None)


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(table=_tables(), policy=st.sampled_from(list(OnDuplicate)))
def test_random_csv(store, tmp_path, table, policy):
    headers, rows = table
    path = tmp_path / "fuzz.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([headers, *rows])
    # Read as written: every non-blank row below row 1 must be accounted for.
    forced = ImportOptions(encoding="utf-8", delimiter=",", header_row=1, on_duplicate=policy)
    expected = sum(not _blank(r) for r in rows)
    _import(store, path, forced, None if _blank(headers) and not expected else expected)
    # Detected: whatever the sniffing makes of it, nothing crashes and nothing is lost.
    _import(store, path, ImportOptions(on_duplicate=policy, dry_run=True), None)


@FUZZ
@given(table=_tables(st.one_of(CELLS, st.integers(0, 10**12), st.none())))
def test_random_xlsx(store, tmp_path, table):
    headers, rows = table
    # openpyxl stores text starting with "=" as a formula with no value; keep it text.
    rows = [[" " + c if isinstance(c, str) and c.startswith("=") else c for c in r] for r in rows]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Лист1"
    for row in [headers, *rows]:
        sheet.append(row)
    path = tmp_path / "fuzz.xlsx"
    book.save(path)
    expected = sum(not _blank(r) for r in rows)
    if _blank(headers) and not expected:
        expected = None  # an empty sheet: "no row 1" is the right answer
    _import(store, path, ImportOptions(header_row=1), expected)


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02garbage", b"PK\x03\x04broken zip", b"BEGIN:VCARD\r\nFN:x"],
)
def test_hostile_files_give_a_clear_error_or_a_full_account(store, tmp_path, content):
    path = tmp_path / "odd.csv"
    path.write_bytes(content)
    _import(store, path, ImportOptions(), None)
