import datetime as dt
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pressdesk.domain.releases import BlockContact, DatelineStyle, body_paragraphs
from pressdesk.formats.release_templates import render_text
from pressdesk.formats.release_text import ReleaseParseError, parse_release_text

SHARED_SEED = Path("/work/shared/samples/iom-turkmenistan-release-2022-12-09.txt")
# The IOM seed, kept in resources/samples (byte for byte the shared sample) so the tests
# do not depend on /work/shared; its no-break spaces are part of what the parser must
# cope with.
SEED_TEXT = (
    Path(__file__).resolve().parents[2] / "resources" / "samples" / SHARED_SEED.name
).read_text(encoding="utf-8")

UN_RELEASE = """\
PRESS RELEASE

UN agencies scale up support for flood-affected families in Central Asia

GENEVA, 9 December 2022 – The United Nations and its partners today launched an appeal \
to help 120,000 people affected by the floods.

The appeal covers shelter, clean water and health care for the coming winter.

"We will not leave anyone behind," said the Regional Director.

-ENDS-

About UNICEF: UNICEF works in some of the world's toughest places.

Media contacts:

Jane Doe
Communications Specialist
UNICEF Europe and Central Asia
Email: jdoe@unicef.org
Tel.: +41 22 909 5111

Ivan Petrov
Press Officer, UNDP
Mobile: +7 701 123 4567
E-mail: ipetrov@undp.org

SDG 6 - Clean Water and Sanitation
SDG 13 - Climate Action
"""

RU_RELEASE = """\
Новости
Пресс-релиз

МОМ и Государственная миграционная служба Туркменистана обсудили сотрудничество

Участники встречи в Ашхабаде.

Ашхабад, 9 декабря 2022 г. – Субрегиональный координатор МОМ по Центральной Азии \
провёл встречу с председателем Государственной миграционной службы Туркменистана.

Стороны обсудили меры, которые реализуются совместно с Международной организацией по миграции.

###

Для дополнительной информации обращайтесь:

Довлет Чарыев
Координатор МОМ по коммуникациям
Эл. почта: dchariyev@iom.int
Тел.: +99312 488407

ЦУР 10 - Уменьшение неравенства
ЦУР 17 - Партнерство в интересах устойчивого развития
"""


@pytest.fixture(scope="module")
def seed_text():
    return SEED_TEXT


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="shared samples not mounted")
def test_embedded_seed_is_the_shared_sample():
    assert SHARED_SEED.read_text(encoding="utf-8") == SEED_TEXT


