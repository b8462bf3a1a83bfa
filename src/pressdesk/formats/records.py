"""From table rows and a column mapping to raw contact records.

A :class:`RawContact` is what a file said, cleaned of surrounding whitespace and nothing
more: e-mail and phone cells are kept as the original text (``"a@x.org; b@x.org"`` stays
one value) because splitting and validating them is the domain layer's job
(``pressdesk.domain.emails.split_emails`` / ``pressdesk.domain.phones.split_phones``).
The one split done here is Google's ``" ::: "``, which is part of the file format:
values and their labels line up, and a label starting with ``"* "`` marks the primary.

Rules applied by :func:`to_records`:

* an unmapped column (``None``) goes to ``notes`` as ``"Header: value"`` — nothing vanishes;
* a second, different value for a single-valued field (two "country" columns) goes to
  notes the same way;
* tags are split on ``" ::: "``, ``;``, ``,`` and line breaks; Google's system groups
  ``* myContacts`` and ``* starred`` are dropped and the ``"* "`` of others removed;
* when only a full name is given, the name parts are filled from
  :func:`pressdesk.domain.names.split_name_parts` (the name itself is kept);
* a numeric spreadsheet cell gives values with ``lost_plus=True``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from pressdesk.domain.names import split_name_parts
from pressdesk.formats.tables import SourceRow, SourceTable

__all__ = ["RawContact", "RawValue", "RecordReader", "normalise_label", "parse_flag", "to_records"]

GOOGLE_SEPARATOR = " ::: "
_SYSTEM_GROUPS = frozenset({"mycontacts", "my contacts", "starred"})
_SCALARS = frozenset(
    [
        "name",
        "given_name",
        "middle_name",
        "family_name",
        "honorific",
        "suffix",
        "nickname",
        "organization",
        "department",
        "role",
        "country",
        "city",
        "website",
    ]
)
_LABELS = {
    "work": "work", "business": "work", "office": "work", "main": "work", "company": "work",
    "work fax": "fax", "home fax": "fax", "fax": "fax", "other fax": "fax",
    "home": "home", "personal": "home", "private": "home",
    "mobile": "mobile", "cell": "mobile", "cellular": "mobile", "iphone": "mobile",
    "other": "other", "pager": "other",
}  # fmt: skip
_TRUE = frozenset(["yes", "y", "true", "1", "x", "да", "oui", "si", "sí", "ja", "✓"])
# Tags are separated by ";", ",", " ::: " (Google's groups) or lines. A cell that ends
# with ";" is separated by ";" (and " ::: ", lines) alone: PressDesk's exports end so the
# tags of a contact where one holds a comma ("Presse, DE; media;").
_TAG_SEPARATORS = re.compile(r" ::: |[;,\n]")
_TAG_SEPARATORS_KEEPING_COMMAS = re.compile(r" ::: |[;\n]")
_LIST_SEPARATORS = re.compile(r" ::: |[;,/\n]")


def normalise_label(text: str | None) -> str | None:
    """ "Work" -> "work", "Cell" -> "mobile", "Work Fax" -> "fax"; custom labels kept as given."""
    if not text:
        return None
    key = text.strip().casefold()
    return _LABELS.get(key, text.strip()) or None


def parse_flag(text: str) -> bool:
    """True for yes/true/1/x/да/oui/sí/ja."""
    return text.strip().casefold() in _TRUE


@dataclass
class RawValue:
    text: str
    label: str | None = None
    primary: bool = False
    lost_plus: bool = False


@dataclass
class RawContact:
    """One contact as read. ``error`` is set (and other fields may be empty) when the
    source record could not be read at all, e.g. a broken vCard; ``row.cells`` then
    holds its original text."""

    row: SourceRow | None
    name: str = ""
    given_name: str = ""
    middle_name: str = ""
    family_name: str = ""
    honorific: str = ""
    suffix: str = ""
    nickname: str = ""
    organization: str = ""
    department: str = ""
    role: str = ""
    country: str = ""
    city: str = ""
    website: str = ""
    languages: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    emails: list[RawValue] = field(default_factory=list)
    phones: list[RawValue] = field(default_factory=list)
    do_not_contact: bool = False
    error: str | None = None

    def display_name(self) -> str:
        """The full name, else given, middle and family names joined."""
        if self.name:
            return self.name
        return " ".join(p for p in (self.given_name, self.middle_name, self.family_name) if p)

    def fill_name_parts(self) -> None:
        """Fill empty given/family (and honorific, middle, suffix) from the full name."""
        if not self.name or self.given_name or self.family_name:
            return
        parts = split_name_parts(self.name)
        self.honorific = self.honorific or parts.honorific
        self.given_name, self.middle_name = parts.given, self.middle_name or parts.middle
        self.family_name, self.suffix = parts.family, self.suffix or parts.suffix

    def set_scalar(self, name: str, value: str, header: str) -> None:
        """Set a single-valued field; a different second value goes to notes."""
        current = getattr(self, name)
        if not current:
            setattr(self, name, value)
        elif current != value:
            self.notes.append(f"{header}: {value}")


def split_tags(text: str) -> list[str]:
    tags = []
    keep_commas = text.rstrip().endswith(";")
    separators = _TAG_SEPARATORS_KEEPING_COMMAS if keep_commas else _TAG_SEPARATORS
    for part in separators.split(text):
        tag = part.strip()
        if tag.startswith("* "):
            tag = tag[2:].strip()
            if tag.casefold() in _SYSTEM_GROUPS:
                continue
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _split_list(text: str) -> list[str]:
    return [p.strip() for p in _LIST_SEPARATORS.split(text) if p.strip()]


def _values(text: str, label: str | None, lost_plus: bool) -> list[RawValue]:
    return [
        RawValue(part.strip(), label, False, lost_plus)
        for part in text.split(GOOGLE_SEPARATOR)
        if part.strip()
    ]


def _apply_labels(values: list[RawValue], labels_text: str) -> None:
    labels = labels_text.split(GOOGLE_SEPARATOR)
    for value, label in zip(values, labels, strict=False):
        label = label.strip()
        if label.startswith("*"):
            value.primary = True
            label = label[1:].strip()
        value.label = normalise_label(label) or value.label


def _columns(
    headers: Sequence[str], mapping: Sequence[str | None]
) -> list[tuple[str | None, str, str]]:
    """(kind, argument, header) per column: the mapping parsed once per table."""
    columns = []
    for index, field_name in enumerate(mapping):
        header = headers[index] if index < len(headers) else f"Column {index + 1}"
        kind, _, arg = (field_name or "").partition(":")
        columns.append((kind or None, arg, header))
    return columns


def _record(row: SourceRow, columns: list[tuple[str | None, str, str]]) -> RawContact:
    contact = RawContact(row)
    multi: dict[int, list[RawValue]] = {}
    labels: list[tuple[int, str]] = []
    width = len(columns)
    for index, raw in enumerate(row.cells):
        value = raw.strip()
        if not value:
            continue
        kind, arg, header = columns[index] if index < width else (None, "", f"Column {index + 1}")
        if kind is None:
            contact.notes.append(f"{header}: {value}")
        elif kind == "ignore":
            continue
        elif kind in _SCALARS:
            contact.set_scalar(kind, value, header)
        elif kind == "email" or kind == "phone":
            multi[index] = _values(value, arg or None, index in row.numeric)
        elif kind == "email_label" or kind == "phone_label":
            labels.append((int(arg), value))
        elif kind == "tags":
            contact.tags += [t for t in split_tags(value) if t not in contact.tags]
        elif kind == "languages":
            contact.languages += [t for t in _split_list(value) if t not in contact.languages]
        elif kind == "notes":
            contact.notes.append(value)
        elif kind == "do_not_contact":
            contact.do_not_contact = contact.do_not_contact or parse_flag(value)
        else:
            contact.notes.append(f"{header}: {value}")
    for target, text in labels:
        if target in multi:
            _apply_labels(multi[target], text)
    for index in sorted(multi):
        target_list = contact.emails if columns[index][0] == "email" else contact.phones
        target_list.extend(multi[index])
    contact.fill_name_parts()
    return contact


class RecordReader:
    """Reads table rows as records under one mapping, parsed once. Picklable, so that an
    import's worker processes can read the rows they are sent."""

    __slots__ = ("columns",)

    def __init__(self, headers: Sequence[str], mapping: Sequence[str | None]) -> None:
        self.columns = _columns(headers, mapping)

    def __call__(self, row: SourceRow) -> RawContact:
        return _record(row, self.columns)

    def __getstate__(self) -> list[tuple[str | None, str, str]]:
        return self.columns

    def __setstate__(self, columns: list[tuple[str | None, str, str]]) -> None:
        self.columns = columns


def to_records(table: SourceTable, mapping: Sequence[str | None]) -> Iterator[RawContact]:
    """One :class:`RawContact` per row of ``table``, following ``mapping`` (one field or
    ``None`` per column, see :mod:`.layouts`)."""
    reader = RecordReader(table.headers, mapping)
    for row in table.rows:
        yield reader(row)
