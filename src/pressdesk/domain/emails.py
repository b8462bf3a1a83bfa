"""E-mail addresses as officers paste them.

Cells hold ``mailto:x@y``, ``Name <x@y>``, stray spaces and several addresses at once.
Validation is ``email-validator``'s (syntax, internationalised domains such as
``münchen.de``); DNS deliverability is checked only when asked, since it needs a network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import email_validator

# Separators between addresses in one cell. A comma may also sit inside a quoted
# display name ("Chariyev, Dovlet" <d@x>), which the splitter below re-joins.
_SEPARATORS = re.compile(r"[;,\n\r\t|]+")
# A slash with spaces around it, matched only where a run of spaces starts: a plain
# \s+/\s+ takes quadratic time on a long run of spaces.
_SPACED_SLASH = re.compile(r"(?<!\s)\s+/\s+")
_ANGLE = re.compile(r"^(?P<name>.*?)<(?P<addr>[^<>]*)>\s*$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class EmailCheck:
    """One address as entered, and what validation made of it."""

    original: str
    address: str | None = None
    display_name: str | None = None
    reason: str | None = None

    @property
    def valid(self) -> bool:
        return self.address is not None


def _strip_decoration(text: str) -> tuple[str, str | None]:
    value = text.strip().strip("\u00a0").strip()
    name = None
    match = _ANGLE.match(value)
    if match:
        name = match.group("name").strip().strip('"').strip() or None
        value = match.group("addr").strip()
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :].split("?", 1)[0].strip()
    return value.strip("\"'<>()[] "), name


def check_email(text: str, *, deliverability: bool = False) -> EmailCheck:
    """Validate one address; the original text is kept whatever the outcome."""
    original = text.strip()
    value, name = _strip_decoration(text)
    if not value:
        return EmailCheck(original, reason="empty e-mail address")
    try:
        result = email_validator.validate_email(value, check_deliverability=deliverability)
    except email_validator.EmailNotValidError as error:
        return EmailCheck(original, display_name=name, reason=str(error))
    return EmailCheck(original, address=result.normalized, display_name=name)


def split_emails(cell: str, *, deliverability: bool = False) -> list[EmailCheck]:
    """Every address in a cell, valid or not, in order; blank cells give none."""
    chunks = _SEPARATORS.split(cell or "")
    pieces = [piece.strip() for chunk in chunks for piece in _SPACED_SLASH.split(chunk)]
    pieces = [piece for piece in pieces if piece and piece.strip("\u00a0 ")]
    merged: list[str] = []
    for piece in pieces:
        # "Chariyev, Dovlet <d@x>" was split at its comma: a piece with no "@" that
        # precedes one with a display name belongs to it.
        if merged and "@" not in merged[-1] and "<" in piece:
            merged[-1] = f"{merged[-1]}, {piece}"
        else:
            merged.append(piece)
    checks: list[EmailCheck] = []
    for piece in merged:
        tokens = piece.split()
        if "<" not in piece and len(tokens) > 1 and sum("@" in t for t in tokens) > 1:
            checks.extend(check_email(t, deliverability=deliverability) for t in tokens)
        else:
            checks.append(check_email(piece, deliverability=deliverability))
    return checks
