"""Search and sort over 100,000 contacts, timed as the GUI runs them.

    python bench/search_bench.py                       # builds (or reuses) a temp store
    python bench/search_bench.py --db /tmp/big.sqlite3 # builds it there, or reuses it
    python bench/search_bench.py --count 20000 --repeat 9

The store is filled with Core bulk inserts (many rows per statement) and the derived
columns from ``store.derived.derive``, like the import. Names come in Latin, Cyrillic,
Chinese and Arabic scripts; organisations, e-mails, phones and tags vary. Each search runs
through ``ContactRepository.search_ids`` in a fresh unit of work, as the contacts table
does on each keystroke: first for its first screen (the first 200 ids, which it paints),
then for the whole list (read in the background, for the count and scrolling). Median
and 95th percentile of repeated runs are printed with the hit count. A first screen
slower than its target prints SQLite's EXPLAIN QUERY PLAN.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event, func, insert, select, text

from pressdesk.store import Store, bulk
from pressdesk.store.contacts import ContactFilter, OrganizationRepository, SortKey
from pressdesk.store.derived import EmailFacts, PhoneFacts, derive
from pressdesk.store.models import Contact, ContactEmail, ContactPhone, Organization, Tag
from pressdesk.store.models import contact_tags as contact_tags_table

SEARCH_TARGET_MS = 30.0
#: Ids the contacts table reads first on a big store (ui.contacts_model.FIRST_SCREEN).
FIRST_SCREEN = 60
SORT_TARGET_MS = 200.0
CHUNK = 5_000

GIVEN_LATIN = [
    "Dovlet",
    "Merdan",
    "Gulnara",
    "Aigul",
    "Azamat",
    "Nurlan",
    "Dinara",
    "Bakyt",
    "Saule",
    "Timur",
    "Olga",
    "Sergei",
    "Anna",
    "Ivan",
    "Maria",
    "Dmitry",
    "Elena",
    "Jürgen",
    "Sabine",
    "Jörg",
    "Ursula",
    "James",
    "Emily",
    "Oliver",
    "Sophie",
    "Fatima",
    "Omar",
    "Aisha",
    "Wei",
    "Fang",
    "Jing",
    "Li",
    "Ahmed",
    "Layla",
    "Zarina",
    "Bahar",
    "Serdar",
    "Maral",
    "Aslan",
    "Askar",
    "Gulshat",
    "Ruslan",
    "Ayna",
    "Kamila",
    "Yusuf",
    "Amina",
    "Hans",
    "Greta",
    "Chloé",
    "Émile",
]
FAMILY_LATIN = [
    "Chariyev",
    "Annaev",
    "Berdyeva",
    "Orazov",
    "Isaeva",
    "Toktogulov",
    "Nurlanova",
    "Abenov",
    "Seitkali",
    "Atayeva",
    "Smirnova",
    "Ivanov",
    "Petrova",
    "Sokolov",
    "Kuznetsova",
    "Müller",
    "Schröder",
    "Weiß",
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Al-Mansouri",
    "Haddad",
    "Zhang",
    "Wang",
    "Liu",
    "Chen",
    "Mammadov",
    "Ismailova",
    "Durdyyev",
    "Karayev",
    "Ovezova",
    "Kurbanov",
    "Yazberdiyev",
    "Baimukhamedov",
    "Zhaksylykov",
    "Esenova",
    "Dzhumabaev",
    "Sydykova",
    "Hoffmann",
    "Brandt",
    "Lefèvre",
    "Núñez",
]
GIVEN_CYRILLIC = [
    "Довлет",
    "Мерден",
    "Гульнара",
    "Айгуль",
    "Азамат",
    "Нурлан",
    "Динара",
    "Бакыт",
    "Сауле",
    "Тимур",
    "Ольга",
    "Сергей",
    "Анна",
    "Иван",
    "Мария",
    "Дмитрий",
    "Елена",
    "Заринa",
    "Сердар",
    "Марал",
]
FAMILY_CYRILLIC = [
    "Чарыев",
    "Аннаев",
    "Бердыева",
    "Оразов",
    "Исаева",
    "Токтогулов",
    "Нурланова",
    "Абенов",
    "Сейткали",
    "Атаева",
    "Смирнова",
    "Иванов",
    "Петрова",
    "Соколов",
    "Кузнецова",
    "Мамедов",
    "Курбанов",
    "Овезова",
]
CHINESE = [
    "王芳",
    "李伟",
    "张伟",
    "刘洋",
    "陈静",
    "杨敏",
    "赵磊",
    "黄婷",
    "周杰",
    "吴丹",
    "徐明",
    "孙丽",
]
ARABIC = ["فاطمة_المنصوري", "عمر_حداد", "عائشة_الكعبي", "أحمد_السويدي", "ليلى_النعيمي"]

ORG_WORDS = [
    "Times",
    "News",
    "Daily",
    "Radio",
    "TV",
    "Agency",
    "Press",
    "Herald",
    "Observer",
    "Courier",
    "Post",
    "Journal",
    "Service",
    "Mission",
    "Office",
    "Ministry",
    "Fund",
    "Programme",
    "Bureau",
    "Foundation",
    "Network",
    "Institute",
]
ORG_NAMES = [
    "Turkmenistan",
    "Ashgabat",
    "Kazakhstan",
    "Almaty",
    "Astana",
    "Bishkek",
    "Kyrgyz",
    "Moscow",
    "London",
    "Dubai",
    "Beijing",
    "Berlin",
    "München",
    "Central",
    "Asia",
    "Caspian",
    "Silk",
    "Road",
    "Eurasia",
    "Orient",
    "Steppe",
]
KNOWN_ORGS = """IOM Turkmenistan;UNDP Turkmenistan;UNICEF Kazakhstan;Kazinform;24.kg;AKIpress;
Reuters;BBC Monitoring;Xinhua;WAM;Süddeutsche Zeitung;Deutsche Welle;ТАСС;РИА Новости;
Казинформ;Turkmenistan Today;Neutral Turkmenistan;OSCE Centre in Ashgabat""".replace(
    "\n", ""
).split(";")
ROLES = """Correspondent;Editor;Editor-in-chief;Bureau chief;Press secretary;Communications
Officer;Producer;Photographer;Head of Office;Spokesperson;Корреспондент;Редактор;
Journalist;Programme Analyst;Camera operator""".replace("\n", " ").split(";")
TAGS = [
    "media",
    "un",
    "government",
    "ngo",
    "tv",
    "radio",
    "print",
    "online",
    "ashgabat",
    "almaty",
    "bishkek",
    "moscow",
    "london",
    "dubai",
    "beijing",
    "berlin",
    "gulf",
    "europe",
    "asia",
    "embassy",
    "donor",
    "vip",
]
DOMAINS = [
    "iom.int",
    "undp.org",
    "unicef.org",
    "kazinform.kz",
    "24.kg",
    "akipress.org",
    "reuters.com",
    "bbc.co.uk",
    "xinhuanet.com",
    "wam.ae",
    "sz.de",
    "dw.com",
    "tass.ru",
    "ria.ru",
    "mail.ru",
    "gmail.com",
    "yandex.ru",
    "mail.tm",
    "osce.org",
    "münchen.de",
]
# Country, E.164 prefix and how many digits follow it.
PHONES = [
    ("TM", "+99312", 6),
    ("TM", "+99365", 6),
    ("KZ", "+7727", 7),
    ("KZ", "+7701", 7),
    ("KG", "+996312", 6),
    ("KG", "+996555", 6),
    ("RU", "+7495", 7),
    ("RU", "+7916", 7),
    ("GB", "+4420", 8),
    ("AE", "+9714", 7),
    ("CN", "+8610", 8),
    ("DE", "+4930", 8),
    ("DE", "+4989", 7),
]
TRANSLIT = str.maketrans(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяüöäßéèñ",
    "abvgdeejziiklmnoprstufhccss_y_eyuauoasee",
)


def _name(rng: random.Random) -> tuple[str, str, str]:
    roll = rng.random()
    if roll < 0.62:
        given, family = rng.choice(GIVEN_LATIN), rng.choice(FAMILY_LATIN)
    elif roll < 0.88:
        given, family = rng.choice(GIVEN_CYRILLIC), rng.choice(FAMILY_CYRILLIC)
    elif roll < 0.95:
        full = rng.choice(CHINESE)
        return full, full[1:], full[0]
    else:
        given, family = rng.choice(ARABIC).split("_")
    return f"{given} {family}", given, family


def _local_part(given: str, family: str, rng: random.Random) -> str:
    plain = f"{given[0]}{family}".casefold().translate(TRANSLIT)
    ascii_only = "".join(c for c in plain if c.isascii() and (c.isalnum() or c in "._-"))
    return (ascii_only or "press") + (str(rng.randint(1, 999)) if rng.random() < 0.3 else "")


def _org_names(rng: random.Random, count: int) -> list[str]:
    names = dict.fromkeys(KNOWN_ORGS)
    while len(names) < count:
        names[f"{rng.choice(ORG_NAMES)} {rng.choice(ORG_WORDS)} {rng.randint(1, 99)}"] = None
    return list(names)


def build(store: Store, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    org_names = _org_names(rng, 2_000)
    with store.uow() as uow:
        bulk.begin_bulk(uow.session)
        uow.session.execute(
            insert(Organization),
            [{"name": n, "name_key": OrganizationRepository.key(n)} for n in org_names],
        )
        uow.session.execute(insert(Tag), [{"name": t} for t in TAGS])
        org_ids = dict(uow.session.execute(select(Organization.name, Organization.id)).all())
        tag_ids = dict(uow.session.execute(select(Tag.name, Tag.id)).all())
        uow.commit()
    started = time.perf_counter()
    for start in range(0, count, CHUNK):
        size = min(CHUNK, count - start)
        with store.uow() as uow:
            bulk.begin_bulk(uow.session)
            ids = bulk.allocate_ids(uow.session, "contacts", size)
            contacts, emails, phones, links = [], [], [], []
            for contact_id in ids:
                name, given, family = _name(rng)
                org = rng.choice(org_names) if rng.random() < 0.9 else ""
                role = rng.choice(ROLES) if rng.random() < 0.8 else ""
                country, prefix, digits = rng.choice(PHONES)
                email_facts = []
                for position in range(rng.choice((0, 1, 1, 1, 2))):
                    if rng.random() < 0.03:
                        facts = EmailFacts(None, f"{family} at office", position == 0)
                    else:
                        local = _local_part(given, family, rng)
                        address = f"{local}@{rng.choice(DOMAINS)}"
                        facts = EmailFacts(address, address, position == 0)
                    email_facts.append(facts)
                phone_facts = []
                for position in range(rng.choice((0, 1, 1, 2))):
                    if rng.random() < 0.03:
                        phone_facts.append(PhoneFacts(None, None, "call the office", False))
                        continue
                    number = prefix + "".join(str(rng.randint(0, 9)) for _ in range(digits))
                    phone_facts.append(PhoneFacts(number, None, number, position == 0))
                tags = rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2, 3)))
                contacts.append(
                    {
                        "id": contact_id,
                        "display_name": name,
                        "given_name": given,
                        "family_name": family,
                        "organization_id": org_ids[org] if org else None,
                        "role": role,
                        "country": country,
                        "languages": [],
                        **derive(
                            display_name=name,
                            given_name=given,
                            family_name=family,
                            organization=org,
                            role=role,
                            country=country,
                            emails=email_facts,
                            phones=phone_facts,
                            tags=tags,
                        ),
                    }
                )
                emails += [
                    {
                        "contact_id": contact_id,
                        "position": i,
                        "address": e.address,
                        "address_key": e.address.casefold() if e.address else None,
                        "original": e.original,
                        "is_primary": e.is_primary,
                        "invalid_reason": None if e.address else "An email address needs an @",
                    }
                    for i, e in enumerate(email_facts)
                ]
                phones += [
                    {
                        "contact_id": contact_id,
                        "position": i,
                        "e164": p.e164,
                        "original": p.original,
                        "is_primary": p.is_primary,
                        "invalid_reason": None if p.e164 else "no digits in this phone number",
                    }
                    for i, p in enumerate(phone_facts)
                ]
                links += [{"contact_id": contact_id, "tag_id": tag_ids[t]} for t in tags]
            bulk.insert_contacts(uow.session, contacts)
            for table, rows in (
                (ContactEmail.__table__, emails),
                (ContactPhone.__table__, phones),
                (contact_tags_table, links),
            ):
                if rows:
                    uow.session.execute(insert(table), rows)
            uow.commit()
        done = start + size
        rate = done / (time.perf_counter() - started)
        print(f"\r  {done:,} contacts ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    with store.engine.begin() as connection:
        connection.execute(text("ANALYZE"))


def timed(run: Callable[[], int], repeat: int) -> tuple[float, float, int]:
    run()  # warm the page cache and the statement cache once
    times, hits = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        hits = run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, hits


def explain(store: Store, run: Callable[[], int]) -> None:
    """Print SQLite's plan for the search's id query (it runs on the DBAPI cursor, so the
    SQL is taken from sqlite3's trace, with its parameters already in place)."""
    traced: list[str] = []

    def trace(dbapi_connection, _record, _proxy) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.set_trace_callback(traced.append)

    event.listen(store.engine, "checkout", trace)
    try:
        run()
    finally:
        event.remove(store.engine, "checkout", trace)
    store.engine.dispose()  # drop the traced connections
    found = [s for s in traced if s.lstrip().upper().startswith("SELECT") and "FROM contacts" in s]
    if not found:
        print("        plan: (no SELECT on contacts traced)")
        return
    with store.engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {found[-1]}").all()
    for row in plan:
        print(f"        plan: {row[-1]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="store to build or reuse (default: a temp dir)")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per query")
    args = parser.parse_args(argv)
    path = args.db or Path(tempfile.gettempdir()) / f"pressdesk-search-bench-{args.count}.sqlite3"
    store = Store.open(path)
    with store.uow() as uow:
        existing = uow.session.scalar(select(func.count()).select_from(Contact)) or 0
    if existing == 0:
        print(f"building {args.count:,} contacts in {path}", file=sys.stderr)
        started = time.perf_counter()
        build(store, args.count)
        print(f"  built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    else:
        print(f"reusing {path} ({existing:,} contacts)", file=sys.stderr)
    with store.uow() as uow:
        sample = uow.session.execute(
            select(Contact.primary_email, Contact.primary_phone)
            .where(Contact.primary_email != "", Contact.primary_phone != "")
            .order_by(Contact.id)
            .limit(1)
            .offset(existing // 2 if existing else args.count // 2)
        ).one()
    email, phone = sample
    searches = {
        "prefix 1-2 chars": ["d", "ma", "ай", "w"],
        "prefix 3+ chars": ["dov", "nurl", "айг", "mül"],
        "substring": ["ariye", "ova", "enko", "ксан"],
        "e-mail": [email, "iom.int", "gmail"],
        "phone digits": [phone[-6:], phone, "+99312 48"],
        "two words": ["dovlet chariyev", "anna kuz", "гульнара бердыева", "editor almaty"],
    }
    failures = 0
    print(
        f"\nsearch (target {SEARCH_TARGET_MS:.0f} ms for the first screen: the first"
        f" {FIRST_SCREEN} ids, which the table paints;\n the whole list follows in the"
        " background, for the count and scrolling)"
    )
    print(f"  {'':34} {'first screen':>15} {'whole list':>15}")
    print(f"  {'':34} {'median':>7} {'p95':>7} {'median':>7} {'p95':>7}    hits")
    for kind, queries in searches.items():
        for query in queries:

            def run(query: str = query, limit: int | None = None) -> int:
                with store.uow() as uow:
                    return len(uow.contacts.search_ids(ContactFilter(query=query), limit=limit))

            first, first95, _ = timed(lambda q=query: run(q, FIRST_SCREEN), args.repeat)
            median, p95, hits = timed(run, args.repeat)
            flag = "" if first <= SEARCH_TARGET_MS else "  MISS"
            label = f"{kind}: {query!r}"
            print(
                f"  {label:34.34} {first:7.1f} {first95:7.1f} {median:7.1f} {p95:7.1f}"
                f" {hits:7,}{flag}"
            )
            if flag:
                failures += 1
                explain(store, lambda q=query: run(q, FIRST_SCREEN))
    print(f"\nsort, no search (target {SORT_TARGET_MS:.0f} ms)  median     p95    rows")
    for key in SortKey:
        for descending in (False, True):

            def run_sort(key: SortKey = key, descending: bool = descending) -> int:
                with store.uow() as uow:
                    return len(uow.contacts.search_ids("", key, descending))

            median, p95, rows = timed(run_sort, max(3, args.repeat // 2))
            flag = "" if median <= SORT_TARGET_MS else "  MISS"
            label = f"{key.value} {'desc' if descending else 'asc'}"
            print(f"  {label:34.34} {median:7.1f} {p95:7.1f} {rows:7,}{flag}")
            if flag:
                failures += 1
                explain(store, run_sort)
    store.close()
    print(f"\n{failures} over target" if failures else "\nall within target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
