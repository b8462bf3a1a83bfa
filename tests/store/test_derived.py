"""Derived search and sort columns, computed from plain values as the import does."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pressdesk.store.derived import EmailFacts, PhoneFacts, derive, fold


def _plain_fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@settings(max_examples=500)
@given(
    st.text(st.sampled_from("AaÉéÑñ ЁёЙйΣσςẞß\u0301\u0308ﬁ①Ⅸ-@+"))
    | st.text(st.characters(blacklist_categories=("Cs",)))
)
def test_fold_is_casefold_nfkd_without_marks(text: str) -> None:
    assert fold(text) == _plain_fold(text)


def test_derive_folds_names_organisations_and_search_text() -> None:
    values = derive(
        display_name="Jürgen MÜLLER",
        given_name="",
        family_name="",
        organization="Ministère des Affaires étrangères",
        role="Корреспондент",
        country="DE",
        emails=[EmailFacts("j.mueller@münchen.de", "j.mueller@münchen.de", True)],
        phones=[
            PhoneFacts("+49301234567", None, "+49 30 1234567", False),
            PhoneFacts(None, None, "tel. 12-34", False),
        ],
        tags=["Presse", "UN"],
    )
    assert values["sort_name"] == "jurgen muller"
    assert values["name_key"] == "jurgen muller"
    assert values["org_sort"] == "ministere des affaires etrangeres"
    assert values["country_sort"] == "germany"
    assert values["primary_email"] == "j.mueller@münchen.de"
    assert values["primary_phone"] == "+49301234567"
    assert values["problems"] == 1
    assert values["search_text"] == (
        "jurgen muller ministere des affaires etrangeres корреспондент de "
        "j.mueller@munchen.de +49301234567 tel. 12-34 1234 presse un"
    )
