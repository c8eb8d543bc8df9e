"""Debounced, coalesced saving on the worker thread: typing never waits for the vault.

Every change restarts a one-second timer. When it fires, a snapshot of the record is saved on
the runner; changes made while that save runs are saved by the next one (at most one save in
flight, never a queue of stale ones). flush() saves what is pending and waits, for Pause, lock
and quit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from ui.task_runner import TaskRunner

DEBOUNCE_MS = 1000


class AutoSaver(QObject):
    saved = Signal(object)  # what `save` returned
    failed = Signal(object)  # the exception
    pending_changed = Signal(bool)

    def __init__(
        self,
        runner: TaskRunner,
        snapshot: Callable[[], dict[str, Any]],
        save: Callable[[dict[str, Any]], Any],
        parent: QObject | None = None,
        delay_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self._runner, self._snapshot, self._save = runner, snapshot, save
        self._changes = 0  # bumped by every edit
        self._saved = 0  # the last change number known to be in the vault
        self._in_flight = False
        self.enabled = True
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self._fire)

    @property
    def dirty(self) -> bool:
        return self._changes != self._saved

    @property
    def in_flight(self) -> bool:
        return self._in_flight

    def changed(self) -> None:
        self._changes += 1
        self.pending_changed.emit(True)
        if self.enabled:
            self.timer.start()

    def _fire(self) -> None:
        if self._in_flight or not self.dirty or not self.enabled:
            return  # the running save's callback starts the next one
        number, record = self._changes, self._snapshot()
        self._in_flight = True
        self._runner.submit(
            lambda: self._save(record),
            lambda result: self._done(number, result),
            self._fail,
        )

    def _done(self, number: int, result: object) -> None:
        if not isValid(self):
            return  # the editor closed; flush() saved everything before it went
        self._in_flight = False
        self._saved = max(self._saved, number)
        self.saved.emit(result)
        if self.dirty and not self.timer.isActive():
            self.timer.start()
        elif not self.dirty:
            self.pending_changed.emit(False)

    def _fail(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self._in_flight = False
        self.failed.emit(error)

    def flush(self) -> Any:
        """Save pending changes now and wait (runs after any save already queued)."""
        self.timer.stop()
        if not self.dirty or not self.enabled:
            return None
        number, record = self._changes, self._snapshot()
        result = self._runner.run_blocking(lambda: self._save(record))
        self._saved = max(self._saved, number)
        self.saved.emit(result)
        self.pending_changed.emit(False)
        return result
