"""E-mail rules on addresses as officers paste them, from several countries."""

from __future__ import annotations

import sys
import time
import unicodedata
from collections.abc import Callable

import pytest
from email_validator import EmailNotValidError, ValidatedEmail, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from pressdesk.domain.emails import (
    EmailCheck,
    _strip_decoration,
    _validated,
    check_email,
    split_emails,
)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("dchariyev@iom.int", "dchariyev@iom.int"),
        ("press.ashgabat@undp.org", "press.ashgabat@undp.org"),
        ("a.nurlanova@kazinform.kz", "a.nurlanova@kazinform.kz"),
        ("info@24.kg", "info@24.kg"),
        ("pressa@mid.ru", "pressa@mid.ru"),
        ("newsdesk@bbc.co.uk", "newsdesk@bbc.co.uk"),
        ("media@wam.ae", "media@wam.ae"),
        ("english@xinhuanet.com.cn", "english@xinhuanet.com.cn"),
        ("presse@auswaertiges-amt.de", "presse@auswaertiges-amt.de"),
        # Internationalised domains are kept in Unicode, not punycode.
        ("info@münchen.de", "info@münchen.de"),
        ("пресс@почта.рф", "пресс@почта.рф"),
        # The domain is lower-cased; the local part is left as typed.
        ("J.Smith@FCDO.GOV.UK", "J.Smith@fcdo.gov.uk"),
    ],
)
def test_valid_addresses_are_normalised(text: str, address: str) -> None:
    check = check_email(text)
    assert check.valid
    assert check.address == address
    assert check.original == text
    assert check.reason is None


@pytest.mark.parametrize(
    ("text", "address", "name"),
    [
        ("mailto:press@un.org.tm", "press@un.org.tm", None),
        ("MAILTO:press@un.org.tm?subject=Hello", "press@un.org.tm", None),
        ("Dovlet Chariyev <dchariyev@iom.int>", "dchariyev@iom.int", "Dovlet Chariyev"),
        ('"Chariyev, Dovlet" <dchariyev@iom.int>', "dchariyev@iom.int", "Chariyev, Dovlet"),
        ("Айгуль Исаева <a.isaeva@mail.kz>", "a.isaeva@mail.kz", "Айгуль Исаева"),
        ("<presse@bund.de>", "presse@bund.de", None),
        ("   media@wam.ae \u00a0", "media@wam.ae", None),
    ],
)
def test_decorations_around_an_address_are_removed(
    text: str, address: str, name: str | None
) -> None:
    check = check_email(text)
    assert check.address == address
    assert check.display_name == name
    assert check.original == text.strip()


@pytest.mark.parametrize(
    ("text", "reason_part"),
    [
        ("dchariyev.iom.int", "@"),
        ("x@y", "period"),
        ("two@@iom.int", ""),
        ("space in@iom.int", ""),
        ("dchariyev@", ""),
        ("mailto:", "empty"),
        ("<>", "empty"),
    ],
)
def test_invalid_addresses_keep_their_text_and_say_why(text: str, reason_part: str) -> None:
    check = check_email(text)
    assert not check.valid
    assert check.address is None
    assert check.original == text
    assert check.reason
    assert reason_part.casefold() in check.reason.casefold()


def test_deliverability_is_off_by_default() -> None:
    # A domain that cannot exist: only a DNS lookup could refuse it, and none is made.
    check = check_email("someone@no-such-domain-for-pressdesk-tests.kz")
    assert check.valid


@pytest.mark.parametrize(
    ("cell", "addresses"),
    [
        ("a@kazinform.kz; b@24.kg", ["a@kazinform.kz", "b@24.kg"]),
        ("a@kazinform.kz, b@24.kg,c@mid.ru", ["a@kazinform.kz", "b@24.kg", "c@mid.ru"]),
        ("a@kazinform.kz\nb@24.kg\r\nc@mid.ru", ["a@kazinform.kz", "b@24.kg", "c@mid.ru"]),
        ("a@kazinform.kz | b@24.kg", ["a@kazinform.kz", "b@24.kg"]),
        ("a@kazinform.kz / b@24.kg", ["a@kazinform.kz", "b@24.kg"]),
        ("a@kazinform.kz b@24.kg", ["a@kazinform.kz", "b@24.kg"]),
        (
            "Chariyev, Dovlet <dchariyev@iom.int>, media@wam.ae",
            ["dchariyev@iom.int", "media@wam.ae"],
        ),
    ],
)
def test_several_addresses_in_one_cell(cell: str, addresses: list[str]) -> None:
    checks = split_emails(cell)
    assert [c.address for c in checks] == addresses


def test_a_bad_address_in_a_cell_is_kept_beside_the_good_ones() -> None:
    checks = split_emails("a@kazinform.kz; not-an-address; b@24.kg")
    assert [c.original for c in checks] == ["a@kazinform.kz", "not-an-address", "b@24.kg"]
    assert [c.valid for c in checks] == [True, False, True]
    assert checks[1].reason


@pytest.mark.parametrize("cell", ["", "   ", "\u00a0", " ; , ", "\n\n", None])
def test_blank_cells_give_no_addresses(cell: str | None) -> None:
    assert split_emails(cell) == []  # type: ignore[arg-type]


# Any Unicode text a spreadsheet can hold, except lone surrogates (not valid text).
hostile_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400
) | st.from_regex(r"[\x00-\x1f<>\"@;,.:/ a-zа-я]{0,200}", fullmatch=True)


