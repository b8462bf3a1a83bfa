"""The import service on real files and real stores: what lands where, and what is reported.

Every file here is one an officer could receive (see ``tests/formats/samples.py``); the
store is a real SQLite file, read back field by field.
"""

from __future__ import annotations

import csv
import io

import pytest

from pressdesk.services import import_contacts as service
from pressdesk.services import privacy
from pressdesk.services.errors import InvalidInput
from pressdesk.services.import_contacts import ImportOptions, OnDuplicate, Status

from .import_samples import (
    add_contact,
    contact,
    contacts_by_name,
    dump_sqlite,
    samples,
    write_csv,
    write_xlsx,
)


def _lines(result, status=None):
    return [line for line in result.report if status is None or line.status == status]


def _accounted(result) -> None:
    """Every row read ends as created, merged, skipped or error, and the report agrees."""
    assert result.rows == result.created + result.merged + result.skipped + result.errors
    main = [
        line
        for line in result.report
        if line.status in (Status.CREATED, Status.SKIPPED, Status.ERROR)
        or (line.status == Status.MERGED and line.field == "")
    ]
    assert len(main) == result.rows


# --------------------------------------------------------------------------- every kind of file


def test_outlook_csv_with_german_headers(store, tmp_path):
    path = samples.write_outlook_de(tmp_path)
    result = service.import_contacts(store, path)
    assert result.counts() == {
        "batch": 1,
        "rows": 1,
        "created": 1,
        "merged": 0,
        "skipped": 0,
        "invalid": 0,
        "errors": 0,
        "possible_duplicates": 0,
    }
    assert (result.source.encoding, result.source.delimiter) == ("cp1252", ";")
    [line] = result.report
    assert (line.row, line.status) == (2, Status.CREATED)
    c = contact(store, line.contact_id)
    assert (c["honorific"], c["given_name"], c["family_name"]) == ("Herr", "Jürgen", "Müller")
    assert c["name"] == "Jürgen Müller"
    assert (c["organization"], c["role"], c["country"]) == ("Straße GmbH", "Pressesprecher", "DE")
    assert [(e["address"], e["label"], e["primary"]) for e in c["emails"]] == [
        ("j.mueller@strasse.de", "work", True),
        ("jm@example.de", "work", False),
    ]
    assert [(p["e164"], p["label"], p["primary"]) for p in c["phones"]] == [
        ("+49221123456", "work", True),
        ("+491711234567", "mobile", False),
    ]
    assert c["tags"] == ["Presse"]
    assert c["invalid"] == []
    # Free notes kept as written; known-but-unstored columns go to notes with their title.
    assert c["notes"].splitlines() == ["Grüße; bitte „Sie“", "Department: Presse", "City: Köln"]


def test_vcard_21_from_an_old_phone(store, tmp_path):
    path = samples.write_vcard21(tmp_path)
    result = service.import_contacts(store, path)
    assert (result.rows, result.created, result.errors) == (2, 2, 0)
    # The row of a card is the line of its BEGIN:VCARD.
    assert [(line.row, line.status) for line in result.report] == [
        (1, Status.CREATED),
        (13, Status.CREATED),
    ]
    people = contacts_by_name(store)
    dovlet = people["Довлет Ашырович Чарыев"]
    assert (dovlet["given_name"], dovlet["family_name"]) == ("Довлет", "Чарыев")
    assert dovlet["organization"] == "МОМ"
    assert [(e["address"], e["primary"]) for e in dovlet["emails"]] == [
        ("dchariyev@iom.int", True),
        ("dovlet@example.tm", False),
    ]
    assert [(p["e164"], p["label"]) for p in dovlet["phones"]] == [
        ("+99312488407", "work"),
        ("+99365123456", "mobile"),
    ]
    anna = people["Anna Smith"]
    assert [(p["e164"], p["label"], p["primary"]) for p in anna["phones"]] == [
        ("+442079460000", "home", True)
    ]
    assert anna["notes"] == "Line one\nLine two"


def test_vcard_30_broken_card_is_an_error_with_its_text(store, tmp_path):
    result = service.import_contacts(store, samples.write_vcard30(tmp_path))
    assert (result.rows, result.created, result.errors) == (3, 2, 1)
    [error] = _lines(result, Status.ERROR)
    assert error.row == 25
    assert "THIS LINE HAS NO COLON" in error.value
    assert "THIS LINE HAS NO COLON" in error.message
    assert error.contact_id is None
    zeynal = contacts_by_name(store)["Mr. Zeynal Hajiyev"]
    assert (zeynal["honorific"], zeynal["organization"], zeynal["role"]) == (
        "Mr.",
        "IOM",
        "Communications Officer",
    )
    assert zeynal["tags"] == ["Press", "UN agencies"]
    assert [(e["address"], e["label"]) for e in zeynal["emails"]] == [
        ("zhajiyev@iom.int", "work"),
        ("zeynal@example.org", "home"),
    ]
    assert "+99312000001" in [p["e164"] for p in zeynal["phones"]]
    _accounted(result)


