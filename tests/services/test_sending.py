"""Sending a release through a real SMTP server on 127.0.0.1 (aiosmtpd)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import os
import socket
import ssl
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.domain.releases import BlockContact, Dateline, Release
from pressdesk.services import contacts as contact_service
from pressdesk.services import lists as list_service
from pressdesk.services import privacy
from pressdesk.services.sending import (
    UNCONFIRMED,
    SendFailed,
    SendOptions,
    send_log,
    send_release,
    send_test,
)
from pressdesk.services.smtp import Security, SmtpError, SmtpSettings, connect, with_password
from pressdesk.store import Store
from pressdesk.store.models import ConsentStatus, Outcome, RunState, SendEntry

RELEASE_ID = 7
SENDER = "IOM Press <press@iom.int>"


@dataclass
class Recorder:
    """An aiosmtpd handler keeping every envelope; it can refuse recipients."""

    received: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    accept_only: int | None = None  # refuse every RCPT after this many messages
    refusal: str = "550 5.7.1 mailbox unavailable"
    # Called with the number of the message just received, before the server answers.
    on_data: Callable[[int, object], None] | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse or (
            self.accept_only is not None and len(self.received) >= self.accept_only
        ):
            return self.refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        if self.on_data is not None:
            self.on_data(len(self.received), server)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(content, policy=email.policy.default)  # type: ignore[misc]
            for _, _, content in self.received
        ]

    def recipients(self) -> list[str]:
        return [rcpt for _, rcpts, _ in self.received for rcpt in rcpts]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtpd() -> Iterator[tuple[Recorder, SmtpSettings]]:
    handler = Recorder()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield handler, SmtpSettings("127.0.0.1", controller.port, Security.NONE, timeout=10)
    finally:
        controller.stop()


def make_release() -> Release:
    return Release(
        title="IOM opens an office in Ashgabat",
        paragraphs=["The **office** opens today.", "It serves the whole region."],
        dateline=Dateline("Ashgabat", dt.date(2026, 1, 5)),
        contacts=[
            BlockContact("Dovlet Chariyev", "Focal point", ["dchariyev@iom.int"], ["+99312488407"])
        ],
        sdgs=[10],
    )


def add_contact(store: Store, name: str, email_text: str = "", **extra) -> int:
    with store.uow() as uow:
        data = ContactInput(name=name, emails=[ValueInput(email_text)] if email_text else [])
        for key, value in extra.items():
            setattr(data, key, value)
        contact = contact_service.create_contact(uow, data)
        uow.commit()
        return contact.id


def make_list(store: Store, name: str, ids: list[int]) -> None:
    with store.uow() as uow:
        found = list_service.create_list(uow, name)
        list_service.add_members(uow, found, ids)
        uow.commit()


@pytest.fixture
def audience(store: Store) -> dict[str, int]:
    ids = {
        "aigul": add_contact(store, "Aigul Nurlanova", "aigul@kazinform.kz"),
        "gulnara": add_contact(store, "Gulnara Ismailova", "gulnara@24.kg"),
        "ivan": add_contact(store, "Иван Петров", "ivan@tass.ru"),
        "dnc": add_contact(store, "Do Not", "dnc@example.org", do_not_contact=True),
        "nomail": add_contact(store, "No Mail"),
        "withdrawn": add_contact(store, "With Drawn", "withdrawn@example.org"),
    }
    with store.uow() as uow:
        privacy.set_consent(uow, ids["withdrawn"], ConsentStatus.WITHDRAWN)
        uow.commit()
    make_list(store, "Central Asia media", list(ids.values()))
    return ids


def options(**extra) -> SendOptions:
    return SendOptions(lists=["Central Asia media"], sender=SENDER, **extra)


def test_one_message_per_recipient_with_parts_and_headers(store, smtpd, audience):
    recorder, settings = smtpd
    report = send_release(store, RELEASE_ID, make_release(), options(), settings)

    assert report.state is RunState.COMPLETED
    assert sorted(recorder.recipients()) == ["aigul@kazinform.kz", "gulnara@24.kg", "ivan@tass.ru"]
    assert len(recorder.received) == 3
    by_to = {m["To"].addresses[0].addr_spec: m for m in recorder.messages()}
    message = by_to["ivan@tass.ru"]
    assert message["To"].addresses[0].display_name == "Иван Петров"
    assert message["From"].addresses[0].addr_spec == "press@iom.int"
    assert message["Subject"] == "IOM opens an office in Ashgabat"
    assert message["Date"] is not None and message["Message-ID"].endswith("@iom.int>")
    assert message["List-Unsubscribe"] == "<mailto:press@iom.int?subject=unsubscribe>"
    assert message["X-Unsent"] is None
    assert len({m["Message-ID"] for m in by_to.values()}) == 3
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Ashgabat" in text and "dchariyev@iom.int" in text
    assert "<strong>office</strong>" in html or "<b>office</b>" in html
    pdfs = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1 and pdfs[0].get_content().startswith(b"%PDF")
    for _, rcpts, content in recorder.received:
        assert b"Bcc" not in content.split(b"\r\n\r\n")[0]
        assert len(rcpts) == 1

    skipped = {e.name: e.reason.value for e in report.skipped}
    assert skipped == {
        "Do Not": "do-not-contact",
        "No Mail": "no valid e-mail",
        "With Drawn": "consent withdrawn",
    }
    with store.uow() as uow:
        statuses = {e.address or e.name: e.status for e in uow.sends.entries(release_id=7)}
    assert statuses["ivan@tass.ru"] == "sent"
    assert statuses["dnc@example.org"] == "skipped"
    assert statuses["No Mail"] == "skipped"


def test_never_twice_unless_resend(store, smtpd, audience):
    recorder, settings = smtpd
    send_release(store, RELEASE_ID, make_release(), options(), settings)
    again = send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert len(recorder.received) == 3
    assert again.sent == []
    assert {e.reason.value for e in again.skipped} >= {"already sent"}

    resent = send_release(store, RELEASE_ID, make_release(), options(resend=True), settings)
    assert len(resent.sent) == 3
    assert len(recorder.received) == 6
    # Another release goes to everyone.
    other = send_release(store, RELEASE_ID + 1, make_release(), options(), settings)
    assert len(other.sent) == 3


def test_refused_half_way_then_resumed_without_duplicates(store, smtpd):
    recorder, settings = smtpd
    ids = [add_contact(store, f"Person {i:02d}", f"p{i:02d}@example.org") for i in range(10)]
    make_list(store, "Central Asia media", ids)
    recorder.accept_only = 4

    first = send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert len(first.sent) == 4
    assert len(first.refused) == 6
    assert first.refused[0][1] == 550 and "mailbox unavailable" in first.refused[0][2]
    with store.uow() as uow:
        refused = uow.session.scalars(
            select(SendEntry).where(SendEntry.status == Outcome.REFUSED.value)
        ).all()
        assert len(refused) == 6 and refused[0].smtp_code == 550

    recorder.accept_only = None
    second = send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert len(second.sent) == 6
    delivered = recorder.recipients()
    assert sorted(delivered) == sorted(f"p{i:02d}@example.org" for i in range(10))
    assert len(delivered) == len(set(delivered))


def test_server_closing_fails_the_run_and_next_send_resumes_it(store, smtpd):
    recorder, settings = smtpd
    ids = [add_contact(store, f"Person {i:02d}", f"p{i:02d}@example.org") for i in range(6)]
    make_list(store, "Central Asia media", ids)
    recorder.accept_only = 2
    recorder.refusal = "421 4.7.0 too many messages, come back later"

    with pytest.raises(SendFailed, match="2 sent, 4 not yet"):
        send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert len(recorder.received) == 2
    with store.uow() as uow:
        runs = uow.sends.runs(RELEASE_ID)
        assert [r.state for r in runs] == ["failed"]
        assert "421" in runs[0].error
        first_run = runs[0].id

    recorder.accept_only = None
    report = send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert report.resumed and report.run_id == first_run
    assert len(report.sent) == 4 and report.pending == 0
    delivered = recorder.recipients()
    assert len(delivered) == 6 == len(set(delivered))
    with store.uow() as uow:
        log = send_log(uow, RELEASE_ID)
    assert log["runs"][0]["counts"] == {"sent": 6}


# A sender killed (as by a power cut or the OOM killer) with a message on the wire.
_KILLED_SENDER = """
import datetime as dt
import sys

