"""Build a store of realistic focal points, for screenshots, demos and the GUI bench.

    python bench/make_demo_store.py /tmp/demo.sqlite3               # a few hundred
    python bench/make_demo_store.py /tmp/big.sqlite3 --count 100000 # for the bench

Central Asian and international media, UN agencies, ministries and NGOs, with about one
contact in twenty-five carrying an e-mail or phone that cannot be read, so Problems has
something to show. Rows go in with Core bulk inserts; the derived columns come from
``store.derived.derive``, the same function the ORM path uses. Deterministic (``--seed``;
release dates are counted from today, so the embargoed one is still under embargo).

Once per store, not per contact, it adds what the other views show, through the services
an officer's actions go through: the focal points who sign releases; nine press releases in
every status, in English, Russian and French, with datelines, captions, two photos, SDGs
and contact blocks, one of them the IOM Turkmenistan release of 9 December 2022 pasted as
written; four distribution lists (a saved filter, a hand-picked list, a "Do not send" list
the others exclude, a UN group), so Lists shows members and who is left out, and why; and
a seven-row import for Import history. On 100,000 contacts this adds about 4 s of CPU to
~100 s (mostly the import, which reads every contact to find duplicates). The release
texts live here rather than in a module of their own: they are data, read once.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

from PIL import Image, ImageDraw
from sqlalchemy import func, insert, select

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.domain.emails import check_email
from pressdesk.domain.phones import check_phone
from pressdesk.domain.releases import Dateline, DatelineStyle, Photo, Release, ReleaseStatus
from pressdesk.services import lists, privacy, releases
from pressdesk.services.contacts import create_contact
from pressdesk.services.import_contacts import ImportOptions, import_contacts
from pressdesk.store import Store, bulk
from pressdesk.store.contacts import OrganizationRepository
from pressdesk.store.derived import EmailFacts, PhoneFacts, derive
from pressdesk.store.models import (
    ConsentStatus,
    Contact,
    ContactEmail,
    ContactPhone,
    LinkMode,
    Organization,
    Tag,
    contact_tags,
)
from pressdesk.store.uow import UnitOfWork

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
RUSSIAN_STYLE = ("ov", "ev", "in")  # family names that take an "a" for a woman
NOT_DECLINED = {"Martin"}
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


# -- releases and lists ------------------------------------------------------------------
#
# Added once per store (not per contact), through the services an officer's actions go
# through: create_contact for the focal points who sign releases, import_text for the
# IOM release as it was pasted, create_release/add_version/save_release for the others,
# create_list/add_members/link for the lists. Dates are counted from today, so the
# embargoed release is always still under embargo when the store is new.

# The IOM Turkmenistan release of 9 December 2022, exactly as it was published (no-break
# spaces included); it goes in through the app's paste path, services.releases.import_text.
IOM_RELEASE = (
    Path(__file__).resolve().parents[1]
    / "resources"
    / "samples"
    / "iom-turkmenistan-release-2022-12-09.txt"
).read_text(encoding="utf-8")

# name, organisation, role, e-mail, phone, country, languages, tags
FOCAL_POINTS = [
    (
        "Dovlet Chariyev",
        "IOM Turkmenistan",
        "Communication Focal Point",
        "dchariyev@iom.int",
        "+993 12 48-84-07",
        "TM",
        ["tk", "ru", "en"],
        ["UN", "migration"],
    ),
    (
        "Aizhan Sultanbekova",
        "UNDP Kyrgyzstan",
        "Communication Analyst",
        "aizhan.sultanbekova@undp.org",
        "+996 312 61-12-13",
        "KG",
        ["ky", "ru", "en"],
        ["UN", "climate"],
    ),
    (
        "Nilufar Karimova",
        "UNICEF Uzbekistan",
        "Communication Officer",
        "nilufar.karimova@unicef.org",
        "+998 71 233 95 12",
        "UZ",
        ["uz", "ru", "en"],
        ["UN", "children", "health"],
    ),
    (
        "Timur Rakhimov",
        "UNICEF Uzbekistan",
        "Communication Associate",
        "timur.rakhimov@unicef.org",
        "+998 90 351 27 84",
        "UZ",
        ["uz", "ru"],
        ["UN", "children"],
    ),
    (
        "Claire Durand",
        "UNHCR Central Asia",
        "Public Information Officer",
        "claire.durand@unhcr.org",
        "+7 727 258 45 98",
        "KZ",
        ["fr", "en", "ru"],
        ["UN", "migration"],
    ),
    (
        "Jeren Orazova",
        "WHO Country Office Turkmenistan",
        "Communication Officer",
        "jeren.orazova@who.int",
        "+993 12 92-61-48",
        "TM",
        ["tk", "ru", "en"],
        ["UN", "health"],
    ),
    (
        "Dinara Zhakupova",
        "UN Women Kazakhstan",
        "Communication Specialist",
        "dinara.zhakupova@unwomen.org",
        "+7 717 269 70 15",
        "KZ",
        ["kk", "ru", "en"],
        ["UN", "gender"],
    ),
    (
        "Merdan Ataev",
        "UNRCCA",
        "Public Information Officer",
        "merdan.ataev@un.org",
        "+993 12 48-87-33",
        "TM",
        ["tk", "ru", "en"],
        ["UN", "diplomacy"],
    ),
    (
        "Madina Nazarova",
        "IOM Kazakhstan",
        "National Communication Officer",
        "madina.nazarova@iom.int",
        "+7 701 744 20 63",
        "KZ",
        ["kk", "ru", "en"],
        ["UN", "migration"],
    ),
]
RESERVED_EMAILS = {address for _n, _o, _r, address, *_rest in FOCAL_POINTS}


@dataclass(frozen=True)
class DemoRelease:
    """One release of the demo store; ``days``: its dateline's distance from today."""

    title: str
    paragraphs: list[str]
    language: str
    status: ReleaseStatus
    place: str
    days: int
    contacts: list[tuple[str, str]]  # (focal point's name, title shown in this release)
    sdgs: list[int]
    categories: list[str]
    caption: str = ""
    photo: str = ""  # a picture drawn by _photo: "mountains", "clinic"
    style: DatelineStyle = DatelineStyle.ON
    embargo_zone: str = ""  # set: under embargo until 09:00 there, the dateline's day
    notes: list[str] = field(default_factory=list)
    version_of: str = ""  # the title of the release this is a language version of