def test_vcard_40_uri_phones_languages_and_extension(store, tmp_path):
    result = service.import_contacts(store, samples.write_vcard40(tmp_path))
    assert result.created == 1
    aigul = contacts_by_name(store)["Aigul Berdyyeva"]
    assert aigul["role"] in ("Press officer", "Spokesperson")
    assert aigul["languages"] == ["ru", "tk"]
    assert [(p["e164"], p["extension"], p["label"]) for p in aigul["phones"]] == [
        ("+99312488407", None, "work"),
        ("+99312425250", "204", "work"),
        ("+99365123456", None, "mobile"),
    ]
    assert sorted(aigul["tags"]) == ["Media", "Press"]


def test_officer_xlsx_title_rows_numbers_and_merged_cells(store, tmp_path):
    path = samples.write_officer_xlsx(tmp_path)
    result = service.import_contacts(store, path)
    assert result.source.sheet == "Контакты"
    assert result.source.header_row == 4
    # Rows as Excel shows them: 5, 6, 7, a blank 8, then 9; the trailing blanks are not rows.
    assert [line.row for line in _lines(result, Status.CREATED)] == [5, 6, 7, 9]
    assert {line.sheet for line in result.report} == {"Контакты"}
    assert (result.rows, result.created, result.errors) == (4, 4, 0)
    people = contacts_by_name(store)
    dovlet = people["CHARIYEV Dovlet"]
    assert (dovlet["given_name"], dovlet["family_name"]) == ("Dovlet", "Chariyev")
    assert dovlet["organization"] == "IOM"
    assert dovlet["country"] == "TM"
    # 99312488407 was a number in Excel: the + is recovered from the country code.
    assert [p["e164"] for p in dovlet["phones"]] == ["+99312488407"]
    assert [e["address"] for e in dovlet["emails"]] == ["dchariyev@iom.int", "dovlet.ch@gmail.com"]
    assert dovlet["notes"] == "Дата встречи: 2022-12-09"  # an unmapped column, kept
    # C5:C6 is merged: the organisation belongs to both people.
    assert people["Berdyyeva Aigul"]["organization"] == "IOM"
    assert [p["e164"] for p in people["Berdyyeva Aigul"]["phones"]] == [
        "+99365123456",
        "+99312488407",
    ]
    assert people["Mr. Zeynal Hajiyev"]["country"] == "AZ"
    # Rows 6 and 9 share Dovlet's office phone: a switchboard, reported, kept apart.
    shared = _lines(result, Status.DUPLICATE)
    assert [(line.row, line.field) for line in shared] == [(6, "phone"), (9, "phone")]
    assert shared[0].value == "+993 12 488407"  # the text of the cell, not E.164
    assert shared[0].contact_id == people["Berdyyeva Aigul"]["id"]
    assert "row 5" in shared[0].message
    assert result.possible_duplicates == 2
    _accounted(result)


def test_officer_ods(store, tmp_path):
    result = service.import_contacts(store, samples.write_officer_ods(tmp_path))
    assert [line.row for line in _lines(result, Status.CREATED)] == [2, 4]
    people = contacts_by_name(store)
    assert [p["e164"] for p in people["CHARIYEV Dovlet"]["phones"]] == ["+99312488407"]
    assert people["Aigul Berdyyeva"]["country"] == "TM"  # "Туркменистан"


