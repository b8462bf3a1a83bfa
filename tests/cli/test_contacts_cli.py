"""The ``pressdesk`` command line, run in-process and as a real program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pressdesk import __version__
from pressdesk.cli import main
from pressdesk.store import Store, migrate

CONTRACT_KEYS = {
    "id",
    "name",
    "organization",
    "role",
    "country",
    "emails",
    "phones",
    "invalid",
    "tags",
    "do_not_contact",
}


class Cli:
    """Runs ``pressdesk --db <file> ...`` in this process and keeps what it printed."""

    def __init__(self, db: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self.capsys = capsys
        self.out = self.err = ""

    def __call__(self, *args: str, db: bool = True) -> int:
        argv = [*args, "--db", self.db] if db else list(args)
        try:
            status = main(argv)
        except SystemExit as exit_:  # argparse: --help, --version, bad usage
            status = int(exit_.code or 0)
        self.out, self.err = self.capsys.readouterr()
        assert "Traceback" not in self.err
        return status

    def json(self, *args: str) -> Any:
        assert self(*args) == 0, self.err
        return json.loads(self.out)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "x.sqlite3"


@pytest.fixture
def cli(db: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(str(db), capsys)


def _add_dovlet(cli: Cli) -> int:
    status = cli(
        "contacts",
        "add",
        "--name",
        "Dovlet Chariyev",
        "--org",
        "IOM Turkmenistan",
        "--role",
        "Communications Officer",
        "--country",
        "Turkmenistan",
        "--email",
        "dchariyev@iom.int",
        "--phone",
        "Tel:+99312 488407",
        "--phone",
        "mobile=+993 65 123456",
        "--tag",
        "un",
    )
    assert status == 0, cli.err
    return int(cli.out)


def test_add_prints_the_new_id_and_show_reads_it_back(cli: Cli) -> None:
    first = _add_dovlet(cli)
    assert cli.out == f"{first}\n"
    assert cli.err == ""
    assert cli("contacts", "add", "--name", "Айгуль Исаева") == 0
    assert int(cli.out) != first
    data = cli.json("contacts", "show", str(first), "--json")
    assert set(data) >= CONTRACT_KEYS
    assert data["id"] == first
    assert data["name"] == "Dovlet Chariyev"
    assert data["organization"] == "IOM Turkmenistan"
    assert data["country"] == "TM"
    assert data["emails"] == [{"address": "dchariyev@iom.int", "label": "work", "primary": True}]
    assert data["phones"] == [
        {
            "e164": "+99312488407",
            "display": "+993 12 48-84-07",
            "extension": None,
            "label": "work",
            "primary": True,
        },
        {
            "e164": "+99365123456",
            "display": "+993 65 123456",
            "extension": None,
            "label": "mobile",
            "primary": False,
        },
    ]
    assert data["invalid"] == []
    assert data["tags"] == ["un"]
    assert data["do_not_contact"] is False
    assert cli("contacts", "show", str(first)) == 0
    assert cli.out.splitlines()[0] == "Dovlet Chariyev"
    assert "Tel (work, primary): +993 12 48-84-07" in cli.out
    assert "Country: Turkmenistan" in cli.out


def test_invalid_values_are_kept_reported_and_do_not_block(cli: Cli) -> None:
    status = cli(
        "contacts",
        "add",
        "--name",
        "Fatima Al Mansouri",
        "--email",
        "fatima at wam dot ae",
        "--email",
        "media@wam.ae",
        "--phone",
        "+971 4 366",
    )
    assert status == 0
    contact_id = int(cli.out)
    assert "warning: email 'fatima at wam dot ae' kept as invalid" in cli.err
    assert "warning: phone '+971 4 366' kept as invalid" in cli.err
    data = cli.json("contacts", "show", str(contact_id), "--json")
    assert [e["address"] for e in data["emails"]] == ["media@wam.ae"]
    assert data["phones"] == []
    assert [(i["field"], i["value"]) for i in data["invalid"]] == [
        ("email", "fatima at wam dot ae"),
        ("phone", "+971 4 366"),
    ]
    assert all(i["reason"] for i in data["invalid"])
    listed = cli.json("contacts", "list", "--problems", "--json")
    assert [c["id"] for c in listed["contacts"]] == [contact_id]


def test_list_search_and_json_contract(cli: Cli) -> None:
    dovlet = _add_dovlet(cli)
    cli("contacts", "add", "--name", "Jürgen Müller", "--email", "j.mueller@münchen.de")
    jurgen = int(cli.out)
    cli("contacts", "add", "--name", "Azamat Toktogulov", "--phone", "+996 312 123456")
    azamat = int(cli.out)

    assert [c["id"] for c in cli.json("contacts", "list", "--json")["contacts"]] == [
        azamat,
        dovlet,
        jurgen,
    ]
    for query, expected in [
        ("chariyev", [dovlet]),
        ("munchen", [jurgen]),
        ("488407", [dovlet]),
        ("+996 312", [azamat]),
        ("nobody", []),
    ]:
        found = cli.json("contacts", "list", "--search", query, "--json")["contacts"]
        assert [c["id"] for c in found] == expected, query
        for contact in found:
            assert set(contact) >= CONTRACT_KEYS
    descending = cli.json("contacts", "list", "--sort", "name", "--desc", "--json")
    assert [c["id"] for c in descending["contacts"]] == [jurgen, dovlet, azamat]

    assert cli("contacts", "list", "--search", "chariyev") == 0
    fields = cli.out.rstrip("\n").split("\t")
    assert fields == [
        str(dovlet),
        "Dovlet Chariyev",
        "IOM Turkmenistan",
        "Communications Officer",
        "dchariyev@iom.int",
        "+993 12 48-84-07",
    ]


def test_edit_and_delete(cli: Cli) -> None:
    contact_id = _add_dovlet(cli)
    status = cli(
        "contacts",
        "edit",
        str(contact_id),
        "--role",
        "Head of Office",
        "--add-email",
        "home=dovlet@mail.tm",
        "--remove-tag",
        "un",
        "--add-tag",
        "media",
    )
    assert status == 0, cli.err
    data = cli.json("contacts", "show", str(contact_id), "--json")
    assert data["role"] == "Head of Office"
    assert [(e["address"], e["label"]) for e in data["emails"]] == [
        ("dchariyev@iom.int", "work"),
        ("dovlet@mail.tm", "home"),
    ]
    # Untouched values survive an edit unchanged.
    assert [p["e164"] for p in data["phones"]] == ["+99312488407", "+99365123456"]
    assert data["tags"] == ["media"]
    assert data["version"] == 2

    assert cli("contacts", "delete", str(contact_id)) == 0
    assert cli("contacts", "show", str(contact_id)) == 2
    assert cli.err == f"pressdesk: no contact with id {contact_id}\n"
    assert cli.json("contacts", "list", "--json") == {"contacts": []}


def test_default_region_setting_reads_national_numbers(cli: Cli) -> None:
    cli("contacts", "add", "--name", "Before", "--phone", "12 488407")
    before = int(cli.out)
    assert "no region to read it with" in cli.err
    assert cli("settings", "set", "default-region", "TM") == 0
    assert cli.json("settings", "show", "--json")["default-region"] == "TM"
    cli("contacts", "add", "--name", "After", "--phone", "8 12 488407")
    after = cli.json("contacts", "show", cli.out.strip(), "--json")
    assert after["phones"][0]["e164"] == "+99312488407"
    # A country on the contact still wins over the default.
    cli("contacts", "add", "--name", "Moscow", "--country", "Россия", "--phone", "8 495 1234567")
    moscow = cli.json("contacts", "show", cli.out.strip(), "--json")
    assert moscow["phones"][0]["e164"] == "+74951234567"
    # The setting takes a country name too; an unknown one is refused.
    assert cli("settings", "set", "default-region", "Kazakhstan") == 0
    assert cli.json("settings", "show", "--json")["default-region"] == "KZ"
    assert cli("settings", "set", "default-region", "Narnia") == 2
    assert "unknown country or region" in cli.err
    # The contact saved before keeps its text, still invalid.
    kept = cli.json("contacts", "show", str(before), "--json")
    assert kept["invalid"][0]["value"] == "12 488407"


def test_export_contacts_to_json(cli: Cli, tmp_path: Path) -> None:
    contact_id = _add_dovlet(cli)
    target = tmp_path / "x.json"
    assert cli("export", "contacts", str(target)) == 0, cli.err
    assert "1 contact written" in cli.out
    exported = json.loads(target.read_text(encoding="utf-8"))
    (contact,) = exported["contacts"]
    assert contact["id"] == contact_id
    assert [p["e164"] for p in contact["phones"]] == ["+99312488407", "+99365123456"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".vcf"])
def test_export_contacts_to_other_formats(cli: Cli, tmp_path: Path, suffix: str) -> None:
    _add_dovlet(cli)
    target = tmp_path / f"x{suffix}"
    assert cli("export", "contacts", str(target)) == 0, cli.err
    assert target.stat().st_size > 0
    if suffix != ".xlsx":
        text = target.read_text(encoding="utf-8")
        assert "Dovlet Chariyev" in text
        assert "+99312488407" in text or "+993 12 48-84-07" in text


def test_db_upgrade_and_info(cli: Cli, db: Path) -> None:
    assert cli("db", "upgrade") == 0
    assert cli.out == f"{db}: empty -> {migrate.head_revision()}\n"
    assert cli("db", "upgrade") == 0
    assert cli.out.endswith(f"{migrate.head_revision()} -> {migrate.head_revision()}\n")
    _add_dovlet(cli)
    info = cli.json("db", "info", "--json")
    assert info == {
        "store": str(db),
        "dialect": "sqlite",
        "revision": migrate.head_revision(),
        "contacts": 1,
    } | {k: v for k, v in info.items() if k not in ("store", "dialect", "revision", "contacts")}
    assert cli("db", "info") == 0
    assert f"store: {db}" in cli.out


def test_version(cli: Cli) -> None:
    assert cli("--version", db=False) == 0
    assert cli.out == f"PressDesk {__version__}\n"


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["contacts", "list"], "contacts"),
        (["--db", "X", "db", "info"], "db"),
        (["--db=X", "send", "log", "1"], "send"),
        (["list", "ls", "--db", "X"], "list"),
        (["--db", "contacts", "release", "list"], "release"),  # a store named "contacts"
        (["--d", "send", "db", "info"], "db"),  # --d: argparse's abbreviation of --db
        (["--version"], "--version"),
        (["--help"], None),
        (["--version", "--help"], None),
        ([], None),
        (["contactz"], "contactz"),  # the whole parser names the choices
    ],
)
def test_the_command_is_read_as_argparse_reads_it(argv: list[str], command: str | None) -> None:
    from pressdesk.cli import _command

    assert _command(argv) == command


def test_every_command_is_registered_by_its_module() -> None:
    import argparse

    from pressdesk.cli import MODULE_OF, build_parser

    for command, module in MODULE_OF.items():
        parser = build_parser(command)
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        assert command in sub.choices, (command, module)
    everything = build_parser()
    sub = next(a for a in everything._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == {"gui", *MODULE_OF}


@pytest.mark.parametrize(
    ("argv", "loaded", "not_loaded"),
    [
        (["--version"], [], ["pressdesk.cli.contacts", "pressdesk.store", "sqlalchemy"]),
        (["--db", "X", "db", "info"], ["pressdesk.cli.database"], ["pressdesk.cli.releases"]),
        (["contacts", "--help"], ["pressdesk.cli.contacts"], ["pressdesk.cli.exports"]),
        (["--help"], ["pressdesk.cli.releases", "pressdesk.cli.lists"], []),
    ],
)
def test_a_command_loads_its_own_module_only(
    tmp_path: Path, argv: list[str], loaded: list[str], not_loaded: list[str]
) -> None:
    """``pressdesk --version`` answers at once, and a command does not wait for every
    other command's services and document writers to load."""
    argv = [str(tmp_path / "s.sqlite3") if a == "X" else a for a in argv]
    probe = (
        "import sys\n"
        "from pressdesk.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in {loaded + not_loaded!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines()[-1] == repr(sorted(loaded))


@pytest.mark.parametrize(
    "argv",
    [
        ["contacts", "show", "999"],
        ["contacts", "edit", "999", "--role", "x"],
        ["contacts", "delete", "999"],
        ["contacts", "show", "not-a-number"],
        ["contacts", "list", "--no-such-flag"],
        ["contacts", "list", "--sort", "shoe-size"],
        ["contacts", "add", "--email", "x@y.kz"],  # no --name
        ["contacts", "add", "--name", "   "],
        ["export", "contacts", "contacts.pdf"],
        ["settings", "set", "default-region", "Atlantis"],
        ["settings", "set", "no-such-setting", "x"],
        ["no-such-command"],
    ],
)
def test_bad_usage_or_input_exits_2_with_one_line(cli: Cli, argv: list[str]) -> None:
    _add_dovlet(cli)
    assert cli(*argv) == 2
    assert cli.err.strip()
    assert cli.out == ""
    # Nothing was changed by a refused command.
    assert len(cli.json("contacts", "list", "--json")["contacts"]) == 1


def test_failures_exit_1_without_a_traceback(cli: Cli, tmp_path: Path) -> None:
    _add_dovlet(cli)
    assert cli("export", "contacts", str(tmp_path / "missing-dir" / "x.json")) == 1
    assert cli.err.startswith("pressdesk: ")
    # A store that cannot be reached.
    cli.db = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    assert cli("contacts", "list") == 1
    assert cli.err.startswith("pressdesk: the store failed: OperationalError")


def test_pressdesk_db_chooses_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    chosen = tmp_path / "env.sqlite3"
    monkeypatch.setenv("PRESSDESK_DB", str(chosen))
    cli = Cli("unused", capsys)
    assert cli("contacts", "add", "--name", "From Env", db=False) == 0
    assert chosen.exists()
    store = Store.open(chosen)
    try:
        with store.uow() as uow:
            assert [r.name for r in uow.contacts.rows(uow.contacts.search_ids(""))] == ["From Env"]
    finally:
        store.close()
    # --db still wins over the environment variable.
    other = tmp_path / "flag.sqlite3"
    assert cli("contacts", "list", "--json", "--db", str(other), db=False) == 0
    assert json.loads(cli.out) == {"contacts": []}
    # --db before the sub-command works as well.
    assert cli("--db", str(other), "contacts", "list", "--json", db=False) == 0
    assert json.loads(cli.out) == {"contacts": []}


@pytest.mark.postgres
def test_db_accepts_a_postgres_url(postgres_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli(postgres_url, capsys)
    contact_id = _add_dovlet(cli)
    found = cli.json("contacts", "list", "--search", "488407", "--json")["contacts"]
    assert [c["id"] for c in found] == [contact_id]
    assert found[0]["phones"][0]["display"] == "+993 12 48-84-07"
    info = cli.json("db", "info", "--json")
    assert info["dialect"] == "postgresql"
    assert info["contacts"] == 1
    assert "@127.0.0.1" in info["store"]


def test_a_real_pressdesk_process(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite3"
    env = {**os.environ, "PRESSDESK_DB": str(db)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pressdesk", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )

    added = run(
        "contacts",
        "add",
        "--name",
        "Dovlet Chariyev",
        "--email",
        "dchariyev@iom.int",
        "--phone",
        "Tel:+99312 488407",
    )
    assert added.returncode == 0, added.stderr
    contact_id = int(added.stdout)
    assert added.stderr == ""
    exported = run("export", "contacts", str(tmp_path / "x.json"))
    assert exported.returncode == 0, exported.stderr
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in data["contacts"]] == [contact_id]
    assert data["contacts"][0]["phones"][0]["e164"] == "+99312488407"
    missing = run("contacts", "show", "12345")
    assert missing.returncode == 2
    assert missing.stderr == "pressdesk: no contact with id 12345\n"


def test_edit_warns_only_about_the_invalid_values_it_brings(cli: Cli) -> None:
    assert cli("contacts", "add", "--name", "Fatima", "--email", "fatima at wam dot ae") == 0
    contact_id = cli.out.strip()
    assert "fatima at wam dot ae" in cli.err
    assert cli("contacts", "edit", contact_id, "--role", "Editor") == 0
    assert cli.err == ""
    assert cli("contacts", "edit", contact_id, "--add-phone", "+971 4 366") == 0
    assert cli.err.count("warning:") == 1 and "'+971 4 366'" in cli.err
    assert cli("contacts", "show", contact_id) == 0
    assert "fatima at wam dot ae" in cli.out and "+971 4 366" in cli.out


def test_merge_duplicates_from_the_command_line(cli: Cli) -> None:
    first = _add_dovlet(cli)
    assert cli("contacts", "add", "--name", "CHARIYEV Dovlet", "--role", "Focal Point",
               "--email", "d.chariyev@gmail.com", "--phone", "+993 12 48-84-07",
               "--tag", "media", "--notes", "Met at the Ashgabat forum") == 0  # fmt: skip
    second = int(cli.out)
    merged = cli.json("contacts", "merge", str(first), str(second), "--take", f"role={second}",
                      "--json")  # fmt: skip
    assert merged["id"] == first  # lists and releases keep pointing to it
    assert merged["name"] == "Dovlet Chariyev" and merged["role"] == "Focal Point"
    assert {e["address"] for e in merged["emails"]} == {"dchariyev@iom.int", "d.chariyev@gmail.com"}
    assert len(merged["phones"]) == 2  # the same number twice is one
    assert "media" in merged["tags"] and "Met at the Ashgabat forum" in merged["notes"]
    assert cli("contacts", "show", str(second)) == 2  # the other is gone
    assert [c["id"] for c in cli.json("contacts", "list", "--json")["contacts"]] == [first]


@pytest.mark.parametrize(
    ("take", "error"),
    [
        ("colour=1", "no field 'colour'"),
        ("role=99", "the id of a contact merged"),
        ("role=all", "the id of a contact merged"),
        ("role", "the id of a contact merged"),
    ],
)
def test_merge_refuses_what_it_cannot_do(cli: Cli, take: str, error: str) -> None:
    first = _add_dovlet(cli)
    assert cli("contacts", "add", "--name", "D. Chariyev") == 0
    second = int(cli.out)
    assert cli("contacts", "merge", str(first), str(second), "--take", take) == 2
    assert error in cli.err
    assert cli("contacts", "show", str(second)) == 0  # nothing merged
    assert cli("contacts", "merge", str(first)) == 2
    assert "at least two" in cli.err
