"""The import report as CSV: one line per row decision or problem.

Columns ``row, sheet, status, contact_id, field, value, message`` (the contract of
``pressdesk import --report``). The report is opened in spreadsheets, so a cell that one
would run as a formula gets a leading apostrophe.

A large import's report has hundreds of thousands of lines: it is written to a stream
(a file, a compressor) line by line rather than built as one string first.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, Protocol

REPORT_COLUMNS = ("row", "sheet", "status", "contact_id", "field", "value", "message")


class _TextSink(Protocol):
    def write(self, text: str, /) -> Any: ...


def write_report_csv(lines: Iterable[Any], stream: _TextSink) -> None:
    """Write the report as CSV to a text stream."""
    writer = csv.writer(stream)
    writer.writerow(REPORT_COLUMNS)
    writer.writerows(
        (
            "" if line.row is None else line.row,
            line.sheet or "",
            str(line.status),
            "" if line.contact_id is None else line.contact_id,
            line.field,
            _safe_cell(line.value),
            _safe_cell(line.message),
        )
        for line in lines
    )


def report_csv(lines: Iterable[Any]) -> str:
    """The report as CSV text; cells that a spreadsheet would run as formulas are quoted."""
    buffer = io.StringIO()
    write_report_csv(lines, buffer)
    return buffer.getvalue()


def _safe_cell(text: str) -> str:
    # A leading apostrophe keeps "=cmd|..." a string when the report is opened in Excel.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