@pytest.mark.parametrize(
    ("key", "name", "organization", "email", "phone"),
    [
        ("outlook_en", "Zeynal Hajiyev", "IOM", "zhajiyev@iom.int", "+99312488407"),
        ("outlook_fr", "Françoise Lefèvre", "Société Générale", "f.lefevre@example.fr", None),
        ("outlook_ru", "Довлет Ашырович Чарыев", "МОМ", "dchariyev@iom.int", "+99312488407"),
        ("google_new", "Aigul Berdyyeva", "UNDP", "aigul.berdyyeva@undp.org", "+99365123456"),
        ("google_old", "Merdan Annayev", "Turkmenistan Today", "merdan@example.tm", None),
        ("thunderbird", "Gülälek Öwezowa", "Nebitgaz", "gulalek@example.tm", "+99312333333"),
        ("unicode_txt", "Чарыев Довлет", "МОМ", "d@iom.int", "+99312488407"),
        ("plain_cp1251_semicolon", "Чарыев Довлет Ашырович", None, "d@iom.int", None),
        ("plain_cp1252_pipe", "José Núñez", "Café Ltd", "j@x.es", None),
        ("plain_utf-8-sig_tab", "José Núñez", "Café, Ltd", "j@x.es", None),
        ("excel_sep", "A, B", None, "a@b.org", None),
    ],
)
def test_each_layout_lands_in_the_right_fields(
    store, sample_files, key, name, organization, email, phone
):
    result = service.import_contacts(store, sample_files[key])
    assert result.errors == 0
    _accounted(result)
    person = contacts_by_name(store)[name]
    if organization is not None:
        assert person["organization"] == organization
    assert person["emails"][0]["address"] == email
    assert person["emails"][0]["primary"] is True
    if phone is not None:
        assert person["phones"][0]["e164"] == phone


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory):
    return samples.write_all(tmp_path_factory.mktemp("samples"))


def test_google_labels_and_primary(store, tmp_path):
    service.import_contacts(store, samples.write_google_new(tmp_path))
    aigul = contacts_by_name(store)["Aigul Berdyyeva"]
    assert [(e["address"], e["label"], e["primary"]) for e in aigul["emails"]] == [
        ("aigul.berdyyeva@undp.org", "work", True),
        ("aigul@example.org", "home", False),
    ]
    assert [(p["e164"], p["label"]) for p in aigul["phones"]] == [
        ("+99365123456", "mobile"),
        ("+99312425250", "work"),
    ]
    assert aigul["tags"] == ["Press"]  # "* myContacts" and "* starred" are Google's own


def test_invalid_values_are_kept_with_their_reason_and_reported(store, tmp_path):
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["Name", "Email", "Phone", "Country"],
            ["Aigul Berdyyeva", "aigul(at)undp.org; a@undp.org", "+993 65 123456 / 12", "Narnia"],
        ],
    )
    result = service.import_contacts(store, path)
    assert (result.created, result.invalid) == (1, 3)
    invalid = {(line.field, line.value): line for line in _lines(result, Status.INVALID)}
    assert set(invalid) == {("email", "aigul(at)undp.org"), ("phone", "12"), ("country", "Narnia")}
    assert all(line.row == 2 and line.message for line in invalid.values())
    c = contacts_by_name(store)["Aigul Berdyyeva"]
    assert {line.contact_id for line in invalid.values()} == {c["id"]}
    assert {(i["field"], i["value"]) for i in c["invalid"]} >= {
        ("email", "aigul(at)undp.org"),
        ("phone", "12"),
    }
    assert all(i["reason"] for i in c["invalid"])
    assert [e["address"] for e in c["emails"]] == ["a@undp.org"]
    assert c["country"] == ""
    assert "Country: Narnia (not recognised)" in c["notes"]


def test_unmapped_columns_go_to_notes_and_map_overrides(store, tmp_path):
    path = write_csv(
        tmp_path / "map.csv",
        [
            ["Full name", "Моб. тел.", "Twitter", "Отдел"],
            ["Merdan Annayev", "+993 65 111111", "@merdan", "Пресс-служба"],
        ],
    )
    options = ImportOptions(overrides=["Моб. тел.=phone:mobile", "Отдел=department"])
    service.import_contacts(store, path, options)
    merdan = contacts_by_name(store)["Merdan Annayev"]
    assert [(p["e164"], p["label"]) for p in merdan["phones"]] == [("+99365111111", "mobile")]
    assert merdan["notes"].splitlines() == ["Twitter: @merdan", "Department: Пресс-служба"]
    with pytest.raises(InvalidInput, match="no column"):
        service.import_contacts(store, path, ImportOptions(overrides=["Fax=phone"]))


def test_default_region_reads_national_numbers(store, tmp_path):
    path = write_csv(tmp_path / "n.csv", [["Name", "Phone"], ["Aigul", "12 48-84-07"]])
    result = service.import_contacts(store, path, ImportOptions(default_region="TM"))
    assert result.invalid == 0
    assert contacts_by_name(store)["Aigul"]["phones"][0]["e164"] == "+99312488407"


