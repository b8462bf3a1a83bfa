"""Read 100,000 messy contact rows from XLSX and CSV: time, rows/s and peak memory.

Run: .venv/bin/python bench/read_bench.py [rows]
Builds its own files in a temporary directory (the XLSX build takes a while: openpyxl).
Peak memory is tracemalloc's figure for Python allocations plus the process's peak RSS.
"""

from __future__ import annotations

import csv
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from openpyxl import Workbook

from pressdesk.formats.layouts import guess_mapping
from pressdesk.formats.records import to_records
from pressdesk.formats.tables import read_table

HEADERS = ["№", "ФИО", "Организация", "Должность", "Эл. почта", "Телефон", "Страна", "Примечание"]
GIVEN = ["Dovlet", "Aigul", "Zeynal", "Merdan", "Gülälek", "Довлет", "Айгуль", "José"]
FAMILY = ["CHARIYEV", "Berdyyeva", "Hajiyev", "Annayev", "Öwezowa", "Чарыев", "Núñez"]
ORGS = ["IOM", "UNDP", "UNICEF", "МОМ", "Ministry of Foreign Affairs", "Turkmenistan Today"]


def messy_rows(count: int, seed: int = 1) -> list[list[object]]:
    rnd = random.Random(seed)
    rows: list[list[object]] = []
    for i in range(count):
        name = f"{rnd.choice(FAMILY)} {rnd.choice(GIVEN)}"
        emails = "; ".join(f"user{i}.{k}@example.org" for k in range(rnd.randint(1, 3)))
        phone: object = (
            99312000000 + i if rnd.random() < 0.5 else f"+993 65 {i:06d} / +993 12 48-84-07"
        )
        note = rnd.choice(["", "", "Met at launch", "Prefers Russian\nCall mornings"])
        rows.append([i + 1, name, rnd.choice(ORGS), "Officer", emails, phone, "Туркменистан", note])
    return rows


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Contacts")
    sheet.append(["Focal points"])
    sheet.append([])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with open(path, "w", encoding="cp1251", newline="", errors="replace") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerows(rows)


def read_all(path: Path) -> tuple[int, str]:
    table = read_table(path)
    mapping = guess_mapping(table.headers)
    count = sum(1 for _ in to_records(table, mapping))
    return count, table.info.encoding or table.info.sheet or ""


def measure(path: Path) -> None:
    """Time without tracing; then a second, traced pass for Python's peak memory."""
    started = time.perf_counter()
    rows = sum(1 for _ in read_table(path).rows)
    print(
        f"{path.suffix[1:].upper():5} {rows:>8,} rows  {time.perf_counter() - started:6.2f} s  "
        "read_table only"
    )
    started = time.perf_counter()
    count, detected = read_all(path)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    read_all(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{path.suffix[1:].upper():5} {count:>8,} rows  {elapsed:6.2f} s  "
        f"{count / elapsed:>9,.0f} rows/s  Python peak {peak / 2**20:6.1f} MiB  "
        f"process max RSS so far {rss:6.0f} MiB  ({detected})"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rows = messy_rows(count)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, xlsx_path = Path(tmp) / "contacts.csv", Path(tmp) / "contacts.xlsx"
        started = time.perf_counter()
        write_csv(csv_path, rows)
        write_xlsx(xlsx_path, rows)
        print(f"built the files in {time.perf_counter() - started:.1f} s")
        del rows
        measure(csv_path)
        measure(xlsx_path)


if __name__ == "__main__":
    main()
