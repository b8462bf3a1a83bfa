"""``pressdesk list ...``, ``pressdesk send ...`` and the privacy commands of ``contacts``."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from pressdesk.cli import main
from pressdesk.domain.releases import BlockContact, Dateline, Release
from pressdesk.services.releases import create_release
from pressdesk.store import Store


class Recorder:
    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtpd() -> Iterator[tuple[Recorder, int]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    yield recorder, port
    controller.stop()


@pytest.fixture
def releases(db, db_path: Path) -> int:
    """A release stored in the test's store; returns its id."""
    store = Store.open(db_path)
    with store.uow() as uow:
        row = create_release(
            uow,
            Release(
                title="Floods in the south: IOM responds",
                paragraphs=["IOM teams are on the ground."],
                dateline=Dateline("Bishkek", dt.date(2026, 5, 2)),
                contacts=[BlockContact("Press Office", "", ["press@iom.int"])],
            ),
        )
        uow.commit()
        release_id = row.id
    store.close()
    return release_id


@pytest.fixture
def db(db_path: Path) -> list[str]:
    base = ["--db", str(db_path)]
    for args in [
        ["--name", "Aigul Nurlanova", "--email", "aigul@kazinform.kz", "--country", "KZ",
         "--tag", "media", "--language", "ru"],
        ["--name", "Gulnara Ismailova", "--email", "gulnara@24.kg", "--country", "KG",
         "--tag", "media", "--tag", "internal"],
        ["--name", "Dovlet Chariyev", "--email", "dchariyev@iom.int", "--country", "TM",
         "--phone", "+993 12 48-84-07"],
        ["--name", "=cmd|' /C calc'!A0", "--email", "evil@example.org", "--tag", "media"],
    ]:  # fmt: skip
        assert main([*base, "contacts", "add", *args]) == 0
    return base


def run_json(capsys, argv: list[str]) -> dict:
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_create_show_and_list(db, capsys):
    assert main([*db, "list", "create", "Media", "--filter", "tag:media -tag:internal"]) == 0
    assert main([*db, "list", "create", "Static"]) == 0
    assert main([*db, "list", "add", "Static", "2", "3"]) == 0
    assert main([*db, "contacts", "edit", "3", "--do-not-contact"]) == 0
    data = run_json(capsys, [*db, "list", "show", "Static", "--json"])
    assert [m["name"] for m in data["members"]] == ["Gulnara Ismailova"]
    assert data["excluded"][0]["reason"] == "do-not-contact"
    media = run_json(capsys, [*db, "list", "members", "media", "--json"])
    assert media["count"] == 2 and media["list"]["filter"] == "tag:media -tag:internal"
    listing = run_json(capsys, [*db, "list", "ls", "--json"])
    assert [x["name"] for x in listing["lists"]] == ["Media", "Static"]

    assert main([*db, "list", "show", "Static"]) == 0
    out = capsys.readouterr().out
    assert "Static: 1 recipient\n" in out and "do-not-contact" in out

    assert main([*db, "list", "remove", "Static", "2"]) == 0
    assert run_json(capsys, [*db, "list", "show", "Static", "--json"])["count"] == 0
    assert main([*db, "list", "delete", "Static"]) == 0
    assert main([*db, "list", "show", "Static"]) == 2


def test_include_exclude_and_edit(db, capsys):
    assert main([*db, "list", "create", "Internal", "--filter", "tag:internal"]) == 0
    assert (
        main([*db, "list", "create", "All", "--filter", "has:email", "--exclude", "Internal"]) == 0
    )
    data = run_json(capsys, [*db, "list", "show", "All", "--json"])
    assert data["count"] == 3
    assert {e["reason"] + " " + e["detail"] for e in data["excluded"]} == {
        "excluded by list Internal"
    }
    assert main([*db, "list", "edit", "All", "--unlink", "Internal", "--filter", "country:KG"]) == 0
    assert run_json(capsys, [*db, "list", "show", "All", "--json"])["count"] == 1


