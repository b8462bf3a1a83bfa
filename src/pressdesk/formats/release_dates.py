"""Reading the dates, datelines and embargo notices found in release texts.

Month names come from babel (en, ru, fr and a few neighbours, wide and abbreviated,
format and stand-alone forms), so "December", "декабря", "déc." all read as 12.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_month_names

from pressdesk.domain.releases import Dateline, DatelineStyle

# Loading a locale's month names costs ~20 ms, so the neighbours load only on a miss.
_MONTH_LANGUAGES = ("en", "ru", "fr")
_MORE_MONTH_LANGUAGES = ("de", "es", "tk", "uk", "kk", "ky", "uz", "tg")


@lru_cache(maxsize=2)
def _months(languages: tuple[str, ...]) -> dict[str, int]:
    months: dict[str, int] = {}
    for language in languages:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, language).items():
                    months.setdefault(name.lower().rstrip("."), number)
    return months


def month_number(name: str) -> int | None:
    key = name.lower().rstrip(".")
    found = _months(_MONTH_LANGUAGES).get(key)
    return found if found is not None else _months(_MORE_MONTH_LANGUAGES).get(key)


def _date_pattern(tag: str) -> str:
    mdy = rf"(?P<m1{tag}>[^\W\d_]{{3,12}}\.?)\s+(?P<d1{tag}>\d{{1,2}}),?\s+(?P<y1{tag}>\d{{4}})"
    dmy = (
        rf"(?P<d2{tag}>\d{{1,2}})(?:er)?\s+(?P<m2{tag}>[^\W\d_]{{3,12}}\.?)\s+"
        rf"(?P<y2{tag}>\d{{4}})(?:\s*(?:года|г\.|г\b))?"
    )
    return rf"(?:{mdy}|{dmy})"


def _date_from(match: re.Match[str], tag: str) -> dt.date | None:
    for order in ("1", "2"):
        month = match.group(f"m{order}{tag}")
        if month is None:
            continue
        number = month_number(month)
        if number is None:
            return None
        try:
            return dt.date(
                int(match.group(f"y{order}{tag}")), number, int(match.group(f"d{order}{tag}"))
            )
        except ValueError:
            return None
    return None


_DASH = r"(?:\s*[–—]\s*|\s+--?\s+)"
_PLACE = r"(?P<place>[^\W\d_]+(?:(?:\.\s|[ '’-])[^\W\d_]+){0,4}\.?)"
_ON = re.compile(rf"{_PLACE}{_DASH}(?:(?:On|on|Le|le)\s+)?{_date_pattern('a')},\s*")
_COMMA = re.compile(rf"{_PLACE},\s*(?:le\s+)?{_date_pattern('b')}{_DASH}")
_AGENCY = re.compile(rf"{_PLACE}\s*\((?P<agency>[^()\n]{{1,60}})\){_DASH}")


@dataclass(frozen=True, slots=True)
class DatelineMatch:
    dateline: Dateline
    rest: str  # the paragraph after the dateline


def match_dateline(paragraph: str) -> DatelineMatch | None:
    """Recognise a dateline opening `paragraph` in one of the documented forms."""
    for pattern, style, tag in (
        (_COMMA, DatelineStyle.COMMA, "b"),
        (_ON, DatelineStyle.ON, "a"),
    ):
        match = pattern.match(paragraph)
        if match is None:
            continue
        date = _date_from(match, tag)
        if date is None:
            continue
        dateline = Dateline(match["place"], date, None, style)
        return DatelineMatch(dateline, paragraph[match.end() :].strip())
    match = _AGENCY.match(paragraph)
    if match is not None:
        dateline = Dateline(match["place"], None, match["agency"].strip(), DatelineStyle.AGENCY)
        return DatelineMatch(dateline, paragraph[match.end() :].strip())
    return None


_EMBARGO = re.compile(
    r"(?:EMBARGO(?:ED)?(?:\s+(?:UNTIL|TILL|TO))?|ЭМБАРГО(?:\s+ДО)?|SOUS\s+EMBARGO"
    r"(?:\s+JUSQU['’]AU)?)\s*:?\s*(?P<when>.*)",
    re.IGNORECASE,
)
_WHEN_DATE = re.compile(_date_pattern("e"))
_WHEN_TIME = re.compile(r"(?P<h>\d{1,2})[:.h](?P<m>\d{2})\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?")
_WHEN_ZONE = re.compile(r"(?:UTC|GMT)\s*(?:(?P<sign>[+\-−])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)?")


def is_embargo_line(line: str) -> bool:
    return _EMBARGO.fullmatch(line.strip()) is not None


def parse_embargo(line: str) -> dt.datetime:
    """ "EMBARGOED UNTIL December 10, 2022, 09:00 UTC+05:00" (or ISO 8601) to an aware time.

    ValueError, with the reason, when the date, the time or the time zone is missing.
    """
    match = _EMBARGO.fullmatch(line.strip())
    if match is None:
        raise ValueError("not an embargo notice")
    when = match["when"].strip()
    try:
        moment = dt.datetime.fromisoformat(when)
    except ValueError:
        moment = _parse_written_moment(when)
    if moment.utcoffset() is None:
        raise ValueError("the embargo has no time zone (write e.g. 'UTC+05:00')")
    return moment


def _parse_written_moment(when: str) -> dt.datetime:
    date_match = _WHEN_DATE.search(when)
    date = _date_from(date_match, "e") if date_match else None
    if date is None:
        raise ValueError("the embargo has no readable date")
    after = when[date_match.end() :] if date_match else ""
    time_match = _WHEN_TIME.search(after)
    if time_match is None:
        raise ValueError("the embargo has no time of day")
    hour, minute = int(time_match["h"]), int(time_match["m"])
    ampm = (time_match["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    zone_match = _WHEN_ZONE.search(after[time_match.end() :])
    if zone_match is None:
        raise ValueError("the embargo has no time zone (write e.g. 'UTC+05:00')")
    offset = dt.timedelta(0)
    if zone_match["sign"]:
        offset = dt.timedelta(hours=int(zone_match["h"]), minutes=int(zone_match["m"] or 0))
        if zone_match["sign"] != "+":
            offset = -offset
    try:
        return dt.datetime.combine(date, dt.time(hour, minute), dt.timezone(offset))
    except ValueError as exc:
        raise ValueError(f"the embargo time is impossible: {exc}") from exc
