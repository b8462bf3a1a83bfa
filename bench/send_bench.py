"""Send one release to 1,000 recipients through an SMTP server on loopback (aiosmtpd).

Builds its own store in a temporary directory; prints the send time (target: under 10 s),
the peak memory of the process, and the same figures for BCC batches of 50. The server
runs in a child process, as a real server would: in the same process its thread would
fight the sender for the GIL on every SMTP round trip.

    .venv/bin/python bench/send_bench.py [--recipients 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import resource
import smtplib
import socket
import tempfile
import time
import tracemalloc
from email import policy
from pathlib import Path

from aiosmtpd.controller import Controller

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.domain.releases import BlockContact, Dateline, Release
from pressdesk.formats.release_eml import build_email
from pressdesk.services import contacts as contact_service
from pressdesk.services import lists as list_service
from pressdesk.services.sending import SendOptions, send_release
from pressdesk.services.smtp import Security, SmtpSettings
from pressdesk.store import Store


class Counter:
    def __init__(self, messages, recipients) -> None:  # type: ignore[no-untyped-def]
        self.messages = messages
        self.recipients = recipients

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        with self.messages.get_lock():
            self.messages.value += 1
            self.recipients.value += len(envelope.rcpt_tos)
        return "250 OK"


def serve(port: int, messages, recipients, stop) -> None:  # type: ignore[no-untyped-def]
    controller = Controller(Counter(messages, recipients), hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait()
    controller.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the SMTP server did not start")


def release() -> Release:
    return Release(
        title="IOM and partners open a migrant resource centre in Ashgabat",
        paragraphs=[f"Paragraph {i}: **IOM** works with partners in the region." for i in range(8)],
        dateline=Dateline("Ashgabat", dt.date(2026, 12, 9)),
        contacts=[BlockContact("Dovlet Chariyev", "Communication Focal Point",
                               ["dchariyev@iom.int"], ["+99312488407"])],
        sdgs=[10, 17],
    )  # fmt: skip


def build_store(path: Path, count: int) -> Store:
    store = Store.open(path)
    with store.uow() as uow:
        ids = [
            contact_service.create_contact(
                uow,
                ContactInput(
                    name=f"Journalist {i:05d}", emails=[ValueInput(f"j{i}@media.example")]
                ),
            ).id
            for i in range(count)
        ]
        found = list_service.create_list(uow, "Everyone")
        list_service.add_members(uow, found, ids)
        uow.commit()
    return store


def run(
    store: Store, port: int, release_id: int, bcc: int | None, trace: bool
) -> tuple[float, float]:
    settings = SmtpSettings("127.0.0.1", port, Security.NONE)
    options = SendOptions(lists=["Everyone"], sender="IOM Press <press@iom.int>", bcc_batch=bcc)
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    report = send_release(store, release_id, release(), options, settings)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0.0
    if trace:
        tracemalloc.stop()
    assert report.state.value == "completed", report.error
    return elapsed, peak


def raw_smtplib(port: int, count: int) -> float:
    """The floor: the server's own speed, without PressDesk's work around each message."""
    data = build_email(release(), sender="press@iom.int").as_bytes(policy=policy.SMTP)
    client = smtplib.SMTP("127.0.0.1", port)
    started = time.perf_counter()
    for i in range(count):
        client.sendmail("press@iom.int", [f"raw{i}@media.example"], data)
    elapsed = time.perf_counter() - started
    client.quit()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store = build_store(Path(tmp) / "bench.sqlite3", args.recipients)
        print(
            f"store with {args.recipients} contacts built in {time.perf_counter() - started:.1f} s"
        )
        messages, recipients = multiprocessing.Value("i", 0), multiprocessing.Value("i", 0)
        stop, port = multiprocessing.Event(), free_port()
        server = multiprocessing.Process(target=serve, args=(port, messages, recipients, stop))
        server.start()
        wait_for(port)
        try:
            floor = raw_smtplib(port, args.recipients)
            print(f"the floor: bare smtplib, same message, same server: {floor:.2f} s")
            before = messages.value
            elapsed, _ = run(store, port, 1, None, trace=False)
            sent = messages.value - before
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"one message per recipient: {sent} messages in {elapsed:.2f} s "
                f"({sent / elapsed:.0f}/s); peak RSS of the sender {rss:.0f} MiB"
            )
            _, peak = run(store, port, 2, None, trace=True)
            print(f"  peak Python allocations during a send (tracemalloc): {peak:.1f} MiB")
            before = messages.value
            elapsed, _ = run(store, port, 3, 50, trace=False)
            print(f"BCC batches of 50: {messages.value - before} messages for "
                  f"{args.recipients} recipients in {elapsed:.2f} s")  # fmt: skip
        finally:
            stop.set()
            server.join(10)
            store.close()


if __name__ == "__main__":
    main()
