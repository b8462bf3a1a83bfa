import re
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pressdesk.domain.names import (
    _HONORIFICS,
    normalise_name,
    split_full_name,
    split_name_parts,
    without_marks,
)


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


def test_every_combining_mark_is_dropped() -> None:
    marks = "".join(chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.combining(chr(cp)))
    assert len(marks) > 800
    assert without_marks(f"e{marks}ё") == "eё"


# Text with accents to strip: letters with their marks split off, marks alone, marks
# from other scripts, and anything else Unicode holds.
_accented = st.text(
    st.sampled_from("aeiouAEIOU ёйЁЙ\u0301\u0308\u0306\u05b4\u0e49\u302a\u1d165-_.,")
) | st.text(st.characters(blacklist_categories=("Cs",)))


def _plain_without_marks(text: str) -> str:
    return "".join(c for c in text if not unicodedata.combining(c))


@settings(max_examples=500)
@given(_accented)
def test_without_marks_keeps_exactly_the_characters_of_combining_class_0(text: str) -> None:
    assert without_marks(text) == _plain_without_marks(text)
    nfkd = unicodedata.normalize("NFKD", text)
    assert without_marks(nfkd) == _plain_without_marks(nfkd)


@settings(max_examples=500)
@given(_accented | st.from_regex(r"(Mr\.? |Г-н )?[A-ZÀ-ÿ][a-zà-ÿ]+,? [А-Яа-яЁё]+", fullmatch=True))
def test_normalise_name_is_the_plain_unicode_reading(text: str) -> None:
    stripped = _plain_without_marks(unicodedata.normalize("NFKD", text)).casefold()
    words = re.sub(r"[\W_]+", " ", stripped).split()
    words = [w for w in words if w not in _HONORIFICS] or words
    assert normalise_name(text) == " ".join(sorted(words))
