"""Send one release to 1,000 recipients through an SMTP server on loopback (aiosmtpd).

Builds its own store in a temporary directory. Each round times PressDesk's send (target:
under 10 s for 1,000 recipients, one message each) and the floor: a bare smtplib loop,
in a process of its own, sending the very messages PressDesk would send (its dry run's
.eml files, read before the clock starts) to the same server. Rounds alternate which goes
first; the medians and the ratio PressDesk / floor are printed at the end, then the peak
memory of a send and the time with BCC batches of 50.

The ratio can be below 1: smtplib's ``sendmail`` dot-stuffs the whole message again for
every recipient, which PressDesk does once per run (``services.smtp.send_data``).

The server runs in a child process, as a real server would: in the same process its
thread would fight the sender for the GIL on every SMTP round trip. This machine is
shared and noisy: compare medians of several rounds, and the ratio more than the times.

    .venv/bin/python bench/send_bench.py [--recipients 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import resource
import smtplib
import socket
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import NamedTuple

from aiosmtpd.controller import Controller

from pressdesk.domain.contacts import ContactInput, ValueInput
from pressdesk.domain.releases import BlockContact, Dateline, Release
from pressdesk.services import contacts as contact_service
from pressdesk.services import lists as list_service
from pressdesk.services.sending import SendOptions, send_release
from pressdesk.services.smtp import Security, SmtpSettings
from pressdesk.store import Store

SENDER = "IOM Press <press@iom.int>"


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


class Timing(NamedTuple):
    wall: float
    #: CPU time of the sending process: its own work, less blurred by a busy machine.
    cpu: float


def run(
    store: Store, port: int, release_id: int, bcc: int | None, trace: bool
) -> tuple[Timing, float]:
    settings = SmtpSettings("127.0.0.1", port, Security.NONE)
    options = SendOptions(lists=["Everyone"], sender=SENDER, bcc_batch=bcc)
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    report = send_release(store, release_id, release(), options, settings)
    timing = Timing(time.perf_counter() - started, time.process_time() - cpu)
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0.0
    if trace:
        tracemalloc.stop()
    assert report.state.value == "completed", report.error
    return timing, peak


def messages_of(store: Store, directory: Path) -> list[tuple[str, Path]]:
    """The messages a send would make (its dry run), with their recipients."""
    options = SendOptions(lists=["Everyone"], sender=SENDER)
    report = send_release(store, 0, release(), options, None, dry_run=directory)
    return list(zip(report.sent, report.files, strict=True))


def bare_smtplib(port: int, messages: list[tuple[str, Path]], result) -> None:  # type: ignore[no-untyped-def]
    """The floor, in its own process: the server's speed with smtplib and nothing else."""
    loaded = [(address, path.read_bytes()) for address, path in messages]
    client = smtplib.SMTP("127.0.0.1", port)
    client.ehlo()
    started, cpu = time.perf_counter(), time.process_time()
    for address, data in loaded:
        client.sendmail("press@iom.int", [address], data)
    result[0], result[1] = time.perf_counter() - started, time.process_time() - cpu
    client.quit()


def floor(port: int, messages: list[tuple[str, Path]]) -> Timing:
    result = multiprocessing.Array("d", 2)
    child = multiprocessing.Process(target=bare_smtplib, args=(port, messages, result))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise SystemExit("the floor's sender failed")
    return Timing(result[0], result[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store = build_store(Path(tmp) / "bench.sqlite3", args.recipients)
        print(
            f"store with {args.recipients} contacts built in {time.perf_counter() - started:.1f} s"
        )
        messages = messages_of(store, Path(tmp) / "eml")
        size = sum(path.stat().st_size for _, path in messages) / len(messages) / 1024
        print(f"{len(messages)} messages of {size:.0f} KiB each")
        sent, recipients = multiprocessing.Value("i", 0), multiprocessing.Value("i", 0)
        stop, port = multiprocessing.Event(), free_port()
        server = multiprocessing.Process(target=serve, args=(port, sent, recipients, stop))
        server.start()
        wait_for(port)
        release_id = 0
        try:
            ours, floors = [], []
            for number in range(1, args.rounds + 1):
                release_id += 1
                before = sent.value
                if number % 2:
                    floors.append(floor(port, messages))
                    ours.append(run(store, port, release_id, None, trace=False)[0])
                else:
                    ours.append(run(store, port, release_id, None, trace=False)[0])
                    floors.append(floor(port, messages))
                assert sent.value - before == 2 * len(messages), "messages went missing"
                print(
                    f"round {number}: PressDesk {ours[-1].wall:.2f} s (CPU {ours[-1].cpu:.2f} s), "
                    f"floor {floors[-1].wall:.2f} s (CPU {floors[-1].cpu:.2f} s), "
                    f"ratio {ours[-1].wall / floors[-1].wall:.2f}"
                )
            mine = statistics.median(t.wall for t in ours)
            bare = statistics.median(t.wall for t in floors)
            ratio = statistics.median(o.wall / f.wall for o, f in zip(ours, floors, strict=True))
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"one message per recipient, median of {args.rounds} rounds: PressDesk "
                f"{mine:.2f} s ({len(messages) / mine:.0f}/s), CPU "
                f"{statistics.median(t.cpu for t in ours):.2f} s; floor (bare smtplib, same "
                f"messages, same server) {bare:.2f} s, CPU "
                f"{statistics.median(t.cpu for t in floors):.2f} s; ratio {ratio:.2f} (median "
                f"of the rounds' ratios); peak RSS of the sender {rss:.0f} MiB"
            )
            release_id += 1
            _, peak = run(store, port, release_id, None, trace=True)
            print(f"  peak Python allocations during a send (tracemalloc): {peak:.1f} MiB")
            release_id += 1
            before = sent.value
            timing, _ = run(store, port, release_id, 50, trace=False)
            print(f"BCC batches of 50: {sent.value - before} messages for "
                  f"{args.recipients} recipients in {timing.wall:.2f} s")  # fmt: skip
        finally:
            stop.set()
            server.join(10)
            store.close()


if __name__ == "__main__":
    main()
