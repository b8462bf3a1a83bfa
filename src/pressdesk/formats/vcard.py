"""vCard 2.1, 3.0 and 4.0: a tolerant reader and a writer.

Reading. A file is cut into cards on ``BEGIN:VCARD``/``END:VCARD`` lines by this module, so
that one broken card cannot hide the others and each card keeps the line number of its
``BEGIN`` and its original text. Inside a card, vobject's ``getLogicalLines`` unfolds
lines (3.0/4.0 folding and 2.1 quoted-printable soft line breaks) and ``parseLine``
splits group, name, parameters and value. Values are then decoded here, the same way for
every version: quoted-printable with its ``CHARSET``, backslash escapes, structured values
(``N``, ``ORG``, ``ADR``) split on unescaped ``;``. vobject's own component reader is not
used for values because it decodes some properties and not others (``NOTE`` is unescaped,
``N`` is not) and stops at the first bad line of a file.

Mapping to :class:`~pressdesk.formats.records.RawContact`: ``FN`` -> name, ``N`` -> name
parts, ``ORG:IOM;Turkmenistan`` -> organization "IOM" and department "Turkmenistan",
``TITLE`` -> role (``ROLE`` too, or notes when both differ), ``CATEGORIES`` -> tags,
``NOTE`` -> notes, ``ADR`` -> city and country, ``URL`` -> website, ``NICKNAME``,
``LANG`` -> languages. ``EMAIL``/``TEL`` labels come from ``TYPE`` (and 2.1's bare
parameters such as ``TEL;WORK;VOICE``): work, home, cell -> mobile, fax; an Apple
``itemN.X-ABLabel`` gives a custom label; ``PREF`` or ``TYPE=pref`` marks the primary.
``tel:`` URIs lose their scheme (``;ext=204`` becomes `` ext. 204``). Other properties
with text (``BDAY``, ``IMPP`` ...) go to notes as ``"BDAY: 1980-05-01"``; technical ones
(``PHOTO``, ``UID``, ``REV``, ``X-…``) are dropped.

A card that cannot be read (a line without a colon, no ``END:VCARD``, undecodable
quoted-printable) is still yielded, with ``error`` set to the reason and
``row.cells == (original card text,)`` — the caller reports "row N: error: …" and goes on.

Writing. :func:`write_vcards` builds cards from PressDesk contact dicts (the JSON
contract of :mod:`.contacts_export`) with vobject and serialises them: 4.0 by default
(``TEL;VALUE=uri:tel:+993…;ext=204``, ``PREF=1``), 3.0 on request (``TYPE=pref``, display
numbers with `` ext. 204``). A URI value is written as RFC 6350 and RFC 3966 spell it,
``;ext=`` unescaped (vobject would escape the ``;`` as in a text value); the reader takes
both that and the escaped ``\\;ext=`` older PressDesk files hold. An e-mail or phone that
failed validation is written as an ``EMAIL``/``TEL`` with its original text (a 4.0 ``TEL``
with ``VALUE=text``), so that importing the card again keeps it as an invalid value;
invalid values of other fields go to ``NOTE``.
"""

from __future__ import annotations

import io
import quopri
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import vobject
from vobject.base import ParseError, getLogicalLines, parseLine

from pressdesk.domain.names import split_name_parts
from pressdesk.formats.records import RawContact, RawValue, normalise_label, parse_flag
from pressdesk.formats.tables import SourceError, SourceRow, decode_text

__all__ = ["read_vcards", "write_vcards"]

_SKIPPED = frozenset(
    [
        "VERSION",
        "PRODID",
        "UID",
        "REV",
        "PHOTO",
        "LOGO",
        "SOUND",
        "KEY",
        "CLASS",
        "SOURCE",
        "KIND",
        "LABEL",
        "GEO",
        "TZ",
        "MAILER",
        "SORT-STRING",
        "NAME",
        "PROFILE",
        "CLIENTPIDMAP",
        "XML",
        "FN",
        "N",
    ]
)
_TYPE_LABELS = {
    "work": "work", "home": "home", "cell": "mobile", "mobile": "mobile", "iphone": "mobile",
    "fax": "fax", "pager": "other", "other": "other",
}  # fmt: skip
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")


