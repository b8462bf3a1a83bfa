"""Contact writers: JSON, CSV, XLSX and vCard, chosen by the file's extension.

Input is an iterable of contact dicts in PressDesk's JSON contract::

    {"id", "name", "organization", "role", "country",
     "emails": [{"address", "label", "primary"}],
     "phones": [{"e164", "display", "extension", "label", "primary"}],
     "invalid": [{"field", "value", "reason"}], "tags", "do_not_contact"}

plus, when present, ``given_name``, ``family_name``, ``department``, ``city``,
``website``, ``languages`` and ``notes``. The JSON file is ``{"contacts": [...]}``.

CSV and XLSX share one flat layout that :func:`.layouts.guess_mapping` maps back without
help: Name, [Given Name, Family Name, Department, City], Organization, Role, Country,
``E-mail N - Label`` / ``E-mail N - Value``, ``Phone N - Label`` / ``Phone N - Value``
(Google's pairs, so labels and the primary mark ``"* work"`` survive a round trip; the
phone value is the display form with `` ext. N``), Tags (joined with ``"; "``),
Do not contact (yes/empty), Invalid values, [Website, Languages, Notes]. Optional
columns appear only when some contact has a value. CSV is UTF-8 with a BOM (Excel then
reads it as UTF-8) and comma-delimited.

Formula injection (OWASP "CSV injection"): a cell beginning with ``=``, ``+``, ``-``,
``@``, tab or CR is prefixed with a single quote, so a spreadsheet shows it as text.
The one exception is a phone value column holding only a ``+`` followed by digits,
spaces and ``( ) . - /`` (and our own `` ext. 204``): such a value has no function name,
cell reference or DDE command in it (the dot in "ext." makes it no cell reference), and
prefixing it would spoil every international number. The quote is
not removed when such a file is imported again (the importer keeps text as written).
XLSX cells are always written as text; control characters XLSX cannot hold are dropped.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from pressdesk.formats.vcard import write_vcards

__all__ = ["EXPORT_FORMATS", "flat_rows", "neutralise", "write_contacts"]

EXPORT_FORMATS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".vcf": "vcard"}
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"^\+\d[\d ().\-/]*(?: ext\. \d+)?$")
_OPTIONAL_BEFORE = (("given_name", "Given Name"), ("family_name", "Family Name"))
_OPTIONAL_MIDDLE = (("department", "Department"), ("city", "City"))
_OPTIONAL_AFTER = (("website", "Website"), ("languages", "Languages"), ("notes", "Notes"))


def neutralise(value: str, *, phone: bool = False) -> str:
    """The cell text safe from formula injection (see the module docstring)."""
    if phone and _PHONE.match(value):
        return value
    return "'" + value if value.startswith(_DANGEROUS) else value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_text(v) for v in value if v not in (None, ""))
    return str(value)


def _phone_value(phone: Mapping[str, Any]) -> str:
    display = _text(phone.get("display") or phone.get("e164"))
    ext = _text(phone.get("extension"))
    return f"{display} ext. {ext}" if ext and ext not in display else display


def _label(item: Mapping[str, Any]) -> str:
    label = _text(item.get("label"))
    if item.get("primary"):
        return f"* {label}" if label else "*"
    return label


def _invalid(contact: Mapping[str, Any]) -> str:
    return "; ".join(
        f"{_text(bad.get('field'))}: {_text(bad.get('value'))} ({_text(bad.get('reason'))})"
        for bad in contact.get("invalid") or []
    )


def flat_rows(contacts: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the flat CSV/XLSX layout, not yet neutralised.

    Returns also which columns hold phone values through the header names
    ("Phone N - Value").
    """

    def present(key: str) -> bool:
        return any(c.get(key) not in (None, "", []) for c in contacts)

    before = [(k, h) for k, h in _OPTIONAL_BEFORE if present(k)]
    middle = [(k, h) for k, h in _OPTIONAL_MIDDLE if present(k)]
    after = [(k, h) for k, h in _OPTIONAL_AFTER if present(k)]
    n_emails = max((len(c.get("emails") or []) for c in contacts), default=0)
    n_phones = max((len(c.get("phones") or []) for c in contacts), default=0)
    headers = ["Name", *(h for _, h in before), "Organization", *(h for _, h in middle)]
    headers += ["Role", "Country"]
    for i in range(1, n_emails + 1):
        headers += [f"E-mail {i} - Label", f"E-mail {i} - Value"]
    for i in range(1, n_phones + 1):
        headers += [f"Phone {i} - Label", f"Phone {i} - Value"]
    headers += ["Tags", "Do not contact", "Invalid values", *(h for _, h in after)]
    rows = []
    for c in contacts:
        row = [_text(c.get("name")), *(_text(c.get(k)) for k, _ in before)]
        row += [_text(c.get("organization")), *(_text(c.get(k)) for k, _ in middle)]
        row += [_text(c.get("role")), _text(c.get("country"))]
        emails, phones = list(c.get("emails") or []), list(c.get("phones") or [])
        for i in range(n_emails):
            e = emails[i] if i < len(emails) else {}
            row += [_label(e) if e else "", _text(e.get("address"))]
        for i in range(n_phones):
            p = phones[i] if i < len(phones) else {}
            row += [_label(p) if p else "", _phone_value(p) if p else ""]
        row += [_text(c.get("tags")), "yes" if c.get("do_not_contact") else "", _invalid(c)]
        row += [_text(c.get(k)) for k, _ in after]
        rows.append(row)
    return headers, rows


def _safe_rows(headers: list[str], rows: list[list[str]]) -> Iterable[list[str]]:
    phone_columns = {i for i, h in enumerate(headers) if h.startswith("Phone ") and "Value" in h}
    yield headers
    for row in rows:
        yield [neutralise(v, phone=i in phone_columns) for i, v in enumerate(row)]


def _write_csv(path: Path, headers: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(_safe_rows(headers, rows))


def _write_xlsx(path: Path, headers: list[str], rows: list[list[str]]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Contacts")
    for row in _safe_rows(headers, rows):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) or None for v in row])
    book.save(path)


def write_contacts(path: str | Path, contacts: Iterable[Mapping[str, Any]]) -> None:
    """Write contacts to ``path`` in the format its extension names (.json .csv .xlsx .vcf).

    Raises ``ValueError`` for another extension.
    """
    path = Path(path)
    fmt = EXPORT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(EXPORT_FORMATS)
        raise ValueError(f"Cannot export contacts as {path.suffix or path.name}; use {known}.")
    items = list(contacts)
    if fmt == "json":
        with open(path, "w", encoding="utf-8") as f:
            json.dump({"contacts": items}, f, ensure_ascii=False, indent=2, default=str)
            f.write("\n")
    elif fmt == "vcard":
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(write_vcards(items))
    else:
        headers, rows = flat_rows(items)
        (_write_csv if fmt == "csv" else _write_xlsx)(path, headers, rows)
