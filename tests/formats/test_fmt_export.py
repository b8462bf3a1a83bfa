import csv
import json
import zipfile

import openpyxl
import pytest
import vobject

from pressdesk.formats.contacts_export import flat_rows, neutralise, write_contacts
from pressdesk.formats.layouts import guess_mapping
from pressdesk.formats.records import RawValue, to_records
from pressdesk.formats.tables import read_table
from pressdesk.formats.vcard import read_vcards

CONTACTS = [
    {
        "id": 1, "name": "CHARIYEV Dovlet", "given_name": "Dovlet", "family_name": "Chariyev",
        "honorific": "Dr.",
        "organization": "IOM", "role": "Communications Officer", "country": "Туркменистан",
        "emails": [{"address": "dchariyev@iom.int", "label": "work", "primary": True},
                   {"address": "dovlet@example.org", "label": None, "primary": False}],
        "phones": [{"e164": "+99312488407", "display": "+993 12 48-84-07", "extension": "84",
                    "label": "work", "primary": True},
                   {"e164": "+99365123456", "display": "+993 65 123456", "extension": None,
                    "label": "mobile", "primary": False}],
        "invalid": [{"field": "email", "value": "dovlet@", "reason": "no domain"},
                    {"field": "phone", "value": "12-34", "reason": "too short"}],
        "tags": ["Press", "UN agencies"], "do_not_contact": False,
    },
    {
        "id": 2, "name": "=cmd|' /C calc'!A0", "organization": "@SUM(1+1)", "role": "-2+3",
        "country": "+Evil", "emails": [], "tags": ["\tTabbed"], "do_not_contact": True,
        "phones": [{"e164": None, "display": "=1+2", "extension": None, "label": None,
                    "primary": False}],
        "invalid": [],
    },
]  # fmt: skip


def test_neutralise():
    assert neutralise("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    for value in ("+1", "-1", "@x", "\tx", "\rx"):
        assert neutralise(value) == "'" + value
    assert neutralise("+993 12 48-84-07", phone=True) == "+993 12 48-84-07"
    assert neutralise("+993 (12) 48.84/07", phone=True) == "+993 (12) 48.84/07"
    assert neutralise("+993 12 48-84-07 ext. 204", phone=True) == "+993 12 48-84-07 ext. 204"
    assert neutralise("+1+cmd", phone=True) == "'+1+cmd"
    assert neutralise("+1 ext. A1", phone=True) == "'+1 ext. A1"
    assert neutralise("+993 12 48-84-07") == "'+993 12 48-84-07"
    assert neutralise("Dovlet") == "Dovlet"


def test_json(tmp_path):
    path = tmp_path / "c.json"
    write_contacts(path, iter(CONTACTS))
    assert json.loads(path.read_text(encoding="utf-8")) == {"contacts": CONTACTS}


def test_csv_is_safe_and_maps_back(tmp_path):
    path = tmp_path / "c.csv"
    write_contacts(path, CONTACTS)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    headers = rows[0]
    assert headers == [
        "Name", "Honorific", "Given Name", "Family Name", "Organization", "Role", "Country",
        "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value",
        "E-mail 3 - Label", "E-mail 3 - Value",
        "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label", "Phone 2 - Value",
        "Phone 3 - Label", "Phone 3 - Value", "Tags", "Do not contact",
    ]  # fmt: skip
    evil = dict(zip(headers, rows[2], strict=True))
    assert evil["Name"] == "'=cmd|' /C calc'!A0"
    assert evil["Organization"] == "'@SUM(1+1)"
    assert (evil["Role"], evil["Country"], evil["Tags"]) == ("'-2+3", "'+Evil", "'\tTabbed")
    assert evil["Phone 1 - Value"] == "'=1+2"
    assert evil["Honorific"] == ""
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row
               if not cell.startswith("+993"))  # fmt: skip
    check_round_trip(path)