from pressdesk.domain.releases import Dateline, Release
from pressdesk.services.sending import SendOptions, send_release
from pressdesk.services.smtp import Security, SmtpSettings
from pressdesk.store import Store

dateline = Dateline("Ashgabat", dt.date(2026, 1, 5))
release = Release("IOM opens an office", ["Today."], dateline=dateline)
options = SendOptions(["Central Asia media"], "press@iom.int", attach_pdf=False)
server = SmtpSettings("127.0.0.1", int(sys.argv[2]), Security.NONE, timeout=10)
send_release(Store.open(sys.argv[1]), int(sys.argv[3]), release, options, server)
"""


def _statuses(store: Store) -> dict[str, tuple[str, str, str]]:
    with store.uow() as uow:
        return {
            e.address: (e.status, e.reason, e.message_id)
            for e in uow.sends.entries(release_id=RELEASE_ID)
        }


def test_killed_after_the_server_took_a_message_never_sends_it_twice(store, smtpd):
    _killed_then_resumed(store, *smtpd)


@pytest.mark.postgres
def test_killed_and_resumed_on_postgres(pg_store, smtpd):
    _killed_then_resumed(pg_store, *smtpd)


def _killed_then_resumed(store: Store, recorder: Recorder, settings: SmtpSettings) -> None:
    ids = [add_contact(store, f"Person {i:02d}", f"p{i:02d}@example.org") for i in range(6)]
    make_list(store, "Central Asia media", ids)
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_SENDER, store.url, str(settings.port), str(RELEASE_ID)],
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    # The third message is whole at the server; the sender dies before the answer.
    recorder.on_data = lambda number, _server: child.kill() if number == 3 else None
    assert child.wait(timeout=60) == -9
    taken = recorder.recipients()
    assert len(taken) == 3
    statuses = _statuses(store)
    assert [statuses[a][0] for a in taken] == ["sent", "sent", "pending"]
    assert statuses[taken[2]][2]  # in flight: its Message-ID written before it went

    recorder.on_data = None
    report = send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert report.resumed and report.unconfirmed == [taken[2]]
    assert len(report.sent) == 3 and taken[2] not in report.sent
    assert any(e.address == taken[2] and "unconfirmed" in e.explanation for e in report.skipped)
    delivered = recorder.recipients()
    assert len(delivered) == 6 == len(set(delivered))
    status, reason, message_id = _statuses(store)[taken[2]]
    assert (status, reason) == ("sent", UNCONFIRMED)
    assert message_id in recorder.received[2][2].decode()
    # Nor does a later send of the release, to other lists.
    make_list(store, "Everyone", ids)
    later = send_release(
        store, RELEASE_ID, make_release(), SendOptions(["Everyone"], SENDER), settings
    )
    assert later.sent == [] and len(recorder.received) == 6


def test_connection_lost_before_the_answer_counts_as_sent_unconfirmed(store, smtpd):
    recorder, settings = smtpd
    ids = [add_contact(store, f"Person {i:02d}", f"p{i:02d}@example.org") for i in range(4)]
    make_list(store, "Central Asia media", ids)

    def hang_up(number: int, server) -> None:
        if number == 2:
            server.transport.close()

    recorder.on_data = hang_up
    with pytest.raises(SendFailed, match=r"unconfirmed: p01@example\.org"):
        send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert _statuses(store)["p01@example.org"][:2] == ("sent", UNCONFIRMED)

    recorder.on_data = None
    report = send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert report.resumed and report.sent == ["p02@example.org", "p03@example.org"]
    assert report.unconfirmed == []  # recorded by the run that lost the connection
    delivered = recorder.recipients()
    assert len(delivered) == 4 == len(set(delivered))


def test_connection_lost_before_the_message_went_resends_it(store, smtpd):
    recorder, settings = smtpd
    ids = [add_contact(store, f"Person {i:02d}", f"p{i:02d}@example.org") for i in range(4)]
    make_list(store, "Central Asia media", ids)
    hang_up_at = {"p01@example.org"}
    base_rcpt = Recorder.handle_RCPT

    async def handle_rcpt(self, server, session, envelope, address, rcpt_options):
        if address in hang_up_at:
            server.transport.close()
            return "421 closing"
        return await base_rcpt(self, server, session, envelope, address, rcpt_options)

    recorder.handle_RCPT = handle_rcpt.__get__(recorder)
    with pytest.raises(SendFailed, match="1 sent, 3 not yet"):
        send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert _statuses(store)["p01@example.org"] == ("pending", "", "")

    hang_up_at.clear()
    report = send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert report.sent == ["p01@example.org", "p02@example.org", "p03@example.org"]
    assert report.unconfirmed == []
    assert sorted(recorder.recipients()) == [f"p{i:02d}@example.org" for i in range(4)]


def test_address_needing_smtputf8_is_refused_and_the_run_goes_on(store, smtpd):
    recorder, settings = smtpd
    ids = [
        add_contact(store, "Aigul", "aigul@kazinform.kz"),
        add_contact(store, "Пётр", "пётр@почта.рф"),
        add_contact(store, "Ivan", "ivan@tass.ru"),
    ]
    make_list(store, "Central Asia media", ids)
    report = send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert report.state is RunState.COMPLETED
    assert report.sent == ["aigul@kazinform.kz", "ivan@tass.ru"]
    assert report.refused == [("пётр@почта.рф", 553, "this address needs an SMTPUTF8 server")]

    bcc = send_release(
        store, RELEASE_ID, make_release(), options(resend=True, bcc_batch=3), settings
    )
    assert [rcpts for _, rcpts, _ in recorder.received[2:]] == [
        ["aigul@kazinform.kz", "ivan@tass.ru"]
    ]
    assert [a for a, _, _ in bcc.refused] == ["пётр@почта.рф"]


def test_lines_starting_with_a_dot_arrive_whole(store, smtpd, audience):
    recorder, settings = smtpd
    release = make_release()
    release.paragraphs = ["Opening.", ".", ".NET developers meet in Bishkek.", "..and so on"]
    send_release(store, RELEASE_ID, release, options(attach_pdf=False), settings)
    assert len(recorder.received) == 3
    for message in recorder.messages():
        lines = message.get_body(("plain",)).get_content().splitlines()
        assert "." in lines
        assert ".NET developers meet in Bishkek." in lines and "..and so on" in lines


def test_bcc_batches(store, smtpd):
    recorder, settings = smtpd
    ids = [add_contact(store, f"Person {i:02d}", f"p{i:02d}@example.org") for i in range(7)]
    make_list(store, "Central Asia media", ids)
    recorder.refuse = {"p03@example.org"}

    report = send_release(store, RELEASE_ID, make_release(), options(bcc_batch=3), settings)
    assert [len(rcpts) for _, rcpts, _ in recorder.received] == [3, 2, 1]
    assert [a for a, _, _ in report.refused] == ["p03@example.org"]
    for message in recorder.messages():
        assert message["To"] == "press@iom.int"
        assert message["Bcc"] is None and message["Cc"] is None
    assert len(report.sent) == 6


def test_dry_run_writes_eml_files_and_logs_nothing(store, smtpd, audience, tmp_path: Path):
    recorder, _ = smtpd
    report = send_release(
        store, RELEASE_ID, make_release(), options(), None, dry_run=tmp_path / "out"
    )
    files = sorted((tmp_path / "out").glob("*.eml"))
    assert len(files) == 3 == len(report.files)
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert parsed["To"] is not None and parsed.get_body(("html",)) is not None
    assert recorder.received == []
    with store.uow() as uow:
        assert uow.sends.runs(RELEASE_ID) == []


def test_erased_and_do_not_contact_never_receive(store, smtpd, audience):
    recorder, settings = smtpd
    with store.uow() as uow:
        privacy.erase_contact(uow, audience["gulnara"])
        uow.commit()
    # Re-added by hand later: the tombstone still keeps the address off a send...
    again = add_contact(store, "Gulnara I.", "Gulnara@24.kg")
    with store.uow() as uow:
        list_service.add_members(uow, list_service.require_list(uow, "Central Asia media"), [again])
        uow.commit()
    report = send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert sorted(recorder.recipients()) == ["aigul@kazinform.kz", "ivan@tass.ru"]
    assert "erased" in {e.reason.value for e in report.skipped}
    # ...until that person grants consent again.
    with store.uow() as uow:
        privacy.set_consent(uow, again, ConsentStatus.GRANTED, lawful_basis="consent")
        uow.commit()
    send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert "Gulnara@24.kg" in recorder.recipients()


def test_progress_and_cancel(store, smtpd):
    recorder, settings = smtpd
    ids = [add_contact(store, f"Person {i:02d}", f"p{i:02d}@example.org") for i in range(5)]
    make_list(store, "Central Asia media", ids)
    seen = []

    def cancel_after_two() -> bool:
        return len(seen) >= 2

    report = send_release(
        store, RELEASE_ID, make_release(), options(), settings,
        progress=seen.append, cancelled=cancel_after_two,
    )  # fmt: skip
    assert report.state is RunState.CANCELLED
    assert [p.done for p in seen] == [1, 2] and seen[0].total == 5
    assert len(recorder.received) == 2
    rest = send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert rest.resumed and len(rest.sent) == 3
    assert len(set(recorder.recipients())) == 5


def test_a_progress_callback_that_raises_loses_no_record(store, smtpd):
    recorder, settings = smtpd
    ids = [add_contact(store, f"Person {i:02d}", f"p{i:02d}@example.org") for i in range(4)]
    make_list(store, "Central Asia media", ids)

    class Closed(Exception):
        pass

    def progress(step) -> None:
        if step.done == 2:
            raise Closed

    with pytest.raises(Closed):
        send_release(store, RELEASE_ID, make_release(), options(), settings, progress=progress)
    assert len(recorder.received) == 2
    statuses = _statuses(store)
    assert [statuses[f"p{i:02d}@example.org"][:2] for i in range(4)] == [
        ("sent", ""),
        ("sent", ""),
        ("pending", ""),
        ("pending", ""),
    ]
    rest = send_release(store, RELEASE_ID, make_release(), options(), settings)
    assert rest.resumed and rest.sent == ["p02@example.org", "p03@example.org"]
    assert len(set(recorder.recipients())) == 4 == len(recorder.received)


def test_rate_limit_spaces_messages(store, smtpd):
    _, settings = smtpd
    ids = [add_contact(store, f"Person {i}", f"p{i}@example.org") for i in range(3)]
    make_list(store, "Central Asia media", ids)
    import time

    started = time.monotonic()
    send_release(store, RELEASE_ID, make_release(), options(rate_per_minute=300), settings)
    assert time.monotonic() - started >= 0.4  # 3 messages, 0.2 s apart


def test_unreachable_server_fails_cleanly(store, audience):
    settings = SmtpSettings("127.0.0.1", _free_port(), Security.NONE, timeout=2)
    with pytest.raises(SendFailed, match="cannot reach"):
        send_release(store, RELEASE_ID, make_release(), options(), settings)
    with store.uow() as uow:
        entries = uow.sends.entries(release_id=RELEASE_ID)
        assert {e.status for e in entries if e.address.endswith(".kz")} == {"pending"}
        assert uow.sends.runs(RELEASE_ID)[0].state == "failed"


def test_test_send_to_myself(smtpd):
    recorder, settings = smtpd
    send_test(make_release(), SENDER, "officer@iom.int", settings, attach_pdf=False)
    [message] = recorder.messages()
    assert message["Subject"] == "[TEST] IOM opens an office in Ashgabat"
    assert recorder.recipients() == ["officer@iom.int"]


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_starttls_and_login(store, audience, tmp_path: Path):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = _self_signed(tmp_path)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"s3cret"
        return AuthResult(success=ok)

    recorder = Recorder()
    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=_free_port(),
        tls_context=server_context,
        require_starttls=True,
        authenticator=authenticate,
        auth_required=True,
        auth_exclude_mechanism=["LOGIN"],
    )
    controller.start()
    try:
        client_context = ssl.create_default_context(cafile=str(cert))
        settings = SmtpSettings(
            "127.0.0.1", controller.port, Security.STARTTLS, "press", "s3cret",
            timeout=10, ssl_context=client_context,
        )  # fmt: skip
        report = send_release(store, RELEASE_ID, make_release(), options(), settings)
        assert len(report.sent) == 3 == len(recorder.received)

        # A user without a password (none given, none in the keyring) is a clear error.
        missing = SmtpSettings(
            "127.0.0.1", controller.port, Security.STARTTLS, "nobody-in-keyring",
            timeout=10, ssl_context=client_context,
        )  # fmt: skip
        with pytest.raises(SmtpError, match="no password"):
            connect(with_password(missing))
    finally:
        controller.stop()