# Oldest first: the releases view lists the most recently changed first.
RELEASES = [
    DemoRelease(
        title="UNRCCA hosts regional consultations on transboundary water cooperation",
        paragraphs=[
            "the UN Regional Centre for Preventive Diplomacy for Central Asia (UNRCCA) "
            "brought together deputy ministers of foreign affairs and of water resources "
            "of the five Central Asian states for two days of consultations on the "
            "shared management of the Amu Darya and Syr Darya basins.",
            "Participants reviewed the draft regional framework on data exchange between "
            "hydrometeorological services and agreed to meet again before the next "
            "vegetation season.",
            "“Water has long been a reason for the region to talk,” the Head of UNRCCA "
            "said in closing. “These consultations show that it remains one.”",
        ],
        language="en",
        status=ReleaseStatus.ARCHIVED,
        place="Ashgabat",
        days=-64,
        contacts=[("Merdan Ataev", "UNRCCA Public Information Officer")],
        sdgs=[6, 16, 17],
        categories=["News", "Regional"],
        caption="Delegations of the five Central Asian states at the UNRCCA consultations.",
    ),
    DemoRelease(
        title=(
            "Women journalists from five Central Asian countries complete a course on "
            "gender-sensitive reporting"
        ),
        paragraphs=[
            "twenty-four journalists from Kazakhstan, Kyrgyzstan, Tajikistan, "
            "Turkmenistan and Uzbekistan completed a three-week course on "
            "gender-sensitive reporting organized by UN Women Kazakhstan together with "
            "Internews Central Asia.",
            "The course covered the ethical coverage of gender-based violence, the use "
            "of sex-disaggregated data and the safety of women journalists online.",
            "Each participant will now produce a story for her own outlet with the "
            "support of a mentor from the region.",
        ],
        language="en",
        status=ReleaseStatus.PUBLISHED,
        place="Almaty",
        days=-12,
        contacts=[("Dinara Zhakupova", "Communication Specialist, UN Women Kazakhstan")],
        sdgs=[5, 16],
        categories=["News", "Regional", "Media"],
        caption="Participants of the course with their mentors in Almaty.",
        photo="mountains",
        notes=[
            "UN Women is the United Nations entity dedicated to gender equality and the "
            "empowerment of women."
        ],
    ),
    DemoRelease(
        title=(
            "Asie centrale : les pays de la région renforcent la protection des personnes apatrides"
        ),
        paragraphs=[
            "Les représentants des cinq pays d’Asie centrale ont adopté une feuille de "
            "route commune pour identifier et protéger les personnes apatrides, à "
            "l’issue d’une réunion régionale organisée par le HCR.",
            "La feuille de route prévoit notamment la simplification des procédures "
            "d’enregistrement des naissances et l’échange de bonnes pratiques entre "
            "les services de l’état civil.",
            "Depuis 2014, plus de 100 000 personnes ont vu leur nationalité confirmée "
            "dans la région.",
        ],
        language="fr",
        status=ReleaseStatus.PUBLISHED,
        place="Almaty",
        days=-5,
        contacts=[("Claire Durand", "Chargée de l’information, HCR Asie centrale")],
        sdgs=[10, 16],
        categories=["Communiqué", "Régional"],
        caption="Réunion régionale sur l’apatridie à Almaty.",
        style=DatelineStyle.COMMA,
    ),
    DemoRelease(
        title=(
            "Measles and rubella vaccination campaign to reach 1.2 million children in Uzbekistan"
        ),
        paragraphs=[
            "the Ministry of Health of the Republic of Uzbekistan, with the support of "
            "UNICEF and WHO, begins a two-week vaccination campaign against measles and "
            "rubella for children aged one to six in all regions of the country.",
            "More than 3,000 vaccination teams will work in polyclinics, kindergartens "
            "and mobile points in remote districts. The vaccines were delivered by "
            "UNICEF with funding from Gavi, the Vaccine Alliance.",
            "Parents can find the nearest vaccination point by calling the hotline "
            "1003 or on the Ministry’s website.",
        ],
        language="en",
        status=ReleaseStatus.APPROVED,
        place="Tashkent",
        days=1,
        contacts=[
            ("Nilufar Karimova", "Communication Officer, UNICEF Uzbekistan"),
            ("Timur Rakhimov", "Communication Associate, UNICEF Uzbekistan"),
        ],
        sdgs=[3, 17],
        categories=["Press release", "Health"],
        caption="A nurse prepares a vaccination point at a polyclinic in Tashkent.",
        photo="clinic",
        embargo_zone="Asia/Tashkent",
    ),
    DemoRelease(
        title=(
            "ВОЗ и Министерство здравоохранения Туркменистана обучили 120 медицинских "
            "работников вопросам иммунизации"
        ),
        paragraphs=[
            "Страновой офис Всемирной организации здравоохранения в Туркменистане "
            "совместно с Министерством здравоохранения и медицинской промышленности "
            "завершил серию тренингов для медицинских работников велаятов по вопросам "
            "плановой иммунизации.",
            "Участники изучили правила хранения вакцин, ведение электронного "
            "регистра прививок и общение с родителями, сомневающимися в вакцинации.",
            "Тренинги проведены в рамках двухлетней программы сотрудничества ВОЗ и Туркменистана.",
        ],
        language="ru",
        status=ReleaseStatus.IN_REVIEW,
        place="Ашхабад",
        days=0,
        contacts=[("Jeren Orazova", "Специалист по коммуникациям, ВОЗ в Туркменистане")],
        sdgs=[3],
        categories=["Новости"],
        caption="Тренинг для медицинских работников в Ашхабаде.",
        style=DatelineStyle.COMMA,
    ),
    DemoRelease(
        title=(
            "UNDP and the Ministry of Emergency Situations open a flood early-warning centre in Osh"
        ),
        paragraphs=[
            "UNDP and the Ministry of Emergency Situations of the Kyrgyz Republic will "
            "open a flood and mudflow early-warning centre serving 42 villages of Osh "
            "and Jalal-Abad regions.",
            "Automatic river gauges and rain sensors installed upstream send readings "
            "to the centre every ten minutes; warnings reach village heads and "
            "residents by SMS and loudspeakers.",
            "The centre was built with funding from the Green Climate Fund as part of a "
            "programme to adapt mountain communities to a changing climate.",
        ],
        language="en",
        status=ReleaseStatus.IN_REVIEW,
        place="Bishkek",
        days=3,
        contacts=[("Aizhan Sultanbekova", "Communication Analyst, UNDP Kyrgyzstan")],
        sdgs=[11, 13, 17],
        categories=["Press release", "Climate"],
        caption="A river gauge on the Ak-Buura river above Osh.",
        photo="mountains",
    ),
    DemoRelease(
        title=(
            "ПРООН и МЧС Кыргызской Республики открывают центр раннего оповещения о паводках в Оше"
        ),
        paragraphs=[
            "ПРООН и Министерство чрезвычайных ситуаций Кыргызской Республики открывают "
            "центр раннего оповещения о паводках и селях для 42 сёл Ошской и "
            "Джалал-Абадской областей.",
            "Автоматические гидропосты и датчики осадков передают данные в центр "
            "каждые десять минут; предупреждения получают главы айыл окмоту и жители "
            "по SMS и через громкоговорители.",
        ],
        language="ru",
        status=ReleaseStatus.DRAFT,
        place="Бишкек",
        days=3,
        contacts=[],  # the version keeps the English one's contacts
        sdgs=[11, 13, 17],
        categories=["Пресс-релиз", "Климат"],
        caption="Гидропост на реке Ак-Буура выше Оша.",
        style=DatelineStyle.COMMA,
        version_of="UNDP and the Ministry of Emergency Situations open a flood",
    ),
    DemoRelease(
        title="IOM opens a migrant resource centre in Shymkent",
        paragraphs=[
            "the International Organization for Migration (IOM) and the akimat of "
            "Shymkent will open a resource centre where migrants and their families can "
            "get free legal advice, information on safe employment abroad and referrals "
            "to social services.",
            "[Quote from the Chief of Mission to follow.]",
        ],
        language="en",
        status=ReleaseStatus.DRAFT,
        place="Shymkent",
        days=8,
        contacts=[("Madina Nazarova", "National Communication Officer, IOM Kazakhstan")],
        sdgs=[8, 10],
        categories=["News"],
    ),
]

