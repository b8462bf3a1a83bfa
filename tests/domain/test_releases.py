import copy
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pressdesk.domain.releases import (
    BlockContact,
    BlockLineKind,
    Dateline,
    DatelineStyle,
    Release,
    ReleaseStatus,
    body_paragraphs,
    contact_block,
    embargo_line,
    escape_markup,
    sdg_lines,
)

DEC_9 = dt.date(2022, 12, 9)


def make_release(**changes):
    values = {
        "title": "IOM meets the State Migration Service",
        "paragraphs": ["Sub-Regional Coordinator held a meeting.", "Second paragraph."],
        "categories": ["News", "Local"],
        "dateline": Dateline("Ashgabat", DEC_9),
        "contacts": [
            BlockContact(
                "Dovlet Chariyev",
                "IOM Communication Focal Point",
                ["dchariyev@iom.int"],
                ["+99312 488407"],
            )
        ],
        "sdgs": [10, 13, 17],
    }
    values.update(changes)
    return Release(**values)


@pytest.mark.parametrize(
    ("dateline", "language", "expected"),
    [
        (Dateline("Ashgabat", DEC_9), "en", "Ashgabat – On December 9, 2022,"),
        (Dateline("GENEVA", DEC_9, style=DatelineStyle.COMMA), "en", "GENEVA, 9 December 2022 –"),
        (
            Dateline("Ашхабад", DEC_9, style=DatelineStyle.COMMA),
            "ru",
            "Ашхабад, 9 декабря 2022 г. –",
        ),
        (
            Dateline("Genève", DEC_9, style=DatelineStyle.COMMA),
            "fr",
            "Genève, le 9 décembre 2022 –",
        ),
        (Dateline("Geneva", None, "UN News", DatelineStyle.AGENCY), "en", "Geneva (UN News) —"),
    ],
)
def test_dateline_forms(dateline, language, expected):
    assert dateline.format(language) == expected


def test_block_contact_stores_e164_and_shows_the_international_format():
    person = BlockContact("Dovlet Chariyev", phones=["+99312 488407"])
    assert person.phones == ["+99312488407"]
    assert person.phone_display == ["+993 12 48-84-07"]


def test_block_contact_rejects_a_phone_that_cannot_be_read():
    with pytest.raises(ValueError, match="not a phone number"):
        BlockContact("X", phones=["488407"])


def test_contact_block_is_closing_phrase_then_each_person_in_order():
    release = make_release(
        contacts=[
            BlockContact("A Person", "Line one\nLine two", ["a@example.org"], ["+41229095111"]),
            BlockContact("B Person", "", [], ["+99312488407"]),
        ]
    )
    lines = contact_block(release)
    assert [line.text for line in lines] == [
        "For additional questions, please contact:",
        "A Person",
        "Line one",
        "Line two",
        "E-mail: a@example.org",
        "Tel: +41 22 909 51 11",
        "B Person",
        "Tel: +993 12 48-84-07",
    ]
    assert [line.contact for line in lines] == [None, 0, 0, 0, 0, 0, 1, 1]
    assert lines[4].href == "mailto:a@example.org"
    assert lines[5].href == "tel:+41229095111"
    assert lines[0].kind is BlockLineKind.CLOSING


def test_contact_block_labels_follow_the_language():
    release = make_release(language="ru")
    texts = [line.text for line in contact_block(release)]
    assert texts[0] == "Для дополнительной информации обращайтесь:"
    assert "Эл. почта: dchariyev@iom.int" in texts
    assert "Тел.: +993 12 48-84-07" in texts


def test_no_contacts_no_block():
    assert contact_block(make_release(contacts=[])) == []


def test_custom_closing_phrase_is_kept():
    assert contact_block(make_release(closing="Media contacts:"))[0].value == "Media contacts:"


def test_first_body_paragraph_opens_with_the_dateline():
    paragraphs = body_paragraphs(make_release())
    assert (
        paragraphs[0] == "Ashgabat – On December 9, 2022, Sub-Regional Coordinator held a meeting."
    )
    assert paragraphs[1] == "Second paragraph."


def test_dateline_text_is_escaped_into_markup():
    release = make_release(dateline=Dateline("Star*town", DEC_9))
    assert body_paragraphs(release)[0].startswith("Star\\*town – On")
    assert escape_markup("a*b_[c]\\") == "a\\*b\\_\\[c\\]\\\\"


def test_sdg_lines_in_release_language():
    assert sdg_lines(make_release()) == [
        "SDG 10 - Reduced Inequalities",
        "SDG 13 - Climate Action",
        "SDG 17 - Partnerships for the Goals",
    ]


def test_unknown_sdg_number_is_rejected():
    with pytest.raises(ValueError):
        make_release(sdgs=[18])


def test_embargo_must_be_aware_and_is_shown_with_its_offset():
    with pytest.raises(ValueError, match="time zone"):
        make_release(embargo=dt.datetime(2022, 12, 10, 9, 0))
    moment = dt.datetime(2022, 12, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ashgabat"))
    release = make_release(embargo=moment)
    assert release.is_embargoed
    assert embargo_line(release) == "EMBARGOED UNTIL December 10, 2022, 09:00 UTC+05:00"
    assert embargo_line(make_release()) == ""


def test_status_values():
    assert [status.value for status in ReleaseStatus] == [
        "draft",
        "in review",
        "approved",
        "published",
        "archived",
    ]
    assert make_release(status="in review").status is ReleaseStatus.IN_REVIEW


def test_reading_functions_do_not_change_the_release():
    release = make_release(embargo=dt.datetime(2022, 12, 10, 9, tzinfo=dt.UTC))
    before = copy.deepcopy(release)
    body_paragraphs(release)
    contact_block(release)
    sdg_lines(release)
    embargo_line(release)
    assert release == before
