"""One long-lived worker thread that runs service calls off the UI thread and reports back."""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

log = logging.getLogger(__name__)

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


@dataclass
class CancelToken:
    """Set by the UI, polled by long operations between steps."""

    _event: threading.Event

    @classmethod
    def new(cls) -> CancelToken:
        return cls(threading.Event())

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class _Worker(QObject):
    """Lives on the worker thread; runs whatever it is handed, in order."""

    task_finished = Signal(int, object)
    task_failed = Signal(int, object)

    @Slot(int, object)
    def run(self, task_id: int, work: Callable[[], Any]) -> None:
        try:
            result = work()
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the UI thread
            log.warning("task_failed")
            self.task_failed.emit(task_id, exc)
        else:
            self.task_finished.emit(task_id, result)


class TaskRunner(QObject):
    """Queues work for the worker thread; callbacks run back on the UI thread."""

    task_submitted = Signal(int, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("first-contact-worker")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self.task_submitted.connect(self._worker.run)
        self._worker.task_finished.connect(self._on_finished)
        self._worker.task_failed.connect(self._on_failed)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Success, Failure]] = {}
        self._thread.start()

    @property
    def worker_thread(self) -> QThread:
        return self._thread

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def submit(self, work: Callable[[], Any], on_success: Success, on_failure: Failure) -> int:
        """Run `work()` on the worker thread; exactly one callback runs on the UI thread after."""
        task_id = next(self._ids)
        was_busy = self.busy
        self._callbacks[task_id] = (on_success, on_failure)
        if not was_busy:
            self.busy_changed.emit(True)
        self.task_submitted.emit(task_id, work)
        return task_id

    def run_blocking(self, work: Callable[[], Any]) -> Any:
        """Run `work()` on the worker thread and wait for it (for shutdown paths only)."""
        done = threading.Event()
        box: dict[str, Any] = {}

        def wrapped() -> None:
            try:
                box["result"] = work()
            except BaseException as exc:  # noqa: BLE001 - re-raised on the calling thread
                box["error"] = exc
            finally:
                done.set()

        self.submit(wrapped, lambda _r: None, lambda _e: None)
        done.wait()
        if "error" in box:
            raise box["error"]
        return box.get("result")

    def shutdown(self) -> None:
        """Finish queued work, then stop the thread."""
        self._thread.quit()
        self._thread.wait()

    def _settle(self, task_id: int) -> tuple[Success, Failure] | None:
        callbacks = self._callbacks.pop(task_id, None)
        if not self._callbacks:
            self.busy_changed.emit(False)
        return callbacks

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        callbacks = self._settle(task_id)
        if callbacks:
            callbacks[0](result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, error: object) -> None:
        callbacks = self._settle(task_id)
        if callbacks and isinstance(error, BaseException):
            callbacks[1](error)
