"""Screenshots of the real app on a training vault of fictional people, for docs/screenshots.

    xvfb-run -a -s "-screen 0 1366x768x24" \
        .venv/bin/python -m tests.ui.take_screenshots docs/screenshots
    QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2560x1600x24" \
        .venv/bin/python -m tests.ui.take_screenshots /tmp/shots --suffix=-200pct
    ... --font-pt=16 --suffix=-large-font

Everything shown is fictional (the demo people); the vault lives in a temporary folder.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("FC_KDF_PROFILE", "floor")  # screenshots need no real Argon2 cost

from PySide6.QtWidgets import QApplication, QWidget

from services.clock import FakeClock
from services.council import init_council
from services.demo import fill_demo
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.session import find_worker_id, unlock
from ui import theme
from ui.application import register_fonts
from ui.dialogs import Dialogs
from ui.main_window import MainWindow
from ui.shortcuts_help import show_shortcuts
from ui.task_runner import TaskRunner

PASSPHRASE = "harbour cactus pebble thistle walnut"
WORKER = "Sam Okafor"
# A child with an Arabic-script name (fixture person p07, 17 years old).
ARABIC_CHILD = "محمد عثمان"


def wait_until(condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


class Shooter:
    def __init__(self, window: QWidget, out: Path, suffix: str) -> None:
        self.window, self.out, self.suffix = window, out, suffix
        out.mkdir(parents=True, exist_ok=True)

    def shot(self, name: str, widget: QWidget | None = None) -> None:
        settle()
        path = self.out / f"{name}{self.suffix}.png"
        (widget or self.window).grab().save(str(path), "PNG")
        print(path)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--suffix", default="")
    parser.add_argument("--font-pt", type=float, default=0.0)
    args = parser.parse_args(argv)

    app = QApplication(sys.argv[:1])
    app.setApplicationName("First Contact")
    register_fonts()
    theme.apply(app)
    if args.font_pt:
        font = app.font()
        font.setPointSizeF(args.font_pt)
        app.setFont(font)
    runner = TaskRunner()
    clock = FakeClock()
    with tempfile.TemporaryDirectory() as folder:
        paths = AppPaths(Path(folder) / "training")
        window = MainWindow(paths, runner, clock, Dialogs(), training=False)
        # The whole screen: 1366 x 768, the most common council laptop.
        screen = app.primaryScreen().availableGeometry()
        window.resize(screen.width(), screen.height())
        window.show()
        shooter = Shooter(window, args.out, args.suffix)

        first = window.first_run
        council = init_council(
            Path(folder) / "council",
            council_name="Example Council (fictional)",
            passphrase=PASSPHRASE,
            clock=clock,
            kdf=enrolment_kdf(),
        )
        first.load_trust_bundle(council.trust_bundle)
        first.worker_name.setText(WORKER)
        first.nation.setCurrentIndex(first.nation.findData("england"))
        first.passphrase.setText(PASSPHRASE)
        first.passphrase_again.setText(PASSPHRASE)
        shooter.shot("first-run")
        first.training_button.click()
        wait_until(lambda: window.current_screen() == "unlock_screen")

        def fill() -> None:
            session = unlock(paths, find_worker_id(paths, WORKER), PASSPHRASE, clock=clock)
            try:
                fill_demo(session, 12, clock=clock)
            finally:
                session.lock()

        runner.run_blocking(fill)
        window.unlock_screen.passphrase.setFocus()
        window.unlock_screen.passphrase.setText(PASSPHRASE)
        shooter.shot("unlock")
        window.unlock_screen.try_unlock()
        wait_until(lambda: window.home.case_list.model.rowCount() == 12)
        shooter.shot("case-list")

        screen = window.home.case_list
        screen.search.setText(ARABIC_CHILD.split()[0])
        wait_until(lambda: screen.model.rowCount() == 1)
        shooter.shot("case-search")
        screen.search.clear()
        wait_until(lambda: screen.model.rowCount() == 12)

        window.home.show_admin()
        wait_until(lambda: bool(window.home.admin.workers.worker_names()))
        shooter.shot("admin")
        window.home.show_cases()

        if editor_present():
            shoot_editor(window, shooter)

        window.lock()
        window.close()
    runner.shutdown()
    return 0


def editor_present() -> bool:
    try:
        return importlib.util.find_spec("ui.editor.case_editor") is not None
    except ImportError:
        return False


def shoot_editor(window: MainWindow, shooter: Shooter) -> None:
    screen = window.home.case_list
    screen.search.setText(ARABIC_CHILD)
    wait_until(lambda: screen.model.rowCount() == 1)
    row = screen.model.row_at(0)
    assert row is not None
    window.home.open_case(row.case_id)
    editor: Any = window.home.editor
    wait_until(lambda: editor is not None and editor.is_loaded)
    # The Person section holds the names: the Arabic-script one is on screen.
    editor.show_section("person")
    settle(1.0)
    shooter.shot("editor")
    # Narrower than 1500 px: the routes panel opens from its toggle.
    editor.body.routes_toggle.click()
    shooter.shot("routes-panel")
    editor.body.routes_toggle.click()
    # A date typed the way nobody can use: the section's error summary links to the question.
    editor.show_section("session")
    editor.inputs["met_at"].focus_widget().setText("yesterday evening")
    editor.refresh()
    editor.next_section()
    editor.show_section("session")
    shooter.shot("error-summary")
    dialog = show_shortcuts(window)
    shooter.shot("keyboard-shortcuts", dialog)
    dialog.reject()
    editor.pause()
    wait_until(lambda: window.home.editor is None)
    # Sign-off on a new case: each unanswered question once, later-interview ones marked.
    window.home.case_list.new_case()
    wait_until(lambda: window.home.editor is not None and window.home.editor.is_loaded)
    fresh: Any = window.home.editor
    settle(1.0)
    fresh.start_finalise()
    wait_until(lambda: fresh.finalise_dialog is not None and fresh.finalise_dialog.isVisible())
    shooter.shot("sign-off", fresh.finalise_dialog)
    fresh.finalise_dialog.reject()
    fresh.pause()
    wait_until(lambda: window.home.editor is None)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
