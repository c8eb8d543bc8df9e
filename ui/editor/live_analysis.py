"""Keeps the editor's case analysis current: debounced, on the worker thread, newest wins.

Each request carries a snapshot of the record and a generation number; a result is applied only
if no newer request was made meanwhile, so a slow analysis of an older snapshot can never
overwrite what the worker has typed since.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from forms.model import FormDefinition
from services.case_analysis import CaseAnalysis, analyse_case
from services.cases import nation_for
from services.clock import Clock
from ui.operation import Op
from ui.task_runner import TaskRunner

ANALYSIS_DELAY_MS = 200


class LiveAnalysis(QObject):
    """Emits `analysed(CaseAnalysis)` with each result that is still the newest."""

    analysed = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        clock: Clock,
        form: FormDefinition,
        snapshot: Callable[[], dict[str, Any]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._clock, self._form = runner, clock, form
        self._snapshot = snapshot
        self._generation = 0
        self.latest: CaseAnalysis | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(ANALYSIS_DELAY_MS)
        self.timer.timeout.connect(self.request)

    def schedule(self) -> None:
        """Analyse once typing pauses."""
        self.timer.start()

    def work(self) -> Callable[[], CaseAnalysis]:
        """The analysis of the record as it is now, to run on the worker thread."""
        record, form = self._snapshot(), self._form
        today = self._clock.now().date()
        # The nation is the worker's answer in the record as it is now (issue 13): a corrected
        # "nation you are working in" changes the routes at once, not on reopening.
        return lambda: analyse_case(record, form, nation_for(record), today=today)

    def request(self) -> None:
        """Analyse now on the worker thread; the result arrives through `analysed`."""
        self.timer.stop()
        self._generation += 1
        generation = self._generation
        (
            Op(self._runner, self, self.work())
            .on_success(self.accept)
            .while_current(lambda: generation == self._generation)
            .ignore_failure()  # the next edit asks again; saving does not depend on it
            .run()
        )

    def now(self) -> CaseAnalysis:
        """Analyse and wait (before sign-off, which must see every gap as it stands)."""
        self.timer.stop()
        self._generation += 1  # anything still running answers an older question
        work = self.work()
        result: CaseAnalysis = self._runner.run_blocking(work)
        self.accept(result)
        return result

    def accept(self, result: CaseAnalysis) -> None:
        self.latest = result
        self.analysed.emit(result)
