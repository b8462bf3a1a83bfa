"""Reading the head of a file for the wizard: what was detected and the first records.

Runs in the background (opening a large workbook takes a while); holds no Qt objects.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from pressdesk.formats.records import RawContact, to_records
from pressdesk.formats.tables import SourceInfo, SourceRow, SourceTable
from pressdesk.services.import_contacts import ImportOptions, read_records

PREVIEW_RECORDS = 20


@dataclass
class Head:
    """The first rows of a file under some options, and the mapping in force."""

    path: Path
    info: SourceInfo
    headers: list[str]
    mapping: list[str | None]
    records: list[RawContact]

    @property
    def is_vcard(self) -> bool:
        return self.info.format == "vcard"

    @property
    def data_rows(self) -> list[SourceRow]:
        return [r.row for r in self.records if r.row is not None]

    def records_with(self, mapping: list[str | None]) -> list[RawContact]:
        """The same rows read with another mapping (cheap: no file access)."""
        if self.is_vcard:
            return self.records
        table = SourceTable(self.info, self.headers, iter(self.data_rows))
        return list(to_records(table, mapping))


def read_head(path: Path, options: ImportOptions) -> Head:
    """Raises the errors of :func:`read_records` (``SourceError``, ``InvalidInput``)."""
    info, headers, mapping, records = read_records(path, options)
    head = list(itertools.islice(records, PREVIEW_RECORDS))
    return Head(path, info, headers, mapping, head)


def count_lines(path: Path) -> int | None:
    """Roughly how many rows a text file has (for the progress bar); None for others."""
    if path.suffix.lower() not in (".csv", ".txt", ".tsv", ".tab"):
        return None
    count = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            count += block.count(b"\n")
    return count
