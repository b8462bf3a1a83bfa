"""Validating a whole contact: region choice, failures kept beside successes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pressdesk.domain.contacts import (
    ContactInput,
    Problem,
    ValueInput,
    normalise_label,
    phone_region,
    validate,
)


def _phones(checked) -> list[str | None]:  # type: ignore[no-untyped-def]
    return [p.check.e164 for p in checked.phones]


@pytest.mark.parametrize(
    ("country", "phone", "e164"),
    [
        ("Turkmenistan", "12 488407", "+99312488407"),
        ("Туркменистан", "8 12 488407", "+99312488407"),
        ("TM", "12 48-84-07", "+99312488407"),
        ("Казахстан", "8 (727) 258-26-43", "+77272582643"),
        ("Kirghizstan", "(0312) 62-12-34", "+996312621234"),
        ("Россия", "8 (495) 123-45-67", "+74951234567"),
        ("Rusia", "8 (495) 123-45-67", "+74951234567"),
        ("UK", "020 7946 0958", "+442079460958"),
        ("Émirats arabes unis", "04 366 8888", "+97143668888"),
        ("China", "010 6532 2173", "+861065322173"),
        ("Alemania", "030 1234567", "+49301234567"),
    ],
)
def test_the_contacts_country_reads_national_numbers(country: str, phone: str, e164: str) -> None:
    checked = validate(ContactInput(name="X", country=country, phones=[ValueInput(phone)]))
    assert _phones(checked) == [e164]
    assert checked.problems == []


def test_the_country_wins_over_the_default_region() -> None:
    data = ContactInput(name="X", country="RU", phones=[ValueInput("8 (495) 123-45-67")])
    assert _phones(validate(data, default_region="TM")) == ["+74951234567"]


def test_the_default_region_is_used_without_a_country() -> None:
    data = ContactInput(name="X", phones=[ValueInput("12 488407")])
    assert _phones(validate(data, default_region="tm")) == ["+99312488407"]
    unread = validate(data)
    assert _phones(unread) == [None]
    assert unread.problems == [
        Problem("phone", "12 488407", "no country code, and no region to read it with")
    ]


def test_an_unknown_country_is_a_problem_and_falls_back_to_the_default() -> None:
    data = ContactInput(name="X", country="Narnia", phones=[ValueInput("12 488407")])
    checked = validate(data, default_region="TM")
    assert checked.country is None
    assert _phones(checked) == ["+99312488407"]
    assert checked.problems == [Problem("country", "Narnia", "unknown country")]


def test_phone_region_order() -> None:
    assert phone_region("KZ", "TM") == "KZ"
    assert phone_region(None, "tm") == "TM"
    assert phone_region(None, None) is None


def test_failures_are_kept_beside_successes_with_their_text() -> None:
    data = ContactInput(
        name="Dovlet Chariyev",
        country="TM",
        emails=[
            ValueInput("dchariyev@iom.int; dchariyev(at)iom.int", "work"),
            ValueInput("mailto:dovlet@mail.tm", "home"),
        ],
        phones=[ValueInput("Tel:+99312 488407 / call the office"), ValueInput("+993 12 48")],
    )
    checked = validate(data)
    assert [e.check.original for e in checked.emails] == [
        "dchariyev@iom.int",
        "dchariyev(at)iom.int",
        "mailto:dovlet@mail.tm",
    ]
    assert [e.check.address for e in checked.emails] == [
        "dchariyev@iom.int",
        None,
        "dovlet@mail.tm",
    ]
    assert [e.label for e in checked.emails] == ["work", "work", "home"]
    assert _phones(checked) == ["+99312488407", None, None]
    assert [(p.field, p.value) for p in checked.problems] == [
        ("email", "dchariyev(at)iom.int"),
        ("phone", "call the office"),
        ("phone", "+993 12 48"),
    ]
    assert all(p.reason for p in checked.problems)


def test_exactly_one_primary_among_valid_values() -> None:
    data = ContactInput(
        name="X",
        emails=[ValueInput("bad"), ValueInput("a@mid.ru"), ValueInput("b@mid.ru", primary=True)],
        phones=[ValueInput("nope", primary=True), ValueInput("+7 495 123 45 67")],
    )
    checked = validate(data)
    assert [e.primary for e in checked.emails] == [False, False, True]
    # An invalid value asked to be primary cannot be: the first valid one is.
    assert [p.primary for p in checked.phones] == [False, True]


def test_duplicates_are_merged_case_insensitively() -> None:
    data = ContactInput(
        name="X",
        emails=[ValueInput("Press@MID.ru"), ValueInput("press@mid.ru, other@mid.ru")],
        phones=[ValueInput("+7 495 123-45-67"), ValueInput("8 495 1234567", "mobile")],
        country="RU",
    )
    checked = validate(data)
    assert [e.check.address for e in checked.emails] == ["Press@mid.ru", "other@mid.ru"]
    assert _phones(checked) == ["+74951234567"]
    # The same number with another extension is another value.
    data.phones.append(ValueInput("+7 495 123-45-67 доб. 12"))
    assert _phones(validate(data)) == ["+74951234567", "+74951234567"]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("* Mobile", "mobile"),
        ("CELL", "mobile"),
        ("Business Fax", "fax"),
        ("Home", "home"),
        ("office", "work"),
        ("pager", "other"),
        ("", "work"),
        (None, "work"),
        ("something else", "work"),
    ],
)
def test_labels_from_other_programs(text: str | None, label: str) -> None:
    assert normalise_label(text) == label


@settings(max_examples=150, deadline=None)
@given(
    st.text(max_size=60),
    st.lists(st.text(max_size=80), max_size=3),
    st.lists(st.text(max_size=80), max_size=3),
    st.none() | st.sampled_from(["TM", "kz", "XX", ""]),
)
def test_validate_never_raises_and_every_failure_is_reported(
    country: str, emails: list[str], phones: list[str], default_region: str | None
) -> None:
    data = ContactInput(
        name="X",
        country=country,
        emails=[ValueInput(e) for e in emails],
        phones=[ValueInput(p) for p in phones],
    )
    checked = validate(data, default_region=default_region)
    invalid = [e.check.original for e in checked.emails if not e.check.valid] + [
        p.check.original for p in checked.phones if not p.check.valid
    ]
    assert sorted(p.value for p in checked.problems if p.field != "country") == sorted(invalid)
    assert sum(e.primary for e in checked.emails) == (
        1 if any(e.check.valid for e in checked.emails) else 0
    )