class _CardError(Exception):
    pass


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _split(text: str, separator: str) -> list[str]:
    """Split on unescaped ``separator`` and unescape the parts."""
    parts, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append(_unescape("".join(current)))
            current = []
        else:
            current.append(char)
    parts.append(_unescape("".join(current) + ("\\" if escaped else "")))
    return parts


class _Property:
    def __init__(self, line: str, number: int) -> None:
        try:
            name, params, value, group = parseLine(line, number)
        except ParseError as error:
            raise _CardError(f'line {number}: cannot read "{line[:60]}"') from error
        self.name = name.upper()
        self.group = (group or "").casefold()
        self.params: dict[str, list[str]] = {}
        for item in params:
            if len(item) == 1:  # 2.1 bare parameter: TEL;WORK;VOICE
                key, values = ("ENCODING", item) if item[0].upper() in (
                    "QUOTED-PRINTABLE", "BASE64", "8BIT") else ("TYPE", item)  # fmt: skip
            else:
                key, values = item[0].upper(), item[1:]
            for v in values:
                self.params.setdefault(key, []).extend(p for p in v.split(",") if p)
        encodings = {e.upper() for e in self.params.get("ENCODING", [])}
        if "QUOTED-PRINTABLE" in encodings:
            charset = (self.params.get("CHARSET") or ["utf-8"])[0]
            raw = quopri.decodestring(value.encode("utf-8", "surrogateescape"))
            try:
                value = raw.decode(charset)
            except (LookupError, UnicodeDecodeError) as error:
                raise _CardError(
                    f"line {number}: {self.name} is not valid {charset} text"
                ) from error
            self.value = value.replace("\r\n", "\n")
            self.escaped = False
        else:
            self.value = value
            self.escaped = True

    def types(self) -> list[str]:
        return [t.casefold() for t in self.params.get("TYPE", [])]

    def text(self) -> str:
        return (_unescape(self.value) if self.escaped else self.value).strip()

    def parts(self, separator: str = ";") -> list[str]:
        if self.escaped:
            return [p.strip() for p in _split(self.value, separator)]
        return [p.strip() for p in self.value.split(separator)]


def _label(prop: _Property, apple_labels: Mapping[str, str]) -> tuple[str | None, bool]:
    types = prop.types()
    primary = "pref" in types or "PREF" in prop.params
    if prop.group and prop.group in apple_labels:
        return normalise_label(apple_labels[prop.group]), primary
    if "fax" in types:
        return "fax", primary
    for t in types:
        if t in _TYPE_LABELS:
            return _TYPE_LABELS[t], primary
    return None, primary


def _tel(text: str) -> str:
    if text.casefold().startswith("tel:"):
        number, _, params = text[4:].partition(";")
        ext = re.search(r"(?:^|;)ext=([^;]+)", params)
        return f"{number} ext. {ext.group(1)}" if ext else number
    return text