def _lines(text):
    """Non-blank lines with whitespace runs (including no-break spaces) made single."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


# --- the IOM seed ---------------------------------------------------------------------


def test_seed_fields(seed_text):
    parsed = parse_release_text(seed_text)
    release = parsed.release
    assert release.categories == ["News", "Local"]
    assert release.title.startswith("Sub-Regional Coordinator for Central Asia Mr. Zeynal")
    assert release.title.endswith("Mr. Nazar Atagarayev")
    assert release.caption.startswith("Sub-Regional Coordinator of IOM for Central Asia")
    assert release.dateline.place == "Ashgabat"
    assert release.dateline.date == dt.date(2022, 12, 9)
    assert release.dateline.style is DatelineStyle.ON
    assert len(release.paragraphs) == 5
    body = body_paragraphs(release)
    assert len(body) == 5
    assert body[0].startswith("Ashgabat – On December 9, 2022, Sub-Regional Coordinator")
    assert release.paragraphs[0].startswith("Sub-Regional Coordinator for Central Asia")
    assert release.separator == "***"
    assert release.closing_phrase == "For additional questions, please contact:"
    assert release.language == "en"
    assert release.sdgs == [10, 13, 17]
    assert release.embargo is None
    assert parsed.problems == []


def test_seed_contact(seed_text):
    parsed = parse_release_text(seed_text)
    [raw] = parsed.raw_contacts
    assert raw.name == "Dovlet Chariyev"
    assert raw.title == "IOM Communication Focal Point"
    assert raw.emails == ["dchariyev@iom.int"]
    assert raw.phones == ["+99312 488407"]
    [person] = parsed.release.contacts
    assert person == BlockContact(
        "Dovlet Chariyev", "IOM Communication Focal Point", ["dchariyev@iom.int"], ["+99312488407"]
    )
    number = phonenumbers.parse(raw.phones[0], None)
    assert (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        == (person.phones[0])
    )


def test_seed_text_export_has_the_same_sections_and_words(seed_text):
    exported = render_text(parse_release_text(seed_text).release)
    seed_lines = _lines(seed_text)
    out_lines = _lines(exported)
    # The one intended difference: the phone is shown in the international format.
    tel = seed_lines.index("Tel:+99312 488407")
    assert out_lines[tel] == "Tel: +993 12 48-84-07"
    seed_lines[tel] = out_lines[tel]
    assert out_lines == seed_lines


def test_seed_text_export_sections_in_order(seed_text):
    exported = render_text(parse_release_text(seed_text).release)
    blocks = [block.strip() for block in exported.split("\n\n")]
    assert blocks[0] == "News\nLocal"
    assert blocks[1].startswith("Sub-Regional Coordinator for Central Asia")
    assert blocks[2].startswith("Sub-Regional Coordinator of IOM")
    assert blocks[3].startswith("Ashgabat – On December 9, 2022,")
    assert blocks[8] == "***"
    assert blocks[9] == "For additional questions, please contact:"
    assert blocks[10] == (
        "Dovlet Chariyev\nIOM Communication Focal Point\n"
        "E-mail: dchariyev@iom.int\nTel: +993 12 48-84-07"
    )
    assert blocks[11].splitlines() == [
        "SDG 10 - Reduced Inequalities",
        "SDG 13 - Climate Action",
        "SDG 17 - Partnerships for the Goals",
    ]


def test_seed_round_trip(seed_text):
    release = parse_release_text(seed_text).release
    assert parse_release_text(render_text(release)).release == release


# --- other house styles ----------------------------------------------------------------


def test_un_release_fields():
    parsed = parse_release_text(UN_RELEASE)
    release = parsed.release
    assert release.categories == ["PRESS RELEASE"]
    assert (
        release.title == "UN agencies scale up support for flood-affected families in Central Asia"
    )
    assert release.caption == ""
    assert release.dateline.place == "GENEVA"
    assert release.dateline.date == dt.date(2022, 12, 9)
    assert release.dateline.style is DatelineStyle.COMMA
    assert release.paragraphs[0].startswith("The United Nations and its partners")
    assert len(release.paragraphs) == 3
    assert release.separator == "-ENDS-"
    assert release.notes == ["About UNICEF: UNICEF works in some of the world's toughest places."]
    assert release.closing == "Media contacts:"
    assert release.sdgs == [6, 13]
    assert release.language == "en"
    jane, ivan = release.contacts
    assert jane.name == "Jane Doe"
    assert jane.title == "Communications Specialist\nUNICEF Europe and Central Asia"
    assert jane.emails == ["jdoe@unicef.org"]
    assert jane.phones == ["+41229095111"]
    assert ivan.name == "Ivan Petrov"
    assert ivan.title == "Press Officer, UNDP"
    assert ivan.emails == ["ipetrov@undp.org"]
    assert ivan.phones == ["+77011234567"]
    assert [raw.phones for raw in parsed.raw_contacts] == [["+41 22 909 5111"], ["+7 701 123 4567"]]
    assert parsed.problems == []


def test_un_release_round_trip():
    release = parse_release_text(UN_RELEASE).release
    text = render_text(release)
    assert "GENEVA, 9 December 2022 – The United Nations" in text
    assert "-ENDS-" in text and "Media contacts:" in text
    assert parse_release_text(text).release == release


def test_russian_release_fields():
    parsed = parse_release_text(RU_RELEASE)
    release = parsed.release
    assert release.language == "ru"
    assert release.categories == ["Новости", "Пресс-релиз"]
    assert release.title.startswith("МОМ и Государственная миграционная служба")
    assert release.caption == "Участники встречи в Ашхабаде."
    assert release.dateline.place == "Ашхабад"
    assert release.dateline.date == dt.date(2022, 12, 9)
    assert release.dateline.style is DatelineStyle.COMMA
    assert release.paragraphs[0].startswith("Субрегиональный координатор МОМ")
    assert len(release.paragraphs) == 2
    assert release.separator == "###"
    assert release.closing_phrase == "Для дополнительной информации обращайтесь:"
    [person] = release.contacts
    assert person.name == "Довлет Чарыев"
    assert person.title == "Координатор МОМ по коммуникациям"
    assert person.emails == ["dchariyev@iom.int"]
    assert person.phones == ["+99312488407"]
    assert release.sdgs == [10, 17]


def test_russian_release_round_trip():
    release = parse_release_text(RU_RELEASE).release
    text = render_text(release)
    assert "Ашхабад, 9 декабря 2022 г. – Субрегиональный" in text
    assert "Тел.: +993 12 48-84-07" in text
    assert "ЦУР 10 - Уменьшение неравенства" in text
    assert parse_release_text(text).release == release


def test_embargo_round_trip():
    text = "EMBARGOED UNTIL 10 December 2022, 09:00 UTC+05:00\n\n" + UN_RELEASE
    release = parse_release_text(text).release
    assert release.embargo == dt.datetime(2022, 12, 10, 4, 0, tzinfo=dt.UTC)
    assert release.categories == ["PRESS RELEASE"]
    exported = render_text(release)
    assert exported.startswith("EMBARGOED UNTIL December 10, 2022, 09:00 UTC+05:00\n")
    assert parse_release_text(exported).release == release


def test_embargo_without_time_zone_is_reported_not_guessed():
    parsed = parse_release_text("EMBARGOED UNTIL 10 December 2022, 09:00\n\n" + UN_RELEASE)
    assert parsed.release.embargo is None
    assert any("time zone" in problem.reason for problem in parsed.problems)


@pytest.mark.parametrize(
    ("opening", "place", "date", "style"),
    [
        ("Ashgabat – On December 9, 2022,", "Ashgabat", dt.date(2022, 12, 9), "on"),
        ("NEW YORK, 9 December 2022 –", "NEW YORK", dt.date(2022, 12, 9), "comma"),
        ("Geneva (UN News) —", "Geneva", None, "agency"),
        ("Ашхабад, 9 декабря 2022 г. –", "Ашхабад", dt.date(2022, 12, 9), "comma"),
        ("Genève, le 9 décembre 2022 –", "Genève", dt.date(2022, 12, 9), "comma"),
        ("St. Petersburg – On May 1, 2023,", "St. Petersburg", dt.date(2023, 5, 1), "on"),
    ],
)
def test_dateline_forms(opening, place, date, style):
    text = f"A title for the release\n\n{opening} the body starts here.\n\nMore body."
    release = parse_release_text(text).release
    assert release.dateline.place == place
    assert release.dateline.date == date
    assert release.dateline.style == style
    assert release.paragraphs[0] == "the body starts here."


@pytest.mark.parametrize(
    "opener",
    [
        "For additional questions, please contact:",
        "For more information, please contact:",
        "Media contacts:",
        "Contact:",
        "Для дополнительной информации обращайтесь:",
        "Контакты для СМИ:",
        "Contact presse :",
    ],
)
@pytest.mark.parametrize("separator", ["***", "###", "-ENDS-", "- 30 -"])
def test_contact_openers_and_separators(opener, separator):
    text = (
        f"Title of it\n\nParis – On May 1, 2023, body text here.\n\n{separator}\n\n{opener}\n\n"
        "Marie Curie\nPress Officer\nEmail: marie@example.org\nPhone: +33 1 23 45 67 89\n"
    )
    release = parse_release_text(text).release
    assert release.separator == separator
    assert release.closing_phrase == opener
    [person] = release.contacts
    assert (person.name, person.title) == ("Marie Curie", "Press Officer")
    assert person.emails == ["marie@example.org"]
    assert person.phones == ["+33123456789"]


def test_french_release_detects_language():
    text = (
        "Communiqué de presse\n\nLa réunion des partenaires à Genève\n\n"
        "Genève, le 9 décembre 2022 – Les partenaires se sont réunis pour la première fois "
        "dans le cadre du programme et ont signé un accord avec les autorités.\n\n"
        "Contact presse :\n\nMarie Curie\nCourriel : marie@example.org\nTél. : +41 22 909 5111\n"
    )
    release = parse_release_text(text).release
    assert release.language == "fr"
    assert release.categories == ["Communiqué de presse"]
    assert release.contacts[0].phones == ["+41229095111"]
    assert release.closing == ""  # the French default phrase
    assert parse_release_text(render_text(release)).release == release


def test_phone_without_country_code_is_reported_and_kept_raw():
    text = "Title\n\nParis – On May 1, 2023, body.\n\n***\n\nContact:\n\nAnn\nTel: 488407\n"
    parsed = parse_release_text(text)
    assert parsed.release.contacts[0].phones == []
    assert parsed.raw_contacts[0].phones == ["488407"]
    assert "488407" in [problem.text for problem in parsed.problems]
    with_region = parse_release_text(text.replace("488407", "12 488407"), default_region="TM")
    assert with_region.release.contacts[0].phones == ["+99312488407"]


def test_several_values_on_one_line():
    text = (
        "Title\n\nParis – On May 1, 2023, body.\n\nContacts:\n\n"
        "Ann Lee\nE-mail: ann@example.org; press@example.org\n"
        "Tel: +41 22 909 5111, +7 701 123 4567\n"
    )
    [person] = parse_release_text(text).release.contacts
    assert person.emails == ["ann@example.org", "press@example.org"]
    assert person.phones == ["+41229095111", "+77011234567"]


def test_plain_text_asterisks_stay_literal():
    text = "Title\n\nParis – On May 1, 2023, prices rose 5*3 [sic] _really_.\n\nEnd."
    release = parse_release_text(text).release
    assert render_text(release).splitlines()[2].endswith("prices rose 5*3 [sic] _really_.")


# --- not a release ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\u00a0\n\t", "Only a title", "\x00\x01binary\x02\x03"])
def test_not_a_release(text):
    with pytest.raises(ReleaseParseError):
        parse_release_text(text)


def test_error_message_is_clear():
    with pytest.raises(ReleaseParseError, match="empty"):
        parse_release_text("  \n ")


_LINES = [
    "News",
    "***",
    "-ENDS-",
    "Media contacts:",
    "Tel: +99312 488407",
    "Tel: ",
    "E-mail: x@",
    "Email: a@b.c",
    "SDG 10 - Reduced Inequalities",
    "SDG 99",
    "EMBARGOED UNTIL",
    "EMBARGOED UNTIL 31 February 2022, 25:99 UTC+99:99",
    "Ashgabat – On December 9, 2022,",
    "GENEVA, 99 Foo 2022 –",
    "Geneva () —",
    "\u00a0",
    "",
    "(",
    "[x](javascript:alert(1))",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(),
        st.lists(st.one_of(st.sampled_from(_LINES), st.text(max_size=40)), max_size=30).map(
            "\n".join
        ),
    )
)
def test_random_text_only_ever_raises_release_parse_error(text):
    try:
        parsed = parse_release_text(text)
    except ReleaseParseError:
        return
    render_text(parsed.release)


ONE_LINE_CONTACTS = """PRESS RELEASE

UN agencies call for action on migration data

GENEVA, 9 December 2022 – IOM today called on states to improve migration data.

- 30 -

Media contacts:
Paul Dillon, IOM Geneva, pdillon@iom.int, +41 79 636 9874
Safa Msehli
Spokesperson, IOM Geneva, smsehli@iom.int
Tel: +41 79 403 5526
"""


@pytest.mark.parametrize("between", ["", "\n"])
def test_a_person_on_one_line_is_one_person(between):
    """Name, title, e-mail and phone on one line, separated by commas; the next person
    right below it or after a blank line."""
    text = ONE_LINE_CONTACTS.replace("\nSafa Msehli", between + "\nSafa Msehli")
    paul, safa = parse_release_text(text).release.contacts
    assert (paul.name, paul.title, paul.emails, paul.phones) == (
        "Paul Dillon",
        "IOM Geneva",
        ["pdillon@iom.int"],
        ["+41796369874"],
    )
    # A title line that carries an e-mail belongs to the person above it.
    assert (safa.name, safa.emails, safa.phones) == (
        "Safa Msehli",
        ["smsehli@iom.int"],
        ["+41794035526"],
    )
