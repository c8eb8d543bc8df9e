"""`--self-test`: the installed app opens its screens and renders a pack, or exits non-zero.

Meant for a build check (and for council IT after installing): a module or data file a build
left out fails here, by name, instead of on a worker's laptop. Everything happens in a
throwaway training vault of fictional people in a temporary folder, offscreen unless a Qt
platform is chosen, and nothing is left behind.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from services.clock import SystemClock
from services.demo import fill_demo
from services.paths import AppPaths
from services.self_check import check_resources
from services.session import find_worker_id, unlock

WORKER = "Self Test"
PASSPHRASE = "self test harbour cactus pebble"  # noqa: S105 - a throwaway vault
DEMO_CASES = 2
STEP_TIMEOUT_S = float(os.environ.get("FC_SELF_TEST_TIMEOUT", "120"))


class SelfTestFailed(Exception):
    """One step did not reach its expected state."""


class _Report:
    def __init__(self, say: Callable[[str], None]) -> None:
        self.say, self.failures = say, 0

    def result(self, name: str, ok: bool, detail: str) -> None:
        self.say(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
        self.failures += 0 if ok else 1


def _wait(condition: Callable[[], bool], what: str) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + STEP_TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise SelfTestFailed(f"{what} did not happen within {STEP_TIMEOUT_S:.0f} s")
        QApplication.processEvents()
        time.sleep(0.01)


def run_self_test(say: Callable[[str], None] = print) -> int:
    """Check resources, then drive the real screens; 0 when every step passed, else 1."""
    report = _Report(say)
    for result in check_resources():
        report.result(result.name, result.ok, result.detail)
    # Offscreen unless the caller chose a platform: the check runs on a build machine too.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The vault is thrown away: the design's minimum Argon2id cost, not a calibrated second.
    os.environ.setdefault("FC_KDF_PROFILE", "floor")
    try:
        _screens(report)
    except Exception as exc:  # noqa: BLE001 - any failure is a failed self-test, reported
        report.result("screens", False, f"{type(exc).__name__}: {exc}")
    say("self-test passed" if report.failures == 0 else f"self-test: {report.failures} failed")
    return 0 if report.failures == 0 else 1


def _screens(report: _Report) -> None:
    from PySide6.QtWidgets import QApplication

    from ui import theme
    from ui.application import register_fonts
    from ui.dialogs import Dialogs
    from ui.main_window import MainWindow
    from ui.task_runner import TaskRunner

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    loaded = register_fonts()
    report.result("UI fonts", loaded > 0, f"{loaded} registered with Qt")
    theme.apply(app)
    runner, clock = TaskRunner(), SystemClock()
    with tempfile.TemporaryDirectory(prefix="fc-self-test-") as folder:
        paths = AppPaths(Path(folder) / "training")
        window = MainWindow(paths, runner, clock, Dialogs(), training=True)
        try:
            window.show()
            _walk(window, paths, runner, clock, report)
        finally:
            window.lock()
            window.close()
            runner.shutdown()


def _walk(window: object, paths: AppPaths, runner: object, clock: SystemClock, r: _Report) -> None:
    from ui.main_window import MainWindow
    from ui.print_preview import PrintPreviewDialog
    from ui.task_runner import TaskRunner

    assert isinstance(window, MainWindow) and isinstance(runner, TaskRunner)
    first = window.first_run
    _wait(lambda: window.current_screen() == "first_run_screen", "the first-run screen")
    r.result("first-run screen", True, "shown for an empty data folder")
    first.worker_name.setText(WORKER)
    first.nation.setCurrentIndex(first.nation.findData("england"))
    first.passphrase.setText(PASSPHRASE)
    first.passphrase_again.setText(PASSPHRASE)
    first.training_button.click()
    _wait(lambda: window.current_screen() == "unlock_screen", "provisioning a training vault")
    r.result("unlock screen", True, "training vault provisioned")

    def fill() -> int:
        session = unlock(paths, find_worker_id(paths, WORKER), PASSPHRASE, clock=clock)
        try:
            return fill_demo(session, DEMO_CASES, clock=clock)
        finally:
            session.lock()

    runner.run_blocking(fill)
    unlock_screen = window.unlock_screen
    _wait(lambda: unlock_screen.worker.currentData() is not None, "the worker list filling")
    _wait(lambda: not runner.busy, "the task runner becoming free")
    unlock_screen.passphrase.setText(PASSPHRASE)
    unlock_screen.try_unlock()
    _wait(lambda: window.session is not None, f"unlocking ({unlock_screen.message.text()})")
    home = window.home
    _wait(lambda: home.case_list.model.rowCount() == DEMO_CASES, "the case list filling")
    r.result("case list", True, f"{DEMO_CASES} demo cases listed")
    home.show_admin()
    _wait(lambda: bool(home.admin.workers.worker_names()), "the administration screen")
    r.result("administration", True, "workers listed")
    home.show_cases()
    row = home.case_list.model.row_at(0)
    assert row is not None
    home.open_case(row.case_id)
    _wait(lambda: home.editor is not None and home.editor.is_loaded, "the editor loading")
    r.result("assessment editor", True, f"{len(home.editor.inputs)} questions")
    session = window.session
    assert session is not None
    preview = PrintPreviewDialog(
        session=session, case_id=row.case_id, runner=runner, clock=clock, parent=window
    )
    preview.open()
    _wait(lambda: preview.page_count() > 0, "the referral pack rendering")
    r.result("print preview", True, f"referral pack of {preview.page_count()} pages rendered")
    preview.reject()
    home.editor.pause()
    _wait(lambda: home.editor is None, "the editor closing")