# name, description, saved filter
LISTS = [
    (
        "Do not send",
        "Asked not to receive our releases; every other list leaves them out",
        "",
    ),
    (
        "Central Asia media",
        "Newsrooms across the five republics, for regional releases",
        "tag:media country:KZ,KG,TJ,TM,UZ has:email",
    ),
    (
        "Turkmenistan press corps",
        "Journalists invited to UN briefings in Ashgabat (picked by hand)",
        "",
    ),
    (
        "UN communication group",
        "Communication officers of the UN agencies in the region",
        "kind:un_agency has:email",
    ),
]
# Hand-picked: regional correspondents of the international press, Turkmen newsrooms.
INTERNATIONAL = ["Eurasianet", "RFE/RL", "Reuters", "Agence France-Presse"]
TURKMEN_MEDIA = ["Turkmenportal", "Neutral Turkmenistan", "Turkmenistan TV", "Orient"]


def _ascii(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.casefold()) if c.isascii() and c.isalpha()
    )


def _family(family: str, gender: str) -> str:
    if gender == "f" and family.endswith(RUSSIAN_STYLE) and family not in NOT_DECLINED:
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
        seen_emails: set[str] = set(RESERVED_EMAILS)

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
    with store.uow() as uow:  # as an import of as many rows leaves it
        if bulk.tidy_search_index(uow.session, count):
            uow.commit()
    add_releases_and_lists(store, seed)
    return store


