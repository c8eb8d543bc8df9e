"""The editor's live analysis runs off the UI thread and applies only the newest request."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from forms.definition import load_form
from services.case_analysis import CaseAnalysis
from services.clock import FakeClock
from tests.forms.forms_fixtures import record_with
from ui.editor.live_analysis import LiveAnalysis
from ui.task_runner import TaskRunner


def test_an_older_snapshot_finishing_later_is_ignored(qtbot: QtBot, runner: TaskRunner) -> None:
    records: list[dict[str, Any]] = [
        record_with({"pv_under_18": "yes"}),  # a child: children's services first
        record_with({"pv_under_18": "no", "nrm_consent": "yes"}),  # an adult
    ]
    taken = iter(records)
    owner = QObject()
    # The nation comes from each record (one nation per case), not from the editor.
    live = LiveAnalysis(runner, FakeClock(), load_form(), lambda: next(taken), owner)
    shown: list[CaseAnalysis] = []
    live.analysed.connect(shown.append)
    gate = threading.Event()
    runner.submit(gate.wait, lambda _r: None, lambda _e: None)  # hold the worker thread
    live.request()  # the child snapshot
    live.request()  # then the adult one, asked for before the first finished
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
    assert len(shown) == 1
    assert "childrens_services" not in {r.id for r in shown[0].routes}
    assert live.latest is shown[0]


def test_typing_schedules_one_analysis_after_a_pause(qtbot: QtBot, runner: TaskRunner) -> None:
    owner = QObject()
    live = LiveAnalysis(runner, FakeClock(), load_form(), lambda: record_with({}), owner)
    shown: list[CaseAnalysis] = []
    live.analysed.connect(shown.append)
    for _ in range(5):
        live.schedule()
    assert shown == []  # nothing on the UI thread while typing goes on
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5_000)
    qtbot.wait(300)
    assert len(shown) == 1