def _contact(text: str, first_line: int) -> RawContact:
    row = SourceRow(first_line, None, (text,))
    contact = RawContact(row)
    lines = list(getLogicalLines(io.StringIO(text), allowQP=True))
    props = [_Property(line, first_line + max(n, 1) - 1) for line, n in lines]
    if not props or props[-1].name != "END":
        raise _CardError("the card has no END:VCARD line")
    apple_labels = {
        p.group: (_APPLE_LABEL.sub(r"\1", p.text()))
        for p in props
        if p.name == "X-ABLABEL" and p.group
    }
    n_parts: list[str] = []
    addresses: list[tuple[bool, list[str]]] = []
    for prop in props[1:-1]:
        name = prop.name
        if name == "FN":
            contact.name = contact.name or prop.text()
        elif name == "N":
            n_parts = prop.parts()
        elif name == "ORG":
            org = [p for p in prop.parts() if p]
            if org and not contact.organization:
                contact.organization, contact.department = org[0], ", ".join(org[1:])
        elif name in ("TITLE", "ROLE"):
            contact.set_scalar("role", prop.text(), name.title())
        elif name == "EMAIL":
            label, primary = _label(prop, apple_labels)
            if prop.text():
                contact.emails.append(RawValue(prop.text(), label, primary))
        elif name == "TEL":
            label, primary = _label(prop, apple_labels)
            if prop.text():
                contact.phones.append(RawValue(_tel(prop.text()), label, primary))
        elif name == "CATEGORIES":
            contact.tags += [t for t in prop.parts(",") if t and t not in contact.tags]
        elif name == "NOTE":
            if prop.text():
                contact.notes.append(prop.text())
        elif name == "ADR":
            addresses.append(("pref" in prop.types() or "PREF" in prop.params, prop.parts()))
        elif name == "URL":
            contact.website = contact.website or prop.text()
        elif name == "NICKNAME":
            contact.nickname = contact.nickname or prop.text()
        elif name in ("LANG", "X-PRESSDESK-LANG"):
            if prop.text() and prop.text() not in contact.languages:
                contact.languages.append(prop.text())
        elif name == "X-PRESSDESK-DO-NOT-CONTACT":
            contact.do_not_contact = parse_flag(prop.text())
        elif name in ("BEGIN", "END"):
            raise _CardError(f"{name}:{prop.value} inside a card")
        elif name in _SKIPPED or name.startswith("X-"):
            continue
        elif prop.text():
            contact.notes.append(f"{name}: {prop.text()}")
    for _, parts in sorted(addresses, key=lambda a: not a[0]):
        parts += [""] * (7 - len(parts))
        contact.city = contact.city or parts[3]
        contact.country = contact.country or parts[6]
    if n_parts:
        n_parts += [""] * (5 - len(n_parts))
        contact.family_name, contact.given_name, contact.middle_name = n_parts[:3]
        contact.honorific, contact.suffix = n_parts[3], n_parts[4]
    if not contact.name:
        contact.name = contact.display_name()
    contact.fill_name_parts()
    return contact


def _cards(text: str) -> Iterator[tuple[int, str]]:
    """(line number of BEGIN:VCARD, card text) for each card, broken ones included."""
    lines = re.split(r"\r\n|\r|\n", text)
    start: int | None = None
    for number, line in enumerate(lines, 1):
        key = line.strip().upper()
        if key == "BEGIN:VCARD":
            if start is not None:  # the previous card never ended
                yield start, "\n".join(lines[start - 1 : number - 1])
            start = number
        elif key == "END:VCARD" and start is not None:
            yield start, "\n".join(lines[start - 1 : number])
            start = None
    if start is not None:
        yield start, "\n".join(lines[start - 1 :]).rstrip("\n")


def read_vcards(source: str | bytes | Path) -> Iterator[RawContact]:
    """Read every card of a vCard file (a ``Path`` or a path string) or of vCard text.

    A string is taken as vCard text when it holds ``BEGIN:VCARD`` or a line break,
    otherwise as a path. Raises :class:`~pressdesk.formats.tables.SourceError` when the
    file cannot be read or holds no card; a broken card is yielded with ``error`` set.
    """
    if isinstance(source, bytes):
        text = _decode_bytes(source)
    elif isinstance(source, str) and ("BEGIN:VCARD" in source.upper() or "\n" in source):
        text = source
    else:
        path = Path(source)
        try:
            text, _ = decode_text(path)
        except OSError as error:
            raise SourceError(f"Cannot open {path.name}: {error.strerror or error}.") from error
    text = text.lstrip("\ufeff")
    found = False
    for number, card in _cards(text):
        found = True
        try:
            yield _contact(card, number)
        except _CardError as error:
            yield RawContact(SourceRow(number, None, (card,)), error=str(error))
    if not found:
        raise SourceError("No vCard (BEGIN:VCARD) found.")


def _decode_bytes(data: bytes) -> str:
    for encoding in (
        ("utf-8-sig", "utf-16") if data[:2] not in (b"\xff\xfe", b"\xfe\xff") else ("utf-16",)
    ):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


# --------------------------------------------------------------------------- writing

_WRITE_TYPES = {"work": "work", "home": "home", "mobile": "cell", "fax": "fax"}


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _types(label: str | None, kind: str, version: str) -> list[str]:
    types = [_WRITE_TYPES[label]] if label in _WRITE_TYPES else []
    if kind == "tel" and label == "fax" and version == "4.0":
        types = ["fax"]
    elif kind == "tel" and label in ("work", "home"):
        types.append("voice")
    return types


