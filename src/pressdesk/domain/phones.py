"""Phone numbers as officers type them, read with ``phonenumbers``.

Stored as E.164 with the extension apart; shown in the international format
(``+993 12 48-84-07``). National formats (``8 (495) 123-45-67``) need a region: the caller
gives the contact's country or the configured default. A number that cannot be read is
kept with its original text and the reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from pressdesk.domain.countries import country_name

# Several numbers in one cell: ; , newline | and a slash with spaces around it.
_SEPARATORS = re.compile(r"[;,\n\r|]+")
# Matched only where a run of spaces starts: a plain \s+/\s+ is quadratic on long runs.
_SPACED_WORDS = re.compile(r"(?<!\s)\s+(?:/|or|или)\s+", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# "вн. 12" (внутренний): an extension, in words phonenumbers does not know.
_LOCAL_EXTENSION = re.compile(r"(?<=\s)(?:вн|внутр)\.?\s*(?=\d{1,6}\s*$)", re.IGNORECASE)
# A piece that is only an extension: "доб. 115", "ext. 12", "x12", "вн. 3".
_EXTENSION_FIRST = re.compile(
    r"(?:ext|extension|x|доб|добавочный|вн|внутр|poste|ext\.?\s*n[o°º])\.?\s*[:#]?\s*\d{1,6}\s*$",
    re.IGNORECASE,
)
_INTL_ZEROS = re.compile(r"^\s*(?:\D{0,12}?)00\s*(?=[1-9])")

_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: "no country code, and no region to read it with",
    NumberParseException.NOT_A_NUMBER: "not a phone number",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the international prefix",
    NumberParseException.TOO_SHORT_NSN: "too short to be a phone number",
    NumberParseException.TOO_LONG: "too long to be a phone number",
}
_LENGTH_REASONS = {
    ValidationResult.TOO_SHORT: "too short",
    ValidationResult.TOO_LONG: "too long",
    ValidationResult.INVALID_LENGTH: "wrong number of digits",
    ValidationResult.INVALID_COUNTRY_CODE: "unknown country code",
}


@dataclass(frozen=True, slots=True)
class PhoneCheck:
    """One number as entered, and how it was read."""

    original: str
    e164: str | None = None
    extension: str | None = None
    region: str | None = None
    reason: str | None = None

    @property
    def valid(self) -> bool:
        return self.e164 is not None

    @property
    def number_region(self) -> str | None:
        """The country the number belongs to (``TM``), from its country code."""
        return number_region(self.e164) if self.e164 else None

    @property
    def display(self) -> str:
        """International format, or the original text when it could not be read."""
        return format_international(self.e164, self.extension) if self.e164 else self.original

    @property
    def described(self) -> str:
        """How it was read, for the editor: ``+993 12 48-84-07 · Turkmenistan``."""
        if not self.e164:
            return self.reason or ""
        name = country_name(self.number_region)
        return f"{self.display} · {name}" if name else self.display


def number_region(e164: str) -> str | None:
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(e164, None))
    except NumberParseException:
        return None
    return region if region and region != "ZZ" and region != "001" else None


def format_international(e164: str, extension: str | None = None) -> str:
    """``+99312488407`` -> ``+993 12 48-84-07`` (with `` ext. 12`` when there is one)."""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    if extension:
        number.extension = extension
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber:
    try:
        return phonenumbers.parse(text, region)
    except NumberParseException as error:
        # "00 44 20 ..." dialled from an unknown place: 00 is the international prefix
        # nearly everywhere, so read it as "+".
        if region is None and error.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            plus = _INTL_ZEROS.sub("+", text, count=1)
            if plus != text:
                return phonenumbers.parse(plus, None)
        raise


def _ascii_digits(text: str) -> str:
    """Arabic-Indic, Persian, full-width ... digits as ASCII, so every rule below sees them."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(ch)) if ch.isdecimal() else ch for ch in text)


def _why_invalid(number: phonenumbers.PhoneNumber, region: str | None) -> str:
    result = phonenumbers.is_possible_number_with_reason(number)
    # +7 is Russia and Kazakhstan: the region it was read with names the right one.
    if region and phonenumbers.country_code_for_region(region) == number.country_code:
        where: str | None = region
    else:
        where = phonenumbers.region_code_for_country_code(number.country_code or 0)
    place = country_name(where) if where and where != "ZZ" else f"+{number.country_code}"
    if result in _LENGTH_REASONS:
        return f"{_LENGTH_REASONS[result]} for a number in {place}"
    return f"not a valid number in {place}"


def check_phone(text: str, region: str | None = None, *, lost_plus: bool = False) -> PhoneCheck:
    """Read one number.

    ``region`` is the ISO code used for national formats. ``lost_plus`` marks digits that
    came from a numeric spreadsheet cell, where Excel dropped the leading ``+``: such
    digits are read as international first when they start with a valid country code.
    """
    original = text.strip()
    region = region.upper() if region else None
    text = _LOCAL_EXTENSION.sub("доб. ", _ascii_digits(original))
    if not _DIGIT.search(text):
        return PhoneCheck(original, region=region, reason="no digits in this phone number")
    if lost_plus:
        digits = "".join(ch for ch in text if ch.isdigit())
        try:
            number = phonenumbers.parse("+" + digits, None)
        except NumberParseException:
            number = None
        if number is not None and phonenumbers.is_valid_number(number):
            return _checked(original, number, region)
    try:
        number = _parse(text, region)
    except NumberParseException as error:
        reason = _PARSE_REASONS.get(error.error_type, str(error))
        return PhoneCheck(original, region=region, reason=reason)
    if not phonenumbers.is_valid_number(number):
        # "00 44 20 ..." with a region whose international prefix is not 00 (TM, RU, KZ
        # dial 8~10): read the 00 as "+" before calling the number invalid.
        plus = _INTL_ZEROS.sub("+", text, count=1)
        if plus != text:
            try:
                retried = phonenumbers.parse(plus, None)
            except NumberParseException:
                retried = None
            if retried is not None and phonenumbers.is_valid_number(retried):
                return _checked(original, retried, region)
        return PhoneCheck(original, region=region, reason=_why_invalid(number, region))
    return _checked(original, number, region)


def _checked(original: str, number: phonenumbers.PhoneNumber, region: str | None) -> PhoneCheck:
    extension = number.extension or None
    number.extension = None
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return PhoneCheck(original, e164=e164, extension=extension, region=region)


def split_phones(
    cell: str, region: str | None = None, *, lost_plus: bool = False
) -> list[PhoneCheck]:
    """Every number in a cell, valid or not, in order; blank cells give none."""
    text = (cell or "").strip()
    if not text:
        return []
    stripped = (p.strip() for chunk in _SEPARATORS.split(text) for p in _SPACED_WORDS.split(chunk))
    # Whitespace-only pieces (tabs, line separators...) between separators are no values.
    pieces: list[str] = []
    for piece in stripped:
        if piece and pieces and _EXTENSION_FIRST.match(piece):
            # "8 (12) 48-84-07, доб. 115": the extension of the number before it.
            pieces[-1] = f"{pieces[-1]} {piece}"
        elif piece:
            pieces.append(piece)
    if len(pieces) <= 1:
        check = check_phone(pieces[0] if pieces else text, region, lost_plus=lost_plus)
        return [replace(check, original=text)]
    return [check_phone(piece, region, lost_plus=lost_plus) for piece in pieces]
