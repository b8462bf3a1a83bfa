from dataclasses import asdict

import pytest

from pressdesk.formats.layouts import guess_mapping
from pressdesk.formats.records import RawContact, RawValue, to_records
from pressdesk.formats.tables import SourceRow, SourceTable, read_table


def read(path, **overrides):
    table = read_table(path)
    mapping = guess_mapping(table.headers)
    for index, field in overrides.items():
        mapping[index] = field
    return list(to_records(table, mapping))


def fields(contact: RawContact) -> dict:
    """The non-empty fields, values as (text, label, primary, lost_plus) tuples."""
    data = {k: v for k, v in asdict(contact).items() if v and k != "row"}
    for key in ("emails", "phones"):
        if key in data:
            data[key] = [tuple(v.values()) for v in data[key]]
    return data


def test_outlook_english(sample_files):
    first, second = read(sample_files["outlook_en"])
    assert first.row.number == 2
    assert fields(first) == {
        "honorific": "Mr.", "given_name": "Zeynal", "family_name": "Hajiyev",
        "organization": "IOM", "department": "Turkmenistan", "role": "Communications Officer",
        "country": "Turkmenistan", "city": "Ashgabat", "tags": ["Press", "UN agencies"],
        "notes": ["Business Street: 21 Bitarap Turkmenistan",
                  "Met at the launch, 2022.\r\nPrefers e-mail.", "Birthday: 0/0/00"],
        "emails": [("zhajiyev@iom.int", None, False, False),
                   ("zeynal@example.org", None, False, False)],
        "phones": [("+993 12 48-84-07", "work", False, False),
                   ("+993 65 123456", "mobile", False, False)],
    }  # fmt: skip
    assert first.display_name() == "Zeynal Hajiyev"
    assert second.row.number == 4
    assert (second.given_name, second.family_name, second.country) == ("José", "Núñez", "Spain")
    assert second.phones == [RawValue("+34 91 000 0001", "fax")]


def test_outlook_russian_cp1251(sample_files):
    (contact,) = read(sample_files["outlook_ru"])
    assert fields(contact) == {
        "honorific": "Г-н", "given_name": "Довлет", "middle_name": "Ашырович",
        "family_name": "Чарыев", "organization": "МОМ", "department": "Туркменистан",
        "role": "Специалист по связям", "city": "Ашхабад", "country": "Туркменистан",
        "tags": ["Пресса"], "notes": ["Говорит по-английски"],
        "emails": [("dchariyev@iom.int", None, False, False)],
        "phones": [("+993 12 48-84-07", "work", False, False),
                   ("+993 65 12-34-56", "mobile", False, False)],
    }  # fmt: skip
    assert contact.display_name() == "Довлет Ашырович Чарыев"


def test_outlook_german_and_french(sample_files):
    (de,) = read(sample_files["outlook_de"])
    assert (de.honorific, de.given_name, de.family_name, de.role) == (
        "Herr", "Jürgen", "Müller", "Pressesprecher",
    )  # fmt: skip
    assert [e.text for e in de.emails] == ["j.mueller@strasse.de", "jm@example.de"]
    assert de.notes == ["Grüße; bitte „Sie“"]
    (fr,) = read(sample_files["outlook_fr"])
    assert (fr.honorific, fr.given_name, fr.family_name, fr.role, fr.department) == (
        "Mme", "Françoise", "Lefèvre", "Chargée de presse", "Communication",
    )  # fmt: skip


def test_google_new(sample_files):
    (contact,) = read(sample_files["google_new"])
    assert fields(contact) == {
        "given_name": "Aigul", "family_name": "Berdyyeva", "organization": "UNDP",
        "role": "Press Officer", "country": "Turkmenistan", "city": "Ashgabat",
        "website": "https://undp.org", "tags": ["Press"],
        "notes": ["Prefers Russian", "Address 1 - Formatted: Ashgabat\nTurkmenistan"],
        "emails": [("aigul.berdyyeva@undp.org", "work", True, False),
                   ("aigul@example.org", "home", False, False)],
        "phones": [("+993 65 123456", "mobile", False, False),
                   ("+993 12 42-52-50", "work", False, False)],
    }  # fmt: skip


def test_google_old(sample_files):
    (contact,) = read(sample_files["google_old"])
    assert fields(contact) == {
        "name": "Merdan Annayev", "given_name": "Merdan", "family_name": "Annayev",
        "organization": "Turkmenistan Today", "role": "Journalist", "tags": ["Journalists"],
        "emails": [("merdan@example.tm", "other", True, False)],
        "phones": [("+993 65 111111", "mobile", False, False),
                   ("+993 12 222222", "work", False, False)],
    }  # fmt: skip


def test_thunderbird(sample_files):
    (contact,) = read(sample_files["thunderbird"])
    assert fields(contact) == {
        "name": "Gülälek Öwezowa", "given_name": "Gülälek", "family_name": "Öwezowa",
        "organization": "Nebitgaz", "role": "Editor", "country": "Turkmenistan",
        "notes": ["Custom 1: VIP"],
        "emails": [("gulalek@example.tm", None, False, False),
                   ("g.owezowa@example.org", None, False, False)],
        "phones": [("+993 12 33-33-33", "work", False, False),
                   ("+993 61 444444", "mobile", False, False)],
    }  # fmt: skip