def test_bad_filter_is_exit_2_with_a_reason(db, capsys):
    assert main([*db, "list", "create", "Bad", "--filter", "country:KZ colour:red"]) == 2
    err = capsys.readouterr().err
    assert "unknown field 'colour'" in err and "character 12" in err
    assert main([*db, "list", "add", "Nope", "1"]) == 2
    assert main([*db, "list", "create", "X"]) == 0
    assert main([*db, "list", "add", "X", "999"]) == 2


def test_export_formats(db, tmp_path, capsys):
    assert main([*db, "list", "create", "Media", "--filter", "tag:media"]) == 0
    assert main([*db, "list", "export", "Media", str(tmp_path / "bcc.txt")]) == 0
    assert (tmp_path / "bcc.txt").read_text("utf-8").strip() == (
        "evil@example.org, aigul@kazinform.kz, gulnara@24.kg"
    )
    assert main([*db, "list", "export", "Media", str(tmp_path / "m.csv")]) == 0
    text = (tmp_path / "m.csv").read_text("utf-8-sig")
    assert "'=cmd" in text and "\n=cmd" not in text
    assert main([*db, "list", "export", "Media", str(tmp_path / "m.vcf")]) == 0
    assert (tmp_path / "m.vcf").read_text("utf-8").count("BEGIN:VCARD") == 3
    assert main([*db, "list", "export", "Media", str(tmp_path / "m.pdf")]) == 2


def test_send_release_log_and_never_twice(db, smtpd, releases, capsys, monkeypatch):
    recorder, port = smtpd
    monkeypatch.delenv("PRESSDESK_SMTP_PASSWORD", raising=False)
    assert main([*db, "list", "create", "Media", "--filter", "tag:media"]) == 0
    assert main([*db, "contacts", "edit", "1", "--consent", "withdrawn"]) == 0
    send = [*db, "send", "release", str(releases), "--list", "Media", "--smtp-host", "127.0.0.1",
            "--smtp-port", str(port), "--from", "Press <press@iom.int>", "--json"]  # fmt: skip
    report = run_json(capsys, send)
    assert sorted(report["sent"]) == ["evil@example.org", "gulnara@24.kg"]
    assert report["skipped"][0]["reason"] == "consent withdrawn"
    assert len(recorder.received) == 2
    message = email.message_from_bytes(recorder.received[0][2], policy=email.policy.default)
    assert message["Subject"] == "Floods in the south: IOM responds"

    again = run_json(capsys, send)
    assert again["sent"] == [] and len(recorder.received) == 2
    resent = run_json(capsys, [*send, "--resend", "--bcc-batch", "10"])
    assert len(resent["sent"]) == 2 and len(recorder.received) == 3

    log = run_json(capsys, [*db, "send", "log", str(releases), "--json"])
    assert [r["counts"].get("sent", 0) for r in log["runs"]] == [2, 0, 2]
    assert main([*db, "send", "log", str(releases)]) == 0
    assert "consent withdrawn" in capsys.readouterr().out

    missing = str(releases + 1)
    assert main([*db, "send", "release", missing, "--list", "Media", "--smtp-host", "127.0.0.1",
                 "--smtp-port", str(port), "--from", "press@iom.int"]) == 2  # fmt: skip


def test_dry_run_and_unreachable_server(db, releases, tmp_path, capsys):
    assert main([*db, "list", "create", "Media", "--filter", "tag:media"]) == 0
    out = tmp_path / "eml"
    assert main([*db, "send", "release", str(releases), "--list", "Media", "--from",
                 "press@iom.int", "--dry-run", str(out)]) == 0  # fmt: skip
    assert len(list(out.glob("*.eml"))) == 3
    # Sent all the same (a script decides), with a word on stderr.
    assert f"pressdesk: note: release {releases} is draft" in capsys.readouterr().err
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = main([*db, "send", "release", str(releases), "--list", "Media",
                 "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
                 "--from", "press@iom.int"])  # fmt: skip
    assert code == 1
    assert "cannot reach" in capsys.readouterr().err
    assert (
        main([*db, "send", "release", str(releases), "--list", "Media", "--from", "press@iom.int"])
        == 2
    )


