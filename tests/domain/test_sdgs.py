import pytest

from pressdesk.domain.sdgs import ALL_GOALS, SdgGoal, parse_sdg


def test_all_seventeen_goals_have_names_in_each_language():
    assert [goal.number for goal in ALL_GOALS] == list(range(1, 18))
    for language in ("en", "ru", "fr"):
        names = [goal.name(language) for goal in ALL_GOALS]
        assert len(set(names)) == 17


@pytest.mark.parametrize(
    ("number", "label"),
    [
        (1, "SDG 1 - No Poverty"),
        (3, "SDG 3 - Good Health and Well-being"),
        (10, "SDG 10 - Reduced Inequalities"),
        (13, "SDG 13 - Climate Action"),
        (16, "SDG 16 - Peace, Justice and Strong Institutions"),
        (17, "SDG 17 - Partnerships for the Goals"),
    ],
)
def test_english_labels_are_the_official_short_names(number, label):
    assert SdgGoal(number).label("en") == label
    assert str(SdgGoal(number)) == label


def test_labels_in_russian_and_french():
    assert SdgGoal(10).label("ru") == "ЦУР 10 - Уменьшение неравенства"
    assert SdgGoal(10).label("fr") == "ODD 10 - Inégalités réduites"
    assert SdgGoal(10).label("ru_RU") == SdgGoal(10).label("ru")


def test_unknown_language_falls_back_to_english():
    assert SdgGoal(13).label("de") == "SDG 13 - Climate Action"


@pytest.mark.parametrize("number", [0, 18, -1])
def test_numbers_outside_1_to_17_are_rejected(number):
    with pytest.raises(ValueError, match="1 to 17"):
        SdgGoal(number)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("SDG 10 - Reduced Inequalities", 10),
        ("SDG10", 10),
        ("sdg 10", 10),
        ("Goal 10", 10),
        ("Goal 10: Reduced Inequalities", 10),
        ("ЦУР 10", 10),
        ("ЦУР 10 - Уменьшение неравенства", 10),
        ("ODD 10 - Inégalités réduites", 10),
        ("  SDG 17 – Partnerships for the Goals  ", 17),
    ],
)
def test_parse_accepts_the_usual_forms(text, number):
    assert parse_sdg(text) == SdgGoal(number)


@pytest.mark.parametrize(
    "text", ["", "SDG", "SDG 18", "SDG 0", "Goal 10 of the Agenda matters", "Reduced Inequalities"]
)
def test_parse_rejects_other_text(text):
    assert parse_sdg(text) is None
