"""Import benchmark: 100,000 messy spreadsheet rows, end to end, against the floor.

Generates the rows once (XLSX and CSV, cached under bench/out/), then for each file runs in
a fresh process:

- floor: read the table, validate every e-mail and phone, bulk-insert contacts, e-mails
  and phones with their search columns — nothing else;
- import: ``pressdesk.services.import_contacts`` as the CLI runs it (mapping, duplicate
  checks, merges, report, batch for undo).

Prints seconds, rows/s, peak resident memory, and import/floor. Targets: within 1.3x of
the floor, under 300 MB. Beside the wall-clock seconds, the CPU seconds of the importing
process (and of its validation workers): on a machine shared with other work those move
less than the wall clock. ``--repeat N`` runs the three, in turn, N times and prints each
run and the medians; ``--variants floor,import`` leaves out the one-process import.

    python bench/import_bench.py [--rows 100000] [--only xlsx|csv] [--repeat 3]
                                 [--variants floor,import]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"

GIVEN = [
    "Dovlet",
    "Aigul",
    "Merdan",
    "Gulnara",
    "Nurlan",
    "Aizada",
    "Bakyt",
    "Olga",
    "Ivan",
    "Maria",
    "John",
    "Sarah",
    "Chen",
    "Wei",
    "Ahmed",
    "Fatima",
    "Jürgen",
    "Zoë",
    "Françoise",
    "José",
    "Айгуль",
    "Довлет",
    "Нурлан",
    "Ольга",
]
FAMILY = [
    "Chariyev",
    "Berdyyeva",
    "Annayev",
    "Ismailova",
    "Abenov",
    "Sadykova",
    "Tashiev",
    "Petrova",
    "Ivanov",
    "Smith",
    "Brown",
    "Li",
    "Wang",
    "Hassan",
    "Müller",
    "Lefèvre",
    "Núñez",
    "Бердыева",
    "Чарыев",
    "Абенов",
    "Петрова",
]
ORGS = [
    "IOM Turkmenistan",
    "UNDP",
    "Kazinform",
    "24.kg",
    "Reuters",
    "BBC Russian",
    "Ministry of Foreign Affairs",
    "UNICEF",
    "AKIpress",
    "Turkmenistan Today",
    "Deutsche Welle",
    "Xinhua",
    "Gulf News",
    "Azattyk",
]
ROLES = [
    "Editor",
    "Correspondent",
    "Communication Focal Point",
    "Press officer",
    "Journalist",
    "Spokesperson",
    "Редактор",
    "Корреспондент",
]
COUNTRIES = [
    "Turkmenistan",
    "TM",
    "Туркменистан",
    "Kazakhstan",
    "KZ",
    "Казахстан",
    "Kyrgyzstan",
    "Кыргызстан",
    "Russia",
    "Россия",
    "United Kingdom",
    "UK",
    "UAE",
    "China",
    "Germany",
    "Allemagne",
    "Narnia",
    "",
]
PHONES = {
    "TM": lambda r: f"+993 12 {r.randint(10, 99)}-{r.randint(10, 99)}-{r.randint(10, 99)}",
    "KZ": lambda r: f"8 (727) {r.randint(200, 399)}-{r.randint(10, 99)}-{r.randint(10, 99)}",
    "KG": lambda r: f"+996 312 {r.randint(100000, 999999)}",
    "RU": lambda r: f"+7 495 {r.randint(100, 999)}-{r.randint(10, 99)}-{r.randint(10, 99)}",
    "GB": lambda r: f"00 44 20 7946 {r.randint(1000, 9999)}",
    "AE": lambda r: f"+971 4 {r.randint(200, 399)} {r.randint(1000, 9999)}",
    "CN": lambda r: f"+86 10 {r.randint(6000, 6999)} {r.randint(1000, 9999)}",
    "DE": lambda r: f"+49 30 {r.randint(1000000, 9999999)}",
}
HEADER = ["ФИО", "Организация", "Должность", "Эл. почта", "Телефон", "Страна", "Теги", "Примечание"]


def make_rows(count: int, seed: int = 7) -> list[list[object]]:
    rnd = random.Random(seed)
    rows: list[list[object]] = []
    people: list[list[object]] = []
    for i in range(count):
        if people and rnd.random() < 0.05:  # the same person again, maybe a new phone
            again = list(rnd.choice(people))
            again[4] = PHONES[rnd.choice(list(PHONES))](rnd)
            rows.append(again)
            continue
        if rnd.random() < 0.01:
            rows.append([""] * len(HEADER))
            continue
        given = rnd.choice(GIVEN)
        family = (
            rnd.choice(FAMILY)
            + rnd.choice(["", "a", "ov", "ova", "ev", "eva", "ly", "yev"])
            + (f"-{rnd.choice(FAMILY)}" if rnd.random() < 0.5 else "")
        )
        name = f"{family.upper()} {given}" if rnd.random() < 0.2 else f"{given} {family}"
        user = f"{given}.{family}.{i}".lower()
        domain = rnd.choice(
            [
                "iom.int",
                "undp.org",
                "gmail.com",
                "mail.ru",
                "kazinform.kz",
                "bbc.co.uk",
                "münchen.de",
            ]
        )
        roll = rnd.random()
        if roll < 0.1:
            email = f"{user}@{domain}; {user}.2@{domain}"
        elif roll < 0.15:
            email = f"{name} <{user}@{domain}>"
        elif roll < 0.18:
            email = f"{user}@@{domain}"
        else:
            email = f"{user}@{domain}"
        region = rnd.choice(list(PHONES))
        roll = rnd.random()
        if roll < 0.1:
            phone: object = int(
                PHONES[region](rnd)
                .replace(" ", "")
                .replace("-", "")
                .replace("+", "")
                .replace("(", "")
                .replace(")", "")
                .lstrip("8")
                .lstrip("0")
            )
        elif roll < 0.15:
            phone = f"{PHONES[region](rnd)} / {PHONES[region](rnd)}"
        elif roll < 0.17:
            phone = "12-34"
        else:
            phone = PHONES[region](rnd)
        row = [
            name,
            rnd.choice(ORGS),
            rnd.choice(ROLES),
            email,
            phone,
            rnd.choice(COUNTRIES),
            rnd.choice(["media", "UN; partners", "", "press"]),
            "=cmd|' /C calc'!A0" if rnd.random() < 0.001 else "",
        ]
        rows.append(row)
        people.append(row)
    return rows


def write_files(count: int) -> dict[str, Path]:
    OUT.mkdir(exist_ok=True)
    xlsx, csv_path = OUT / f"messy-{count}.xlsx", OUT / f"messy-{count}.csv"
    if xlsx.exists() and csv_path.exists():
        return {"xlsx": xlsx, "csv": csv_path}
    rows = make_rows(count)
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Contacts")
    sheet.append(["Media contacts — Central Asia"])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(xlsx)
    with csv_path.open("w", encoding="cp1251", errors="replace", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows([str(c) for c in row] for row in rows)
    return {"xlsx": xlsx, "csv": csv_path}


def run_floor(path: Path, db: Path) -> dict[str, float]:
    """Read + validate + bulk insert, nothing else: the same rows the import writes
    (contacts with their search columns, e-mails, phones, organisation links, tags), with
    no duplicate checks, merges, report or batch."""
    from sqlalchemy import insert

    from pressdesk.domain.contacts import ContactInput, ValueInput, validate
    from pressdesk.formats.layouts import guess_mapping
    from pressdesk.formats.records import to_records
    from pressdesk.formats.tables import read_table
    from pressdesk.store import Store
    from pressdesk.store.bulk import allocate_ids, begin_bulk, insert_contacts
    from pressdesk.store.derived import EmailFacts, PhoneFacts, derive
    from pressdesk.store.models import (
        ContactEmail,
        ContactPhone,
        Organization,
        Tag,
        contact_tags,
        utcnow,
    )

    store = Store.open(db)
    now = utcnow()
    start, cpu = time.perf_counter(), time.process_time()
    table = read_table(path)
    mapping = guess_mapping(table.headers)
    count = 0
    with store.uow() as uow:
        session = uow.session
        begin_bulk(session)
        batch: list[tuple[dict, list, list]] = []
        batch_tags: list[list[int]] = []
        org_ids: dict[str, int] = {}
        tag_ids: dict[str, int] = {}

        def named_id(table, cache: dict[str, int], name: str, **extra) -> int:  # type: ignore[no-untyped-def]
            found = cache.get(name)
            if found is None:
                values = {"name": name, **extra}
                found = session.execute(insert(table).returning(table.c.id), [values]).scalar()
                cache[name] = found
            return found

        def flush() -> None:
            ids = allocate_ids(session, "contacts", len(batch))
            for contact_id, (row, _es, _ps) in zip(ids, batch, strict=True):
                row["id"] = contact_id
            insert_contacts(session, [b[0] for b in batch])
            emails, phones = [], []
            for contact_id, (_row, es, ps) in zip(ids, batch, strict=True):
                emails += [
                    {
                        "contact_id": contact_id,
                        "position": i,
                        "address": e.check.address,
                        "address_key": (e.check.address or "").casefold() or None,
                        "original": e.check.original,
                        "label": e.label,
                        "is_primary": e.primary,
                        "invalid_reason": e.check.reason,
                    }
                    for i, e in enumerate(es)
                ]
                phones += [
                    {
                        "contact_id": contact_id,
                        "position": i,
                        "e164": p.check.e164,
                        "extension": p.check.extension,
                        "region": p.check.region,
                        "original": p.check.original,
                        "label": p.label,
                        "is_primary": p.primary,
                        "invalid_reason": p.check.reason,
                    }
                    for i, p in enumerate(ps)
                ]
            if emails:
                session.execute(insert(ContactEmail.__table__), emails)
            if phones:
                session.execute(insert(ContactPhone.__table__), phones)
            links = [
                {"contact_id": contact_id, "tag_id": tag_id}
                for contact_id, tags in zip(ids, batch_tags, strict=True)
                for tag_id in tags
            ]
            if links:
                session.execute(insert(contact_tags), links)
            batch.clear()
            batch_tags.clear()

        for raw in to_records(table, mapping):
            count += 1
            data = ContactInput(
                name=raw.display_name() or "?",
                organization=raw.organization,
                role=raw.role,
                country=raw.country,
                emails=[
                    ValueInput(v.text, v.label or "work", v.primary, v.lost_plus)
                    for v in raw.emails
                ],
                phones=[
                    ValueInput(v.text, v.label or "work", v.primary, v.lost_plus)
                    for v in raw.phones
                ],
            )
            checked = validate(data)
            org = " ".join(data.organization.split())
            org_id = (
                named_id(
                    Organization.__table__,
                    org_ids,
                    org,
                    name_key=org.casefold(),
                    kind="other",
                    website="",
                    notes="",
                    created_at=now,
                    updated_at=now,
                )
                if org
                else None
            )
            tags = list(dict.fromkeys(t for t in raw.tags if t.strip()))
            batch_tags.append([named_id(Tag.__table__, tag_ids, t) for t in tags])
            row = {
                "display_name": data.name,
                "given_name": "",
                "family_name": "",
                "honorific": "",
                "organization_id": org_id,
                "role": data.role,
                "country": checked.country,
                "languages": [],
                "notes": "",
                "do_not_contact": False,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            row.update(
                derive(
                    display_name=data.name,
                    given_name="",
                    family_name="",
                    organization=data.organization,
                    role=data.role,
                    country=checked.country,
                    emails=[
                        EmailFacts(e.check.address, e.check.original, e.primary)
                        for e in checked.emails
                    ],
                    phones=[
                        PhoneFacts(p.check.e164, p.check.extension, p.check.original, p.primary)
                        for p in checked.phones
                    ],
                    tags=tags,
                )
            )
            batch.append((row, checked.emails, checked.phones))
            if len(batch) >= 2000:
                flush()
        if batch:
            flush()
        uow.commit()
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "rows": count,
    }


def run_import(path: Path, db: Path, workers: int | None = None) -> dict[str, float]:
    from pressdesk.services.import_contacts import ImportOptions, import_contacts
    from pressdesk.store import Store

    store = Store.open(db)
    start, cpu = time.perf_counter(), time.process_time()
    result = import_contacts(store, path, ImportOptions(workers=workers))
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        **result.counts(),
    }


class WorkerPeaks:
    """The largest resident memory of this process's children (the import's workers),
    read from /proc while they run. ``RUSAGE_CHILDREN`` cannot tell it: a spawned worker's
    ``ru_maxrss`` counts the parent's pages it shared between fork and exec."""

    def __init__(self, every: float = 2.0) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(every,), daemon=True)
        self._thread.start()

    def _watch(self, every: float) -> None:
        me = str(os.getpid())
        while not self._stop.wait(every):
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    if stat.read_text().rsplit(")", 1)[1].split()[1] != me:
                        continue
                    status = (stat.parent / "status").read_text()
                except (OSError, IndexError):
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024


