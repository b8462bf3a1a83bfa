"""The Send dialog: recipients and exclusions, a test to myself, sending in the background
with progress, and the history, through a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import replace

import pytest
from aiosmtpd.controller import Controller
from PySide6.QtCore import Qt

from pressdesk.domain.releases import BlockContact, Dateline, Release, ReleaseStatus
from pressdesk.services import lists as list_service
from pressdesk.services.releases import create_release, delete_release, load_release
from pressdesk.ui.jobs import JobRunner
from pressdesk.ui.sending.dialog import SendDialog


class Recorder:
    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), envelope.content))
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


RELEASE = Release(
    title="Migrant resource centre opens",
    paragraphs=["IOM opened the centre today."],
    dateline=Dateline("Ashgabat", dt.date(2026, 12, 9)),
    contacts=[BlockContact("Dovlet Chariyev", "Focal point", ["dchariyev@iom.int"])],
    status=ReleaseStatus.APPROVED,
)


@pytest.fixture
def dialog(qtbot, store, people, smtpd):
    _, port = smtpd
    with store.uow() as uow:
        release_id = create_release(uow, RELEASE).id
        media = list_service.create_list(uow, "Media", filter_text="tag:media")
        un = list_service.create_list(uow, "UN", filter_text="tag:UN")
        assert media and un
        uow.contacts.get(people["Charlotte Durand"]).do_not_contact = True
        uow.commit()
    jobs = JobRunner()
    questions = []

    def confirm(question: str) -> bool:
        questions.append(question)
        return True

    widget = SendDialog(store, jobs, release_id, RELEASE, confirm=confirm)
    widget.questions = questions
    qtbot.addWidget(widget)
    widget.show()
    widget.host.setText("127.0.0.1")
    widget.security.setCurrentIndex(widget.security.findData("none"))
    widget.port.setValue(port)
    widget.sender.setText("IOM Press <press@iom.int>")
    yield widget
    jobs.wait()
    qtbot.wait(20)


def cells(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_recipients_and_exclusions_follow_the_lists(dialog):
    assert dialog.summary.text() == "0 recipients · 0 left out"
    assert not dialog.send_button.isEnabled()
    dialog.check_list("Media")
    assert dialog.summary.text() == "1 recipient · 2 left out"
    assert sorted(row[2] for row in cells(dialog.excluded)) == ["do-not-contact", "no valid e-mail"]
    dialog.check_list("UN")
    assert dialog.summary.text() == "3 recipients · 2 left out"
    assert dialog.send_button.isEnabled()


def test_test_send_to_myself(dialog, smtpd):
    recorder, _ = smtpd
    dialog.test_to.setText("officer@iom.int")
    dialog.test_button.click()
    assert dialog.status.text() == "Test sent to officer@iom.int"
    [(rcpts, content)] = recorder.received
    assert rcpts == ["officer@iom.int"]
    message = email.message_from_bytes(content, policy=email.policy.default)
    assert message["Subject"] == "[TEST] Migrant resource centre opens"


def test_send_in_background_with_progress_and_history(qtbot, dialog, smtpd):
    recorder, _ = smtpd
    dialog.check_list("Media")
    dialog.check_list("UN")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert dialog.questions == ["Send this release to 3 recipients? This cannot be undone."]
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10000)
    assert dialog.status.text() == "Done: 3 sent, 0 refused."
    assert dialog.progress.value() == 3
    assert sorted(r for rcpts, _ in recorder.received for r in rcpts) == [
        "aigul@kazinform.kz",
        "dchariyev@iom.int",
        "mataev@iom.int",
    ]
    history = cells(dialog.history)
    assert sorted(row[3] for row in history) == ["sent", "sent", "sent", "skipped", "skipped"]
    # Sent ones are now "already sent"; nothing is left to send.
    assert dialog.summary.text() == "0 recipients · 5 left out"
    assert not dialog.send_button.isEnabled()
    dialog.tabs.setCurrentIndex(2)


def test_cancel_stops_between_messages(qtbot, dialog, smtpd):
    recorder, _ = smtpd
    dialog.check_list("Media")
    dialog.check_list("UN")
    dialog.rate.setValue(60)  # one a second: time to press Cancel
    dialog.send_button.click()
    qtbot.waitUntil(lambda: len(recorder.received) >= 1, timeout=5000)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=5000)
    assert dialog.status.text().startswith("Cancelled: 1 sent")
    assert len(recorder.received) == 1
    assert dialog.summary.text() == "2 recipients · 3 left out"


def _stored_release_dialog(qtbot, store, port, release, answer) -> SendDialog:
    """A dialog over a stored release, as the editor opens it (with a loader), the UN list
    checked; its questions are kept in ``questions`` and answered ``answer``."""
    with store.uow() as uow:
        release_id = create_release(uow, release).id
        list_service.create_list(uow, "UN", filter_text="tag:UN")
        uow.commit()
    questions: list[str] = []
    widget = SendDialog(
        store,
        JobRunner(),
        release_id,
        lambda uow: load_release(uow, release_id),
        confirm=lambda question: questions.append(question) or answer,
    )
    widget.questions = questions
    widget.release_id = release_id
    qtbot.addWidget(widget)
    widget.host.setText("127.0.0.1")
    widget.port.setValue(port)
    widget.check_list("UN")
    return widget


@pytest.mark.parametrize(
    ("status", "warning"),
    [
        (ReleaseStatus.DRAFT, "This release is still a draft. "),
        (ReleaseStatus.IN_REVIEW, "This release is still in review. "),
        (ReleaseStatus.ARCHIVED, "This release is archived. "),
        (ReleaseStatus.PUBLISHED, ""),
    ],
)
def test_the_question_says_when_the_release_is_not_approved(
    qtbot, store, people, smtpd, status, warning
):
    """The release as stored is asked about (the editor hands the dialog a loader); saying
    no sends nothing."""
    recorder, port = smtpd
    widget = _stored_release_dialog(qtbot, store, port, replace(RELEASE, status=status), False)
    widget.send()
    assert widget.questions == [
        f"{warning}Send this release to 2 recipients? This cannot be undone."
    ]
    assert widget.job is None and recorder.received == []


def test_a_release_deleted_meanwhile_is_said_not_sent(qtbot, store, people, smtpd):
    recorder, port = smtpd
    widget = _stored_release_dialog(qtbot, store, port, RELEASE, True)
    with store.uow() as uow:  # from another window, or the command line
        delete_release(uow, widget.release_id)
        uow.commit()
    widget.send()
    assert widget.questions == [] and widget.job is None and recorder.received == []
    assert str(widget.release_id) in widget.status.text()
