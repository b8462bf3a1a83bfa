"""Hostile input: readers either raise SourceError or give rows, and never lose one."""

import contextlib
import csv

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pressdesk.formats.tables import SourceError, read_table, sniff
from pressdesk.formats.vcard import read_vcards

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Text that survives an XLSX round trip (no control characters) and CSV (no lone CR).
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    max_size=12,
) | st.sampled_from(["", " ", "a,b", 'q"t', "x;y", "l1\nl2", "=1+1", "Name", "E-mail"])
tables = st.lists(st.lists(cell_text, min_size=1, max_size=5), min_size=1, max_size=25)


def blank(row):
    return not any(c.strip() for c in row)


@FUZZ
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx", ".vcf", ".ods"]))
def test_random_bytes(tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    try:
        sniff(path)
        table = read_table(path)
        list(table.rows)
    except SourceError as error:
        assert str(error)
    try:
        list(read_vcards(path))
    except SourceError as error:
        assert str(error)


@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_in_zip_and_vcard_shapes(tmp_path, data):
    for name, content in (
        ("z.xlsx", b"PK\x03\x04" + data),
        ("o.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + data),
        ("v.vcf", b"BEGIN:VCARD\r\n" + data),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        with contextlib.suppress(SourceError):
            list(read_table(path).rows)
        if name.endswith(".vcf"):
            try:
                for contact in read_vcards(path):
                    assert contact.row is not None
            except SourceError:
                pass


@FUZZ
@given(rows=tables, delimiter=st.sampled_from([",", ";", "\t", "|"]))
def test_random_csv_loses_no_row(tmp_path, rows, delimiter):
    path = tmp_path / "t.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    table = read_table(path, header_row=1, delimiter=delimiter)
    out = list(table.rows)
    assert len(out) + sum(blank(r) for r in rows[1:]) == len(rows) - 1
    assert [r.cells for r in out] == [tuple(r) for r in rows[1:] if not blank(r)]
    read_table(path)  # detection on the same file must not fail


@FUZZ
@given(rows=tables)
def test_random_xlsx_loses_no_row(tmp_path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value:
                cell = sheet.cell(r, c)
                cell.value = value
                cell.data_type = "s"  # "=0" stays text, not a formula without a value
    path = tmp_path / "t.xlsx"
    book.save(path)
    try:
        table = read_table(path, header_row=1)
    except SourceError:
        assert all(not any(row) for row in rows)  # nothing at all in the sheet
        return
    out = list(table.rows)
    expected = [(i + 2, r) for i, r in enumerate(rows[1:]) if not blank(r)]
    assert [r.number for r in out] == [n for n, _ in expected]
    for got, (_, row) in zip(out, expected, strict=True):
        assert got.cells[: len(row)] == tuple(row)[: len(got.cells)]
        assert all(c == "" for c in got.cells[len(row) :])
