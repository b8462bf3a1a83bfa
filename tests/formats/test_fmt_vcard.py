from dataclasses import asdict

import pytest
import samples
import vobject

from pressdesk.formats.records import RawValue
from pressdesk.formats.tables import SourceError
from pressdesk.formats.vcard import read_vcards, write_vcards


def fields(contact):
    data = {k: v for k, v in asdict(contact).items() if v and k != "row"}
    for key in ("emails", "phones"):
        if key in data:
            data[key] = [tuple(v.values()) for v in data[key]]
    return data


def test_vcard21_quoted_printable_cyrillic(sample_files):
    first, second = read_vcards(sample_files["vcard21"])
    assert first.row.number == 1 and first.row.sheet is None
    assert first.row.cells[0].startswith("BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8")
    assert fields(first) == {
        "name": "Довлет Ашырович Чарыев", "given_name": "Довлет",
        "middle_name": "Ашырович", "family_name": "Чарыев", "organization": "МОМ",
        "emails": [("dchariyev@iom.int", None, True, False),
                   ("dovlet@example.tm", None, False, False)],
        "phones": [("+99312488407", "work", False, False),
                   ("+99365123456", "mobile", False, False)],
    }  # fmt: skip
    assert second.row.number == 13
    assert fields(second) == {
        "name": "Anna Smith", "given_name": "Anna", "family_name": "Smith",
        "notes": ["Line one\nLine two"],
        "phones": [("+44 20 7946 0000", "home", False, False)],
    }  # fmt: skip


def test_vcard30_apple_with_broken_card(sample_files):
    good, broken, last = read_vcards(sample_files["vcard30"])
    assert good.row.number == 1
    assert fields(good) == {
        "name": "Mr. Zeynal Hajiyev", "honorific": "Mr.", "given_name": "Zeynal",
        "family_name": "Hajiyev", "organization": "IOM", "department": "Turkmenistan",
        "role": "Communications Officer", "city": "Ashgabat", "country": "Turkmenistan",
        "website": "https://turkmenistan.iom.int", "tags": ["Press", "UN agencies"],
        "notes": ["Met at the launch, 2022.\nPrefers e-mail and long notes that an iPhone "
                  "folds over two lines.", "BDAY: 1980-05-01"],
        "emails": [("zhajiyev@iom.int", "work", True, False),
                   ("zeynal@example.org", "home", False, False)],
        "phones": [("+993 12 48-84-07", "work", False, False),
                   ("+993 65 123456", "mobile", False, False),
                   ("+993 12 00-00-01", "Press office", False, False)],
    }  # fmt: skip
    assert broken.row.number == 25
    assert broken.error == 'line 28: cannot read "THIS LINE HAS NO COLON"'
    assert "THIS LINE HAS NO COLON" in broken.row.cells[0]
    assert (last.row.number, last.name, last.error) == (31, "Ogulgerek Nurmuhammedova", None)


def test_vcard40(sample_files):
    (contact,) = read_vcards(sample_files["vcard40"])
    assert fields(contact) == {
        "name": "Aigul Berdyyeva", "given_name": "Aigul", "family_name": "Berdyyeva",
        "organization": "UNDP", "department": "Communications", "role": "Press officer",
        "city": "Ashgabat", "country": "Turkmenistan", "languages": ["ru", "tk"],
        "tags": ["Press", "Media"], "notes": ["Role: Spokesperson"],
        "emails": [("aigul.berdyyeva@undp.org", "work", True, False),
                   ("aigul@example.org", "home", False, False)],
        "phones": [("+99312488407", "work", True, False),
                   ("+99312425250 ext. 204", "work", False, False),
                   ("+99365123456", "mobile", False, False)],
    }  # fmt: skip


def test_text_input_and_missing_end():
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:A\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:B\nEND:VCARD\n"
        "BEGIN:VCARD\nFN:C"
    )
    a, b, c = read_vcards(text)
    assert (a.row.number, a.error) == (1, "the card has no END:VCARD line")
    assert (b.row.number, b.name, b.error) == (4, "B", None)
    assert (c.row.number, c.error) == (8, "the card has no END:VCARD line")


def test_bytes_cp1251_qp_charset_and_bad_charset():
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=WINDOWS-1251;ENCODING=QUOTED-PRINTABLE:"
        "=C4=EE=E2=EB=E5=F2\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=NOPE;ENCODING=QUOTED-PRINTABLE:=C4\r\n"
        "END:VCARD\r\n"
    )
    good, bad = read_vcards(card.encode("ascii"))
    assert good.name == "Довлет"
    assert bad.error == "line 7: FN is not valid NOPE text"


