"""The filter language of distribution lists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pressdesk.domain.filters import Field, Filter, FilterSyntaxError, Term, parse_filter


def test_full_example():
    flt = parse_filter(
        "tag:media country:KZ,Kyrgyzstan kind:media lang:RU has:email "
        'not-contacted-since:2026-01-01 -tag:internal "state news"'
    )
    assert flt.terms == (
        Term(Field.TAG, ("media",)),
        Term(Field.COUNTRY, ("KZ", "KG")),
        Term(Field.KIND, ("media",)),
        Term(Field.LANG, ("ru",)),
        Term(Field.HAS, ("email",)),
        Term(Field.NOT_CONTACTED_SINCE, ("2026-01-01",)),
        Term(Field.TAG, ("internal",), negated=True),
        Term(Field.TEXT, ("state news",)),
    )
    assert flt.text_query == "state news"
    assert str(flt) == (
        "tag:media country:KZ,KG kind:media lang:ru has:email "
        'not-contacted-since:2026-01-01 -tag:internal "state news"'
    )


def test_quoted_values_and_bare_words():
    flt = parse_filter('tag:"press corps",radio kazinform -"old list"')
    assert flt.terms[0] == Term(Field.TAG, ("press corps", "radio"))
    assert flt.terms[1] == Term(Field.TEXT, ("kazinform",))
    assert flt.terms[2] == Term(Field.TEXT, ("old list",), negated=True)
    assert parse_filter(str(flt)) == flt


def test_empty_filter_is_falsy():
    assert not parse_filter("   ")
    assert parse_filter("") == Filter()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour:red", "unknown field 'colour'"),
        ("country:Atlantis", "unknown country 'Atlantis'"),
        ("kind:pirates", "unknown organisation kind"),
        ("has:fax", "has: takes email or phone"),
        ("not-contacted-since:yesterday", "is not a date"),
        ("tag:", "tag: needs a value"),
        ('tag:"open', "a quote is not closed"),
        ("tag:a,,b", "an empty value"),
    ],
)
def test_errors_say_what_and_where(text, message):
    with pytest.raises(FilterSyntaxError) as caught:
        parse_filter("has:email " + text)
    assert message in str(caught.value)
    assert caught.value.position >= len("has:email ")


@given(st.text(max_size=60))
def test_hostile_input_parses_or_fails_cleanly(text):
    try:
        flt = parse_filter(text)
    except FilterSyntaxError:
        return
    assert parse_filter(str(flt)) == flt


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=4))
def test_any_tag_values_round_trip(values):
    values = [v.strip() for v in values]
    if not all(values):
        return
    flt = Filter((Term(Field.TAG, tuple(values)),))
    assert parse_filter(str(flt)) == flt
