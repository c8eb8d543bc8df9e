"""A typed background operation: work on the runner's thread, callbacks only while the owner lives.

In the spirit of Anki's QueryOp: the work's result type reaches the success callback, a failure
goes to its own callback or to a default message box, and neither runs once the widget that
asked has been deleted (closed, or the session locked), which every call site used to check by
hand. Usage:

    Op(runner, self, lambda: plan_export(session, clock=clock)).on_success(self._planned)
        .failure_message(dialogs, "Export", "The export cannot start.").run()
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from services.errors import ServiceError
from ui.dialogs import Dialogs
from ui.task_runner import TaskRunner

T = TypeVar("T")
log = logging.getLogger(__name__)


def describe(error: BaseException, fallback: str) -> str:
    """What to tell the worker: a service's own words, or the fallback for anything else."""
    # Other exceptions may carry paths or values from a record; they are never shown.
    return str(error) if isinstance(error, ServiceError) and str(error) else fallback


class Op(Generic[T]):
    """One piece of work for the worker thread and what to do with its result on the UI thread."""

    def __init__(self, runner: TaskRunner, owner: QObject, work: Callable[[], T]) -> None:
        self._runner, self._owner, self._work = runner, owner, work
        self._success: Callable[[T], None] = lambda _result: None
        self._failure: Callable[[BaseException], None] | None = None
        self._alive: list[QObject] = [owner]
        self._current: Callable[[], bool] = lambda: True

    def on_success(self, callback: Callable[[T], None]) -> Op[T]:
        self._success = callback
        return self

    def on_failure(self, callback: Callable[[BaseException], None]) -> Op[T]:
        self._failure = callback
        return self

    def failure_message(self, dialogs: Dialogs, title: str, fallback: str) -> Op[T]:
        """On failure, warn the worker in a message box over the owner (the default failure)."""
        owner = self._owner

        def warn(error: BaseException) -> None:
            parent = owner if isinstance(owner, QWidget) else None
            if parent is not None:
                dialogs.warn(parent, title, describe(error, fallback))

        return self.on_failure(warn)

    def ignore_failure(self) -> Op[T]:
        """Say so when a failure needs no word (a best-effort refresh the next one repeats)."""
        return self.on_failure(lambda _error: log.info("op_failed_quietly"))

    def also_alive(self, *objects: QObject) -> Op[T]:
        """Skip the callbacks if any of these was deleted too (a dialog the result is shown in)."""
        self._alive.extend(objects)
        return self

    def while_current(self, still_current: Callable[[], bool]) -> Op[T]:
        """Skip the callbacks unless this still holds (e.g. no newer request was made since)."""
        self._current = still_current
        return self

    def run(self) -> int:
        """Queue the work; returns the runner's task id. A failure handler must be chosen."""
        if self._failure is None:
            raise ValueError("choose on_failure, failure_message or ignore_failure before run")
        failure = self._failure
        return self._runner.submit(
            self._work,
            lambda result: self._call(lambda: self._success(cast(T, result))),
            lambda error: self._call(lambda: failure(error)),
        )

    def _call(self, callback: Callable[[], None]) -> None:
        if all(isValid(o) for o in self._alive) and self._current():
            callback()
