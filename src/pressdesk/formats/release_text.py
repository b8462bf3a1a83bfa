"""Reading a press release written as plain text (the way officers paste them).

The shape expected, top to bottom, each part separated by blank lines (a line holding
only whitespace, such as a non-breaking space, is blank):

    categories (short lines, optional)      News / Local
    title
    caption (optional)                      anything between the title and the dateline
    body, the first paragraph opening with the dateline
    separator (optional)                    ***  ###  -ENDS-  - 30 -
    notes (optional)                        e.g. "About IOM"
    contact block                           opening phrase, then people: name, title
                                            line(s), E-mail:/Tel: lines
    SDG lines                               SDG 10 - Reduced Inequalities

Contacts are told apart by blank lines when the block groups each person's lines; when
every line stands alone (as in the IOM seed), a plain line after an e-mail or phone line
starts the next person.

Language detection is deliberately simple: mostly Cyrillic letters -> "ru"; Latin text
with several Turkmen letters (ň, ý, ş, ž) -> "tk"; more French than English function
words -> "fr"; English function words -> "en"; otherwise `default_language`.

Values that cannot be read (a phone without a country code, an e-mail that does not
validate, an embargo without a time zone) are reported in `ParsedRelease.problems` with
their original text; unreadable phones are left out of the release's contacts (which hold
E.164 numbers only) but stay in `raw_contacts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from pressdesk.domain.releases import (
    BlockContact,
    Release,
    default_closing,
    escape_markup,
    to_e164,
)
from pressdesk.domain.sdgs import parse_sdg
from pressdesk.formats.release_dates import is_embargo_line, match_dateline, parse_embargo


class ReleaseParseError(ValueError):
    """The text is not a press release (empty, binary, or no body)."""


@dataclass(slots=True)
class RawContact:
    """A person as written in the text, before any validation."""

    name: str
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ParseProblem:
    text: str
    reason: str


@dataclass(slots=True)
class ParsedRelease:
    release: Release
    raw_contacts: list[RawContact] = field(default_factory=list)
    problems: list[ParseProblem] = field(default_factory=list)


_SEPARATOR = re.compile(
    r"(?:\*\s*){3,}|#{3,}|[-–—]*\s*ENDS\s*[-–—]*|[-–—]\s*30\s*[-–—]", re.IGNORECASE
)
_OPENERS = {
    "for additional questions, please contact",
    "for additional information, please contact",
    "for more information, please contact",
    "for further information, please contact",
    "for more information contact",
    "media contacts",
    "media contact",
    "press contacts",
    "press contact",
    "contacts",
    "contact",
    "для дополнительной информации обращайтесь",
    "для получения дополнительной информации обращайтесь",
    "контакты для сми",
    "контакты",
    "контакт",
    "contact presse",
    "contacts presse",
    "contacts médias",
    "pour plus d'informations, veuillez contacter",
}
_OPENER_HINT = re.compile(r"(contact|контакт|обращайтесь)\w*\s*:$", re.IGNORECASE)
_EMAIL_LABEL = re.compile(
    r"(?:e-?\s?mail|эл\.?\s*почта|электронная\s+почта|courriel|m[ée]l)\s*\.?\s*:\s*(?P<value>.*)",
    re.IGNORECASE,
)
_PHONE_LABEL = re.compile(
    r"(?:tel|t[ée]l|phone|telephone|t[ée]l[ée]phone|mobile|mob|cell|portable|whatsapp"
    r"|тел|телефон|моб|мобильный)\s*\.?\s*(?::\s*|(?=[+(\d]))(?P<value>.*)",
    re.IGNORECASE,
)
_BARE_PHONE = re.compile(r"\+[\d\s().-]{6,24}")
_ONE_LINE_PARTS = re.compile(r"\s*[,;|]\s*")
_SPLIT_VALUES = re.compile(r"\s*[,;]\s*|\s+/\s+|\s+(?:or|или|ou)\s+", re.IGNORECASE)
_CATEGORY_SPLIT = re.compile(r"\s*[|·•]\s*")
_CATEGORY_WORDS = {
    "news",
    "local",
    "press release",
    "news release",
    "media advisory",
    "statement",
    "story",
    "feature",
    "новости",
    "пресс-релиз",
    "заявление",
    "actualités",
    "communiqué de presse",
    "communiqué",
}
_ENGLISH = {"the", "and", "of", "to", "in", "with", "for", "is", "on", "was", "were", "by"}
_FRENCH = {"le", "la", "les", "des", "du", "une", "est", "et", "pour", "avec", "dans", "au"}
_TURKMEN_LETTERS = set("ňýşž")


def _normalise_lines(text: str) -> list[str]:
    return [line.strip() for line in text.lstrip("\ufeff").splitlines()]


def _blocks(lines: list[str], start: int, end: int) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines[start:end]:
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def detect_language(text: str, default: str = "en") -> str:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return default
    cyrillic = sum("\u0400" <= char <= "\u04ff" for char in letters)
    if cyrillic / len(letters) > 0.3:
        return "ru"
    words = re.findall(r"[^\W\d_]+", text.lower())
    if sum(any(c in _TURKMEN_LETTERS for c in word) for word in words) >= 3:
        return "tk"
    french = sum(word in _FRENCH for word in words)
    english = sum(word in _ENGLISH for word in words)
    if french > english and french >= 3:
        return "fr"
    if english >= 3:
        return "en"
    return default


def _is_opener(line: str) -> bool:
    key = " ".join(line.lower().replace("\u00a0", " ").split()).rstrip(": ").strip()
    if key in _OPENERS:
        return True
    return len(line.split()) <= 12 and _OPENER_HINT.search(line) is not None


def _is_category_block(block: list[str]) -> bool:
    return all(
        len(line) <= 40 and len(line.split()) <= 5 and line[-1] not in ".!?:" for line in block
    )


def _starts_with_categories(front: list[list[str]], dateline_found: bool) -> bool:
    """Whether the first block holds categories rather than the title.

    Several short lines are categories. A single short line is one only when it is in
    capitals ("PRESS RELEASE") or a usual label ("News"), or when a title and a caption
    both follow it before the dateline.
    """
    first = front[0]
    if len(front) < (2 if dateline_found else 3) or not _is_category_block(first):
        return False
    if len(first) > 1 or (dateline_found and len(front) >= 3):
        return True
    line = first[0]
    return line.isupper() or line.lower() in _CATEGORY_WORDS


def _reject_non_text(text: object) -> str:
    if not isinstance(text, str):
        raise ReleaseParseError(f"Expected text, got {type(text).__name__}.")
    if not text.strip():
        raise ReleaseParseError("The text is empty: a release needs at least a title and a body.")
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f\v")
    if "\x00" in text or controls > max(3, len(text) // 100):
        raise ReleaseParseError("This does not look like text (it holds control characters).")
    return text


def parse_release_text(
    text: str, *, default_language: str = "en", default_region: str | None = None
) -> ParsedRelease:
    """Read a plain-text release into a structured `Release`.

    `default_region` (e.g. "TM") reads phone numbers written without a country code.
    Raises ReleaseParseError when the text is not a release.
    """
    lines = _normalise_lines(_reject_non_text(text))
    problems: list[ParseProblem] = []
    language = detect_language(text, default_language)

    embargo = None
    # The notice heads the release (at most after a label such as "PRESS RELEASE").
    for index in [i for i, line in enumerate(lines) if line][:2]:
        line = lines[index]
        if is_embargo_line(line) and len(line) <= 120:
            try:
                embargo = parse_embargo(line)
            except ValueError as exc:
                problems.append(ParseProblem(line, f"Embargo not read: {exc}."))
            lines[index] = ""
            break

    first = next(i for i, line in enumerate(lines) if line) if any(lines) else 0
    separator_at = next(
        (i for i in range(first + 1, len(lines)) if lines[i] and _SEPARATOR.fullmatch(lines[i])),
        None,
    )
    search_from = separator_at + 1 if separator_at is not None else 0
    opener_at = next(
        (i for i in range(search_from, len(lines)) if lines[i] and _is_opener(lines[i])), None
    )
    if separator_at is not None:
        body_end = separator_at
    elif opener_at is not None:
        body_end = opener_at
    else:
        body_end = len(lines)

    head = _blocks(lines, 0, body_end)
    tail_lines = [line for line in lines[body_end:] if line]
    if separator_at is None and opener_at is None:
        while head and len(head) > 2 and all(parse_sdg(line) for line in head[-1]):
            tail_lines[:0] = head.pop()
    if not head:
        raise ReleaseParseError("No title or body found before the contact block.")

    dateline_at, dateline_match = None, None
    for index in range(1, min(len(head), 6)):
        dateline_match = match_dateline(" ".join(head[index]))
        if dateline_match is not None:
            dateline_at = index
            break

    categories: list[str] = []
    front = head[:dateline_at] if dateline_at is not None else head
    if _starts_with_categories(front, dateline_at is not None):
        categories = [part for line in front[0] for part in _CATEGORY_SPLIT.split(line) if part]
    offset = 1 if categories else 0
    title = " ".join(head[offset])
    if dateline_at is not None:
        caption = " ".join(" ".join(block) for block in head[offset + 1 : dateline_at])
        body_blocks = head[dateline_at:]
    else:
        caption = ""
        body_blocks = head[offset + 1 :]
    if not body_blocks:
        raise ReleaseParseError(
            f"Found a title ({title[:60]!r}) but no body: a release needs at least one paragraph."
        )
    paragraphs = [" ".join(block) for block in body_blocks]
    dateline = None
    if dateline_match is not None:
        dateline = dateline_match.dateline
        paragraphs[0] = dateline_match.rest
        if not paragraphs[0]:
            paragraphs.pop(0)

    notes_lines, contact_lines, sdgs, closing = _split_tail(
        lines, body_end, separator_at, opener_at
    )
    raw_contacts = _read_contacts(contact_lines)
    notes = [" ".join(block) for block in notes_lines]
    prose = [raw for raw in raw_contacts if not raw.emails and not raw.phones and _is_prose(raw)]
    for raw in prose:
        stray = " ".join([raw.name, *raw.title.splitlines()])
        problems.append(ParseProblem(stray, "Text after the contact block was kept as a note."))
        notes.append(stray)
        raw_contacts.remove(raw)
    contacts = _validate_contacts(raw_contacts, default_region, problems)

    if closing == default_closing(language):
        closing = ""
    release = Release(
        title=title,
        paragraphs=[escape_markup(p) for p in paragraphs],
        categories=categories,
        caption=caption,
        dateline=dateline,
        separator=lines[separator_at] if separator_at is not None else "",
        notes=[escape_markup(note) for note in notes],
        closing=closing,
        contacts=contacts,
        sdgs=sdgs,
        language=language,
        embargo=embargo,
    )
    return ParsedRelease(release, raw_contacts, problems)


def _split_tail(
    lines: list[str], body_end: int, separator_at: int | None, opener_at: int | None
) -> tuple[list[list[str]], list[list[str]], list[int], str]:
    """Notes blocks, contact blocks, SDG numbers and the opening phrase after the body."""
    sdgs: list[int] = []
    kept = list(lines)
    for index in range(body_end, len(kept)):
        goal = parse_sdg(kept[index]) if kept[index] and len(kept[index]) <= 120 else None
        if goal is not None:
            if goal.number not in sdgs:
                sdgs.append(goal.number)
            kept[index] = ""
    start = body_end + 1 if separator_at is not None else body_end
    if opener_at is not None:
        before = _blocks(kept, start, opener_at)
        return before, _blocks(kept, opener_at + 1, len(kept)), sdgs, lines[opener_at]
    notes: list[list[str]] = []
    contacts: list[list[str]] = []
    for block in _blocks(kept, start, len(kept)):
        if any(_classify(line)[0] != "text" for line in block) or contacts:
            contacts.append(block)
        else:
            notes.append(block)
    return notes, contacts, sdgs, ""


def _classify(line: str) -> tuple[str, list[str]]:
    match = _EMAIL_LABEL.fullmatch(line)
    if match:
        return "email", _values(match["value"])
    match = _PHONE_LABEL.fullmatch(line)
    if match and any(char.isdigit() for char in match["value"]):
        return "phone", _values(match["value"])
    if _BARE_PHONE.fullmatch(line):
        return "phone", [line]
    if "@" in line and " " not in line and len(line) <= 254:
        return "email", [line]
    return "text", [line]


def _values(raw: str) -> list[str]:
    return [value.strip(" <>") for value in _SPLIT_VALUES.split(raw.strip()) if value.strip(" <>")]


def _read_contacts(blocks: list[list[str]]) -> list[RawContact]:
    grouped = any(len(block) > 1 for block in blocks)
    contacts: list[RawContact] = []
    titles: list[list[str]] = []
    for block in blocks:
        fresh_block = True
        for line in block:
            kind, values = _classify(line)
            current = contacts[-1] if contacts else None
            starts_new = (
                current is None
                or bool(current.emails or current.phones)
                or (grouped and fresh_block)
            )
            details = _details(line) if kind == "text" else None
            if details is not None:
                # "Paul Dillon, IOM Geneva, pdillon@iom.int, +41 79 636 9874" is one person;
                # "Spokesperson, smsehli@iom.int" under a name, that person's title and e-mail.
                texts, emails, phones = details
                if starts_new:
                    contacts.append(RawContact(texts.pop(0) if texts else ""))
                    titles.append([])
                if texts:
                    titles[-1].append(", ".join(texts))
                contacts[-1].emails.extend(emails)
                contacts[-1].phones.extend(phones)
            elif kind == "text":
                if starts_new:
                    contacts.append(RawContact(line))
                    titles.append([])
                else:
                    titles[-1].append(line)
            else:
                if current is None:
                    contacts.append(RawContact(""))
                    titles.append([])
                    current = contacts[-1]
                target = current.emails if kind == "email" else current.phones
                target.extend(values)
            fresh_block = False
    for contact, title in zip(contacts, titles, strict=True):
        contact.title = "\n".join(title)
    return contacts


def _details(line: str) -> tuple[list[str], list[str], list[str]] | None:
    """A line of parts separated by commas (or ``;``, ``|``) among which an e-mail or a
    phone: (text parts, e-mails, phones); None for any other line."""
    parts = [part.strip() for part in _ONE_LINE_PARTS.split(line) if part.strip()]
    if len(parts) < 2:
        return None
    texts: list[str] = []
    emails: list[str] = []
    phones: list[str] = []
    for part in parts:
        kind, values = _classify(part)
        {"email": emails, "phone": phones, "text": texts}[kind].extend(values)
    return (texts, emails, phones) if emails or phones else None


def _validate_contacts(
    raw_contacts: list[RawContact], region: str | None, problems: list[ParseProblem]
) -> list[BlockContact]:
    contacts: list[BlockContact] = []
    for raw in raw_contacts:
        emails: list[str] = []
        for value in raw.emails:
            address = value.removeprefix("mailto:")
            try:
                emails.append(validate_email(address, check_deliverability=False).normalized)
            except EmailNotValidError as exc:
                problems.append(ParseProblem(value, f"E-mail of {raw.name} not valid: {exc}"))
                emails.append(address)
        phones: list[str] = []
        for value in raw.phones:
            try:
                phones.append(to_e164(value, region))
            except ValueError as exc:
                problems.append(ParseProblem(value, f"Phone of {raw.name} left out: {exc}."))
        if not raw.name:
            details = ", ".join(raw.emails + raw.phones)
            problems.append(ParseProblem(details, "Contact details without a name."))
        contacts.append(BlockContact(raw.name, raw.title, emails, phones))
    return contacts


def _is_prose(raw: RawContact) -> bool:
    """A "person" with no e-mail or phone whose text reads like a sentence."""
    text = " ".join([raw.name, *raw.title.splitlines()])
    return len(raw.name.split()) > 6 or text.rstrip()[-1:] in ".!?"
