"""Countries: ISO 3166 alpha-2 codes from whatever officers type.

Country columns hold ISO codes (``TM``, ``TKM``) or names in the officer's language
(``Туркменистан``, ``Turkménistan``, ``Turkmenistán``). Names come from the CLDR data that
``babel`` ships and the ISO tables of ``pycountry``, so no hand-kept list goes stale.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

import pycountry
from babel import Locale

from pressdesk.domain.names import without_marks

#: Languages whose country names are recognised.
NAME_LANGUAGES = ("en", "ru", "fr", "es", "de")

# Common short forms that neither CLDR nor ISO spell out.
_ALIASES = {
    "uk": "GB",
    "england": "GB",
    "great britain": "GB",
    "usa": "US",
    "u s a": "US",
    "u s": "US",
    "uae": "AE",
    "оаэ": "AE",
    "сша": "US",
    "рф": "RU",
    "russia": "RU",
    "россия": "RU",
    "south korea": "KR",
    "north korea": "KP",
    "turkiye": "TR",
    "кыргызстан": "KG",
    "kyrgyz republic": "KG",
    "туркмения": "TM",
    # Names CLDR keeps only as variants (babel drops them) or that ISO has since changed,
    # still what officers' spreadsheets say.
    "turkey": "TR",
    "macedonia": "MK",
    "fyrom": "MK",
    "македония": "MK",
    "swaziland": "SZ",
    "ivory coast": "CI",
    "burma": "MM",
    "holland": "NL",
    "vatican": "VA",
    "east timor": "TL",
    "republic of korea": "KR",
    "korea": "KR",
    "palestine": "PS",
    "macau": "MO",
    "britain": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "bosnia": "BA",
    "dr congo": "CD",
    "drc": "CD",
    "democratic republic of the congo": "CD",
    "the gambia": "GM",
    "the bahamas": "BS",
    "kirgizia": "KG",
    "kirghizia": "KG",
    "киргизия": "KG",
    "kazakstan": "KZ",
    "byelorussia": "BY",
    "belorussia": "BY",
    "белоруссия": "BY",
    "молдавия": "MD",
}


def _key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = without_marks(decomposed)
    cleaned = "".join(c if c.isalnum() else " " for c in letters)
    return " ".join(cleaned.split())


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index.setdefault(_key(value), code)
        index.setdefault(country.alpha_3.casefold(), code)
    for language in NAME_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha() and pycountry.countries.get(alpha_2=code):
                index.setdefault(_key(name), code)
    for alias, code in _ALIASES.items():
        index.setdefault(_key(alias), code)
    return index


def country_code(text: str | None) -> str | None:
    """The ISO 3166 alpha-2 code for a code or country name, or None if unknown."""
    if not text:
        return None
    return _country_code(text)


@lru_cache(maxsize=4096)
def _country_code(text: str) -> str | None:
    # Cached: an imported column repeats a handful of country names many thousand times.
    raw = text.strip()
    if not raw:
        return None
    if len(raw) == 2 and raw.isascii() and raw.isalpha():
        code = raw.upper()
        if pycountry.countries.get(alpha_2=code):
            return code
    return _index().get(_key(raw))


def country_name(code: str | None, locale: str = "en") -> str:
    """The country's name in ``locale``; the code itself if unknown, '' for none."""
    if not code:
        return ""
    return _country_name(code, locale)


@lru_cache(maxsize=1024)
def _country_name(code: str, locale: str) -> str:
    # Cached: Locale.parse alone takes 5 µs, and every number read as invalid names its
    # country in the reason.
    name = Locale.parse(locale).territories.get(code.upper())
    return name or code