# A spreadsheet as a press club sends it (semicolons, Russian headers, phones typed every
# way, two addresses in one cell, a duplicate of a focal point already in the store), so
# Import history has an import with created, merged and invalid rows to show.
PRESS_CLUB_CSV = """\
ФИО;Организация;Должность;Эл. почта;Телефон;Страна
Аскар Жумабаев;Tengrinews;Корреспондент;a.zhumabaev@tengrinews.kz;8 (727) 244-51-20;Казахстан
Сауле Омарова;Vlast.kz;Редактор;omarova@vlast.kz, s.omarova@gmail.com;+7 701 555 19 08;Казахстан
Ерлан Касымов;Khabar TV;Продюсер;kasymov(at)khabar.kz;87012223344;Казахстан
Айгерим Бекова;Kazinform;Фотокорреспондент;bekova@kazinform.kz;244 18 90;Казахстан
Madina Nazarova;IOM Kazakhstan;Communication Officer;madina.nazarova@iom.int;+77017442063;KZ
Бауыржан Нуров;Eurasianet;Корреспондент;b.nurov@eurasianet.org;+7 777 310 22 41 доб. 5;Казахстан
Динара Сеитова;Radio Azattyq;Журналист;;+7 (727) 259-70-11;Казахстан
"""


def _add_import(store: Store) -> None:
    with tempfile.TemporaryDirectory(prefix="pressdesk-demo-") as scratch:
        path = Path(scratch) / "press-club-almaty.csv"
        path.write_text(PRESS_CLUB_CSV, encoding="utf-8")
        import_contacts(store, path, ImportOptions(default_region="KZ"))