def child(kind: str, path: Path, db: Path) -> None:
    workers_peak = WorkerPeaks()
    if kind == "floor":
        figures = run_floor(path, db)
    else:
        figures = run_import(path, db, 0 if kind == "import-in-process" else None)
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Validation workers, when the import used them: the largest one's peak, their CPU.
    figures["worker_peak_mb"] = workers_peak.stop()
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures["worker_cpu"] = workers.ru_utime + workers.ru_stime
    print(json.dumps(figures))


def measure(kind: str, path: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, __file__, "--child", kind, str(path), str(Path(tmp) / "s.sqlite3")],
            check=True,
            capture_output=True,
            text=True,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


VARIANTS = {
    "floor": "floor  (read+validate+insert)",
    "import-in-process": "import, one process",
    "import": "import (end to end, default)",
}


def _line(title: str, figures: dict[str, float], rows: float, floor: float) -> str:
    text = (
        f"  {title + ':':31s}{figures['seconds']:7.2f} s  {rows / figures['seconds']:7,.0f} rows/s"
        f"  cpu {figures['cpu']:6.1f} s"
    )
    if figures.get("worker_cpu"):
        text += f" + workers {figures['worker_cpu']:5.1f} s"
    text += f"  peak {figures['peak_mb']:.0f} MB"
    if figures.get("worker_cpu"):
        text += f" (+ worker {figures['worker_peak_mb']:.0f} MB)"
    if title != VARIANTS["floor"]:
        text += f"  {figures['seconds'] / floor:.2f}x the floor"
    return text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=["xlsx", "csv"])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, medians shown")
    parser.add_argument(
        "--variants",
        default=",".join(VARIANTS),
        help="comma-separated, of: " + ", ".join(VARIANTS) + " (floor always runs)",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    files = write_files(args.rows)
    chosen = {"floor", *args.variants.split(",")}
    if chosen - set(VARIANTS):
        parser.error(f"unknown variants: {', '.join(sorted(chosen - set(VARIANTS)))}")
    if chosen == {"floor"}:
        parser.error("--variants needs an import variant beside the floor")
    variants = {kind: title for kind, title in VARIANTS.items() if kind in chosen}
    for kind, path in files.items():
        if args.only and kind != args.only:
            continue
        runs: dict[str, list[dict[str, float]]] = {variant: [] for variant in variants}
        for number in range(1, args.repeat + 1):
            for variant in variants:
                runs[variant].append(measure(variant, path))
            if args.repeat > 1:
                floor = runs["floor"][-1]["seconds"]
                rows = runs[list(variants)[-1]][-1]["rows"]
                print(f"{kind}, run {number}:", flush=True)
                for variant, title in variants.items():
                    print(_line(title, runs[variant][-1], rows, floor), flush=True)
        median = {
            variant: {key: statistics.median(run[key] for run in results) for key in results[0]}
            for variant, results in runs.items()
        }
        full = median[list(variants)[-1]]
        rows = full["rows"]
        what = f"medians of {args.repeat} runs" if args.repeat > 1 else "one run"
        print(f"{kind}: {rows:,.0f} rows ({what})")
        for variant, title in variants.items():
            print(_line(title, median[variant], rows, median["floor"]["seconds"]))
        print(
            f"  import / floor: {full['seconds'] / median['floor']['seconds']:.2f}x   "
            f"created {full['created']:,.0f} merged {full['merged']:,.0f} "
            f"invalid {full['invalid']:,.0f} errors {full['errors']:,.0f} "
            f"possible duplicates {full['possible_duplicates']:,.0f}"
        )


if __name__ == "__main__":
    main()
