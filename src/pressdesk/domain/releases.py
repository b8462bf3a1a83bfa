"""The press release as a structured document, and its contact block.

A `Release` holds what an officer edits; every writer (TXT, Markdown, HTML, DOCX, PDF,
e-mail) reads it through the same few functions here (`body_paragraphs`,
`contact_block`, `sdg_lines`, `embargo_line`) so that the contact block, the dateline
and the embargo notice are defined once.

Body paragraphs are kept as a small documented markup, a Markdown subset: `**bold**`,
`*italic*` and `[text](url)`; a backslash makes the next punctuation mark literal. Every
other piece of text (title, caption, names...) is plain text. The markup is parsed in
`pressdesk.formats.release_markup`; this module only knows how to escape plain text into
it.

Localised strings (contact labels, closing phrase, dateline words) exist for en, ru and fr;
other languages fall back to English labels with dates still formatted by babel. The
embargo notice stays in English in every language ("EMBARGOED UNTIL ..."): newsrooms and
mail filters recognise the English wording.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

import phonenumbers
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time

from pressdesk.domain.sdgs import SdgGoal


class ReleaseStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in review"
    APPROVED = "approved"
    PUBLISHED = "published"
    ARCHIVED = "archived"

    @property
    def ready_to_send(self) -> bool:
        """Approved or published: sending anything else is worth a word first."""
        return self in (ReleaseStatus.APPROVED, ReleaseStatus.PUBLISHED)


class DatelineStyle(StrEnum):
    """The common forms of a dateline.

    ON:     ``Ashgabat – On December 9, 2022,`` (the sentence continues after the comma)
    COMMA:  ``GENEVA, 9 December 2022 –``, ``Ашхабад, 9 декабря 2022 г. –``,
            ``Genève, le 9 décembre 2022 –``
    AGENCY: ``Geneva (UN News) —`` (no date)
    """

    ON = "on"
    COMMA = "comma"
    AGENCY = "agency"


def base_language(language: str) -> str:
    """ "ru_RU", "ru-RU" and "RU" all give "ru"."""
    return language.replace("-", "_").split("_", 1)[0].lower() or "en"


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(base_language(language))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@dataclass(frozen=True, slots=True)
class _Labels:
    email: str
    phone: str
    closing: str
    on: str  # word before the date in the ON style ("" where the language has none)
    comma_article: str  # word before the date in the COMMA style ("le" in French)


_LABELS = {
    "en": _Labels("E-mail:", "Tel:", "For additional questions, please contact:", "On", ""),
    "ru": _Labels("Эл. почта:", "Тел.:", "Для дополнительной информации обращайтесь:", "", ""),
    "fr": _Labels("Courriel :", "Tél. :", "Contact presse :", "Le", "le"),
}


def labels(language: str) -> _Labels:
    return _LABELS.get(base_language(language), _LABELS["en"])


def default_closing(language: str) -> str:
    """The usual opening phrase of the contact block in `language`."""
    return labels(language).closing


def format_long_date(value: dt.date, language: str, *, day_first: bool = False) -> str:
    """ "December 9, 2022" (en), "9 декабря 2022 г." (ru), "9 décembre 2022" (fr).

    `day_first` asks for "9 December 2022" in English, the order of the
    ``CITY, D Month YYYY –`` dateline; other languages already put the day first.
    """
    locale = _locale(language)
    pattern = "d MMMM y" if day_first and locale.language == "en" else "long"
    # CLDR puts narrow no-break spaces in some dates ("2022\u202fг."); plain spaces are
    # what officers type and what every font and mail client shows.
    return format_date(value, pattern, locale=locale).replace("\u202f", " ")


@dataclass(slots=True)
class Dateline:
    place: str
    date: dt.date | None
    agency: str | None = None
    style: DatelineStyle = DatelineStyle.ON

    def format(self, language: str = "en") -> str:
        """The dateline as it opens the first paragraph, without the trailing space."""
        words = labels(language)
        if self.style is DatelineStyle.AGENCY or self.date is None:
            agency = f" ({self.agency})" if self.agency else ""
            return f"{self.place}{agency} —"
        if self.style is DatelineStyle.COMMA:
            article = f"{words.comma_article} " if words.comma_article else ""
            when = format_long_date(self.date, language, day_first=True)
            return f"{self.place}, {article}{when} –"
        on = f"{words.on} " if words.on else ""
        return f"{self.place} – {on}{format_long_date(self.date, language)},"


def to_e164(raw: str, region: str | None = None) -> str:
    """Normalise a phone number to E.164; ValueError with the reason if it cannot be read."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"{raw!r} is not a phone number: {exc}") from exc
    if not phonenumbers.is_possible_number(number):
        raise ValueError(f"{raw!r} does not have the length of a phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass(slots=True)
class BlockContact:
    """A person as shown in the contact block of one release.

    `title` is the title to show for this release and may hold several lines
    (joined with "\\n"). `organization` links the person to the address book; it is
    not printed (put it in the title when the release should show it).
    """

    name: str
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    organization: str = ""

    def __post_init__(self) -> None:
        self.phones = [to_e164(phone) for phone in self.phones]

    @property
    def phone_display(self) -> list[str]:
        """The phones in the international format: "+993 12 48-84-07"."""
        return [
            phonenumbers.format_number(
                phonenumbers.parse(phone, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL
            )
            for phone in self.phones
        ]

    @property
    def title_lines(self) -> list[str]:
        return [line.strip() for line in self.title.splitlines() if line.strip()]


@dataclass(slots=True)
class Photo:
    data: bytes
    mime_type: str  # "image/jpeg", "image/png"
    filename: str = ""

    def __post_init__(self) -> None:
        if not self.mime_type.startswith("image/"):
            raise ValueError(f"A release photo must be an image, not {self.mime_type!r}")


@dataclass(slots=True)
class Release:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    photo: Photo | None = None
    caption: str = ""
    dateline: Dateline | None = None
    separator: str = "***"
    notes: list[str] = field(default_factory=list)  # after the separator, e.g. "About IOM"
    closing: str = ""  # empty: the language's default phrase
    contacts: list[BlockContact] = field(default_factory=list)
    sdgs: list[int] = field(default_factory=list)
    language: str = "en"
    status: ReleaseStatus = ReleaseStatus.DRAFT
    embargo: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.embargo is not None and self.embargo.utcoffset() is None:
            raise ValueError("The embargo needs a time zone (an aware datetime).")
        for number in self.sdgs:
            SdgGoal(number)
        self.status = ReleaseStatus(self.status)

    @property
    def is_embargoed(self) -> bool:
        """Documents carry the embargo notice whenever an embargo time is set."""
        return self.embargo is not None

    @property
    def closing_phrase(self) -> str:
        return self.closing or default_closing(self.language)


def escape_markup(text: str) -> str:
    """Plain text to body markup: the characters that would start markup are escaped."""
    return "".join("\\" + char if char in "\\*_[]" else char for char in text)


def body_paragraphs(release: Release) -> list[str]:
    """The body as markup paragraphs, the first opening with the dateline."""
    paragraphs = list(release.paragraphs)
    if release.dateline is None:
        return paragraphs
    lead = escape_markup(release.dateline.format(release.language))
    if not paragraphs:
        return [lead]
    return [f"{lead} {paragraphs[0]}", *paragraphs[1:]]


class BlockLineKind(StrEnum):
    CLOSING = "closing"
    NAME = "name"
    TITLE = "title"
    EMAIL = "email"
    PHONE = "phone"


@dataclass(frozen=True, slots=True)
class BlockLine:
    """One line of the contact block; writers style it by `kind`."""

    kind: BlockLineKind
    value: str
    label: str = ""
    contact: int | None = None  # index in release.contacts
    href: str = ""  # mailto:/tel: target for formats that link

    @property
    def text(self) -> str:
        return f"{self.label} {self.value}" if self.label else self.value


def contact_block(release: Release) -> list[BlockLine]:
    """The contact block: the closing phrase, then each contact's lines in order.

    Empty when the release has no contacts.
    """
    if not release.contacts:
        return []
    words = labels(release.language)
    lines = [BlockLine(BlockLineKind.CLOSING, release.closing_phrase)]
    for index, person in enumerate(release.contacts):
        lines.append(BlockLine(BlockLineKind.NAME, person.name, contact=index))
        lines.extend(
            BlockLine(BlockLineKind.TITLE, line, contact=index) for line in person.title_lines
        )
        lines.extend(
            BlockLine(BlockLineKind.EMAIL, email, words.email, index, f"mailto:{email}")
            for email in person.emails
        )
        lines.extend(
            BlockLine(BlockLineKind.PHONE, shown, words.phone, index, f"tel:{e164}")
            for e164, shown in zip(person.phones, person.phone_display, strict=True)
        )
    return lines


def sdg_lines(release: Release) -> list[str]:
    """ "SDG 10 - Reduced Inequalities"... in the release's language."""
    return [SdgGoal(number).label(release.language) for number in release.sdgs]


def embargo_line(release: Release) -> str:
    """ "EMBARGOED UNTIL December 10, 2022, 09:00 UTC+05:00", or "" without embargo."""
    if release.embargo is None:
        return ""
    moment = release.embargo
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    zone = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    day = format_long_date(moment.date(), release.language)
    time = format_time(moment.time(), "HH:mm", locale=_locale(release.language))
    return f"EMBARGOED UNTIL {day}, {time} {zone}"
