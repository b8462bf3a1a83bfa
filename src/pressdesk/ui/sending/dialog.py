"""The Send dialog: pick lists, see who receives the release and who is left out and why,
send a test to yourself, then send in the background with progress and Cancel.

The History tab is the release's outbox: every run and each recipient's outcome.
The SMTP password goes to the system keyring when "Remember" is ticked, never to the
settings; host, port, security, user and sender are saved in the store's settings.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pressdesk.domain.releases import Release, ReleaseStatus
from pressdesk.services import sending
from pressdesk.services import smtp as smtp_service
from pressdesk.services.errors import PressDeskError
from pressdesk.store import Store
from pressdesk.ui.jobs import Cancelled, Job, JobRunner
from pressdesk.ui.text import numerus

SECURITY_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class HistoryView(QTableWidget):
    """Every recipient of every run of one release (the outbox)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setHorizontalHeaderLabels(
            [
                self.tr("Run"),
                self.tr("Name"),
                self.tr("E-mail"),
                self.tr("Outcome"),
                self.tr("Detail"),
            ]
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def load(self, log: dict[str, Any]) -> None:
        outcomes = {
            "sent": self.tr("sent"),
            "refused": self.tr("refused"),
            "skipped": self.tr("skipped"),
            "pending": self.tr("not yet sent"),
        }
        rows = [
            (
                str(run["run_id"]),
                e["name"],
                e["address"],
                outcomes.get(e["status"], e["status"]),
                e["reason"],
            )
            for run in log["runs"]
            for e in run["entries"]
        ]
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.setItem(r, c, QTableWidgetItem(value))


class SendDialog(QDialog):
    def __init__(
        self,
        store: Store,
        jobs: JobRunner,
        release_id: int,
        release: sending.ReleaseSource,
        *,
        compose: sending.Composer | None = None,
        confirm: Callable[[str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Send release"))
        self.store, self.jobs = store, jobs
        self.release_id, self.release, self.compose = release_id, release, compose
        self._confirm = confirm or self._ask
        self.job: Job | None = None
        self.last_report: sending.SendReport | None = None

        self.lists = QListWidget(self)
        self.lists.itemChanged.connect(lambda _item: self.refresh_plan())
        self.summary = QLabel(self)
        self.excluded = QTableWidget(0, 3, self)
        self.excluded.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("E-mail"), self.tr("Left out because")]
        )
        self.excluded.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.excluded.verticalHeader().hide()
        self.excluded.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.resend = QCheckBox(self.tr("Also to addresses this release was already sent to"))
        self.resend.toggled.connect(lambda _on: self.refresh_plan())

        self.host = QLineEdit(self)
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(587)
        self.security = QComboBox(self)
        self.security.addItem(self.tr("STARTTLS"), "starttls")
        self.security.addItem(self.tr("SSL/TLS"), "ssl")
        self.security.addItem(self.tr("None (local relay only)"), "none")
        self.security.currentIndexChanged.connect(self._security_changed)
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("from the system keyring if left empty"))
        self.remember = QCheckBox(self.tr("Remember in the system keyring"), self)
        self.sender = QLineEdit(self)
        self.sender.setPlaceholderText(self.tr("Press Office <press@example.org>"))
        self.bcc = QSpinBox(self)
        self.bcc.setRange(0, 500)
        self.bcc.setSpecialValueText(self.tr("one message per recipient"))
        self.rate = QSpinBox(self)
        self.rate.setRange(0, 10000)
        self.rate.setSpecialValueText(self.tr("no limit"))
        self.rate.setSuffix(self.tr(" a minute"))
        self.test_to = QLineEdit(self)
        self.test_button = QPushButton(self.tr("Send a test to myself"), self)
        self.test_button.clicked.connect(self.send_test)

        form = QFormLayout()
        form.addRow(self.tr("SMTP server:"), self.host)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Security:"), self.security)
        form.addRow(self.tr("User:"), self.user)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password, 1)
        password_row.addWidget(self.remember)
        form.addRow(self.tr("Password:"), password_row)
        form.addRow(self.tr("From:"), self.sender)
        form.addRow(self.tr("BCC batches of:"), self.bcc)
        form.addRow(self.tr("At most:"), self.rate)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_to, 1)
        test_row.addWidget(self.test_button)
        form.addRow(self.tr("Test to:"), test_row)

        recipients = QWidget(self)
        r_layout = QVBoxLayout(recipients)
        r_layout.addWidget(QLabel(self.tr("Send to these lists:"), recipients))
        r_layout.addWidget(self.lists)
        r_layout.addWidget(self.resend)
        r_layout.addWidget(self.summary)
        r_layout.addWidget(self.excluded, 1)
        server = QWidget(self)
        server.setLayout(form)
        self.history = HistoryView(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(recipients, self.tr("Recipients"))
        self.tabs.addTab(server, self.tr("Server"))
        self.tabs.addTab(self.history, self.tr("History"))

        self.progress = QProgressBar(self)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.send_button = self.buttons.addButton(
            self.tr("Send"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.cancel_button.hide()
        self.send_button.clicked.connect(self.send)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._load()

    # -- state -----------------------------------------------------------------------------

    def _load(self) -> None:
        with self.store.uow() as uow:
            names = [lst.name for lst in uow.lists.all()]
            saved = smtp_service.load_settings(uow)
            sender = smtp_service.saved_sender(uow)
            log = sending.send_log(uow, self.release_id)
        self.lists.blockSignals(True)
        for name in names:
            item = QListWidgetItem(name, self.lists)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.lists.blockSignals(False)
        if saved is not None:
            self.host.setText(saved.host)
            self.security.setCurrentIndex(self.security.findData(saved.security.value))
            self.port.setValue(saved.port)
            self.user.setText(saved.user)
        self.sender.setText(sender)
        self.test_to.setText(sender)
        self.history.load(log)
        self.refresh_plan()

    def _security_changed(self) -> None:
        if self.port.value() in SECURITY_PORTS.values():
            self.port.setValue(SECURITY_PORTS[self.security.currentData()])

    def chosen_lists(self) -> list[str]:
        return [
            self.lists.item(i).text()
            for i in range(self.lists.count())
            if self.lists.item(i).checkState() == Qt.CheckState.Checked
        ]

    def check_list(self, name: str) -> None:
        for i in range(self.lists.count()):
            if self.lists.item(i).text() == name:
                self.lists.item(i).setCheckState(Qt.CheckState.Checked)

    def refresh_plan(self) -> None:
        names = self.chosen_lists()
        self.plan: sending.SendPlan | None = None
        if names:
            with self.store.uow() as uow:
                self.plan = sending.plan(
                    uow, self.release_id, names, resend=self.resend.isChecked()
                )
        recipients = len(self.plan.recipients) if self.plan else 0
        skipped = self.plan.skipped if self.plan else []
        self.summary.setText(
            numerus("SendDialog", "%Ln recipient(s)", recipients)
            + " · "
            + numerus("SendDialog", "%Ln left out", len(skipped))
        )
        self.excluded.setRowCount(len(skipped))
        for r, e in enumerate(skipped):
            for c, value in enumerate((e.name, e.address, e.explanation)):
                self.excluded.setItem(r, c, QTableWidgetItem(value))
        self.send_button.setEnabled(recipients > 0 and self.job is None)

    def settings(self) -> smtp_service.SmtpSettings:
        settings = smtp_service.SmtpSettings(
            self.host.text().strip(),
            self.port.value(),
            smtp_service.Security(self.security.currentData()),
            self.user.text().strip(),
            self.password.text() or None,
        )
        return smtp_service.with_password(settings)

    def _save_settings(self, settings: smtp_service.SmtpSettings) -> None:
        with self.store.uow() as uow:
            smtp_service.save_settings(uow, settings, self.sender.text().strip())
            uow.commit()
        if self.remember.isChecked() and settings.user and self.password.text():
            smtp_service.save_password(settings, self.password.text())

    def _options(self) -> sending.SendOptions:
        return sending.SendOptions(
            lists=self.chosen_lists(),
            sender=self.sender.text().strip(),
            bcc_batch=self.bcc.value() or None,
            rate_per_minute=self.rate.value() or None,
            resend=self.resend.isChecked(),
        )

    # -- actions ---------------------------------------------------------------------------

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Send release"), question)
        return answer == QMessageBox.StandardButton.Yes

    def _current_release(self) -> Release:
        """The release as stored now (the editor hands a loader), or as given."""
        if callable(self.release):
            with self.store.uow() as uow:
                return self.release(uow)
        return self.release

    def _unready(self, release: Release) -> str:
        """Why the release may not be ready to go out (its status), or ""."""
        if release.status.ready_to_send:
            return ""
        return {
            ReleaseStatus.DRAFT: self.tr("This release is still a draft."),
            ReleaseStatus.IN_REVIEW: self.tr("This release is still in review."),
        }.get(release.status, self.tr("This release is archived."))

    def send_test(self) -> None:
        try:
            settings = self.settings()
            release = self._current_release()
            sending.send_test(
                release,
                self.sender.text().strip(),
                self.test_to.text().strip(),
                settings,
                compose=self.compose,
            )
        except PressDeskError as error:
            self.status.setText(self.tr("The test was not sent: %1").replace("%1", str(error)))
            return
        self.status.setText(self.tr("Test sent to %1").replace("%1", self.test_to.text().strip()))

    def send(self) -> None:
        if self.plan is None or not self.plan.recipients:
            return
        count = len(self.plan.recipients)
        question = numerus(
            "SendDialog", "Send this release to %Ln recipient(s)? This cannot be undone.", count
        )
        try:
            unready = self._unready(self._current_release())
        except PressDeskError as error:  # deleted elsewhere since the dialog opened
            self.status.setText(str(error))
            return
        if unready:
            question = f"{unready} {question}"
        if not self._confirm(question):
            return
        try:
            options = self._options()
            options.check()
            settings = self.settings()
            self._save_settings(settings)
        except PressDeskError as error:
            self.status.setText(str(error))
            return
        store, release_id, release, compose = (
            self.store,
            self.release_id,
            self.release,
            self.compose,
        )

        def work(progress):  # type: ignore[no-untyped-def]
            def report(step: sending.SendProgress) -> None:
                # Cancel is read through ``cancelled`` below, between messages; here a
                # raised Cancelled would only interrupt the bookkeeping.
                with contextlib.suppress(Cancelled):
                    progress.report(step.done, step.total, step.address)

            return sending.send_release(
                store, release_id, release, options, settings, compose=compose,
                progress=report, cancelled=lambda: progress.cancelled,
            )  # fmt: skip

        self.progress.setRange(0, count)
        self.progress.setValue(0)
        self.progress.show()
        self.send_button.setEnabled(False)
        self.cancel_button.show()
        self.close_button.setEnabled(False)
        self.status.setText(self.tr("Sending…"))
        self.job = self.jobs.run(
            self.tr("Sending release"),
            work,
            on_done=self._done,
            on_error=self._failed,
            on_progress=self._progressed,
        )

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(self.tr("Stopping after the current message…"))

    def _progressed(self, done: int, total: int, address: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.status.setText(self.tr("Sent to %1").replace("%1", address))

    def _finished(self) -> None:
        self.job = None
        self.cancel_button.hide()
        self.close_button.setEnabled(True)
        with self.store.uow() as uow:
            self.history.load(sending.send_log(uow, self.release_id))
        self.refresh_plan()

    def _done(self, report: sending.SendReport) -> None:
        self.last_report = report
        self._finished()
        sent = numerus("SendDialog", "%Ln sent", len(report.sent))
        refused = numerus("SendDialog", "%Ln refused", len(report.refused))
        if report.state is sending.RunState.CANCELLED:
            text = self.tr("Cancelled: %1, %2. Send again to go on.")
        else:
            text = self.tr("Done: %1, %2.")
        self.status.setText(text.replace("%1", sent).replace("%2", refused))

    def _failed(self, error: BaseException) -> None:
        self._finished()
        if isinstance(error, PressDeskError | Cancelled):
            self.status.setText(str(error) or self.tr("Cancelled"))
        else:
            raise error

    def reject(self) -> None:
        if self.job is None:
            super().reject()
