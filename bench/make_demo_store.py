"""Build a store of realistic focal points, for screenshots, demos and the GUI bench.

    python bench/make_demo_store.py /tmp/demo.sqlite3               # a few hundred
    python bench/make_demo_store.py /tmp/big.sqlite3 --count 100000 # for the bench

Central Asian and international media, UN agencies, ministries and NGOs, with about one
contact in twenty-five carrying an e-mail or phone that cannot be read, so Problems has
something to show. Rows go in with Core bulk inserts; the derived columns come from
``store.derived.derive``, the same function the ORM path uses. Deterministic (``--seed``).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from pressdesk.domain.emails import check_email
from pressdesk.domain.phones import check_phone
from pressdesk.store import Store
from pressdesk.store.contacts import OrganizationRepository
from pressdesk.store.derived import EmailFacts, PhoneFacts, derive
from pressdesk.store.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    Organization,
    Tag,
    contact_tags,
)

# name, kind, country, e-mail domain, tags
ORGANISATIONS = [
    ("Kazinform", "media", "KZ", "kazinform.kz", ["media", "online"]),
    ("Tengrinews", "media", "KZ", "tengrinews.kz", ["media", "online"]),
    ("Vlast.kz", "media", "KZ", "vlast.kz", ["media", "online"]),
    ("Khabar TV", "media", "KZ", "khabar.kz", ["media", "TV"]),
    ("24.kg", "media", "KG", "24.kg", ["media", "online"]),
    ("AKIpress", "media", "KG", "akipress.org", ["media", "online"]),
    ("Kloop", "media", "KG", "kloop.kg", ["media", "online"]),
    ("Kabar News Agency", "media", "KG", "kabar.kg", ["media"]),
    ("Turkmenportal", "media", "TM", "turkmenportal.com", ["media", "online"]),
    ("Neutral Turkmenistan", "media", "TM", "metbugat.gov.tm", ["media", "print"]),
    ("Turkmenistan TV", "media", "TM", "tmtv.gov.tm", ["media", "TV"]),
    ("Orient", "media", "TM", "orient.tm", ["media", "online"]),
    ("Gazeta.uz", "media", "UZ", "gazeta.uz", ["media", "online"]),
    ("Kun.uz", "media", "UZ", "kun.uz", ["media", "online"]),
    ("UzA National News Agency", "media", "UZ", "uza.uz", ["media"]),
    ("Asia-Plus", "media", "TJ", "asiaplustj.info", ["media", "radio"]),
    ("Khovar", "media", "TJ", "khovar.tj", ["media"]),
    ("Eurasianet", "media", "US", "eurasianet.org", ["media", "international"]),
    ("RFE/RL", "media", "CZ", "rferl.org", ["media", "international", "radio"]),
    ("BBC Russian", "media", "GB", "bbc.co.uk", ["media", "international"]),
    ("Reuters", "media", "GB", "thomsonreuters.com", ["media", "international"]),
    ("Agence France-Presse", "media", "FR", "afp.com", ["media", "international"]),
    ("Associated Press", "media", "US", "ap.org", ["media", "international"]),
    ("IOM Turkmenistan", "un_agency", "TM", "iom.int", ["UN", "migration"]),
    ("IOM Kazakhstan", "un_agency", "KZ", "iom.int", ["UN", "migration"]),
    ("UNDP Turkmenistan", "un_agency", "TM", "undp.org", ["UN"]),
    ("UNDP Kyrgyzstan", "un_agency", "KG", "undp.org", ["UN"]),
    ("UNICEF Uzbekistan", "un_agency", "UZ", "unicef.org", ["UN", "children"]),
    ("UNICEF Tajikistan", "un_agency", "TJ", "unicef.org", ["UN", "children"]),
    ("UNHCR Central Asia", "un_agency", "KZ", "unhcr.org", ["UN", "migration"]),
    ("WHO Country Office Turkmenistan", "un_agency", "TM", "who.int", ["UN", "health"]),
    ("UNFPA Kyrgyzstan", "un_agency", "KG", "unfpa.org", ["UN", "health"]),
    ("UNODC Regional Office for Central Asia", "un_agency", "UZ", "un.org", ["UN"]),
    ("UN Women Kazakhstan", "un_agency", "KZ", "unwomen.org", ["UN", "gender"]),
    ("UNRCCA", "un_agency", "TM", "un.org", ["UN", "diplomacy"]),
    ("OSCE Centre in Ashgabat", "ngo", "TM", "osce.org", ["diplomacy"]),
    (
        "Ministry of Foreign Affairs of Turkmenistan",
        "government",
        "TM",
        "mfa.gov.tm",
        ["government"],
    ),
    (
        "Ministry of Health of the Kyrgyz Republic",
        "government",
        "KG",
        "med.kg",
        ["government", "health"],
    ),
    ("Ministry of Foreign Affairs of Kazakhstan", "government", "KZ", "mfa.kz", ["government"]),
    (
        "Ministry of Ecology of Uzbekistan",
        "government",
        "UZ",
        "eco.gov.uz",
        ["government", "climate"],
    ),
    (
        "Committee for Environmental Protection, Tajikistan",
        "government",
        "TJ",
        "tajnature.tj",
        ["government", "climate"],
    ),
    ("Red Crescent Society of Turkmenistan", "ngo", "TM", "redcrescent.tm", ["NGO", "health"]),
    ("Eco Forum of Kazakhstan", "ngo", "KZ", "ecoforum.kz", ["NGO", "climate"]),
    ("Internews Central Asia", "ngo", "KG", "internews.org", ["NGO", "media"]),
]
GIVEN = {
    "m": [
        "Dovlet",
        "Merdan",
        "Serdar",
        "Atajan",
        "Nurlan",
        "Yerlan",
        "Askar",
        "Bakyt",
        "Azamat",
        "Timur",
        "Rustam",
        "Sherzod",
        "Jasur",
        "Farrukh",
        "Firdavs",
        "Daler",
        "Alexei",
        "Dmitry",
        "Ivan",
        "Pierre",
        "James",
        "Michael",
        "Ahmed",
        "Kemal",
    ],
    "f": [
        "Aigul",
        "Gulnara",
        "Maya",
        "Ogulgerek",
        "Jeren",
        "Aizhan",
        "Dinara",
        "Saule",
        "Aiperi",
        "Cholpon",
        "Nilufar",
        "Dilnoza",
        "Madina",
        "Zarina",
        "Mehrangez",
        "Elena",
        "Olga",
        "Natalia",
        "Sophie",
        "Claire",
        "Sarah",
        "Emma",
        "Leyla",
        "Ayse",
    ],
}
FAMILY = [
    "Chariyev",
    "Orazov",
    "Ataev",
    "Berdiev",
    "Nurlanov",
    "Akhmetov",
    "Sultanbekov",
    "Zhakupov",
    "Abdyldaev",
    "Toktogulov",
    "Mamytov",
    "Karimov",
    "Yusupov",
    "Rakhimov",
    "Saidov",
    "Nazarov",
    "Rahmonov",
    "Ivanov",
    "Petrov",
    "Smirnov",
    "Kuznetsov",
    "Durand",
    "Martin",
    "Smith",
    "Johnson",
    "Brown",
    "Yilmaz",
    "Demir",
    "Hassan",
]
RUSSIAN_STYLE = ("ov", "ev", "in")
ROLES = {
    "media": [
        "Editor-in-Chief",
        "Deputy Editor",
        "Correspondent",
        "Senior Correspondent",
        "Reporter",
        "Producer",
        "Anchor",
        "Photojournalist",
        "News Editor",
    ],
    "un_agency": [
        "Communication Officer",
        "Communication Focal Point",
        "Head of Office",
        "Public Information Officer",
        "Programme Officer",
        "Communication Associate",
    ],
    "government": [
        "Press Secretary",
        "Head of Press Service",
        "Spokesperson",
        "Deputy Head of Information Department",
    ],
    "ngo": ["Communication Manager", "Programme Coordinator", "Director", "Press Officer"],
}
LANGUAGES = {
    "TM": ["tk", "ru"],
    "KZ": ["kk", "ru"],
    "KG": ["ky", "ru"],
    "UZ": ["uz", "ru"],
    "TJ": ["tg", "ru"],
}
# Phone shapes per country: (work prefix, its digits, mobile prefix, its digits).
PHONES = {
    "TM": ("+993 12 ", 6, "+993 65 ", 6),
    "KZ": ("+7 727 2", 6, "+7 701 ", 7),
    "KG": ("+996 312 ", 6, "+996 555 ", 6),
    "UZ": ("+998 71 ", 7, "+998 90 ", 7),
    "TJ": ("+992 37 22", 5, "+992 93 ", 7),
    "US": ("+1 202 ", 7, "+1 202 ", 7),
    "GB": ("+44 20 7", 7, "+44 7911 ", 6),
    "FR": ("+33 1 ", 8, "+33 6 ", 8),
    "CZ": ("+420 2 ", 8, "+420 60", 7),
}
BAD_EMAILS = ["{u}@{d}@", "{u}@{d_short}", "{u} at {d}", "n/a", "{u}@", "{u}@@{d}"]
BAD_PHONES = ["12-34", "+993 12 48", "ext. 221", "tel", "8 (800) 55", "+7 701 12 12 12 12 12"]


def _ascii(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if c.isascii() and c.isalpha()
    )


def _family(family: str, gender: str) -> str:
    if gender == "f" and family.endswith(RUSSIAN_STYLE):
        return family + "a"
    return family


def _phone(rng: random.Random, country: str, mobile: bool) -> str:
    """A number of the country's shape that ``phonenumbers`` accepts."""
    for _attempt in range(30):
        text = _phone_shape(rng, country, mobile)
        if check_phone(text).valid:
            return text
    return text


