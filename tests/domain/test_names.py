import pytest

from pressdesk.domain.names import normalise_name, split_full_name, split_name_parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CHARIYEV Dovlet", ("", "Dovlet", "Chariyev")),
        ("Dovlet CHARIYEV", ("", "Dovlet", "Chariyev")),
        ("Mr. Zeynal Hajiyev", ("Mr.", "Zeynal", "Hajiyev")),
        ("Hajiyev, Zeynal", ("", "Zeynal", "Hajiyev")),
        ("Hajiyev, Mr. Zeynal", ("Mr.", "Zeynal", "Hajiyev")),
        ("Чарыев Довлет Ашырович", ("", "Довлет", "Чарыев")),
        ("Довлет Ашырович Чарыев", ("", "Довлет", "Чарыев")),
        ("Чарыев Довлет", ("", "Довлет", "Чарыев")),
        ("Berdyyeva Aigul", ("", "Aigul", "Berdyyeva")),
        ("Aigul Berdyyeva", ("", "Aigul", "Berdyyeva")),
        ("Marina Ivanova", ("", "Marina", "Ivanova")),
        ("Lev Tolstoy", ("", "Lev", "Tolstoy")),
        ("Г-н Довлет Чарыев", ("Г-н", "Довлет", "Чарыев")),
        ("Ludwig van Beethoven", ("", "Ludwig", "van Beethoven")),
        ("Mary Ann Smith", ("", "Mary Ann", "Smith")),
        ("AL-HASSAN Omar", ("", "Omar", "Al-Hassan")),
        ("Madonna", ("", "Madonna", "")),
        ("   ", ("", "", "")),
        ("", ("", "", "")),
    ],
)
def test_split_full_name(text, expected):
    assert split_full_name(text) == expected


def test_split_name_parts_keeps_patronymic_and_suffix():
    parts = split_name_parts("Чарыев Довлет Ашырович")
    assert (parts.family, parts.given, parts.middle) == ("Чарыев", "Довлет", "Ашырович")
    parts = split_name_parts("Dr. Martin Luther King Jr.")
    assert parts == split_name_parts("Dr.  Martin   Luther King Jr.")
    assert (parts.honorific, parts.given, parts.family, parts.suffix) == (
        "Dr.",
        "Martin Luther",
        "King",
        "Jr.",
    )


def test_normalise_name_ignores_order_case_accents_honorifics():
    assert normalise_name("CHARIYEV Dovlet") == normalise_name("Dovlet Chariyev")
    assert normalise_name("Mr. Dovlet  Chariyev") == "chariyev dovlet"
    assert normalise_name("José Núñez") == normalise_name("NUNEZ, Jose")
    assert normalise_name("Пётр Ёлкин") == normalise_name("ЕЛКИН Петр")
    assert normalise_name("Dovlet Chariyev") != normalise_name("Dovlet Charyyev")
    assert normalise_name("") == ""