def test_consent_erase_export_and_retention(db, tmp_path, capsys):
    assert main([*db, "contacts", "edit", "3", "--consent", "granted",
                 "--lawful-basis", "public_task"]) == 0  # fmt: skip
    assert main([*db, "list", "create", "UN"]) == 0
    assert main([*db, "list", "add", "UN", "3"]) == 0
    assert main([*db, "contacts", "export-data", "3", str(tmp_path / "me.json")]) == 0
    data = json.loads((tmp_path / "me.json").read_text("utf-8"))["contact"]
    assert data["consent"]["status"] == "granted"
    assert data["consent"]["lawful_basis"] == "public_task"
    assert data["lists"] == [{"id": 1, "name": "UN"}]

    capsys.readouterr()
    assert main([*db, "contacts", "erase", "3"]) == 0
    out = capsys.readouterr().out
    assert "Dovlet Chariyev" in out and "  1 e-mail address, 1 phone number, name" in out
    assert "membership of 1 list: UN" in out and "from 0 send log entries" in out
    assert main([*db, "contacts", "show", "3"]) == 2
    assert main([*db, "contacts", "erase", "3"]) == 2

    data = run_json(capsys, [*db, "contacts", "retention", "--months", "1", "--json"])
    assert data["contacts"] == []  # everyone was added just now
    assert main([*db, "contacts", "retention", "--months", "1"]) == 0
    assert capsys.readouterr().out.startswith("no contact has gone 1 month without being contacted")
    assert main([*db, "contacts", "retention", "--months", "0"]) == 2
    with pytest.raises(SystemExit) as usage:
        main([*db, "contacts", "edit", "1", "--consent", "sometimes"])
    assert usage.value.code == 2


def test_send_log_of_no_such_release_is_exit_2(db, releases, capsys):
    capsys.readouterr()
    assert main([*db, "send", "log", "999"]) == 2
    assert capsys.readouterr().err == "pressdesk: no release with id 999\n"
    assert main([*db, "send", "log", "999", "--json"]) == 2
    assert main([*db, "send", "log", str(releases)]) == 0
    assert capsys.readouterr().out == f"release {releases} was never sent\n"
    assert run_json(capsys, [*db, "send", "log", str(releases), "--json"])["runs"] == []


def test_list_counts_read_in_the_singular(db, tmp_path, capsys):
    assert main([*db, "list", "create", "One"]) == 0
    assert main([*db, "list", "add", "One", "2"]) == 0
    capsys.readouterr()
    assert main([*db, "list", "ls"]) == 0
    assert "\tOne\t1 hand-picked" in capsys.readouterr().out
    assert main([*db, "list", "export", "One", str(tmp_path / "one.txt")]) == 0
    assert capsys.readouterr().out.startswith("1 recipient written to ")


def test_a_list_other_lists_use_is_deleted_only_with_force(db, capsys):
    assert main([*db, "list", "create", "Agencies", "--filter", "tag:media"]) == 0
    assert main([*db, "list", "create", "Do not send"]) == 0
    assert main([*db, "list", "add", "Do not send", "2"]) == 0
    assert main([*db, "list", "create", "All", "--include", "Agencies"]) == 0
    assert main([*db, "list", "edit", "All", "--exclude", "Do not send"]) == 0
    capsys.readouterr()
    before = run_json(capsys, [*db, "list", "show", "All", "--json"])["count"]

    assert main([*db, "list", "delete", "Agencies"]) == 1
    err = capsys.readouterr().err
    assert "“Agencies” is included in “All”" in err and "--force" in err
    assert run_json(capsys, [*db, "list", "show", "All", "--json"])["count"] == before

    assert main([*db, "list", "delete", "Do not send", "--force"]) == 0
    assert main([*db, "list", "show", "Do not send"]) == 2
    shown = run_json(capsys, [*db, "list", "show", "All", "--json"])
    assert "Do not send" not in str(shown["list"])
