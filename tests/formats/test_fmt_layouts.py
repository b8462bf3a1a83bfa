import pytest
import samples

from pressdesk.formats.layouts import (
    MappingError,
    guess_mapping,
    is_valid_field,
    normalise_header,
    parse_mapping_overrides,
)


def mapped(headers):
    return dict(zip(headers, guess_mapping(headers), strict=True))


def test_normalise_header():
    assert normalise_header("  E-Mail 2: Adresse ") == "email 2 adresse"
    assert normalise_header("Téléphone (bureau)") == "telephone bureau"
    assert normalise_header("Эл. почта") == "эл почта"


def test_outlook_english():
    m = mapped(samples.OUTLOOK_EN_HEADERS)
    assert m["Title"] == "honorific"
    assert m["Job Title"] == "role"
    assert m["Company"] == "organization"
    assert m["E-mail Address"] == m["E-mail 2 Address"] == "email"
    assert m["E-mail Type"] == m["E-mail 2 Display Name"] == "ignore"
    assert m["Business Phone"] == m["Business Phone 2"] == "phone:work"
    assert m["Mobile Phone"] == "phone:mobile"
    assert m["Business Fax"] == "phone:fax"
    assert m["Business Country/Region"] == m["Home Country/Region"] == "country"
    assert m["Categories"] == "tags"
    assert m["Web Page"] == "website"
    assert m["Birthday"] is None


def test_outlook_german_french_russian():
    de = mapped(samples.OUTLOOK_DE_HEADERS)
    assert (de["Anrede"], de["Vorname"], de["Nachname"], de["Position"]) == (
        "honorific", "given_name", "family_name", "role",
    )  # fmt: skip
    assert (de["E-Mail-Adresse"], de["E-Mail 2: Adresse"], de["E-Mail-Typ"]) == (
        "email", "email", "ignore",
    )  # fmt: skip
    assert de["Telefon geschäftlich 2"] == "phone:work"
    assert de["Land/Region geschäftlich"] == "country"
    fr = mapped(samples.OUTLOOK_FR_HEADERS)
    assert (fr["Titre"], fr["Prénom"], fr["Nom"], fr["Fonction"]) == (
        "honorific", "given_name", "family_name", "role",
    )  # fmt: skip
    assert (fr["Tél. mobile"], fr["Adresse de messagerie 2"]) == ("phone:mobile", "email")
    ru = mapped(samples.OUTLOOK_RU_HEADERS)
    assert (ru["Обращение"], ru["Имя"], ru["Отчество"], ru["Должность"]) == (
        "honorific", "given_name", "middle_name", "role",
    )  # fmt: skip
    assert (ru["Адрес эл. почты"], ru["Адрес 2 эл. почты"]) == ("email", "email")
    assert ru["Страна или регион (раб. адрес)"] == "country"
    assert None not in fr.values() and None not in ru.values()


def test_google_layouts_pair_labels_with_values():
    headers = samples.GOOGLE_NEW_HEADERS
    mapping = guess_mapping(headers)
    index = headers.index
    assert mapping[index("E-mail 1 - Label")] == f"email_label:{index('E-mail 1 - Value')}"
    assert mapping[index("E-mail 1 - Value")] == "email"
    assert mapping[index("Phone 2 - Label")] == f"phone_label:{index('Phone 2 - Value')}"
    m = mapped(headers)
    assert (m["Organization Name"], m["Organization Title"], m["Labels"]) == (
        "organization", "role", "tags",
    )  # fmt: skip
    assert (m["Name Prefix"], m["Address 1 - Country"], m["Website 1 - Value"]) == (
        "honorific", "country", "website",
    )  # fmt: skip
    old = samples.GOOGLE_OLD_HEADERS
    mapping = guess_mapping(old)
    assert mapping[old.index("Phone 1 - Type")] == f"phone_label:{old.index('Phone 1 - Value')}"
    m = mapped(old)
    assert (m["Name"], m["Additional Name"], m["Group Membership"]) == (
        "name", "middle_name", "tags",
    )  # fmt: skip
    assert (m["Organization 1 - Name"], m["Organization 1 - Title"]) == ("organization", "role")


def test_thunderbird():
    m = mapped(samples.THUNDERBIRD_HEADERS)
    assert (m["Display Name"], m["Primary Email"], m["Secondary Email"]) == (
        "name",
        "email",
        "email",
    )
    assert (m["Work Phone"], m["Mobile Number"], m["Fax Number"]) == (
        "phone:work", "phone:mobile", "phone:fax",
    )  # fmt: skip
    assert (m["Organization"], m["Job Title"], m["Web Page 2"]) == (
        "organization",
        "role",
        "website",
    )
    assert m["Custom 1"] is None


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("ФИО", "name"), ("Фамилия", "family_name"), ("Эл. почта", "email"),
        ("E-mail", "email"), ("Почта", "email"), ("Телефон", "phone"),
        ("Моб. телефон", "phone:mobile"), ("Téléphone", "phone"), ("Courriel", "email"),
        ("Correo", "email"), ("Correo electrónico", "email"), ("Teléfono", "phone"),
        ("Apellidos", "family_name"), ("Organisation", "organization"),
        ("Organización", "organization"), ("Cargo", "role"), ("País", "country"),
        ("Pays", "country"), ("Страна", "country"), ("Должность", "role"),
        ("Организация", "organization"), ("№", "ignore"), ("Languages", "languages"),
        ("Do not contact", "do_not_contact"), ("Invalid values", "notes"),
        ("Something else", None), ("", None),
    ],
)  # fmt: skip
def test_plain_headers(header, field):
    assert guess_mapping([header]) == [field]


def test_contextual_headers():
    assert guess_mapping(["Name", "Title", "Email"]) == ["name", "role", "email"]
    assert guess_mapping(["Nom", "Courriel"]) == ["name", "email"]
    assert guess_mapping(["Nombre", "Apellidos"]) == ["given_name", "family_name"]
    assert guess_mapping(["Nombre"]) == ["name"]
    assert guess_mapping(["Имя", "Фамилия"]) == ["given_name", "family_name"]
    assert guess_mapping(["Имя"]) == ["name"]


def test_parse_mapping_overrides():
    headers = ["Full name", "Mail", "Mail", "Kind", "Other"]
    assert parse_mapping_overrides(
        ["Full name=name", "#2=email:work", "kind=email_label:#3", "Other = phone:mobile"],
        headers,
    ) == {0: "name", 1: "email:work", 3: "email_label:2", 4: "phone:mobile"}
    with pytest.raises(MappingError, match='no column "Nope"'):
        parse_mapping_overrides(["Nope=email"], headers)
    with pytest.raises(MappingError, match="Several columns"):
        parse_mapping_overrides(["Mail=email"], headers)
    with pytest.raises(MappingError, match='"mail" is not a field'):
        parse_mapping_overrides(["Other=mail"], headers)
    with pytest.raises(MappingError, match="not of the form"):
        parse_mapping_overrides(["email"], headers)
    with pytest.raises(MappingError, match="no column #9"):
        parse_mapping_overrides(["#9=email"], headers)


def test_is_valid_field():
    assert is_valid_field("phone:fax") and is_valid_field("email_label:3", 4)
    assert not is_valid_field("email_label:4", 4) and not is_valid_field("phone:car")