def test_officer_xlsx(sample_files):
    contacts = read(sample_files["officer_xlsx"])
    assert [c.row.number for c in contacts] == [5, 6, 7, 9]
    first, second, third, fourth = contacts
    assert fields(first) == {
        "name": "CHARIYEV Dovlet", "given_name": "Dovlet", "family_name": "Chariyev",
        "organization": "IOM", "role": "Communications Officer", "country": "Туркменистан",
        "notes": ["Дата встречи: 2022-12-09"],
        "emails": [("dchariyev@iom.int; dovlet.ch@gmail.com", None, False, False)],
        "phones": [("99312488407", None, False, True)],
    }  # fmt: skip
    assert (second.given_name, second.family_name, second.organization) == (
        "Aigul", "Berdyyeva", "IOM",
    )  # fmt: skip
    assert second.phones == [RawValue("+993 65 123456 / +993 12 488407")]
    assert (third.honorific, third.given_name, third.family_name) == ("Mr.", "Zeynal", "Hajiyev")
    assert third.phones == [RawValue("99365654321", lost_plus=True)]
    assert third.emails == [RawValue("zeynal.hajiyev@undp.org,\nz.hajiyev@gmail.com")]
    assert (fourth.family_name, fourth.given_name, fourth.middle_name) == (
        "Чарыев", "Довлет", "Ашырович",
    )  # fmt: skip
    assert fourth.phones == [RawValue("+99312 48-84-07\n+99365 12-34-56")]


def test_officer_ods(sample_files):
    first, second = read(sample_files["officer_ods"])
    assert (first.row.number, first.name, first.phones) == (
        2, "CHARIYEV Dovlet", [RawValue("99312488407", lost_plus=True)],
    )  # fmt: skip
    assert (second.row.number, second.country) == (4, "Туркменистан")


def table(headers, rows):
    return SourceTable(
        info=None,  # type: ignore[arg-type]
        headers=headers,
        rows=iter(SourceRow(i + 2, None, tuple(r)) for i, r in enumerate(rows)),
    )


def test_rules_for_conflicts_unmapped_tags_and_labels():
    headers = ["Name", "Country", "Country 2", "Extra", "Groups", "Email", "Kind", "Skip"]
    rows = [[" Dovlet Chariyev ", "Turkmenistan", "Туркменистан", "x",
             "* myContacts ::: Press; UN, Press", "a@x.org ::: b@x.org", "Home ::: * Work",
             "zzz", "overflow"]]  # fmt: skip
    mapping = ["name", "country", "country", None, "tags", "email", "email_label:5", "ignore"]
    (contact,) = to_records(table(headers, rows), mapping)
    assert contact.name == "Dovlet Chariyev"
    assert contact.country == "Turkmenistan"
    assert contact.notes == ["Country 2: Туркменистан", "Extra: x", "Column 9: overflow"]
    assert contact.tags == ["Press", "UN"]
    assert contact.emails == [RawValue("a@x.org", "home"), RawValue("b@x.org", "work", True)]


def test_tags_split_on_commas_unless_the_cell_ends_with_a_semicolon():
    cells = ["media, UN", "media; UN", "Presse, DE;", "Presse, DE; media;", "a ::: b, c"]
    rows = [[cell] for cell in cells]
    contacts = to_records(table(["Tags"], rows), ["tags"])
    assert [c.tags for c in contacts] == [
        ["media", "UN"],
        ["media", "UN"],
        ["Presse, DE"],
        ["Presse, DE", "media"],
        ["a", "b", "c"],
    ]


def test_name_parts_win_over_split_and_display_name():
    (contact,) = to_records(
        table(["Name", "First", "Last"], [["CHARIYEV Dovlet", "D.", ""]]),
        ["name", "given_name", "family_name"],
    )
    assert (contact.given_name, contact.family_name) == ("D.", "")
    (contact,) = to_records(
        table(["First", "Last"], [["Dovlet", "Chariyev"]]), ["given_name", "family_name"]
    )
    assert contact.display_name() == "Dovlet Chariyev"


@pytest.mark.parametrize(
    ("text", "flag"), [("yes", True), ("Да", True), ("no", False), ("", False)]
)
def test_do_not_contact(text, flag):
    (contact,) = to_records(table(["Name", "DNC"], [["A", text]]), ["name", "do_not_contact"])
    assert contact.do_not_contact is flag


def test_column_label_and_languages():
    (contact,) = to_records(
        table(["Work mail", "Fax", "Languages"], [["a@x.org", "+1 2", "ru, en / tk"]]),
        ["email:work", "phone:fax", "languages"],
    )
    assert contact.emails == [RawValue("a@x.org", "work")]
    assert contact.phones == [RawValue("+1 2", "fax")]
    assert contact.languages == ["ru", "en", "tk"]