def test_number_without_a_country_code_is_invalid_not_guessed(store, tmp_path):
    path = write_xlsx(tmp_path / "n.xlsx", [["Name", "Phone"], ["Aigul", 12488407]])
    result = service.import_contacts(store, path)
    [line] = _lines(result, Status.INVALID)
    assert (line.row, line.field, line.value) == (2, "phone", "12488407")
    aigul = contacts_by_name(store)["Aigul"]
    assert aigul["phones"] == []
    assert [(i["field"], i["value"]) for i in aigul["invalid"]] == [("phone", "12488407")]


def test_row_without_name_email_or_organisation_is_an_error(store, tmp_path):
    path = write_csv(tmp_path / "e.csv", [["Name", "Phone", "Notes"], ["", "+993 65 1", "x"]])
    result = service.import_contacts(store, path)
    [line] = result.report
    assert (line.row, line.status, line.value) == (2, Status.ERROR, "+993 65 1 | x")
    assert "no name" in line.message
    assert contacts_by_name(store) == {}


def test_report_csv_columns_and_formula_guard(store, tmp_path):
    result = service.import_contacts(store, samples.write_title_rows_csv(tmp_path))
    out = tmp_path / "report.csv"
    service.write_report(result, out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["row", "sheet", "status", "contact_id", "field", "value", "message"]
    body = {(r[0], r[2], r[4]): r for r in rows[1:]}
    # Row 5 holds a cell spanning two lines; Aigul is on line 9 of the file.
    assert ("5", "created", "") in body and ("9", "created", "") in body
    assert body["9", "invalid", "email"][5] == '\'=HYPERLINK("http://evil")'
    assert body["9", "invalid", "phone"][5] == "'@SUM(1+1)"


def test_missing_or_unreadable_file_is_a_clear_error(store, tmp_path):
    with pytest.raises(InvalidInput, match="no such file"):
        service.import_contacts(store, tmp_path / "nope.csv")
    html = tmp_path / "export.xls"
    html.write_text("<html><body><table><tr><td>x</td></tr></table></body></html>")
    with pytest.raises(service.ImportFailed):
        service.import_contacts(store, html)
    assert contacts_by_name(store) == {}


# --------------------------------------------------------------------------- duplicates


def _table(tmp_path, *rows, name="dup.csv"):
    return write_csv(tmp_path / name, [["Name", "Organization", "Role", "Email", "Phone"], *rows])


def test_within_file_same_email_any_case_is_one_person(store, tmp_path):
    path = _table(
        tmp_path,
        ["Dovlet Chariyev", "IOM", "", "dchariyev@iom.int", ""],
        ["D. Chariyev", "", "Focal point", "DChariyev@IOM.int", "+993 12 48-84-07"],
    )
    result = service.import_contacts(store, path)
    assert (result.rows, result.created, result.merged) == (2, 1, 1)
    [merged] = [line for line in _lines(result, Status.MERGED) if not line.field]
    assert merged.row == 3 and "same e-mail" in merged.message
    [dovlet] = contacts_by_name(store).values()
    assert merged.contact_id == dovlet["id"]
    assert dovlet["name"] == "Dovlet Chariyev"
    assert dovlet["role"] == "Focal point"  # an empty field filled
    assert [p["e164"] for p in dovlet["phones"]] == ["+99312488407"]
    assert [e["address"] for e in dovlet["emails"]] == ["dchariyev@iom.int"]
    _accounted(result)


def test_within_file_same_name_and_phone_is_one_person(store, tmp_path):
    path = _table(
        tmp_path,
        ["CHARIYEV Dovlet", "IOM", "", "", "+993 12 48-84-07"],
        ["Dovlet Chariyev", "", "", "dovlet@example.tm", "+99312488407"],
    )
    result = service.import_contacts(store, path)
    assert (result.created, result.merged, result.possible_duplicates) == (1, 1, 0)
    [dovlet] = contacts_by_name(store).values()
    assert [e["address"] for e in dovlet["emails"]] == ["dovlet@example.tm"]


def test_shared_phone_alone_is_only_a_possible_duplicate(store, tmp_path):
    path = _table(
        tmp_path,
        ["Aigul Berdyyeva", "UNDP", "", "aigul@undp.org", "+993 12 42-52-50"],
        ["Merdan Annayev", "UNDP", "", "merdan@undp.org", "+993 12 42-52-50"],
    )
    result = service.import_contacts(store, path)
    assert (result.created, result.merged, result.possible_duplicates) == (2, 0, 1)
    [line] = _lines(result, Status.DUPLICATE)
    people = contacts_by_name(store)
    assert (line.row, line.field, line.contact_id) == (3, "phone", people["Merdan Annayev"]["id"])
    assert str(people["Aigul Berdyyeva"]["id"]) in line.message or "row 2" in line.message


def test_same_name_alone_is_only_a_possible_duplicate(store, tmp_path):
    path = _table(
        tmp_path,
        ["Aigul Berdyyeva", "UNDP", "", "aigul@undp.org", ""],
        ["aigul  BERDYYEVA", "Kazinform", "", "aigul@kazinform.kz", ""],
    )
    result = service.import_contacts(store, path)
    assert (result.created, result.merged, result.possible_duplicates) == (2, 0, 1)
    [line] = _lines(result, Status.DUPLICATE)
    assert (line.row, line.field, line.value) == (3, "name", "aigul  BERDYYEVA")


def test_against_the_store_each_rule(store, tmp_path):
    by_email = add_contact(store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    by_name_phone = add_contact(store, "Aigul Berdyyeva", phones=["+993 65 123456"])
    switchboard = add_contact(store, "IOM Reception", phones=["+993 12 48-84-07"])
    namesake = add_contact(store, "Merdan Annayev", emails=["merdan@example.tm"])
    path = _table(
        tmp_path,
        ["D. Chariyev", "IOM", "", "DCHARIYEV@iom.int", ""],
        ["BERDYYEVA Aigul", "UNDP", "", "", "+993 65 12-34-56"],
        ["Zeynal Hajiyev", "IOM", "", "", "+993 12 48-84-07"],
        ["Merdan Annayev", "TDH", "", "m.annayev@tdh.tm", ""],
    )
    result = service.import_contacts(store, path)
    assert (result.rows, result.created, result.merged, result.possible_duplicates) == (4, 2, 2, 2)
    merges = {line.row: line.contact_id for line in _lines(result, Status.MERGED)}
    assert merges == {2: by_email, 3: by_name_phone}
    possible = {line.row: line for line in _lines(result, Status.DUPLICATE)}
    assert f"#{switchboard}" in possible[4].message
    assert f"#{namesake}" in possible[5].message
    assert contact(store, by_email)["organization"] == "IOM"
    assert contact(store, by_name_phone)["organization"] == "UNDP"
    with store.uow() as uow:
        assert uow.contacts.count() == 6  # two of them called Merdan Annayev
    _accounted(result)


def test_policy_skip_leaves_the_stored_contact_alone(store, tmp_path, db_path):
    stored = add_contact(store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    before = contact(store, stored)
    path = _table(
        tmp_path,
        ["Dovlet Chariyev", "IOM", "Officer", "dchariyev@iom.int", "+993 12 48-84-07"],
        ["Aigul Berdyyeva", "UNDP", "", "aigul@undp.org", ""],
        ["A. Berdyyeva", "", "Spokesperson", "AIGUL@undp.org", ""],
    )
    result = service.import_contacts(store, path, ImportOptions(on_duplicate=OnDuplicate.SKIP))
    assert (result.created, result.merged, result.skipped) == (1, 0, 2)
    skipped = _lines(result, Status.SKIPPED)
    assert [line.row for line in skipped] == [2, 4]
    assert skipped[0].contact_id == stored
    assert "same e-mail" in skipped[0].message
    assert skipped[0].value.startswith("Dovlet Chariyev | IOM | Officer")
    assert contact(store, stored) == before
    assert contacts_by_name(store)["Aigul Berdyyeva"]["role"] == ""
    _accounted(result)


def test_policy_create_keeps_both_and_reports(store, tmp_path):
    stored = add_contact(store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    path = _table(tmp_path, ["Dovlet Chariyev", "IOM", "", "dchariyev@iom.int", ""])
    result = service.import_contacts(store, path, ImportOptions(on_duplicate=OnDuplicate.CREATE))
    assert (result.created, result.merged, result.possible_duplicates) == (1, 0, 1)
    [line] = _lines(result, Status.DUPLICATE)
    new_id = _lines(result, Status.CREATED)[0].contact_id
    assert line.contact_id == new_id != stored
    assert "same e-mail" in line.message
    assert contact(store, stored)["organization"] == ""


def test_merge_never_overwrites_a_different_value(store, tmp_path):
    stored = add_contact(
        store,
        "Dovlet Chariyev",
        organization="IOM",
        role="Communication Focal Point",
        emails=["dchariyev@iom.int"],
        phones=["+993 12 48-84-07"],
        tags=["UN"],
        notes="Met at COP27",
    )
    path = write_csv(
        tmp_path / "m.csv",
        [
            ["Name", "Organization", "Role", "Country", "Email", "Mobile", "Tags", "Notes"],
            [
                "Dovlet Chariyev",
                "UNDP",
                "communication focal point",
                "Turkmenistan",
                "dchariyev@iom.int; dovlet@example.tm",
                "+993 65 123456",
                "media",
                "Prefers Russian",
            ],
        ],
    )
    result = service.import_contacts(store, path)
    assert result.merged == 1
    after = contact(store, stored)
    assert after["organization"] == "IOM"  # different: kept
    assert after["role"] == "Communication Focal Point"  # same but for case: kept
    assert after["country"] == "TM"  # was empty: filled
    assert [e["address"] for e in after["emails"]] == ["dchariyev@iom.int", "dovlet@example.tm"]
    assert [e["primary"] for e in after["emails"]] == [True, False]
    assert [(p["e164"], p["label"]) for p in after["phones"]] == [
        ("+99312488407", "work"),
        ("+99365123456", "mobile"),
    ]
    assert sorted(after["tags"]) == ["UN", "media"]
    assert after["notes"].splitlines() == ["Met at COP27", "Prefers Russian"]
    [difference] = [line for line in _lines(result, Status.MERGED) if line.field]
    assert (difference.row, difference.field, difference.value) == (2, "organization", "UNDP")
    assert "'IOM'" in difference.message


@pytest.mark.parametrize(("stored_flag", "file_flag"), [(True, "no"), (False, "yes")])
def test_merge_never_touches_do_not_contact_or_consent(store, tmp_path, stored_flag, file_flag):
    stored = add_contact(
        store, "Dovlet Chariyev", emails=["dchariyev@iom.int"], do_not_contact=stored_flag
    )
    with store.uow() as uow:
        privacy.set_consent(uow, stored, "withdrawn", source_ref="phone call")
        uow.commit()
        consent_before = privacy.consent_dict(uow, stored)
    path = write_csv(
        tmp_path / "d.csv",
        [
            ["Name", "Email", "Role", "Do not contact"],
            ["Dovlet", "dchariyev@iom.int", "PR", file_flag],
        ],
    )
    result = service.import_contacts(store, path)
    assert result.merged == 1
    after = contact(store, stored)
    assert after["role"] == "PR"
    assert after["do_not_contact"] is stored_flag
    with store.uow() as uow:
        assert privacy.consent_dict(uow, stored) == consent_before


def test_merges_into_a_row_already_written_in_this_import(store, tmp_path, monkeypatch):
    # A small chunk makes the first contact be written before its duplicate is read.
    monkeypatch.setattr(service, "CHUNK", 2)
    rows = [["Dovlet Chariyev", "IOM", "", "dchariyev@iom.int", ""]]
    rows += [[f"Person {i}", "", "", f"p{i}@example.org", ""] for i in range(5)]
    rows += [["Dovlet Chariyev", "", "Officer", "dchariyev@iom.int", "+993 12 48-84-07"]]
    result = service.import_contacts(store, _table(tmp_path, *rows))
    assert (result.created, result.merged) == (6, 1)
    dovlet = contacts_by_name(store)["Dovlet Chariyev"]
    assert (dovlet["role"], dovlet["phones"][0]["e164"]) == ("Officer", "+99312488407")
    [merged] = _lines(result, Status.MERGED)
    assert merged.contact_id == dovlet["id"] == _lines(result, Status.CREATED)[0].contact_id
    with store.uow() as uow:
        assert uow.contacts.search_ids("Officer") == [dovlet["id"]]


def test_merges_into_written_contacts_report_in_row_order(store, tmp_path, monkeypatch):
    # Dovlet and Aigul are written (chunk of 2) before their duplicates are read; both
    # merges into Dovlet wait for the same later chunk and apply in file order.
    monkeypatch.setattr(service, "CHUNK", 2)
    rows = [
        ["Dovlet Chariyev", "IOM", "", "dchariyev@iom.int", ""],
        ["Aigul Berdyyeva", "UNDP", "Editor", "aigul@undp.org", ""],
        ["Merdan Annayev", "", "", "merdan@example.tm", ""],
        ["Dovlet Chariyev", "UNDP", "Officer", "DCHARIYEV@iom.int", "12-34"],
        ["Dovlet Chariyev", "", "Spokesman", "dchariyev@iom.int", "+993 12 48-84-07"],
        ["Aigul Berdyyeva", "", "Spokesperson", "aigul@undp.org", ""],
    ]
    result = service.import_contacts(store, _table(tmp_path, *rows))
    assert (result.created, result.merged, result.invalid) == (3, 3, 1)
    people = contacts_by_name(store)
    dovlet, aigul = people["Dovlet Chariyev"], people["Aigul Berdyyeva"]
    assert [line.contact_id for line in _lines(result, Status.CREATED)] == [
        dovlet["id"],
        aigul["id"],
        people["Merdan Annayev"]["id"],
    ]
    assert (dovlet["organization"], dovlet["role"]) == ("IOM", "Officer")
    assert [p["e164"] for p in dovlet["phones"]] == ["+99312488407"]
    assert [(i["field"], i["value"]) for i in dovlet["invalid"]] == [("phone", "12-34")]
    assert aigul["role"] == "Editor"
    # Each merge's line, then what was kept, then the row's invalid values.
    assert [(x.row, x.status, x.contact_id, x.field, x.value) for x in result.report[3:]] == [
        (
            5,
            Status.MERGED,
            dovlet["id"],
            "",
            "Dovlet Chariyev | UNDP | Officer | DCHARIYEV@iom.int | 12-34",
        ),
        (5, Status.MERGED, dovlet["id"], "organization", "UNDP"),
        (5, Status.INVALID, dovlet["id"], "phone", "12-34"),
        (
            6,
            Status.MERGED,
            dovlet["id"],
            "",
            "Dovlet Chariyev | Spokesman | dchariyev@iom.int | +993 12 48-84-07",
        ),
        (6, Status.MERGED, dovlet["id"], "role", "Spokesman"),
        (7, Status.MERGED, aigul["id"], "", "Aigul Berdyyeva | Spokesperson | aigul@undp.org"),
        (7, Status.MERGED, aigul["id"], "role", "Spokesperson"),
    ]
    assert "'Officer'" in result.report[7].message  # filled by row 5, kept against row 6
    with store.uow() as uow:
        assert uow.contacts.search_ids("Officer") == [dovlet["id"]]
        assert uow.contacts.search_ids("Editor") == [aigul["id"]]
    _accounted(result)


def test_a_rows_lines_keep_their_order_at_every_chunk_boundary(store, tmp_path, monkeypatch):
    monkeypatch.setattr(service, "CHUNK", 1)
    rows = [
        ["Aigul Berdyyeva", "UNDP", "", "aigul@undp.org", "+993 12 42-52-50"],
        ["Merdan Annayev", "UNDP", "", "merdan@undp.org", "+993 12 42-52-50"],
        ["Merdan Annayev", "TDH", "", "m@tdh.tm", "12"],
    ]
    result = service.import_contacts(store, _table(tmp_path, *rows))
    assert [(x.row, x.status, x.field) for x in result.report] == [
        (2, Status.CREATED, ""),
        (3, Status.DUPLICATE, "phone"),
        (3, Status.CREATED, ""),
        (4, Status.DUPLICATE, "name"),
        (4, Status.INVALID, "phone"),
        (4, Status.CREATED, ""),
    ]
    assert all(x.contact_id is not None for x in result.report)


# --------------------------------------------------------------------------- all or nothing


def test_dry_run_reports_everything_and_changes_nothing(store, tmp_path, db_path):
    add_contact(store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    before = dump_sqlite(db_path)
    path = samples.write_officer_xlsx(tmp_path)
    dry = service.import_contacts(store, path, ImportOptions(dry_run=True))
    assert dump_sqlite(db_path) == before
    assert dry.batch is None
    real = service.import_contacts(store, path)
    assert dry.counts() | {"batch": real.batch} == real.counts()
    assert [(x.row, x.status, x.field, x.value) for x in dry.report] == [
        (x.row, x.status, x.field, x.value) for x in real.report
    ]
    assert dry.merged == 1  # Dovlet by e-mail


def test_cancel_leaves_the_store_exactly_as_it_was(store, tmp_path, db_path):
    add_contact(store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    rows = [[f"Person {i}", "", "", f"p{i}@example.org", ""] for i in range(1200)]
    rows.append(["Dovlet Chariyev", "UNDP", "Officer", "dchariyev@iom.int", ""])
    path = _table(tmp_path, *rows)
    before = dump_sqlite(db_path)
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) >= 2  # after 1,000 rows have been written

    progress: list[int] = []
    with pytest.raises(service.ImportCancelled, match="nothing was changed"):
        service.import_contacts(store, path, progress=progress.append, cancelled=cancelled)
    assert progress == [500]
    assert dump_sqlite(db_path) == before
    # The store is usable afterwards and the same file imports in full.
    result = service.import_contacts(store, path)
    assert (result.created, result.merged) == (1200, 1)


def test_progress_reports_rows(store, tmp_path):
    rows = [[f"Person {i}", "", "", f"p{i}@example.org", ""] for i in range(1001)]
    seen: list[int] = []
    service.import_contacts(store, _table(tmp_path, *rows), progress=seen.append)
    assert seen == [500, 1000, 1001]


# --------------------------------------------------------------------------- team mode


@pytest.mark.postgres
def test_import_into_postgres(pg_store, tmp_path):
    add_contact(pg_store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    result = service.import_contacts(pg_store, samples.write_officer_xlsx(tmp_path))
    assert (result.rows, result.created, result.merged) == (4, 3, 1)
    people = contacts_by_name(pg_store)
    assert [e["address"] for e in people["Dovlet Chariyev"]["emails"]] == [
        "dchariyev@iom.int",
        "dovlet.ch@gmail.com",
    ]
    assert people["Berdyyeva Aigul"]["organization"] == "IOM"
    created = {line.contact_id for line in _lines(result, Status.CREATED)}
    assert created == {p["id"] for n, p in people.items() if n != "Dovlet Chariyev"}
    with pg_store.uow() as uow:
        assert uow.contacts.search_ids("Hajiyev") == [people["Mr. Zeynal Hajiyev"]["id"]]


@pytest.mark.postgres
def test_merges_into_written_contacts_on_postgres(pg_store, tmp_path, monkeypatch):
    monkeypatch.setattr(service, "CHUNK", 2)
    rows = [["Dovlet Chariyev", "IOM", "", "dchariyev@iom.int", ""]]
    rows += [[f"Person {i}", "", "", f"p{i}@example.org", ""] for i in range(3)]
    rows += [["Dovlet Chariyev", "UNDP", "Officer", "dchariyev@iom.int", "+993 12 48-84-07"]]
    result = service.import_contacts(pg_store, _table(tmp_path, *rows))
    assert (result.created, result.merged) == (4, 1)
    dovlet = contacts_by_name(pg_store)["Dovlet Chariyev"]
    assert (dovlet["organization"], dovlet["role"]) == ("IOM", "Officer")
    assert [p["e164"] for p in dovlet["phones"]] == ["+99312488407"]
    assert [(x.row, x.field, x.value) for x in _lines(result, Status.MERGED)] == [
        (6, "", "Dovlet Chariyev | UNDP | Officer | dchariyev@iom.int | +993 12 48-84-07"),
        (6, "organization", "UNDP"),
    ]
    with pg_store.uow() as uow:
        assert uow.contacts.search_ids("Officer") == [dovlet["id"]]


def test_a_merge_under_another_spelling_leaves_the_name_parts_alone(store, tmp_path):
    """The same e-mail makes "ЧАРИЕВ Довлет" the stored "Dovlet Chariyev"; the row's name
    parts are not his: they stay empty and the other spelling is reported."""
    stored = add_contact(store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    path = write_csv(
        tmp_path / "ru.csv",
        [
            ["ФИО", "Эл. почта", "Должность"],
            ["ЧАРИЕВ Довлет", "dchariyev@iom.int", "Пресс-секретарь"],
        ],
    )
    result = service.import_contacts(store, path)
    assert (result.created, result.merged) == (0, 1)
    merged = contact(store, stored)
    assert (merged["name"], merged["given_name"], merged["family_name"]) == (
        "Dovlet Chariyev",
        "",
        "",
    )
    assert merged["role"] == "Пресс-секретарь"  # other empty fields are still filled
    (name_line,) = [line for line in _lines(result, Status.MERGED) if line.field == "name"]
    assert name_line.value == "ЧАРИЕВ Довлет" and "Dovlet Chariyev" in name_line.message


def test_a_few_rows_into_a_store_find_their_stored_matches(store, tmp_path):
    """Stored matches are looked up for the rows read (not all read first): e-mail,
    name and phone, a shared phone and a namesake are all still found."""
    by_email = add_contact(store, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    for n in range(30):
        add_contact(store, f"Someone {n}", emails=[f"someone{n}@example.org"])
    path = _table(tmp_path, ["D. Chariyev", "IOM", "", "dchariyev@IOM.int", ""])
    result = service.import_contacts(store, path)
    assert (result.created, result.merged) == (0, 1)
    assert {line.contact_id for line in _lines(result, Status.MERGED)} == {by_email}
