"""Sending a release to distribution lists, one message per recipient or in BCC batches.

A send is a *run*: the lists are resolved (``services.lists.resolve``), everyone to send
to gets a ``pending`` entry and everyone left out a ``skipped`` entry with the reason.
Then each message's entry is marked *in flight* (it gets the message's Message-ID) in
the store's ``SendJournal`` when the message has gone to the server but for its closing
line, and its outcome recorded when the server has answered (``sent``, or ``refused``
with the server's reply; ``_Delivery`` fits both in one commit a message). A run that
stopped (connection lost, server gone, Cancel) is resumed by the next send of the same
release to the same lists: only the entries not yet sent go out. An address this release
was delivered to is never sent to again unless ``resend`` is asked.

The in-flight mark is what keeps that promise when the process dies or the connection
drops between the end of a message and the server's answer: the server may have taken
the message, so such an entry is recorded as sent, "unconfirmed", and is not sent again
(``SendReport.unconfirmed``; its Message-ID is in the log, to look for in the server's
logs). A failure before the message's last line went out leaves the entry pending, to be
sent by the resumed run. The mark is written only once the message is on its way, not
before the connection's commands, so that a run killed between messages does not leave
behind as "unconfirmed" someone who was never sent anything; and while the server reads
the message, so that the commit costs the run no time.

The message is the release feature's (``formats.release_eml.build_email``), built once per
run and personalised per recipient by rewriting only its headers (To, Date, Message-ID),
so a thousand recipients do not mean a thousand PDF renderings; its body is dot-stuffed
for SMTP once per run too (``smtp.send_data``).

No Qt here: the GUI runs :func:`send_release` on a worker thread and passes ``progress``
and ``cancelled`` callables.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any

from sqlalchemy import delete

from pressdesk.domain.releases import Release
from pressdesk.services import smtp as smtp_service
from pressdesk.services.errors import InvalidInput, NotFound, PressDeskError
from pressdesk.services.lists import Exclusion, Reason, Recipient, Resolution, resolve
from pressdesk.store import Store
from pressdesk.store.models import Outcome, RunState, SendEntry, SendRun
from pressdesk.store.sending import EntryChange, SendJournal
from pressdesk.store.uow import UnitOfWork

#: Builds the release's message (without recipient) from the release and the sender.
Composer = Callable[[Release, str], EmailMessage]
#: A release, or how to read it from the store.
ReleaseSource = Release | Callable[[UnitOfWork], Release]
ProgressCallback = Callable[["SendProgress"], None]

_PERSONAL_HEADERS = {"to", "cc", "bcc", "date", "message-id", "x-unsent"}
_SMTP = policy.SMTP
#: The log's reason for a message that went out without an answer from the server.
UNCONFIRMED = (
    "unconfirmed: the run stopped after the message went out, before the server answered; "
    "not sent again, so as not to send it twice"
)
_NEEDS_SMTPUTF8 = (553, "this address needs an SMTPUTF8 server")


class SendFailed(PressDeskError):
    """The run stopped before the end; sending the same release again resumes it."""


@dataclass(frozen=True, slots=True)
class SendProgress:
    done: int
    total: int
    address: str
    outcome: str


@dataclass(slots=True)
class SendPlan:
    """Who a send would reach now, and who it leaves out and why."""

    release_id: int
    recipients: list[Recipient]
    skipped: list[Exclusion]
    resolution: Resolution

    def to_dict(self) -> dict[str, Any]:
        return {
            "release_id": self.release_id,
            "recipients": [
                {"contact_id": r.contact_id, "name": r.name, "address": r.address}
                for r in self.recipients
            ],
            "skipped": [_exclusion_dict(e) for e in self.skipped],
        }


def _exclusion_dict(e: Exclusion) -> dict[str, Any]:
    return {
        "contact_id": e.contact_id,
        "name": e.name,
        "address": e.address,
        "reason": e.reason.value,
        "detail": e.detail,
    }


@dataclass(slots=True)
class SendReport:
    release_id: int
    run_id: int | None
    state: RunState
    sent: list[str] = field(default_factory=list)
    refused: list[tuple[str, int | None, str]] = field(default_factory=list)
    skipped: list[Exclusion] = field(default_factory=list)
    pending: int = 0
    files: list[Path] = field(default_factory=list)
    error: str = ""
    resumed: bool = False
    #: Went out, but the run stopped before the server's answer: counted as sent.
    unconfirmed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "release_id": self.release_id,
            "run_id": self.run_id,
            "state": self.state.value,
            "resumed": self.resumed,
            "sent": self.sent,
            "unconfirmed": self.unconfirmed,
            "refused": [{"address": a, "code": c, "reply": r} for a, c, r in self.refused],
            "skipped": [_exclusion_dict(e) for e in self.skipped],
            "pending": self.pending,
            "files": [str(p) for p in self.files],
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class SendOptions:
    lists: Sequence[str]
    sender: str
    bcc_batch: int | None = None
    rate_per_minute: float | None = None
    resend: bool = False
    attach_pdf: bool = True
    #: A List-Unsubscribe mailto: address; None: the sender's address.
    unsubscribe: str | None = None

    def check(self) -> None:
        if not self.lists:
            raise InvalidInput("name at least one list to send to")
        if not parseaddr(self.sender)[1] or "@" not in parseaddr(self.sender)[1]:
            raise InvalidInput(f"{self.sender!r} is not a sender address (--from)")
        if self.bcc_batch is not None and self.bcc_batch < 1:
            raise InvalidInput("--bcc-batch must be at least 1")
        if self.rate_per_minute is not None and self.rate_per_minute <= 0:
            raise InvalidInput("--rate must be more than 0 messages a minute")


def default_composer(attach_pdf: bool = True) -> Composer:
    from pressdesk.formats.release_eml import build_email

    def compose(release: Release, sender: str) -> EmailMessage:
        return build_email(release, sender=sender, to=None, attach_pdf=attach_pdf)

    return compose


def plan(
    uow: UnitOfWork,
    release_id: int,
    lists: Sequence[str],
    *,
    resend: bool = False,
    run_id: int | None = None,
) -> SendPlan:
    """Resolve the lists and leave out the addresses this release already reached."""
    resolution = resolve(uow, list(lists))
    if not resend:
        done = uow.sends.sent_keys(release_id)
    else:
        done = uow.sends.sent_keys(release_id, run_id) if run_id is not None else set()
    when = uow.sends.last_sent(release_id)
    recipients, skipped = [], list(resolution.excluded)
    for recipient in resolution.recipients:
        key = recipient.address.casefold()
        if key in done:
            day = when.get(key)
            detail = f"on {day:%Y-%m-%d %H:%M} UTC" if day else ""
            skipped.append(
                Exclusion(
                    recipient.contact_id,
                    recipient.name,
                    recipient.address,
                    Reason.ALREADY_SENT,
                    detail,
                )
            )
        else:
            recipients.append(recipient)
    return SendPlan(release_id, recipients, skipped, resolution)


def _envelope_address(address: str) -> str:
    """The address as SMTP carries it: an internationalised domain in its ASCII form."""
    local, _, domain = address.rpartition("@")
    try:
        domain.encode("ascii")
    except UnicodeEncodeError:
        domain = domain.encode("idna").decode("ascii")
    return f"{local}@{domain}"


def _smtp_address(address: str) -> str | None:
    """The envelope address; None when it needs SMTPUTF8 (a local part beyond ASCII),
    which PressDesk does not use, or when IDNA cannot encode its domain."""
    try:
        envelope = _envelope_address(address)
    except UnicodeError:
        return None
    return envelope if envelope.isascii() else None


class _Template:
    """The release's message flattened once; each recipient gets new headers only.

    The headers are taken from the flattened bytes, not the message object, so that
    what the generator settled (the multipart boundary) stays in step with the body.
    """

    def __init__(self, message: EmailMessage, unsubscribe: str) -> None:
        if unsubscribe:
            del message["List-Unsubscribe"]
            message["List-Unsubscribe"] = f"<mailto:{unsubscribe}?subject=unsubscribe>"
        head, _, self.body = message.as_bytes(policy=_SMTP).partition(b"\r\n\r\n")
        fields: list[bytes] = []
        for line in head.split(b"\r\n"):
            if line[:1] in (b" ", b"\t") and fields:
                fields[-1] += b"\r\n" + line
            else:
                fields.append(line)
        self.head = b"".join(
            f + b"\r\n"
            for f in fields
            if f.partition(b":")[0].strip().decode("ascii").lower() not in _PERSONAL_HEADERS
        )
        # What every recipient's DATA shares, dot-stuffed once. The personal header lines
        # need none: each begins with its name or, folded, with a space.
        self.data_head = smtp_service.dot_stuffed(self.head)
        self.data_tail = smtp_service.data_lines(b"\r\n" + self.body)
        self.domain = parseaddr(message.get("From", ""))[1].rpartition("@")[2] or "pressdesk"
        self._second = -1
        self._date = ""

    def _personal(self, to: str) -> tuple[bytes, str]:
        second = int(time.time())
        if second != self._second:
            self._second, self._date = second, formatdate(second, localtime=True)
        message_id = make_msgid(domain=self.domain)
        personal = [("To", to), ("Date", self._date), ("Message-ID", message_id)]
        return "".join(_SMTP.fold(k, v) for k, v in personal).encode("ascii"), message_id

    def render(self, to: str) -> tuple[bytes, str]:
        """The message to ``to``, and its Message-ID."""
        own, message_id = self._personal(to)
        return b"".join([self.head, own, b"\r\n", self.body]), message_id

    def payload(self, to: str) -> tuple[bytes, str]:
        """The message to ``to`` as DATA carries it (``smtp.send_data``), and its Message-ID."""
        own, message_id = self._personal(to)
        return b"".join([self.data_head, own, self.data_tail]), message_id


def _to_header(name: str, address: str) -> str:
    return formataddr((name, _envelope_address(address)))


class _Pacer:
    """At most ``rate`` messages a minute, waiting in short steps so Cancel is prompt."""

    def __init__(self, rate: float | None, cancelled: Callable[[], bool]) -> None:
        self.interval = 60.0 / rate if rate else 0.0
        self.cancelled = cancelled
        self.next_at = 0.0

    def wait(self) -> bool:
        """False when cancelled while waiting."""
        if self.interval:
            while (left := self.next_at - time.monotonic()) > 0:
                if self.cancelled():
                    return False
                time.sleep(min(left, 0.1))
            self.next_at = max(self.next_at, time.monotonic()) + self.interval
        return not self.cancelled()


def _load(uow: UnitOfWork, release: ReleaseSource) -> Release:
    return release if isinstance(release, Release) else release(uow)


def send_release(
    store: Store,
    release_id: int,
    release: ReleaseSource,
    options: SendOptions,
    smtp: smtp_service.SmtpSettings | None,
    *,
    dry_run: Path | None = None,
    compose: Composer | None = None,
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SendReport:
    """Send (or with ``dry_run``, write as .eml files) the release to the lists."""
    options.check()
    cancelled = cancelled or (lambda: False)
    compose = compose or default_composer(options.attach_pdf)
    with store.uow() as uow:
        document = _load(uow, release)
        message = compose(document, options.sender)
        template = _Template(message, options.unsubscribe or parseaddr(options.sender)[1])
        if dry_run is not None:
            return _write_files(uow, release_id, options, template, dry_run, progress)
        if smtp is None:
            raise InvalidInput("no SMTP server given")
        sender = _smtp_address(parseaddr(options.sender)[1])
        if sender is None:
            raise InvalidInput(
                f"{options.sender!r} needs an SMTPUTF8 server, which PressDesk does not use"
            )
        run, resumed, settled = _start_run(uow, release_id, options)
        report = _report_of(uow, run, resumed)
        _note_unconfirmed(report, settled)
        targets = [
            _Target(e.id, e.name, e.address, _smtp_address(e.address))
            for e in uow.sends.entries(run_id=run.id)
            if e.status == Outcome.PENDING.value
        ]
        uow.commit()
        if not targets:
            return _finish(uow, run, report, RunState.COMPLETED)
        try:
            client = smtp_service.connect(smtp)
        except PressDeskError as error:
            report.error = str(error)
            _finish(uow, run, report, RunState.FAILED)
            raise SendFailed(f"{error}; nothing was sent, send again to retry") from error
        delivery = _Delivery(client, template, sender, options, report, progress, cancelled)
        try:
            with uow.sends.journal() as journal:
                state = delivery.run(journal, targets)
        finally:
            smtp_service.close(client)
        _finish(uow, run, report, state)
    if state is RunState.FAILED:
        raise SendFailed(
            f"sending stopped: {report.error}; {len(report.sent)} sent, {report.pending} "
            "not yet: send the same release again to resume"
        )
    return report


def _start_run(
    uow: UnitOfWork, release_id: int, options: SendOptions
) -> tuple[SendRun, bool, list[SendEntry]]:
    """The run to deliver (the unfinished one resumed, or a new one) with its entries, and
    the entries a stopped run left in flight, now recorded as sent, unconfirmed."""
    settled = uow.sends.settle_in_flight(release_id, UNCONFIRMED)
    lists = sorted(options.lists, key=str.casefold)
    run = uow.sends.unfinished_run(release_id)
    resumed = run is not None and sorted(run.lists, key=str.casefold) == lists
    if run is not None and not resumed:
        run.state = RunState.FAILED.value
        run.error = run.error or "abandoned: a later send used other lists"
    if not resumed:
        run = uow.sends.add_run(
            SendRun(
                release_id=release_id,
                sender=options.sender,
                lists=lists,
                bcc_batch=options.bcc_batch,
                resend=options.resend,
            )
        )
        uow.flush()
    assert run is not None
    run.state = RunState.RUNNING.value
    run.sender = options.sender
    run.bcc_batch = options.bcc_batch
    run.error = ""
    the_plan = plan(uow, release_id, options.lists, resend=options.resend, run_id=run.id)
    existing = {e.address_key: e for e in uow.sends.entries(run_id=run.id) if e.address_key}
    wanted = {r.address.casefold() for r in the_plan.recipients}
    # Someone pending from the last attempt may have become do-not-contact since.
    for key, entry in existing.items():
        if entry.status != Outcome.SENT.value and key not in wanted:
            entry.status = Outcome.SKIPPED.value
            entry.reason = _reason_for(the_plan, key)
    uow.session.execute(
        delete(SendEntry).where(SendEntry.run_id == run.id, SendEntry.address_key == "")
    )
    rows: list[dict[str, object]] = []
    for recipient in the_plan.recipients:
        again = existing.get(recipient.address.casefold())
        if again is not None:
            again.status = Outcome.PENDING.value
            again.contact_id = recipient.contact_id
            again.message_id = ""
        else:
            rows.append(_row(run, recipient.contact_id, recipient.name, recipient.address))
    for skip in the_plan.skipped:
        key = skip.address.casefold()
        if key and key in existing:
            continue
        row = _row(run, skip.contact_id, skip.name, skip.address, Outcome.SKIPPED)
        row["reason"] = skip.explanation
        rows.append(row)
    uow.sends.add_entries(rows)
    uow.flush()
    return run, resumed, settled


def _reason_for(the_plan: SendPlan, key: str) -> str:
    for skip in the_plan.skipped:
        if skip.address.casefold() == key:
            return skip.explanation
    return "no longer on the lists"


def _row(
    run: SendRun,
    contact_id: int | None,
    name: str,
    address: str,
    status: Outcome = Outcome.PENDING,
) -> dict[str, object]:
    return {
        "run_id": run.id,
        "release_id": run.release_id,
        "contact_id": contact_id,
        "name": name,
        "address": address,
        "address_key": address.casefold(),
        "status": status.value,
        "reason": "",
        "updated_at": dt.datetime.now(dt.UTC),
    }


def _report_of(uow: UnitOfWork, run: SendRun, resumed: bool) -> SendReport:
    report = SendReport(run.release_id, run.id, RunState.RUNNING, resumed=resumed)
    for entry in uow.sends.entries(run_id=run.id):
        if entry.status == Outcome.SKIPPED.value:
            reason = _reason(entry)
            detail = entry.reason[len(reason.value) :].strip()
            report.skipped.append(
                Exclusion(entry.contact_id, entry.name, entry.address, reason, detail)
            )
    return report


def _note_unconfirmed(report: SendReport, settled: list[SendEntry]) -> None:
    """Those a stopped run left in flight are left out of this one, and said so."""
    listed = {e.address.casefold() for e in report.skipped}
    for entry in settled:
        report.unconfirmed.append(entry.address)
        if entry.address.casefold() not in listed:
            report.skipped.append(
                Exclusion(
                    entry.contact_id,
                    entry.name,
                    entry.address,
                    Reason.ALREADY_SENT,
                    "(unconfirmed: a stopped run sent it without getting the server's answer)",
                )
            )


def _reason(entry: SendEntry) -> Reason:
    for reason in sorted(Reason, key=lambda r: -len(r.value)):
        if entry.reason.startswith(reason.value):
            return reason
    return Reason.EXCLUDED_BY_LIST


def _finish(uow: UnitOfWork, run: SendRun, report: SendReport, state: RunState) -> SendReport:
    run.state = state.value
    run.error = report.error
    run.finished_at = dt.datetime.now(dt.UTC)
    report.state = state
    report.pending = uow.sends.counts(run.id).get(Outcome.PENDING.value, 0)
    uow.commit()
    return report


_Reply = tuple[int, str]


def _reply_text(error: smtplib.SMTPResponseException | tuple[int, bytes | str]) -> _Reply:
    if isinstance(error, tuple):
        code, text = error
    else:
        code, text = error.smtp_code, error.smtp_error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return int(code), str(text)


@dataclass(frozen=True, slots=True)
class _Target:
    entry_id: int
    name: str
    address: str
    #: None: the address needs SMTPUTF8 and is refused without asking the server.
    envelope: str | None


class _Delivery:
    """The run's messages going out, one SMTP transaction per batch (of one by default).

    One commit per message: the answer "sent" is written with the next message's in-flight
    mark (or when the run stops or waits for the rate limit), so it may be heard of before
    it is committed; a crash or a raising progress callback then leaves that entry in
    flight, counted as sent: never lost, never sent twice. A refusal is written at once,
    so that a resumed run tries again whoever was refused.
    """

    def __init__(
        self,
        client: smtplib.SMTP,
        template: _Template,
        sender: str,
        options: SendOptions,
        report: SendReport,
        progress: ProgressCallback | None,
        cancelled: Callable[[], bool],
    ) -> None:
        self.client, self.template, self.sender = client, template, sender
        self.bcc = bool(options.bcc_batch)
        self.size = options.bcc_batch or 1
        self.pacer = _Pacer(options.rate_per_minute, cancelled)
        self.report, self.progress = report, progress
        self.done = self.total = 0
        self.unwritten: list[EntryChange] = []

    def run(self, journal: SendJournal, targets: list[_Target]) -> RunState:
        self.total = len(targets)
        try:
            state = self._run(journal, targets)
        except BaseException:
            self._write(journal)  # what went out stays recorded when we are stopped
            raise
        self._write(journal)
        return state

    def _run(self, journal: SendJournal, targets: list[_Target]) -> RunState:
        for start in range(0, len(targets), self.size):
            if not self.pacer.wait():
                return RunState.CANCELLED
            stopped = self._send(journal, targets[start : start + self.size])
            if stopped is not None:
                return stopped
            if self.pacer.interval:
                self._write(journal)  # the log stays current while the pacer waits
        return RunState.COMPLETED

    def _write(self, journal: SendJournal, changes: Sequence[EntryChange] = ()) -> None:
        journal.write([*self.unwritten, *changes])
        self.unwritten = []

    def _send(self, journal: SendJournal, batch: list[_Target]) -> RunState | None:
        """One message to the batch; a final state when the run cannot go on."""
        answers: list[tuple[_Target, _Reply | None]] = [
            (t, _NEEDS_SMTPUTF8) for t in batch if t.envelope is None
        ]
        sendable = {t.envelope: t for t in batch if t.envelope is not None}
        if not sendable:
            self._answer(journal, answers, "")
            return None
        first = next(iter(sendable.values()))
        to = formataddr(("", self.sender)) if self.bcc else _to_header(first.name, first.address)
        data, message_id = self.template.payload(to)
        in_flight: list[_Target] = []

        def mark_in_flight(refused: dict[str, tuple[int, bytes]]) -> None:
            in_flight.extend(t for e, t in sendable.items() if e not in refused)
            marks = [
                EntryChange(t.entry_id, Outcome.PENDING, message_id=message_id) for t in in_flight
            ]
            self._write(journal, marks)

        try:
            refused = {
                e: _reply_text(reply)
                for e, reply in smtp_service.send_data(
                    self.client, self.sender, list(sendable), data, mark_in_flight
                ).items()
            }
        except smtplib.SMTPRecipientsRefused as error:
            # Nothing of the batch was sent. 421: the server is closing; stop there.
            refused = {e: _reply_text(r) for e, r in error.recipients.items() if r[0] != 421}
            if len(refused) < len(sendable):
                answers += [(sendable[e], reply) for e, reply in refused.items()]
                self._answer(journal, answers, "")
                closing = next((r for r in error.recipients.values() if r[0] == 421), None)
                self.report.error = (
                    " ".join(map(str, _reply_text(closing))) if closing else "closed"
                )
                return RunState.FAILED
        except smtplib.SMTPSenderRefused as error:
            self._answer(journal, answers, "")
            self.report.error = "the server refused the sender: {} {}".format(*_reply_text(error))
            return RunState.FAILED
        except smtplib.SMTPDataError as error:
            refused = {e: _reply_text(error) for e in sendable}
        except smtp_service.DeliveryUnknown as error:
            self.unwritten += [
                EntryChange(t.entry_id, Outcome.SENT, UNCONFIRMED, message_id=message_id)
                for t in in_flight
            ]
            self._answer(journal, answers, "")
            self.report.unconfirmed += [t.address for t in in_flight]
            self.report.error = f"{error}; counted as sent, unconfirmed: " + ", ".join(
                t.address for t in in_flight
            )
            return RunState.FAILED
        except (smtplib.SMTPException, OSError) as error:
            # Lost before the message's last line went out: the server dropped it.
            self.unwritten += [EntryChange(t.entry_id, Outcome.PENDING) for t in in_flight]
            self._answer(journal, answers, "")
            self.report.error = f"the connection to the server was lost ({error})"
            return RunState.FAILED
        answers += [(t, refused.get(e)) for e, t in sendable.items()]
        self._answer(journal, answers, message_id)
        return None

    def _answer(
        self, journal: SendJournal, answers: list[tuple[_Target, _Reply | None]], message_id: str
    ) -> None:
        """Record the answers (None: sent), then tell the progress callback; refusals
        are written at once, "sent" with the next write."""
        refusals = []
        for target, reply in answers:
            if reply is None:
                change = EntryChange(target.entry_id, Outcome.SENT, message_id=message_id)
                self.unwritten.append(change)
            else:
                code, text = reply
                refusals.append(
                    EntryChange(target.entry_id, Outcome.REFUSED, f"{code} {text}", code)
                )
        if refusals:
            self._write(journal, refusals)
        for target, reply in answers:
            if reply is None:
                self.report.sent.append(target.address)
            else:
                self.report.refused.append((target.address, reply[0], reply[1]))
            if self.progress is not None:
                self.done += 1
                outcome = Outcome.SENT if reply is None else Outcome.REFUSED
                self.progress(SendProgress(self.done, self.total, target.address, outcome.value))


def _safe_name(address: str) -> str:
    return "".join(c if c.isalnum() or c in "@._-" else "_" for c in address)[:100]


def _write_files(
    uow: UnitOfWork,
    release_id: int,
    options: SendOptions,
    template: _Template,
    directory: Path,
    progress: ProgressCallback | None,
) -> SendReport:
    """The messages a send would make, as .eml files; the send log is not touched."""
    the_plan = plan(uow, release_id, options.lists, resend=options.resend)
    directory.mkdir(parents=True, exist_ok=True)
    report = SendReport(release_id, None, RunState.COMPLETED, skipped=the_plan.skipped)
    size = options.bcc_batch or 1
    envelope_from = _envelope_address(parseaddr(options.sender)[1])
    recipients = the_plan.recipients
    for number, start in enumerate(range(0, len(recipients), size), start=1):
        batch = recipients[start : start + size]
        if options.bcc_batch:
            data, _ = template.render(formataddr(("", envelope_from)))
            # A .eml of a BCC batch shows its recipients, as a mail client's draft would.
            bcc = ", ".join(_envelope_address(r.address) for r in batch)
            data = _SMTP.fold("Bcc", bcc).encode("ascii") + data
            path = directory / f"{number:04d}-bcc-{len(batch)}.eml"
        else:
            data, _ = template.render(_to_header(batch[0].name, batch[0].address))
            path = directory / f"{number:04d}-{_safe_name(batch[0].address)}.eml"
        path.write_bytes(data)
        report.files.append(path)
        report.sent.extend(r.address for r in batch)
        if progress is not None:
            progress(SendProgress(len(report.sent), len(recipients), batch[-1].address, "written"))
    return report


def send_test(
    release: Release,
    sender: str,
    to: str,
    smtp: smtp_service.SmtpSettings,
    *,
    compose: Composer | None = None,
    attach_pdf: bool = True,
) -> str:
    """One copy to the officer's own address, marked as a test, not logged; returns its
    Message-ID."""
    compose = compose or default_composer(attach_pdf)
    message = compose(release, sender)
    subject = message["Subject"] or ""
    del message["Subject"]
    message["Subject"] = f"[TEST] {subject}"
    template = _Template(message, "")
    data, message_id = template.render(_to_header("", to))
    client = smtp_service.connect(smtp)
    try:
        client.sendmail(_envelope_address(parseaddr(sender)[1]), [_envelope_address(to)], data)
    except smtplib.SMTPException as error:
        raise SendFailed(f"the test message was refused: {error}") from error
    finally:
        smtp_service.close(client)
    return message_id


def send_log(uow: UnitOfWork, release_id: int) -> dict[str, Any]:
    """Every run of the release and each recipient's outcome (``send log ID``). NotFound
    when there is no such release and no run: a deleted release keeps its log."""
    sent_runs = uow.sends.runs(release_id)
    if not sent_runs and uow.releases.get(release_id) is None:
        raise NotFound(f"no release with id {release_id}")
    runs = []
    for run in sent_runs:
        entries = uow.sends.entries(run_id=run.id)
        counts: dict[str, int] = {}
        for entry in entries:
            counts[entry.status] = counts.get(entry.status, 0) + 1
        runs.append(
            {
                "run_id": run.id,
                "state": run.state,
                "sender": run.sender,
                "lists": list(run.lists),
                "bcc_batch": run.bcc_batch,
                "resend": run.resend,
                "started_at": run.started_at.isoformat() if run.started_at else None,
                "finished_at": run.finished_at.isoformat() if run.finished_at else None,
                "error": run.error,
                "counts": counts,
                "entries": [
                    {
                        "contact_id": e.contact_id,
                        "name": e.name,
                        "address": e.address,
                        "status": e.status,
                        "reason": e.reason,
                        "smtp_code": e.smtp_code,
                        "message_id": e.message_id,
                        "at": e.updated_at.isoformat() if e.updated_at else None,
                    }
                    for e in entries
                ],
            }
        )
    return {"release_id": release_id, "runs": runs}
