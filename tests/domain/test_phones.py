"""Phone rules on numbers as officers type them, from several countries."""

from __future__ import annotations

import re
import time
import unicodedata

import phonenumbers
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from pressdesk.domain.phones import check_phone, format_international, number_region, split_phones


@pytest.mark.parametrize(
    ("text", "region", "e164", "display"),
    [
        ("Tel:+99312 488407", None, "+99312488407", "+993 12 48-84-07"),
        ("+993 65 123456", None, "+99365123456", "+993 65 123456"),
        ("8 12 488407", "TM", "+99312488407", "+993 12 48-84-07"),
        ("12 488407", "TM", "+99312488407", "+993 12 48-84-07"),
        ("+7 7172 55 00 00", None, "+77172550000", "+7 7172 55 00 00"),
        ("8 (727) 258-26-43", "KZ", "+77272582643", "+7 7272 58 26 43"),
        ("(0312) 62-12-34", "KG", "+996312621234", "+996 312 621 234"),
        ("8 (495) 123-45-67", "RU", "+74951234567", "+7 495 123-45-67"),
        ("+44 20 7946 0958", None, "+442079460958", "+44 20 7946 0958"),
        ("00 44 20 7946 0958", None, "+442079460958", "+44 20 7946 0958"),
        ("020 7946 0958", "GB", "+442079460958", "+44 20 7946 0958"),
        ("04 366 8888", "AE", "+97143668888", "+971 4 366 8888"),
        ("+86 10 6532 2173", None, "+861065322173", "+86 10 6532 2173"),
        ("010 6532 2173", "CN", "+861065322173", "+86 10 6532 2173"),
        ("030 1234567", "DE", "+49301234567", "+49 30 1234567"),
        ("+49 (0)30 1234567", None, "+49301234567", "+49 30 1234567"),
        # Region codes are accepted in lower case too.
        ("12 488407", "tm", "+99312488407", "+993 12 48-84-07"),
    ],
)
def test_numbers_are_read_to_e164(text: str, region: str | None, e164: str, display: str) -> None:
    check = check_phone(text, region)
    assert check.valid, check.reason
    assert check.e164 == e164
    assert check.display == display
    assert check.original == text
    assert check.reason is None


@pytest.mark.parametrize("region", [None, "TM", "RU", "KZ", "GB", "DE"])
def test_00_is_read_as_the_international_prefix_whatever_the_region(region: str | None) -> None:
    # Turkmenistan, Russia and Kazakhstan dial 8~10 abroad, yet officers write "00 44 ...".
    assert check_phone("00 44 20 7946 0958", region).e164 == "+442079460958"
    assert check_phone("Tel: 00 993 12 488407", region).e164 == "+99312488407"


@pytest.mark.parametrize(
    ("text", "e164", "extension"),
    [
        ("+7 495 123-45-67 доб. 123", "+74951234567", "123"),
        ("+44 20 7946 0958 ext. 12", "+442079460958", "12"),
        ("+49 30 1234567 ext 45", "+49301234567", "45"),
        ("+993 12 488407 доб. 5", "+99312488407", "5"),
    ],
)
def test_extensions_are_kept_apart(text: str, e164: str, extension: str) -> None:
    check = check_phone(text)
    assert (check.e164, check.extension) == (e164, extension)
    assert check.display.endswith(extension)
    assert check.display.startswith(format_international(e164))


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("+٩٧١ ٤ ٣٦٦ ٨٨٨٨", "+97143668888"),  # Arabic-Indic
        ("+۹۷۱ ۴ ۳۶۶ ۸۸۸۸", "+97143668888"),  # Extended Arabic-Indic (Persian)
        ("＋８６ １０ ６５３２ ２１７３", "+861065322173"),  # full width
        ("+९९३ १२ ४८८४०७", "+99312488407"),  # Devanagari
    ],
)
def test_non_latin_digits(text: str, e164: str) -> None:
    check = check_phone(text)
    assert check.e164 == e164
    assert check.original == text


def test_region_decides_national_formats() -> None:
    # The same digits are a Moscow number in Russia and nothing without a region.
    assert check_phone("8 (495) 123-45-67", "RU").e164 == "+74951234567"
    unread = check_phone("8 (495) 123-45-67")
    assert not unread.valid
    assert unread.reason == "no country code, and no region to read it with"
    assert unread.display == "8 (495) 123-45-67"
    # An explicit country code wins over the region.
    assert check_phone("+44 20 7946 0958", "TM").e164 == "+442079460958"


def test_region_and_number_region_are_told_apart() -> None:
    check = check_phone("+44 20 7946 0958", "TM")
    assert check.region == "TM"
    assert check.number_region == "GB"
    assert check.described == "+44 20 7946 0958 · United Kingdom"
    assert number_region("+99312488407") == "TM"


