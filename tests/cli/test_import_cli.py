"""``pressdesk import``: the JSON contract, the report file, undo, history, report, inspect."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from pressdesk.cli import main
from pressdesk.domain.contacts import ValueInput
from pressdesk.services import contacts as contact_service
from pressdesk.store import Store

sys.path.insert(0, str(Path(__file__).parents[1]))

from services.import_samples import (
    add_contact,
    contacts_by_name,
    dump_sqlite,
    samples,
    write_csv,
)

COUNT_KEYS = [
    "batch",
    "rows",
    "created",
    "merged",
    "skipped",
    "invalid",
    "errors",
    "possible_duplicates",
]


class Cli:
    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db, self.capsys = db, capsys
        self.out = self.err = ""

    def __call__(self, *args: str | Path) -> int:
        try:
            status = main([*map(str, args), "--db", str(self.db)])
        except SystemExit as exit_:
            status = int(exit_.code or 0)
        self.out, self.err = self.capsys.readouterr()
        assert "Traceback" not in self.err
        return status

    def json(self, *args: str | Path) -> Any:
        assert self(*args, "--json") == 0, self.err
        return json.loads(self.out)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "cli.sqlite3"


@pytest.fixture
def cli(db: Path, capsys) -> Cli:
    return Cli(db, capsys)


@pytest.fixture
def opened(db: Path):
    store = Store.open(db)
    yield store
    store.close()


def _report(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_import_json_contract_and_report_file(cli, opened, tmp_path):
    report = tmp_path / "r.csv"
    counts = cli.json("import", samples.write_officer_xlsx(tmp_path), "--report", report)
    assert list(counts) == COUNT_KEYS
    assert counts == {
        "batch": 1,
        "rows": 4,
        "created": 4,
        "merged": 0,
        "skipped": 0,
        "invalid": 0,
        "errors": 0,
        "possible_duplicates": 2,
    }
    rows = _report(report)
    assert list(rows[0]) == ["row", "sheet", "status", "contact_id", "field", "value", "message"]
    assert [(r["row"], r["sheet"], r["status"]) for r in rows] == [
        ("5", "Контакты", "created"),
        ("6", "Контакты", "duplicate?"),
        ("6", "Контакты", "created"),
        ("7", "Контакты", "created"),
        ("9", "Контакты", "duplicate?"),
        ("9", "Контакты", "created"),
    ]
    # The cell's text, kept from running as a formula when the report is opened in Excel.
    assert rows[1]["value"] == "'+993 12 488407"
    assert set(contacts_by_name(opened)) == {
        "CHARIYEV Dovlet",
        "Berdyyeva Aigul",
        "Mr. Zeynal Hajiyev",
        "Чарыев Довлет Ашырович",
    }


def test_import_plain_text_summary(cli, tmp_path):
    assert cli("import", samples.write_vcard30(tmp_path)) == 0
    assert cli.out.strip() == (
        "3 rows: 2 created, 0 merged, 0 skipped, 0 invalid values, 1 error, "
        "0 possible duplicates (batch 1)"
    )


def test_options_delimiter_encoding_header_row_sheet_map(cli, opened, tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(
        "Список\r\nФИО|Моб.|Город\r\nЧарыев Довлет|+993 65 123456|Ашхабад\r\n".encode("cp1251")
    )
    args = ["--encoding", "cp1251", "--delimiter", "pipe", "--header-row", "2"]
    inspected = cli.json("import", "inspect", path, *args)
    assert inspected["encoding"] == "cp1251"
    assert inspected["delimiter"] == "|"
    assert inspected["header_row"] == 2
    assert [m["column"] for m in inspected["mapping"]] == ["ФИО", "Моб.", "Город"]
    counts = cli.json("import", path, *args, "--map", "Моб.=phone:mobile", "--map", "#3=city")
    assert (counts["created"], counts["errors"]) == (1, 0)
    person = contacts_by_name(opened)["Чарыев Довлет"]
    assert [(p["e164"], p["label"]) for p in person["phones"]] == [("+99365123456", "mobile")]
    assert person["notes"] == "City: Ашхабад"
    xlsx = samples.write_officer_xlsx(tmp_path)
    notes = cli.json("import", xlsx, "--sheet", "Notes", "--dry-run")
    assert notes["batch"] is None
    assert cli("import", xlsx, "--sheet", "Nope") == 2  # bad input: exit 2
    assert 'no sheet "Nope"' in cli.err


def test_inspect_prints_plain_values(cli, tmp_path):
    path = tmp_path / "people.tsv"
    rows = [
        "ФИО\tE-mail",
        "Чарыев Довлет Мурадович\td@iom.int",
        "Нурланова Айгуль Сериковна\ta@kazinform.kz",
        "Исмаилова Гульнара Бакытовна\tg@24.kg",
    ]
    path.write_bytes("\r\n".join(rows).encode("cp1251"))
    assert cli("import", "inspect", path) == 0
    lines = cli.out.splitlines()
    assert lines[:5] == [
        "format: csv",
        "encoding: cp1251",
        "delimiter: tab",
        "sheet: (none)",
        "header_row: 1",
    ]
    assert lines[5:] == ["  ФИО -> name", "  E-mail -> email"]
    path.write_text("Name;Email\nAigul;a@kz.kz\n", encoding="utf-8")
    assert cli("import", "inspect", path) == 0
    assert "delimiter: ;" in cli.out.splitlines() and "encoding: utf-8" in cli.out.splitlines()
    assert "'" not in cli.out and "None" not in cli.out


def test_default_region_and_bad_map(cli, opened, tmp_path):
    path = write_csv(tmp_path / "n.csv", [["Name", "Phone"], ["Aigul", "12 48-84-07"]])
    assert cli("import", path, "--map", "Fax=phone") == 2
    assert 'There is no column "Fax"' in cli.err
    assert cli.json("import", path, "--default-region", "tm")["invalid"] == 0
    assert contacts_by_name(opened)["Aigul"]["phones"][0]["e164"] == "+99312488407"


def test_dry_run_changes_nothing(cli, opened, db, tmp_path):
    add_contact(opened, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    before = dump_sqlite(db)
    report = tmp_path / "dry.csv"
    counts = cli.json(
        "import", samples.write_officer_xlsx(tmp_path), "--dry-run", "--report", report
    )
    assert counts["batch"] is None
    assert (counts["created"], counts["merged"]) == (3, 1)
    assert dump_sqlite(db) == before
    assert [r["status"] for r in _report(report)].count("merged") == 1


@pytest.mark.parametrize("policy", ["merge", "skip", "create"])
def test_on_duplicate_policies(cli, opened, tmp_path, policy):
    stored = add_contact(opened, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    path = write_csv(
        tmp_path / "d.csv",
        [["Name", "Role", "Email"], ["Dovlet Chariyev", "Officer", "DCHARIYEV@iom.int"]],
    )
    counts = cli.json("import", path, "--on-duplicate", policy)
    expected = {"merge": (0, 1, 0, 0), "skip": (0, 0, 1, 0), "create": (1, 0, 0, 1)}[policy]
    assert (
        counts["created"],
        counts["merged"],
        counts["skipped"],
        counts["possible_duplicates"],
    ) == expected
    with opened.uow() as uow:
        role = contact_service.require(uow, stored).role
    assert role == ("Officer" if policy == "merge" else "")
    assert cli("import", path, "--on-duplicate", "replace") == 2


def test_undo_history_report(cli, opened, tmp_path):
    stored = add_contact(opened, "Dovlet Chariyev", emails=["dchariyev@iom.int"])
    first = cli.json("import", samples.write_officer_xlsx(tmp_path))
    second = cli.json("import", samples.write_vcard21(tmp_path))
    assert (first["merged"], second["merged"]) == (1, 1)  # Dovlet, twice

    history = cli.json("import", "history")["imports"]
    assert [(h["id"], h["file_name"], h["undone"]) for h in history] == [
        (2, "phone21.vcf", False),
        (1, "officer.xlsx", False),
    ]
    assert history[1]["counts"]["created"] == 3

    assert cli("import", "report", "1") == 0
    assert cli.out.splitlines()[0] == "row,sheet,status,contact_id,field,value,message"
    saved = tmp_path / "batch1.csv"
    assert cli("import", "report", "1", "--report", saved) == 0
    assert cli.out == f"report of import 1 written to {saved}\n"
    assert [(r["row"], r["status"]) for r in _report(saved)][:2] == [
        ("5", "merged"),
        ("6", "duplicate?"),
    ]

    # The older import is refused while the newer one's merge stands.
    assert cli("import", "undo", "1") == 1
    assert "import 1 cannot be undone" in cli.err
    assert f"#{stored}" in cli.err and "edited since" in cli.err
    assert cli.json("import", "undo", "2") == {"batch": 2, "removed": 1, "reverted": 1}
    assert cli("import", "undo", "1") == 0
    assert cli.out.strip() == "import 1 undone: 3 contacts removed, 1 merge reverted"
    assert cli("import", "undo", "1") == 2
    assert "already undone" in cli.err
    assert cli("import", "undo", "7") == 2
    assert "no import batch 7" in cli.err
    assert cli("import", "undo") == 2
    assert "needs a batch number" in cli.err
    assert list(contacts_by_name(opened)) == ["Dovlet Chariyev"]
    assert cli("import", "history") == 0
    assert "(undone)" in cli.out.splitlines()[0]


def test_undo_refused_after_a_hand_edit(cli, opened, tmp_path):
    counts = cli.json("import", samples.write_vcard21(tmp_path))
    with opened.uow() as uow:
        contact_id = contact_service.all_contact_ids(uow)[0]
        data = contact_service.input_from_contact(contact_service.require(uow, contact_id))
        data.phones.append(ValueInput("+993 12 00-00-01"))
        contact_service.update_contact(uow, contact_id, data)
        uow.commit()
    assert cli("import", "undo", str(counts["batch"])) == 1
    assert f"(#{contact_id})" in cli.err
    assert "undo those edits or change the contacts by hand" in cli.err
    with opened.uow() as uow:
        assert uow.contacts.count() == 2


def test_unreadable_files_give_one_sentence(cli, tmp_path):
    assert cli("import", tmp_path / "missing.csv") == 2
    assert cli.err.startswith("pressdesk: no such file")
    page = tmp_path / "saved.xls"
    page.write_text("<html><table><tr><td>a</td></tr></table></html>")
    assert cli("import", page) == 2  # a file that is not a contact table is bad input
    assert cli.err.startswith("pressdesk: ") and len(cli.err.strip().splitlines()) == 1
    assert cli("import", "inspect") == 2