def test_xlsx_is_text_and_maps_back(tmp_path):
    path = tmp_path / "c.xlsx"
    write_contacts(path, CONTACTS)
    sheet = openpyxl.load_workbook(path).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in cells)
    by_value = {c.value: c for c in cells}
    # Text cells are never evaluated: no quote, but Excel's quote-prefix style, so that
    # editing the cell keeps it text too.
    assert "'=cmd|' /C calc'!A0" not in by_value
    for value in ("=cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "+Evil", "=1+2"):
        assert by_value[value].quotePrefix, value
    assert not by_value["IOM"].quotePrefix
    assert "+993 12 48-84-07 ext. 84" in by_value
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and 't="inlineStr"' in xml
    check_round_trip(path, quoted=False)


def check_round_trip(path, *, quoted=True):
    table = read_table(path)
    mapping = guess_mapping(table.headers)
    assert None not in mapping
    first, second = to_records(table, mapping)
    assert (first.row.number, first.name, first.given_name, first.family_name) == (
        2, "CHARIYEV Dovlet", "Dovlet", "Chariyev",
    )  # fmt: skip
    assert first.honorific == "Dr."
    assert (first.organization, first.role, first.country) == (
        "IOM", "Communications Officer", "Туркменистан",
    )  # fmt: skip
    assert first.emails == [
        RawValue("dchariyev@iom.int", "work", True),
        RawValue("dovlet@example.org", None, False),
        RawValue("dovlet@", None, False),
    ]
    assert first.phones == [
        RawValue("+993 12 48-84-07 ext. 84", "work", True),
        RawValue("+993 65 123456", "mobile", False),
        RawValue("12-34", None, False),
    ]
    assert first.tags == ["Press", "UN agencies"]
    assert first.notes == []
    assert (first.do_not_contact, second.do_not_contact) == (False, True)
    assert second.name == ("'" if quoted else "") + "=cmd|' /C calc'!A0"
    assert second.phones == [RawValue(("'" if quoted else "") + "=1+2", None, False)]


def test_vcard(tmp_path):
    path = tmp_path / "c.vcf"
    write_contacts(path, CONTACTS)
    cards = list(vobject.readComponents(path.read_text(encoding="utf-8")))
    assert [c.version.value for c in cards] == ["4.0", "4.0"]
    first, second = read_vcards(path)
    assert first.name == "CHARIYEV Dovlet"
    assert first.emails[0] == RawValue("dchariyev@iom.int", "work", True)
    assert second.name == "=cmd|' /C calc'!A0"  # vCard is not a spreadsheet: kept as is


def test_flat_rows_optional_columns():
    headers, rows = flat_rows([{"name": "A", "notes": "n", "languages": ["ru", "en"]}])
    assert headers == [
        "Name", "Organization", "Role", "Country", "Tags", "Do not contact",
        "Languages", "Notes",
    ]  # fmt: skip
    assert rows == [["A", "", "", "", "", "", "ru; en", "n"]]
    assert None not in guess_mapping(headers)


def test_flat_rows_invalid_values():
    """Invalid e-mails and phones go to their columns after the valid ones; an invalid
    value of another field (not produced by the store) to Invalid values, read as notes."""
    headers, rows = flat_rows([
        {"name": "A", "honorific": "Frau",
         "invalid": [{"field": "email", "value": "a@", "reason": "no domain"},
                     {"field": "phone", "value": "12", "reason": "too short"},
                     {"field": "country", "value": "Atlantis", "reason": "unknown"}]},
        {"name": "B", "emails": [{"address": "b@x.org", "label": "work", "primary": True},
                                 {"address": "b2@x.org", "label": "home", "primary": False}]},
    ])  # fmt: skip
    assert headers == [
        "Name", "Honorific", "Organization", "Role", "Country",
        "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value",
        "Phone 1 - Label", "Phone 1 - Value", "Tags", "Do not contact", "Invalid values",
    ]  # fmt: skip
    assert rows == [
        ["A", "Frau", "", "", "", "", "a@", "", "", "", "12", "", "",
         "country: Atlantis (unknown)"],
        ["B", "", "", "", "", "* work", "b@x.org", "home", "b2@x.org", "", "", "", "", ""],
    ]  # fmt: skip
    assert dict(zip(headers, guess_mapping(headers), strict=True))["Honorific"] == "honorific"


def test_phone_extension_whose_digits_are_in_the_number():
    phone = {"e164": "+74951234567", "display": "+7 495 123-45-67", "extension": "12",
             "label": "work", "primary": True}  # fmt: skip
    _, rows = flat_rows([{"name": "A", "phones": [phone]}])
    assert "+7 495 123-45-67 ext. 12" in rows[0]
    already = {**phone, "display": "+7 495 123-45-67 ext. 12"}
    _, rows = flat_rows([{"name": "A", "phones": [already]}])
    assert "+7 495 123-45-67 ext. 12" in rows[0]


def test_unknown_extension(tmp_path):
    with pytest.raises(ValueError, match="Cannot export"):
        write_contacts(tmp_path / "c.pdf", CONTACTS)