def test_lost_plus_cells_from_spreadsheets() -> None:
    # Excel turned +99312488407 into the number 99312488407.
    assert check_phone("99312488407", lost_plus=True).e164 == "+99312488407"
    assert check_phone("99312488407", "TM", lost_plus=True).e164 == "+99312488407"
    assert check_phone("971 4 366 8888", lost_plus=True).e164 == "+97143668888"
    # Without the flag the digits are read as a national number, which they are not.
    assert not check_phone("99312488407").valid
    # A numeric cell that is really national (Excel also drops a leading 0) still reads
    # through its region when the digits make no valid international number.
    assert check_phone("312621234", "KG", lost_plus=True).e164 == "+996312621234"
    assert check_phone("12488407", "TM", lost_plus=True).e164 == "+99312488407"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("+996 312 123456 / +996 555 123456", ["+996312123456", "+996555123456"]),
        ("+996 312 123456; +996 555 123456", ["+996312123456", "+996555123456"]),
        ("+996 312 123456, +996 555 123456", ["+996312123456", "+996555123456"]),
        ("+996 312 123456\n+996 555 123456", ["+996312123456", "+996555123456"]),
        ("+996 312 123456 | +996 555 123456", ["+996312123456", "+996555123456"]),
        ("+7 495 123-45-67 или +7 727 258 2643", ["+74951234567", "+77272582643"]),
        ("+44 20 7946 0958 or +49 30 1234567", ["+442079460958", "+49301234567"]),
    ],
)
def test_several_numbers_in_one_cell(cell: str, expected: list[str]) -> None:
    assert [c.e164 for c in split_phones(cell)] == expected


def test_a_bad_number_in_a_cell_is_kept_beside_the_good_ones() -> None:
    checks = split_phones("+993 12 488407; call after 5; +993 12 48")
    assert [c.original for c in checks] == ["+993 12 488407", "call after 5", "+993 12 48"]
    assert [c.valid for c in checks] == [True, False, False]
    assert checks[2].reason == "too short for a number in Turkmenistan"


@pytest.mark.parametrize(
    ("text", "region", "reason"),
    [
        ("n/a", None, "no digits in this phone number"),
        ("+993 12 48", None, "too short for a number in Turkmenistan"),
        ("+44 20 7946 0958 0958 0958 1", None, "too long to be a phone number"),
        ("123", "TM", "too short"),
    ],
)
def test_invalid_numbers_keep_their_text_and_say_why(
    text: str, region: str | None, reason: str
) -> None:
    check = check_phone(text, region)
    assert not check.valid
    assert check.original == text
    assert check.reason is not None and check.reason.startswith(reason)
    assert check.display == text
    assert check.described == check.reason


@pytest.mark.parametrize("cell", ["", "  ", "\u00a0", None])
def test_blank_cells_give_no_numbers(cell: str | None) -> None:
    assert split_phones(cell) == []  # type: ignore[arg-type]


hostile_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300) | (
    st.from_regex(r"[\x00-\x1f+0-9٠-٩０-９()\-./;, xext.доб]{0,120}", fullmatch=True)
)
regions = st.none() | st.sampled_from(["TM", "KZ", "KG", "RU", "GB", "AE", "CN", "DE", "zz", ""])


@settings(max_examples=300, deadline=None)
@given(hostile_text, regions, st.booleans())
def test_split_phones_never_raises_and_keeps_every_value(
    cell: str, region: str | None, lost_plus: bool
) -> None:
    checks = split_phones(cell, region, lost_plus=lost_plus)
    for check in checks:
        assert check.valid != bool(check.reason)
        assert check.original and check.original in cell
        if check.valid:
            assert check.e164 is not None
            assert phonenumbers.is_valid_number(phonenumbers.parse(check.e164))


@pytest.mark.parametrize("unit", ["1", " ", "\t ", " /", " or", "+", "(", "x"])
def test_huge_cells_are_read_in_linear_time(unit: str) -> None:
    cell = "1" + unit * (100_000 // len(unit)) + "1"
    started = time.perf_counter()
    checks = split_phones(cell, "TM")
    assert time.perf_counter() - started < 5
    assert checks and not any(c.valid for c in checks)


@st.composite
def valid_numbers(draw: st.DrawFn) -> phonenumbers.PhoneNumber:
    region = draw(st.sampled_from(["TM", "KZ", "KG", "RU", "GB", "AE", "CN", "DE"]))
    kind = draw(
        st.sampled_from(
            [phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE]
        )
    )
    example = phonenumbers.example_number_for_type(region, kind)
    assume(example is not None)
    # Vary the example's last digits; keep only numbers the library calls valid.
    national = str(example.national_number)
    tail = draw(st.integers(min_value=0, max_value=9999))
    digits = national[:-4] + f"{tail:04d}"
    number = phonenumbers.parse("+" + str(example.country_code) + digits)
    assume(phonenumbers.is_valid_number(number))
    return number


@settings(max_examples=150, deadline=None)
@given(valid_numbers(), st.sampled_from(list(phonenumbers.PhoneNumberFormat.__dict__)))
def test_a_valid_e164_formats_and_reparses_to_itself(
    number: phonenumbers.PhoneNumber, _fmt: str
) -> None:
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    region = phonenumbers.region_code_for_number(number)
    for text in (
        e164,
        format_international(e164),
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966),
        "00 " + e164[1:],
        e164[1:],
    ):
        lost = text == e164[1:]
        assert check_phone(text, lost_plus=lost).e164 == e164, text
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    assert check_phone(national, region).e164 == e164
    assert number_region(e164) == region


