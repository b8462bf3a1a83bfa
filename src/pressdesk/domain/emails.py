"""E-mail addresses as officers paste them.

Cells hold ``mailto:x@y``, ``Name <x@y>``, stray spaces and several addresses at once.
Validation is ``email-validator``'s (syntax, internationalised domains such as
``münchen.de``); DNS deliverability is checked only when asked, since it needs a network.

An imported column repeats a handful of domains thousands of times, and the domain's
checks (IDNA, UTS #46) are most of what an address costs: 250 µs for ``münchen.de``.
:func:`_validated` therefore takes ``email_validator.validate_email``'s steps itself, through
the library's own ``email_validator.syntax`` functions, and remembers each domain's outcome.
Those functions are internals of email-validator 2.x (pinned below 3 in pyproject.toml);
``tests/domain/test_emails.py`` compares this path with the plain call over generated
addresses, so a release that changes them fails there rather than changing results.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import email_validator
from email_validator import EmailSyntaxError, ValidatedEmail
from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES
from email_validator.syntax import (
    split_email,
    validate_email_domain_name,
    validate_email_length,
    validate_email_local_part,
)

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
        if deliverability:
            result = email_validator.validate_email(value, check_deliverability=True)
        else:
            result = _validated(value)
    except email_validator.EmailNotValidError as error:
        return EmailCheck(original, display_name=name, reason=str(error))
    return EmailCheck(original, address=result.normalized, display_name=name)


@lru_cache(maxsize=2048)
def _domain_name(
    domain: str, test_environment: bool, globally_deliverable: bool
) -> tuple[str, str] | str:
    """(domain, ascii_domain), or why the domain is refused. The reason is kept rather than
    the exception: raising one instance again would grow its traceback on every row."""
    try:
        info = validate_email_domain_name(
            domain, test_environment=test_environment, globally_deliverable=globally_deliverable
        )
    except EmailSyntaxError as error:
        return str(error)
    return info["domain"], info["ascii_domain"]


def _validated(email: str) -> ValidatedEmail:
    """``email_validator.validate_email(email, check_deliverability=False)``, step by step
    as email-validator 2.4 takes them, with the domain name's checks remembered."""
    if "@" in email and '"' not in email and "<" not in email:
        # What split_email finds in such text, without its walk over every character
        # (15 µs an ASCII address, 25 µs an IDN one): no quoting, no display name, and
        # the first "@" ends the local part, since no mark composes with "@" under NFC
        # (Unicode's stability policy keeps it so).
        original_local, _, domain_part = email.partition("@")
        display_name, unescaped_local, quoted = None, original_local, False
    else:
        display_name, original_local, unescaped_local, quoted, domain_part = split_email(email)
    if domain_part.startswith("[") and domain_part.endswith("]"):
        # A domain literal ([192.0.2.1]): rare, so the library walks it whole.
        return email_validator.validate_email(email, check_deliverability=False)
    if display_name:
        display_name = unicodedata.normalize("NFC", display_name)
    ret = ValidatedEmail()
    ret.original = original_local + "@" + domain_part
    ret.display_name = display_name
    local_options = {
        "allow_smtputf8": email_validator.ALLOW_SMTPUTF8,
        "allow_empty_local": email_validator.ALLOW_EMPTY_LOCAL,
        "quoted_local_part": quoted,
        "strict": email_validator.STRICT,
    }
    local = validate_email_local_part(unescaped_local, **local_options)
    ret.smtputf8 = local["smtputf8"]
    normalized_local = unicodedata.normalize("NFC", unescaped_local)
    if normalized_local != unescaped_local:
        try:
            local = validate_email_local_part(normalized_local, **local_options)
        except EmailSyntaxError as error:
            raise EmailSyntaxError("After Unicode normalization: " + str(error)) from error
    ret.local_part = local["local_part"]
    ret.ascii_local_part = local["ascii_local_part"]
    if quoted and not email_validator.ALLOW_QUOTED_LOCAL:
        raise EmailSyntaxError("Quoting the part before the @-sign is not allowed here.")
    if (
        ret.ascii_local_part is not None
        and ret.ascii_local_part.lower() in CASE_INSENSITIVE_MAILBOX_NAMES
        and ret.local_part is not None
    ):
        ret.ascii_local_part = ret.ascii_local_part.lower()
        ret.local_part = ret.local_part.lower()
    if not domain_part:
        raise EmailSyntaxError("There must be something after the @-sign.")
    checked = _domain_name(
        domain_part, email_validator.TEST_ENVIRONMENT, email_validator.GLOBALLY_DELIVERABLE
    )
    if isinstance(checked, str):
        raise EmailSyntaxError(checked)
    ret.domain, ret.ascii_domain = checked
    ret.normalized = ret.local_part + "@" + ret.domain
    if ret.ascii_local_part and ret.ascii_domain:
        ret.ascii_email = ret.ascii_local_part + "@" + ret.ascii_domain
    else:
        ret.ascii_email = None
    validate_email_length(ret)
    if display_name is not None and not email_validator.ALLOW_DISPLAY_NAME:
        raise EmailSyntaxError(
            "A display name and angle brackets around the email address are not permitted here."
        )
    return ret


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