def _without_separators(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in ";,|/")


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_split_emails_never_raises_and_drops_nothing(cell: str) -> None:
    checks = split_emails(cell)
    for check in checks:
        # Either a normalised address, or the text with a reason: never both, never neither.
        assert check.valid != bool(check.reason)
        assert check.original
    # Every character of the cell but the separators is in some value's original text.
    kept = "".join(check.original for check in checks)
    assert _without_separators(kept) == _without_separators(cell)


@settings(max_examples=200, deadline=None)
@given(hostile_text)
def test_check_email_never_raises(text: str) -> None:
    check = check_email(text)
    assert check.original == text.strip()
    assert check.valid != bool(check.reason)


@pytest.mark.parametrize("unit", ["a", "@", " ", "\t ", " /", "<", "\x00", "é", "a@ "])
def test_huge_cells_are_read_in_linear_time(unit: str) -> None:
    # 100,000 characters of one pattern: a backtracking regex would take minutes here.
    cell = "x" + unit * (100_000 // len(unit)) + "y"
    started = time.perf_counter()
    checks = split_emails(cell)
    assert time.perf_counter() - started < 5
    assert checks


valid_local = st.from_regex(r"[a-z][a-z0-9]{0,10}(\.[a-z0-9]{1,8}){0,2}", fullmatch=True)
valid_domain = st.sampled_from(["iom.int", "24.kg", "mid.ru", "münchen.de", "wam.ae", "un.org.tm"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(valid_local, valid_domain), min_size=1, max_size=5))
def test_addresses_joined_with_separators_split_back(pairs: list[tuple[str, str]]) -> None:
    addresses = [f"{local}@{domain}" for local, domain in pairs]
    checks = split_emails("; ".join(addresses))
    assert [c.address for c in checks] == addresses
    # A valid address re-validates to itself.
    assert all(check_email(c.address or "").address == c.address for c in checks)


# The fast path against the plain library call. Addresses are built from parts that reach
# every branch of email-validator: IDN and Punycode labels, upper case, quoted and
# Unicode local parts (some needing NFC), too-long labels and addresses, special-use and
# bracketed domains, display names. Domains come from a small pool, as in a real column,
# so most reach the remembered outcome of an earlier example.
_LABELS = [
    "iom", "int", "GMAIL", "com", "münchen", "MÜNCHEN", "de", "почта", "рф", "中国",
    "xn--mnchen-3ya", "XN--MNCHEN-3YA", "xn--zz", "a" * 63, "b" * 64, "-dash", "dash-",
    "ab--cd", "under_score", "123", "local", "invalid", "localhost", "faß", "\u0435\u0301",
    "e\u0301", "ﬁ", "Ⅸ", "a\u200db", "sp ace", "org", "kg", "",
]  # fmt: skip
_domains = st.lists(st.sampled_from(_LABELS), min_size=1, max_size=4).map(".".join) | (
    st.sampled_from(["[127.0.0.1]", "[IPv6:::1]", "[300.1.1.1]", "iom.int.", ".iom.int", ""])
)
_locals = (
    st.from_regex(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{0,70}", fullmatch=True)
    | st.text(st.sampled_from('aZé.-_ \u0301\u00a0"\\@пж中ß\u200b\u037e'), max_size=20)
    | st.text(st.sampled_from("ab .@\\\u0301é"), max_size=12).map(lambda t: f'"{t}"')
    | st.sampled_from(["POSTMASTER", "Abuse", "dchariyev", "a" * 64, "a" * 65])
)
_addresses = (
    st.builds(
        lambda local, domain, form: form.format(local=local, domain=domain),
        _locals,
        _domains,
        st.sampled_from(["{local}@{domain}", "Name <{local}@{domain}>", "{local}@@{domain}"]),
    )
    | hostile_text
)


def _outcome(validate: Callable[[str], ValidatedEmail], text: str) -> tuple[object, ...]:
    try:
        result = validate(text)
    except EmailNotValidError as error:
        return ("refused", type(error), str(error))
    return ("accepted", vars(result))


def _plain(text: str) -> ValidatedEmail:
    return validate_email(text, check_deliverability=False)


@settings(max_examples=1500, deadline=None)
@given(_addresses)
def test_the_remembered_domain_path_gives_what_email_validator_gives(text: str) -> None:
    expected = _outcome(_plain, text)
    assert _outcome(_validated, text) == expected
    # Once more, now that the domain's outcome is remembered.
    assert _outcome(_validated, text) == expected


@settings(max_examples=500, deadline=None)
@given(_addresses)
def test_check_email_reads_as_the_plain_library_call(text: str) -> None:
    value, name = _strip_decoration(text)
    outcome = _outcome(_plain, value) if value else None
    check = check_email(text)
    if outcome is None:
        assert check.reason == "empty e-mail address"
    elif outcome[0] == "refused":
        assert check == EmailCheck(text.strip(), display_name=name, reason=str(outcome[2]))
    else:
        normalized = _plain(value).normalized
        assert check == EmailCheck(text.strip(), address=normalized, display_name=name)


def test_no_character_composes_with_the_at_sign() -> None:
    # _validated splits at the first "@" without email_validator's NFC windows: right
    # only while no canonical decomposition starts with "@".
    starts = [
        cp
        for cp in range(sys.maxunicode + 1)
        if unicodedata.decomposition(chr(cp)).split(" ")[0] == "0040"
    ]
    assert starts == []
    assert unicodedata.normalize("NFC", "@\u0301\u0338")[0] == "@"