def _photo(kind: str, seed: int) -> Photo:
    """A plain picture standing in for a press photo (drawn, so the store needs no file)."""
    rng = random.Random(f"{seed}-{kind}")
    width, height = 960, 600
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):  # sky
        t = y / height
        draw.line([(0, y), (width, y)], fill=(int(120 + 90 * t), int(170 + 60 * t), 235))
    if kind == "mountains":
        for layer, shade in enumerate([(96, 110, 140), (70, 90, 90), (52, 74, 60)]):
            base = 300 + layer * 90
            points = [(0, height)]
            x = 0
            while x <= width:
                points.append((x, base - rng.randint(40, 170 - layer * 40)))
                x += rng.randint(60, 140)
            points += [(width, base), (width, height)]
            draw.polygon(points, fill=shade)
    else:  # a clinic: a white building, windows, a red crescent over the door
        draw.rectangle([0, 430, width, height], fill=(180, 176, 160))
        draw.rectangle([180, 190, 780, 470], fill=(236, 236, 232))
        for column in range(6):
            for row in range(2):
                x, y = 220 + column * 95, 220 + row * 110
                draw.rectangle([x, y, x + 55, y + 70], fill=(120, 160, 200))
        draw.rectangle([440, 370, 520, 470], fill=(90, 70, 60))
        draw.ellipse([455, 305, 505, 355], fill=(200, 30, 40))
        draw.ellipse([468, 305, 514, 351], fill=(236, 236, 232))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82)
    return Photo(out.getvalue(), "image/jpeg", f"{kind}.jpg")


def _focal_points(uow: UnitOfWork) -> dict[str, int]:
    """The people who sign the releases, as stored contacts (name -> id)."""
    ids = {}
    for name, organisation, role, email, phone, country, languages, tags in FOCAL_POINTS:
        contact = create_contact(
            uow,
            ContactInput(
                name=name,
                organization=organisation,
                role=role,
                country=country,
                languages=languages,
                tags=tags,
                emails=[ValueInput(email, "work")],
                phones=[ValueInput(phone, "work")],
            ),
        )
        ids[name] = contact.id
    return ids


