"""Per-value cost of reading and validating contact rows, and the import floor per row.

Prints CPU microseconds per call (process time, the minimum over several timeit repeats:
on a machine shared with other work these move least) for the steps every imported row pays:
``check_email``, ``check_phone``, ``fold``, ``derive``, ``to_records``. With ``--floor``
it also runs ``import_bench.run_floor`` on the 10,000-row messy XLSX (made on first use)
``--floor-runs`` times and prints the best per-row wall and CPU time.

    python bench/validate_bench.py [--repeat 7] [--floor] [--floor-runs 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from functools import partial
from itertools import cycle
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_bench

from pressdesk.domain.emails import check_email
from pressdesk.domain.phones import check_phone
from pressdesk.store.derived import EmailFacts, PhoneFacts, derive, fold

EMAILS = {
    "ascii": "dovlet.chariyev.{}@iom.int",
    "ascii, upper-case domain": "J.Smith.{}@FCDO.GOV.UK",
    "IDN": "juergen.mueller.{}@münchen.de",
    "display name": "Dovlet Chariyev <dovlet.{}@undp.org>",
    "invalid (@@)": "dovlet.{}@@iom.int",
}
PHONES: dict[str, tuple[str, str | None, bool]] = {
    "international": ("+993 12 48-{}-07", "TM", False),
    "national, region KZ": ("8 (727) 300-{}-67", "KZ", False),
    "00 prefix, no region": ("00 44 20 7946 {}34", None, False),
    "00 prefix, region TM": ("00 44 20 7946 {}34", "TM", False),
    "lost plus, valid": ("9931248{}07", "TM", True),
    "lost plus, national": ("727300{}67", "KZ", True),
    "too short": ("12-{}", "TM", False),
}


def per_call(func: Callable[[], object], repeat: int, number: int = 2000) -> float:
    """CPU microseconds per call, the minimum over ``repeat`` runs of ``number`` calls."""
    runs = timeit.repeat(func, repeat=repeat, number=number, timer=time.process_time)
    return min(runs) / number * 1e6


def varied(template: str) -> Callable[[], str]:
    """A new local part (or digits) on each call: the domain repeats, the address does not."""
    values = cycle([template.format(f"{i:02d}") for i in range(10, 100)])
    return values.__next__


def email_call(template: str) -> Callable[[], object]:
    text = varied(template)
    return lambda: check_email(text())


def phone_call(template: str, region: str | None, lost_plus: bool) -> Callable[[], object]:
    text = varied(template)
    return lambda: check_phone(text(), region, lost_plus=lost_plus)


def bench_values(repeat: int) -> None:
    for label, template in EMAILS.items():
        print(f"check_email  {label:28} {per_call(email_call(template), repeat):8.1f} µs")
    for label, phone in PHONES.items():
        print(f"check_phone  {label:28} {per_call(phone_call(*phone), repeat):8.1f} µs")
    for label, value in [
        ("ascii", "Dovlet Chariyev IOM Turkmenistan"),
        ("Cyrillic", "Айгуль Бердыева Редактор"),
    ]:
        micros = per_call(partial(fold, value), repeat, 20000)
        print(f"fold         {label:28} {micros:8.2f} µs")

    def one_derive() -> object:
        return derive(
            display_name="CHARIYEV Dovlet",
            given_name="",
            family_name="",
            organization="IOM Turkmenistan",
            role="Communication Focal Point",
            country="TM",
            emails=[EmailFacts("dchariyev@iom.int", "dchariyev@iom.int", False)],
            phones=[
                PhoneFacts("+99312488407", None, "+993 12 48-84-07", False),
                PhoneFacts(None, None, "12-34", False),
            ],
            tags=["UN", "partners"],
        )

    print(f"derive       {'one contact':28} {per_call(one_derive, repeat, 5000):8.1f} µs")


def bench_records(repeat: int) -> None:
    from pressdesk.formats.layouts import guess_mapping
    from pressdesk.formats.records import RecordReader
    from pressdesk.formats.tables import read_table

    table = read_table(import_bench.write_files(10000)["xlsx"])
    rows = list(table.rows)
    reader = RecordReader(table.headers, guess_mapping(table.headers))
    best = min(
        timeit.repeat(
            lambda: [reader(r) for r in rows], repeat=repeat, number=1, timer=time.process_time
        )
    )
    print(f"to_records   {'one row (of 10,000)':28} {best / len(rows) * 1e6:8.1f} µs")


def bench_floor(runs: int) -> None:
    path = import_bench.write_files(10000)["xlsx"]
    walls, cpus = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            result = import_bench.run_floor(path, Path(folder) / "floor.db")
        walls.append(result["seconds"] / result["rows"] * 1e6)
        cpus.append(result["cpu"] / result["rows"] * 1e6)
        print(f"floor run    wall {walls[-1]:7.1f} µs/row   cpu {cpus[-1]:7.1f} µs/row", flush=True)
    print(f"floor best   wall {min(walls):7.1f} µs/row   cpu {min(cpus):7.1f} µs/row")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--floor", action="store_true")
    parser.add_argument("--floor-runs", type=int, default=3)
    args = parser.parse_args()
    bench_values(args.repeat)
    bench_records(args.repeat)
    if args.floor:
        bench_floor(args.floor_runs)


if __name__ == "__main__":
    main()
