"""Contact writers: JSON, CSV, XLSX and vCard, chosen by the file's extension.

Input is an iterable of contact dicts in PressDesk's JSON contract::

    {"id", "name", "organization", "role", "country",
     "emails": [{"address", "label", "primary"}],
     "phones": [{"e164", "display", "extension", "label", "primary"}],
     "invalid": [{"field", "value", "reason"}], "tags", "do_not_contact"}

plus, when present, ``given_name``, ``family_name``, ``department``, ``city``,
``website``, ``languages`` and ``notes``. The JSON file is ``{"contacts": [...]}``.

CSV and XLSX share one flat layout that :func:`.layouts.guess_mapping` maps back without
help: Name, [Honorific, Given Name, Family Name], Organization, [Department, City], Role,
Country, ``E-mail N - Label`` / ``E-mail N - Value``, ``Phone N - Label`` /
``Phone N - Value`` (Google's pairs, so labels and the primary mark ``"* work"`` survive a
round trip; the phone value is the display form with `` ext. N``, which
:func:`~pressdesk.domain.phones.check_phone` reads back), Tags (joined with ``"; "``),
Do not contact (yes/empty), [Invalid values, Website, Languages, Notes]. Optional columns
appear only when some contact has a value. CSV is UTF-8 with a BOM (Excel then reads it
as UTF-8) and comma-delimited.

An e-mail or phone that failed validation is written after the valid ones in the e-mail
or phone columns, as its original text with no label: importing the file again keeps it
as an invalid value with its reason (recomputed), so the contact stays among the
problems instead of having the value turned into a note. Only an invalid value of
another field, which the contract allows but the store does not produce, goes to the
Invalid values column (read back as notes).

Formula injection (OWASP "CSV injection"). CSV has no cell types, so a CSV cell beginning
with ``=``, ``+``, ``-``, ``@``, tab or CR is prefixed with a single quote and a
spreadsheet shows it as text. The one exception is a phone value column holding only a
``+`` followed by digits, spaces and ``( ) . - /`` (and our own `` ext. 204``): such a
value has no function name, cell reference or DDE command in it (the dot in "ext." makes
it no cell reference), and prefixing it would spoil every international number. The
quote is not removed when such a file is imported again (the importer keeps text as
written). XLSX cells are written as text cells (inline strings), which Excel and
LibreOffice never evaluate, so they carry no quote; a cell beginning with one of those
characters also gets the ``quotePrefix`` style, Excel's own mark of a value typed with a
leading ``'``, so that editing the cell does not turn it into a formula either. Control
characters XLSX cannot hold are dropped.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from pressdesk.formats.vcard import write_vcards

__all__ = ["EXPORT_FORMATS", "flat_rows", "neutralise", "write_contacts"]

EXPORT_FORMATS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".vcf": "vcard"}
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"^\+\d[\d ().\-/]*(?: ext\. \d+)?$")
_OPTIONAL_BEFORE = (
    ("honorific", "Honorific"),
    ("given_name", "Given Name"),
    ("family_name", "Family Name"),
)
_VALUE_FIELDS = ("email", "phone")
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


def _tags(tags: Sequence[str]) -> str:
    """Tags joined by "; "; where one holds a comma they end with ";", so that a re-import
    does not read its comma as a separator (see ``records.split_tags``)."""
    text = _text(list(tags))
    return f"{text};" if any("," in tag for tag in tags) else text


def _phone_value(phone: Mapping[str, Any]) -> str:
    display = _text(phone.get("display") or phone.get("e164"))
    ext = _text(phone.get("extension"))
    return f"{display} ext. {ext}" if ext and not display.endswith(f" ext. {ext}") else display


def _label(item: Mapping[str, Any]) -> str:
    label = _text(item.get("label"))
    if item.get("primary"):
        return f"* {label}" if label else "*"
    return label


def _invalid_values(contact: Mapping[str, Any], field: str) -> list[str]:
    """Original texts of the invalid values of ``field`` ("email" or "phone")."""
    return [
        _text(bad.get("value"))
        for bad in contact.get("invalid") or []
        if bad.get("field") == field and _text(bad.get("value"))
    ]


def _invalid_others(contact: Mapping[str, Any]) -> str:
    return "; ".join(
        f"{_text(bad.get('field'))}: {_text(bad.get('value'))} ({_text(bad.get('reason'))})"
        for bad in contact.get("invalid") or []
        if bad.get("field") not in _VALUE_FIELDS
    )


def flat_rows(contacts: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the flat CSV/XLSX layout, not yet neutralised.

    Returns also which columns hold phone values through the header names
    ("Phone N - Value").
    """

    def present(key: str) -> bool:
        return any(c.get(key) not in (None, "", []) for c in contacts)

    def count(contact: Mapping[str, Any], key: str, field: str) -> int:
        return len(contact.get(key) or []) + len(_invalid_values(contact, field))

    before = [(k, h) for k, h in _OPTIONAL_BEFORE if present(k)]
    middle = [(k, h) for k, h in _OPTIONAL_MIDDLE if present(k)]
    after = [(k, h) for k, h in _OPTIONAL_AFTER if present(k)]
    other_invalid = any(_invalid_others(c) for c in contacts)
    n_emails = max((count(c, "emails", "email") for c in contacts), default=0)
    n_phones = max((count(c, "phones", "phone") for c in contacts), default=0)
    headers = ["Name", *(h for _, h in before), "Organization", *(h for _, h in middle)]
    headers += ["Role", "Country"]
    for i in range(1, n_emails + 1):
        headers += [f"E-mail {i} - Label", f"E-mail {i} - Value"]
    for i in range(1, n_phones + 1):
        headers += [f"Phone {i} - Label", f"Phone {i} - Value"]
    headers += ["Tags", "Do not contact", *(["Invalid values"] if other_invalid else [])]
    headers += [h for _, h in after]
    rows = []
    for c in contacts:
        row = [_text(c.get("name")), *(_text(c.get(k)) for k, _ in before)]
        row += [_text(c.get("organization")), *(_text(c.get(k)) for k, _ in middle)]
        row += [_text(c.get("role")), _text(c.get("country"))]
        emails, phones = list(c.get("emails") or []), list(c.get("phones") or [])
        email_cells = [(_label(e), _text(e.get("address"))) for e in emails]
        email_cells += [("", bad) for bad in _invalid_values(c, "email")]
        phone_cells = [(_label(p), _phone_value(p)) for p in phones]
        phone_cells += [("", bad) for bad in _invalid_values(c, "phone")]
        for cells, n in ((email_cells, n_emails), (phone_cells, n_phones)):
            cells += [("", "")] * (n - len(cells))
            row += [text for cell in cells for text in cell]
        row += [_tags(c.get("tags") or []), "yes" if c.get("do_not_contact") else ""]
        row += [_invalid_others(c)] if other_invalid else []
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


def _text_cell(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell | None:
    """A text cell holding ``value`` as written, never a formula (see the module docstring)."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl makes a formula of any string beginning with "="
    if value.startswith(_DANGEROUS):
        cell.quotePrefix = True
    return cell


def _write_xlsx(path: Path, headers: list[str], rows: list[list[str]]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Contacts")
    for row in [headers, *rows]:
        sheet.append([_text_cell(sheet, v) for v in row])
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