def _phone_shape(rng: random.Random, country: str, mobile: bool) -> str:
    work, work_digits, cell, cell_digits = PHONES.get(country, PHONES["US"])
    prefix, digits = (cell, cell_digits) if mobile else (work, work_digits)
    number = "".join(str(rng.randint(0, 9)) for _ in range(digits))
    number = str(rng.randint(2, 9)) + number[1:]
    if digits == 5:
        return f"{prefix}{number[:1]}-{number[1:3]}-{number[3:]}"
    if digits == 6:
        return f"{prefix}{number[:2]}-{number[2:4]}-{number[4:]}"
    if digits == 7:
        return f"{prefix}{number[:3]} {number[3:5]} {number[5:]}"
    return f"{prefix}{number[:2]} {number[2:4]} {number[4:6]} {number[6:]}"


def build(path: Path, count: int, seed: int = 7) -> Store:
    rng = random.Random(seed)
    store = Store.open(path)
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        first_id = (conn.scalar(select(func.max(Contact.id))) or 0) + 1
        org_ids = {}
        for name, kind, country, _domain, _tags in ORGANISATIONS:
            key = OrganizationRepository.key(name)
            found = conn.scalar(select(Organization.id).where(Organization.name_key == key))
            if found is None:
                found = conn.execute(
                    insert(Organization).values(
                        name=name,
                        name_key=key,
                        kind=kind,
                        country=country,
                        website="",
                        notes="",
                        created_at=now,
                        updated_at=now,
                    )
                ).inserted_primary_key[0]
            org_ids[name] = found
        all_tags = sorted({t for *_rest, tags in ORGANISATIONS for t in tags} | {"Central Asia"})
        tag_ids = {}
        for name in all_tags:
            found = conn.scalar(select(Tag.id).where(Tag.name == name))
            if found is None:
                found = conn.execute(insert(Tag).values(name=name)).inserted_primary_key[0]
            tag_ids[name] = found

        contacts, emails, phones, links = [], [], [], []
        seen_emails: set[str] = set()

        def flush() -> None:
            if contacts:
                conn.execute(insert(Contact), contacts)
            if emails:
                conn.execute(insert(ContactEmail), emails)
            if phones:
                conn.execute(insert(ContactPhone), phones)
            if links:
                conn.execute(insert(contact_tags), links)
            for batch in (contacts, emails, phones, links):
                batch.clear()

        for n in range(count):
            cid = first_id + n
            org_name, kind, country, domain, org_tags = rng.choice(ORGANISATIONS)
            gender = rng.choice("mf")
            given = rng.choice(GIVEN[gender])
            family = _family(rng.choice(FAMILY), gender)
            display = f"{given} {family}"
            honorific = rng.choice(["", "", "", "Mr" if gender == "m" else "Ms", "Dr"])
            role = rng.choice(ROLES[kind])
            contact_country = country if country in LANGUAGES or rng.random() < 0.5 else None
            problem = rng.random() < 0.04
            local = f"{_ascii(given)[0]}{_ascii(family)}"
            address = f"{local}@{domain}"
            suffix = 1
            while address in seen_emails:
                suffix += 1
                address = f"{local}{suffix}@{domain}"
            seen_emails.add(address)
            email_facts, phone_facts = [], []
            texts = [address]
            if rng.random() < 0.3:
                texts.append(
                    f"{_ascii(given)}.{_ascii(family)}{suffix if suffix > 1 else ''}@gmail.com"
                )
            if problem and rng.random() < 0.5:
                texts.append(
                    rng.choice(BAD_EMAILS).format(u=local, d=domain, d_short=domain.split(".")[0])
                )
            for position, text in enumerate(texts):
                check = check_email(text) if (problem or n < 2000) else None
                valid = check.address if check else text
                reason = check.reason if check else None
                email_facts.append(EmailFacts(valid, text, position == 0))
                emails.append(
                    dict(
                        contact_id=cid,
                        position=position,
                        address=valid,
                        address_key=valid.casefold() if valid else None,
                        original=text,
                        label="work" if position == 0 else "home",
                        is_primary=position == 0,
                        invalid_reason=reason,
                    )
                )
            phone_texts = [(_phone(rng, country, False), "work")]
            if rng.random() < 0.6:
                phone_texts.append((_phone(rng, country, True), "mobile"))
            if problem and (rng.random() < 0.6 or len(texts) == 1):
                phone_texts.append((rng.choice(BAD_PHONES), "other"))
            for position, (text, label) in enumerate(phone_texts):
                check = check_phone(text, contact_country)
                phone_facts.append(PhoneFacts(check.e164, check.extension, text, position == 0))
                phones.append(
                    dict(
                        contact_id=cid,
                        position=position,
                        e164=check.e164,
                        extension=check.extension,
                        region=check.region,
                        original=text,
                        label=label,
                        is_primary=position == 0 and check.valid,
                        invalid_reason=check.reason,
                    )
                )
            tags = list(org_tags)
            if country in LANGUAGES and rng.random() < 0.5:
                tags.append("Central Asia")
            tags = sorted(set(tags))
            links.extend({"contact_id": cid, "tag_id": tag_ids[t]} for t in tags)
            created = now - timedelta(days=rng.randint(0, 1500))
            contacts.append(
                dict(
                    id=cid,
                    display_name=display,
                    given_name=given,
                    family_name=family,
                    honorific=honorific,
                    organization_id=org_ids[org_name],
                    role=role,
                    country=contact_country,
                    languages=LANGUAGES.get(country, ["en"]),
                    notes="",
                    do_not_contact=rng.random() < 0.01,
                    created_at=created,
                    updated_at=created,
                    version=1,
                    **derive(
                        display_name=display,
                        given_name=given,
                        family_name=family,
                        organization=org_name,
                        role=role,
                        country=contact_country,
                        emails=email_facts,
                        phones=phone_facts,
                        tags=tags,
                    ),
                )
            )
            if len(contacts) >= 5000:
                flush()
        flush()
    return store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="SQLite file to create or add to")
    parser.add_argument("--count", type=int, default=400, help="contacts to add (400)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    store = build(args.path, args.count, args.seed)
    with store.uow() as uow:
        total, problems = uow.contacts.count(), uow.contacts.count_problems()
    store.close()
    print(
        f"{args.path}: {total} contacts, {problems} with problems "
        f"({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
