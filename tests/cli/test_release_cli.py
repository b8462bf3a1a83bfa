"""``pressdesk release ...`` and ``pressdesk export release``: the seed in, every format out,
each file opened with a real reader."""

from __future__ import annotations

import email
import email.policy
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import phonenumbers
import pytest
from pypdf import PdfReader
from test_release_text import (  # tests/formats, the colleague's copy of the seed
    RU_RELEASE,
    SEED_TEXT,
    UN_RELEASE,
)

from pressdesk.cli import main


@pytest.fixture
def db(db_path: Path) -> list[str]:
    return ["--db", str(db_path)]


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    path = tmp_path / "iom-turkmenistan-release-2022-12-09.txt"
    path.write_text(SEED_TEXT, encoding="utf-8")
    return path


def run(capsys, argv: list[str]) -> str:
    capsys.readouterr()
    code = main(argv)
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def run_json(capsys, argv: list[str]):
    return json.loads(run(capsys, argv))


def sections(text: str) -> list[list[str]]:
    """Blocks of non-blank lines (a line of only no-break spaces is blank)."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        line = line.replace("\u00a0", " ").strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _same_phone(line: str) -> str:
    """ "Tel:+99312 488407" and "Tel: +993 12 48-84-07" are the same number."""
    label, _, number = line.partition(":")
    e164 = phonenumbers.format_number(
        phonenumbers.parse(number, None), phonenumbers.PhoneNumberFormat.E164
    )
    return f"{label}:{e164}"


def test_import_text_then_export_txt_matches_the_seed(db, seed_file, tmp_path, capsys) -> None:
    out = run(capsys, [*db, "release", "import-text", str(seed_file)])
    release_id = int(out.strip())
    data = run_json(capsys, [*db, "release", "show", str(release_id), "--json"])
    assert data["title"].startswith("Sub-Regional Coordinator for Central Asia")
    assert data["dateline"]["place"] == "Ashgabat" and data["dateline"]["date"] == "2022-12-09"
    assert data["sdgs"] == [10, 13, 17] and len(data["paragraphs"]) == 5
    [person] = data["contacts"]
    assert person["name"] == "Dovlet Chariyev" and person["emails"] == ["dchariyev@iom.int"]
    contacts = run_json(capsys, [*db, "contacts", "list", "--json"])["contacts"]
    assert [c["name"] for c in contacts] == ["Dovlet Chariyev"]

    target = tmp_path / "release.txt"
    run(capsys, [*db, "export", "release", str(release_id), str(target)])
    exported, seed = sections(target.read_text(encoding="utf-8")), sections(SEED_TEXT)
    # categories, title, caption, 5 paragraphs, separator, closing phrase
    assert exported[:10] == seed[:10]
    # The seed puts each contact line in its own block; the export groups the person.
    person_lines = exported[10]
    assert person_lines[:3] == [line for block in seed[10:13] for line in block]
    assert _same_phone(person_lines[3]) == _same_phone(seed[13][0]) == "Tel:+99312488407"
    assert exported[11] == seed[14]  # the SDG lines
    assert len(exported) == len(seed) - 3


def test_import_text_twice_and_json(db, seed_file, capsys) -> None:
    first = run_json(capsys, [*db, "release", "import-text", str(seed_file), "--json"])
    assert first["matched"] == [{"contact_id": 1, "how": "created"}]
    assert first["problems"] == []
    assert first["categories"] == ["News", "Local"]
    assert first["caption"].endswith("Mr. Nazar Atagarayev.")
    second = run_json(capsys, [*db, "release", "import-text", str(seed_file), "--json"])
    assert second["matched"] == [{"contact_id": 1, "how": "reused"}]
    assert second["id"] == first["id"] + 1
    assert len(run_json(capsys, [*db, "contacts", "list", "--json"])["contacts"]) == 1
    listing = run_json(capsys, [*db, "release", "list", "--json"])
    assert [r["id"] for r in listing] == [second["id"], first["id"]]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data) -> None:
        self.parts.append(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".docx", ".pdf", ".eml"])
def test_export_every_format_opens_in_a_real_reader(db, seed_file, tmp_path, capsys, suffix):
    release_id = int(run(capsys, [*db, "release", "import-text", str(seed_file)]))
    target = tmp_path / f"release{suffix}"
    argv = [*db, "export", "release", str(release_id), str(target)]
    if suffix == ".eml":
        argv += ["--from", "press@iom.int"]
    run(capsys, argv)
    data = target.read_bytes()
    if suffix in (".txt", ".md"):
        text = data.decode("utf-8")
    elif suffix == ".html":
        parser = _Text()
        parser.feed(data.decode("utf-8"))
        assert "p" in parser.tags
        text = "".join(parser.parts)
    elif suffix == ".docx":
        document = docx.Document(io.BytesIO(data))
        text = "\n".join(p.text for p in document.paragraphs)
    elif suffix == ".pdf":
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() for page in reader.pages)
    else:
        message = email.message_from_bytes(data, policy=email.policy.default)
        assert message["From"] == "press@iom.int"
        assert message["Subject"].startswith("Sub-Regional Coordinator")
        text = message.get_body(("plain",)).get_content()
        attachments = [part.get_filename() for part in message.iter_attachments()]
        assert any(name and name.endswith(".pdf") for name in attachments)
    flat = _squash(text)
    assert "Ashgabat – On December 9, 2022" in flat
    assert "Dovlet Chariyev" in flat and "dchariyev@iom.int" in flat
    assert "SDG 13 - Climate Action" in flat
    assert "+993 12 48-84-07" in flat


def test_attach_set_versions_and_delete(db, seed_file, tmp_path, capsys) -> None:
    release_id = int(run(capsys, [*db, "release", "import-text", str(seed_file)]))
    run(capsys, [*db, "contacts", "add", "--name", "Aigul Nurlanova", "--email", "aigul@kz.kz"])
    run(capsys, [*db, "release", "attach", str(release_id), "2", "--title", "Press officer"])
    run(
        capsys,
        [*db, "release", "set", str(release_id), "--status", "in review", "--embargo",
         "2022-12-10T09:00+05:00[Asia/Ashgabat]"],
    )  # fmt: skip
    data = run_json(capsys, [*db, "release", "show", str(release_id), "--json"])
    assert [(c["name"], c["title"]) for c in data["contacts"]] == [
        ("Dovlet Chariyev", "IOM Communication Focal Point"),
        ("Aigul Nurlanova", "Press officer"),
    ]
    assert data["status"] == "in review"
    assert data["embargo"] == {
        "utc": "2022-12-10T04:00:00Z",
        "zone": "Asia/Ashgabat",
        "local": "2022-12-10T09:00:00+05:00",
    }
    assert data["version"] == 4  # imported, attached, status, embargo

    target = tmp_path / "embargoed.txt"
    run(capsys, [*db, "export", "release", str(release_id), str(target)])
    assert target.read_text(encoding="utf-8").startswith(
        "EMBARGOED UNTIL December 10, 2022, 09:00 UTC+05:00"
    )
    run(capsys, [*db, "release", "set", str(release_id), "--embargo", "none"])
    assert run_json(capsys, [*db, "release", "show", str(release_id), "--json"])["embargo"] is None

    ru_id = int(run(capsys, [*db, "release", "add-version", str(release_id), "--language", "ru"]))
    ru = run_json(capsys, [*db, "release", "show", str(release_id), "--language", "ru", "--json"])
    assert ru["id"] == ru_id and ru["language"] == "ru"
    assert [v["language"] for v in ru["versions"]] == ["en", "ru"]
    assert len(ru["contacts"]) == 2 and ru["sdgs"] == [10, 13, 17]
    ru_file = tmp_path / "ru.txt"
    run(capsys, [*db, "export", "release", str(release_id), str(ru_file), "--language", "ru"])
    assert "Для дополнительной информации обращайтесь:" in ru_file.read_text(encoding="utf-8")

    run(capsys, [*db, "release", "delete", str(ru_id)])
    assert [r["id"] for r in run_json(capsys, [*db, "release", "list", "--json"])] == [release_id]


def test_errors_are_one_sentence_with_exit_2(db, seed_file, tmp_path, capsys) -> None:
    release_id = str(int(run(capsys, [*db, "release", "import-text", str(seed_file)])))
    cases = [
        ([*db, "release", "show", "99", "--json"], "no release with id 99"),
        ([*db, "release", "attach", release_id, "42"], "no contact with id 42"),
        ([*db, "release", "set", release_id, "--status", "lost"], "not a status"),
        ([*db, "release", "set", release_id, "--embargo", "2022-12-10T09:00"], "no offset"),
        ([*db, "release", "add-version", release_id, "--language", "en"], "already has"),
        ([*db, "export", "release", release_id, str(tmp_path / "x.odt")], "cannot tell"),
        ([*db, "export", "release", release_id, str(tmp_path / "x.txt"), "--language", "tk"],
         "no 'tk' version"),
    ]  # fmt: skip
    for argv, message in cases:
        capsys.readouterr()
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    assert main([*db, "release", "import-text", str(empty)]) == 2


FRENCH_TITLE = "Genève : l'OIM et l'UNICEF élargissent leur aide aux familles sinistrées"


@pytest.mark.parametrize(
    ("text", "encoding", "title"),
    [
        (RU_RELEASE, "cp1251", "МОМ и Государственная миграционная служба Туркменистана"),
        (RU_RELEASE, "utf-16", "МОМ и Государственная миграционная служба Туркменистана"),
        (RU_RELEASE, "utf-8-sig", "МОМ и Государственная миграционная служба Туркменистана"),
        (RU_RELEASE, "utf-8", "МОМ и Государственная миграционная служба Туркменистана"),
        (
            UN_RELEASE.replace(
                "UN agencies scale up support for flood-affected families in Central Asia",
                FRENCH_TITLE,
            ).replace("Jane Doe", "José Núñez"),
            "cp1252",
            FRENCH_TITLE,
        ),
    ],
)
def test_import_text_detects_the_encoding_like_contact_imports(
    db, tmp_path, capsys, text, encoding, title
) -> None:
    path = tmp_path / "release.txt"
    path.write_bytes(text.encode(encoding))
    release_id = run(capsys, [*db, "release", "import-text", str(path)]).strip()
    data = run_json(capsys, [*db, "release", "show", release_id, "--json"])
    assert data["title"].startswith(title)
    assert not data["title"].startswith("\ufeff")
    names = [c["name"] for c in data["contacts"]]
    assert "Довлет Чарыев" in names or "José Núñez" in names


def test_import_text_encoding_can_be_chosen_and_a_wrong_one_is_one_sentence(
    db, tmp_path, capsys
) -> None:
    path = tmp_path / "release.txt"
    path.write_bytes(RU_RELEASE.encode("cp1251"))
    release_id = run(capsys, [*db, "release", "import-text", str(path), "--encoding", "cp1251"])
    data = run_json(capsys, [*db, "release", "show", release_id.strip(), "--json"])
    assert data["language"] == "ru"
    capsys.readouterr()
    assert main([*db, "release", "import-text", str(path), "--encoding", "klingon"]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0


def test_set_with_an_unknown_zone_says_so_first(db, seed_file, capsys) -> None:
    release_id = run(capsys, [*db, "release", "import-text", str(seed_file)]).strip()
    assert main([*db, "release", "set", release_id, "--zone", "Nowhere/City"]) == 2
    err = capsys.readouterr().err
    assert err == "pressdesk: 'Nowhere/City' is not a time zone (use e.g. Asia/Ashgabat)\n"
    assert main([*db, "release", "set", release_id, "--zone", "Asia/Ashgabat"]) == 2
    err = capsys.readouterr().err
    assert "--status and/or --embargo" in err and "--zone" in err
    assert err.count("\n") == 1
    assert main([*db, "release", "set", release_id, "--embargo", "2022-12-10T09:00",
                 "--zone", "Nowhere/City"]) == 2  # fmt: skip
    assert "'Nowhere/City' is not a time zone" in capsys.readouterr().err


def test_list_marks_a_cut_title_with_an_ellipsis(db, seed_file, tmp_path, capsys) -> None:
    long_id = run(capsys, [*db, "release", "import-text", str(seed_file)]).strip()
    title = run_json(capsys, [*db, "release", "show", long_id, "--json"])["title"]
    assert len(title) > 70
    short = tmp_path / "short.txt"
    short.write_text(SHORT_RELEASE, encoding="utf-8")
    run(capsys, [*db, "release", "import-text", str(short)])
    lines = run(capsys, [*db, "release", "list"]).splitlines()
    shown = {line.split()[0]: line.split("draft", 1)[1].strip() for line in lines}
    assert len(shown[long_id]) == 70 and shown[long_id].endswith("…")
    assert title.startswith(shown[long_id][:-1])
    assert "Short news" in shown.values()


SHORT_RELEASE = (
    "Short news\n\nAshgabat – On December 9, 2022, one paragraph only.\n\n"
    "For additional questions, please contact:\n\nDovlet Chariyev\nIOM\n"
    "E-mail: dchariyev@iom.int\n\nJane Doe\nUNICEF\nE-mail: jdoe@unicef.org\n"
)


def test_show_and_detach_count_in_the_singular(db, tmp_path, capsys) -> None:
    path = tmp_path / "short.txt"
    path.write_text(SHORT_RELEASE, encoding="utf-8")
    release_id = run(capsys, [*db, "release", "import-text", str(path)]).strip()
    assert "1 paragraph;" in run(capsys, [*db, "release", "show", release_id])
    out = run(capsys, [*db, "release", "detach", release_id, "2"])
    assert out == f"release {release_id}: 1 contact left\n"