def _add_releases(uow: UnitOfWork, people: dict[str, int], today: date, seed: int) -> None:
    pasted = releases.import_text(uow, IOM_RELEASE)
    releases.set_status(uow, pasted.release.id, ReleaseStatus.PUBLISHED.value)
    made: dict[str, int] = {}
    for item in RELEASES:
        day = today + timedelta(days=item.days)
        embargo = None
        if item.embargo_zone:
            embargo = datetime.combine(day, time(9), releases.time_zone(item.embargo_zone))
        doc = Release(
            title=item.title,
            paragraphs=list(item.paragraphs),
            categories=list(item.categories),
            photo=_photo(item.photo, seed) if item.photo else None,
            caption=item.caption,
            dateline=Dateline(item.place, day, style=item.style),
            notes=list(item.notes),
            sdgs=list(item.sdgs),
            language=item.language,
            status=item.status,
            embargo=embargo,
        )
        if item.version_of:
            source = next(rid for title, rid in made.items() if title.startswith(item.version_of))
            row = releases.add_version(uow, source, item.language)
            row = releases.save_release(uow, row.id, doc)
        else:
            links = [releases.ContactLink(people[name], title) for name, title in item.contacts]
            row = releases.create_release(uow, doc, links)
        made[item.title] = row.id


def _add_lists(uow: UnitOfWork, people: dict[str, int], rng: random.Random) -> None:
    made = {
        name: lists.create_list(uow, name, filter_text=text, description=description)
        for name, description, text in LISTS
    }
    media = sorted(uow.lists.matching_ids(lists.parse(LISTS[1][2])))
    # A few regional journalists asked to be left alone, one withdrew consent.
    refused = rng.sample(media, min(3, len(media)))
    lists.add_members(uow, made["Do not send"], refused)
    for list_name in ("Central Asia media", "Turkmenistan press corps"):
        lists.link(uow, made[list_name], made["Do not send"], LinkMode.EXCLUDE)
    left = [cid for cid in media if cid not in refused]
    if left:
        privacy.set_consent(uow, rng.choice(left), ConsentStatus.WITHDRAWN)
    lists.add_members(uow, made["Central Asia media"], _ids_of(uow, INTERNATIONAL, 3))
    # One of those who refused is in the press corps too: the list shows why they are left out.
    corps = _ids_of(uow, TURKMEN_MEDIA, 10) + refused[:1] + [people["Dovlet Chariyev"]]
    lists.add_members(uow, made["Turkmenistan press corps"], corps)


def _ids_of(uow: UnitOfWork, organisations: list[str], limit: int) -> list[int]:
    """The first ``limit`` contacts (by id) of these organisations who have an e-mail."""
    statement = (
        select(Contact.id)
        .join(Organization, Contact.organization_id == Organization.id)
        .where(Organization.name.in_(organisations), Contact.primary_email != "")
        .order_by(Contact.id)
        .limit(limit)
    )
    return list(uow.session.scalars(statement))


def add_releases_and_lists(store: Store, seed: int = 7) -> bool:
    """Releases and lists for every view; False (nothing done) when the store has lists."""
    with store.uow() as uow:
        if uow.lists.all() or uow.releases.count():
            return False
        people = _focal_points(uow)
        _add_releases(uow, people, date.today(), seed)
        _add_lists(uow, people, random.Random(f"{seed}-lists"))
        uow.commit()
    _add_import(store)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="SQLite file to create or add to")
    parser.add_argument("--count", type=int, default=400, help="contacts to add (400)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    started = perf_counter()
    store = build(args.path, args.count, args.seed)
    with store.uow() as uow:
        total, problems = uow.contacts.count(), uow.contacts.count_problems()
        release_count, list_count = uow.releases.count(), len(uow.lists.all())
    store.close()
    print(
        f"{args.path}: {total} contacts, {problems} with problems, {release_count} releases, "
        f"{list_count} lists ({perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