def _card(contact: Mapping[str, Any], version: str) -> vobject.base.Component:
    card = vobject.vCard()
    card.add("version").value = version
    name = (contact.get("name") or "").strip()
    given, family = contact.get("given_name") or "", contact.get("family_name") or ""
    if not (given or family) and name:
        parts = split_name_parts(name)
        given, family = parts.given, parts.family
        honorific, middle = parts.honorific, parts.middle
    else:
        honorific, middle = contact.get("honorific") or "", contact.get("middle_name") or ""
    emails = contact.get("emails") or []
    fallback = contact.get("organization") or next((e.get("address") for e in emails), "")
    card.add("fn").value = name or " ".join(p for p in (given, family) if p) or fallback or "-"
    card.add("n").value = vobject.vcard.Name(
        family=family, given=given, additional=middle, prefix=honorific
    )
    if contact.get("organization") or contact.get("department"):
        org = [contact.get("organization") or ""]
        if contact.get("department"):
            org.append(contact["department"])
        card.add("org").value = org
    if contact.get("role"):
        card.add("title").value = contact["role"]
    invalid = list(contact.get("invalid") or [])
    bad_emails = [_text(b.get("value")) for b in invalid if b.get("field") == "email"]
    bad_phones = [_text(b.get("value")) for b in invalid if b.get("field") == "phone"]
    for email in emails:
        line = card.add("email")
        line.value = email.get("address") or ""
        types = _types(email.get("label"), "email", version)
        if version != "4.0":
            types.insert(0, "internet")
        if email.get("primary"):
            if version == "4.0":
                line.params["PREF"] = ["1"]
            else:
                types.append("pref")
        if types:
            line.params["TYPE"] = types
    for value in filter(None, bad_emails):
        line = card.add("email")
        line.value = value
        if version != "4.0":
            line.params["TYPE"] = ["internet"]
    for phone in contact.get("phones") or []:
        line = card.add("tel")
        types = _types(phone.get("label"), "tel", version)
        e164, ext = phone.get("e164") or "", phone.get("extension") or ""
        if version == "4.0" and e164:
            line.value = f"tel:{e164}" + (f";ext={ext}" if ext else "")
            line.params["VALUE"] = ["uri"]
            line.encoded = True  # a URI: vobject must not escape its ";"
        else:
            display = phone.get("display") or e164
            if ext and not display.endswith(f" ext. {ext}"):
                display += f" ext. {ext}"
            line.value = display
        if phone.get("primary"):
            if version == "4.0":
                line.params["PREF"] = ["1"]
            else:
                types.append("pref")
        if types:
            line.params["TYPE"] = types
    for value in filter(None, bad_phones):
        line = card.add("tel")
        line.value = value
        if version == "4.0":
            line.params["VALUE"] = ["text"]
    if contact.get("country") or contact.get("city"):
        adr = card.add("adr")
        adr.value = vobject.vcard.Address(
            city=contact.get("city") or "", country=contact.get("country") or ""
        )
        adr.params["TYPE"] = ["work"]
    if contact.get("tags"):
        card.add("categories").value = list(contact["tags"])
    if contact.get("website"):
        card.add("url").value = contact["website"]
    for language in contact.get("languages") or []:
        card.add("x-pressdesk-lang" if version != "4.0" else "lang").value = language
    notes = [contact["notes"]] if isinstance(contact.get("notes"), str) else []
    notes += list(contact.get("notes") or []) if isinstance(contact.get("notes"), list) else []
    for bad in invalid:
        if bad.get("field") not in ("email", "phone"):
            notes.append(f"Invalid {bad.get('field')}: {bad.get('value')} ({bad.get('reason')})")
    notes = [n for n in notes if n]
    if notes:
        card.add("note").value = "\n".join(notes)
    if contact.get("do_not_contact"):
        card.add("x-pressdesk-do-not-contact").value = "TRUE"
    if contact.get("id") not in (None, ""):
        card.add("uid").value = f"pressdesk:contact:{contact['id']}"
    return card


def write_vcards(contacts: Iterable[Mapping[str, Any]], version: str = "4.0") -> str:
    """vCard text (CRLF line ends) for PressDesk contact dicts; ``version`` "4.0" or "3.0"."""
    if version not in ("4.0", "3.0"):
        raise ValueError(f"vCard version must be 4.0 or 3.0, not {version!r}")
    return "".join(_card(contact, version).serialize() for contact in contacts)
