"""Running work off the GUI thread, with progress, success, failure and Cancel.

``jobs.run(title, fn, on_done=..., on_error=..., on_progress=...)`` runs ``fn(progress)``
in the thread pool. ``fn`` reports with ``progress.report(done, total, text)``, which
raises :class:`Cancelled` once the user pressed Cancel, so a job stops at its next report
and leaves its unit of work uncommitted. The callbacks run on the GUI thread (compare
Anki's ``CollectionOp``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class Cancelled(Exception):
    """The user cancelled a background job."""


class Progress:
    """Handed to a job's function: report progress, find out about Cancel."""

    def __init__(self, job: Job) -> None:
        self._job = job
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled
        self._job.progressed.emit(int(done), int(total), text)

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled


class Job(QObject):
    """A handle on one background job; lives on the GUI thread."""

    progressed = Signal(int, int, str)
    _succeeded = Signal(object)
    _failed = Signal(object)
    finished = Signal()

    def __init__(
        self,
        title: str,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[int, int, str], None] | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.progress = Progress(self)
        self.done = False
        self.error: BaseException | None = None
        self._on_done = on_done
        self._on_error = on_error
        self._succeeded.connect(self._handle_done)
        self._failed.connect(self._handle_error)
        if on_progress is not None:
            self.progressed.connect(on_progress)

    def cancel(self) -> None:
        self.progress.cancel()

    @Slot(object)
    def _handle_done(self, result: Any) -> None:
        self.done = True
        try:
            if self._on_done is not None:
                self._on_done(result)
        finally:
            self._release()

    @Slot(object)
    def _handle_error(self, error: BaseException) -> None:
        self.done, self.error = True, error
        try:
            if self._on_error is not None:
                self._on_error(error)
            elif not isinstance(error, Cancelled):
                raise error
        finally:
            self._release()

    def _release(self) -> None:
        # The handle may outlive the job (until deleteLater runs): keep nothing big.
        self._on_done = self._on_error = None
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, job: Job, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._job = job
        self._fn = fn

    def run(self) -> None:
        job, fn = self._job, self._fn
        self._job = self._fn = None  # type: ignore[assignment]
        try:
            result = fn(job.progress)
        except BaseException as error:  # handed to on_error on the GUI thread
            job._failed.emit(error)
        else:
            job._succeeded.emit(result)


class JobRunner(QObject):
    """Starts jobs and tells the status bar which are running."""

    started = Signal(object)
    stopped = Signal(object)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._running: list[Job] = []

    @property
    def running(self) -> list[Job]:
        return list(self._running)

    def run(
        self,
        title: str,
        fn: Callable[[Progress], Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        quiet: bool = False,
    ) -> Job:
        """Run ``fn(progress)`` in the pool; ``quiet`` jobs (a search) are not shown."""
        job = Job(title, on_done, on_error, on_progress, self)
        job.finished.connect(self._finished)
        self._running.append(job)
        if not quiet:
            self.started.emit(job)
        self._pool.start(_Runnable(job, fn))
        return job

    @Slot()
    def _finished(self) -> None:
        job = self.sender()
        if isinstance(job, Job):
            self._finish(job)

    def _finish(self, job: Job) -> None:
        if job in self._running:
            self._running.remove(job)
        self.stopped.emit(job)
        job.deleteLater()

    def cancel_all(self) -> None:
        for job in self._running:
            job.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (at exit, and in tests)."""
        return self._pool.waitForDone(msecs)
