"""ui.operation.Op: typed results, failure handling chosen up front, callbacks only while alive."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from services.errors import InvalidInput
from ui.dialogs import Dialogs
from ui.operation import Op, describe
from ui.task_runner import TaskRunner


class Recorded(Dialogs):
    def __init__(self) -> None:
        self.warnings: list[tuple[str, str]] = []

    def warn(self, parent: Any, title: str, text: str) -> None:
        self.warnings.append((title, text))


def settle(qtbot: QtBot, runner: TaskRunner) -> None:
    qtbot.waitUntil(lambda: not runner.busy, timeout=5_000)


def test_success_gets_the_typed_result_on_the_ui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    threads: list[str] = []
    seen: list[int] = []

    def work() -> int:
        threads.append(threading.current_thread().name)
        return 41 + 1

    Op(runner, owner, work).on_success(seen.append).ignore_failure().run()
    settle(qtbot, runner)
    assert seen == [42]
    assert threads != [threading.current_thread().name]  # the work ran off the UI thread


def test_the_default_failure_message_shows_a_service_error_and_hides_others(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    owner, dialogs = QWidget(), Recorded()
    qtbot.addWidget(owner)

    def refused() -> None:
        raise InvalidInput("Say who it is for.")

    def broke() -> None:
        raise OSError("/home/worker/secret-name.pdf")  # may carry a path: never shown

    for work in (refused, broke):
        Op(runner, owner, work).failure_message(dialogs, "Save", "Not saved.").run()
    settle(qtbot, runner)
    assert dialogs.warnings == [("Save", "Say who it is for."), ("Save", "Not saved.")]
    assert describe(OSError("x"), "fallback") == "fallback"


def test_callbacks_are_skipped_once_the_owner_or_a_watched_object_is_gone(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    owner, dialog = QWidget(), QWidget()
    calls: list[str] = []
    gate = threading.Event()
    Op(runner, owner, gate.wait).on_success(lambda _r: calls.append("owner")).ignore_failure().run()
    keeper = QWidget()
    qtbot.addWidget(keeper)
    (
        Op(runner, keeper, lambda: None)
        .also_alive(dialog)
        .on_success(lambda _r: calls.append("dialog"))
        .ignore_failure()
        .run()
    )
    owner.deleteLater()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner) and not _alive(dialog), timeout=5_000)
    gate.set()
    settle(qtbot, runner)
    assert calls == []


def test_a_request_that_is_no_longer_current_is_ignored(qtbot: QtBot, runner: TaskRunner) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    newest = {"n": 0}
    shown: list[int] = []
    for n in (1, 2):
        newest["n"] = n
        (
            Op(runner, owner, lambda n=n: n)
            .while_current(lambda n=n: newest["n"] == n)
            .on_success(shown.append)
            .ignore_failure()
            .run()
        )
    settle(qtbot, runner)
    assert shown == [2]


def test_a_failure_handler_must_be_chosen(qtbot: QtBot, runner: TaskRunner) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    with pytest.raises(ValueError, match="on_failure"):
        Op(runner, owner, lambda: None).run()


def _alive(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return bool(isValid(widget))