# check_phone against a plain phonenumbers reading of the same text. The plain reading
# wins whenever it gives a valid number; check_phone departs from it only by its two
# documented rules: digits from a numeric cell are first read with a "+", and a leading
# "00" is read as "+" when the plain reading finds an invalid number, or finds no country
# code and no region was given.
def _plain(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _plus_rule_applies(text: str, region: str | None) -> bool:
    try:
        phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        no_code = phonenumbers.NumberParseException.INVALID_COUNTRY_CODE
        return region is None and error.error_type == no_code
    return True


def _e164(number: phonenumbers.PhoneNumber) -> tuple[str, str | None]:
    extension = number.extension or None
    number.extension = None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), extension


@st.composite
def typed_numbers(draw: st.DrawFn) -> str:
    number = draw(valid_numbers())
    fmt = draw(
        st.sampled_from(
            [
                phonenumbers.PhoneNumberFormat.E164,
                phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                phonenumbers.PhoneNumberFormat.NATIONAL,
                phonenumbers.PhoneNumberFormat.RFC3966,
            ]
        )
    )
    text = phonenumbers.format_number(number, fmt)
    prefix = draw(st.sampled_from(["", "", "00 ", "Tel: ", "8 ", "(", "+"]))
    suffix = draw(st.sampled_from(["", "", " ext. 12", " доб. 5", " x9", "-", "0"]))
    if draw(st.booleans()):
        text = text.replace(" ", "").replace("-", "")
    return prefix + (text[1:] if prefix == "00 " and text.startswith("+") else text) + suffix


@settings(max_examples=600, deadline=None)
@given(typed_numbers() | hostile_text, regions, st.booleans())
@example("00 99312340000", "zz", False)  # an unknown region: "00" is not read as "+"
@example("00 44 20 7946 0958", "TM", False)  # TM dials 8~10 abroad: "00" is read as "+"
@example("7273001267", "KZ", True)  # +7 273... is no valid number: read in KZ
def test_check_phone_reads_as_phonenumbers_does(
    text: str, region: str | None, lost_plus: bool
) -> None:
    check = check_phone(text, region, lost_plus=lost_plus)
    assert check.original == text.strip()
    assert check.region == (region.upper() if region else None)
    assert check.valid != bool(check.reason)
    ascii_text = "".join(str(unicodedata.digit(c)) if c.isdecimal() else c for c in text.strip())
    readings = []
    if lost_plus:
        digits = "".join(c for c in ascii_text if c.isdigit())
        readings.append(_plain("+" + digits, None) if digits else None)
    readings.append(_plain(ascii_text, check.region))
    plus = re.sub(r"^\s*(?:\D{0,12}?)00\s*(?=[1-9])", "+", ascii_text, count=1)
    if plus != ascii_text and _plus_rule_applies(ascii_text, check.region):
        readings.append(_plain(plus, None))
    if not any(c.isdigit() for c in ascii_text):
        readings = []
    first = next((r for r in readings if r is not None), None)
    if first is None:
        assert not check.valid
    else:
        assert (check.e164, check.extension) == _e164(first)


@pytest.mark.parametrize(
    ("cell", "e164", "extension"),
    [
        ("8 (12) 48-84-07, доб. 115", "+99312488407", "115"),
        ("+993 12 48-84-07; x12", "+99312488407", "12"),
        ("+41 22 717 9111, ext 204", "+41227179111", "204"),
        ("+7 495 123-45-67, вн. 12", "+74951234567", "12"),
        ("+7 495 123-45-67 вн.12", "+74951234567", "12"),
    ],
)
def test_an_extension_after_a_separator_belongs_to_the_number_before(cell, e164, extension):
    """Russian lists write "8 (12) 48-84-07, доб. 115": one number, not two."""
    (only,) = split_phones(cell, "TM")
    assert (only.e164, only.extension, only.original) == (e164, extension, cell)


def test_two_numbers_stay_two_and_bare_digits_are_no_extension():
    both = split_phones("+7 495 123-45-67, +7 495 765-43-21", "TM")
    assert [p.e164 for p in both] == ["+74951234567", "+74957654321"]
    assert len(split_phones("+993 12 48-84-07, 115", "TM")) == 2