def test_no_card(tmp_path):
    path = tmp_path / "x.vcf"
    path.write_text("hello\n")
    with pytest.raises(SourceError, match="No vCard"):
        list(read_vcards(path))


CONTACT = {
    "id": 7,
    "name": "CHARIYEV Dovlet",
    "organization": "IOM",
    "department": "Turkmenistan",
    "role": "Communications Officer; press",
    "country": "Туркменистан",
    "emails": [
        {"address": "dchariyev@iom.int", "label": "work", "primary": True},
        {"address": "d@example.org", "label": None, "primary": False},
    ],
    "phones": [
        {"e164": "+99312488407", "display": "+993 12 48 84 07", "extension": "204",
         "label": "work", "primary": True},
        {"e164": "+99365123456", "display": "+993 65 12 34 56", "extension": None,
         "label": "mobile", "primary": False},
    ],
    "invalid": [{"field": "email", "value": "dovlet@", "reason": "no domain"},
                {"field": "phone", "value": "12-34", "reason": "too short"},
                {"field": "sector", "value": "x", "reason": "unknown"}],
    "tags": ["Press", "UN, agencies"],
    "do_not_contact": True,
}  # fmt: skip


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_write_then_read_back(version):
    text = write_vcards([CONTACT, {"name": "", "emails": [{"address": "x@y.z"}]}], version)
    parsed = list(vobject.readComponents(text))
    assert parsed[0].version.value == version
    assert parsed[0].fn.value == "CHARIYEV Dovlet"
    assert parsed[1].fn.value == "x@y.z"
    contact, other = read_vcards(text)
    assert contact.error is None
    assert (contact.name, contact.given_name, contact.family_name) == (
        "CHARIYEV Dovlet", "Dovlet", "Chariyev",
    )  # fmt: skip
    assert (contact.organization, contact.department, contact.role) == (
        "IOM", "Turkmenistan", "Communications Officer; press",
    )  # fmt: skip
    assert contact.country == "Туркменистан"
    assert contact.tags == ["Press", "UN, agencies"]
    assert contact.emails == [
        RawValue("dchariyev@iom.int", "work", True),
        RawValue("d@example.org", None, False),
        RawValue("dovlet@", None, False),  # invalid: kept where it was, read back as such
    ]
    first_phone = "+99312488407 ext. 204" if version == "4.0" else "+993 12 48 84 07 ext. 204"
    second_phone = "+99365123456" if version == "4.0" else "+993 65 12 34 56"
    assert contact.phones == [
        RawValue(first_phone, "work", True),
        RawValue(second_phone, "mobile", False),
        RawValue("12-34", None, False),
    ]
    assert contact.notes == ["Invalid sector: x (unknown)"]
    assert contact.do_not_contact is True
    assert other.emails == [RawValue("x@y.z")]


def test_tel_uri_is_not_escaped_and_both_forms_are_read():
    # The extension's digits also occur in the number (12 in 123): it must still be written.
    phone = {"e164": "+74951234567", "display": "+7 495 123-45-67", "extension": "12",
             "label": "work", "primary": True}  # fmt: skip
    contact = {"name": "Петров Иван", "phones": [phone]}
    v4, v3 = write_vcards([contact], "4.0"), write_vcards([contact], "3.0")
    assert "TEL;PREF=1;TYPE=work,voice;VALUE=uri:tel:+74951234567;ext=12\r\n" in v4
    assert "\\;" not in v4
    assert "TEL;TYPE=work,voice,pref:+7 495 123-45-67 ext. 12\r\n" in v3
    expected = [[RawValue("+74951234567 ext. 12", "work", True)]]
    assert [c.phones for c in read_vcards(v4)] == expected
    old = v4.replace(";ext=12", "\\;ext=12")  # as PressDesk wrote it before
    assert "tel:+74951234567\\;ext=12" in old
    assert [c.phones for c in read_vcards(old)] == expected
    assert vobject.readOne(v4).tel.value == "tel:+74951234567;ext=12"


def test_write_rejects_unknown_version():
    with pytest.raises(ValueError, match=r"4\.0 or 3\.0"):
        write_vcards([CONTACT], "2.1")


def test_samples_module_vcards_are_distinct():
    assert samples.VCARD30 != samples.VCARD40
