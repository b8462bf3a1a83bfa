"""The status bar's corner for background work: what runs, how far, and Cancel."""

from __future__ import annotations

import contextlib

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from pressdesk.ui.jobs import Job, JobRunner


class JobStatus(QWidget):
    def __init__(self, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(True)
        self.cancel = QToolButton()
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.setToolTip(self.tr("Stop this work; nothing half done is kept"))
        self.cancel.clicked.connect(self._cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel)
        self._job: Job | None = None
        jobs.started.connect(self._started)
        jobs.stopped.connect(self._stopped)
        self.setVisible(False)

    def _started(self, job: Job) -> None:
        self._show(job)

    def _show(self, job: Job | None) -> None:
        if self._job is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._job.progressed.disconnect(self._progressed)
        self._job = job
        if job is None:
            self.setVisible(False)
            return
        self.label.setText(job.title)
        # No busy animation: repainting it starves the worker of Python's GIL.
        self.bar.setVisible(False)
        self.cancel.setEnabled(True)
        job.progressed.connect(self._progressed)
        self.setVisible(True)

    def _progressed(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.bar.setVisible(True)
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if text:
            self.label.setText(text)

    def _stopped(self, job: Job) -> None:
        if job is self._job:
            running = self.jobs.running
            self._show(running[-1] if running else None)

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))
