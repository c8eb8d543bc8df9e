"""Drive the real app under Xvfb while a screen reader's client reads it over AT-SPI.

    dbus-run-session -- xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \\
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 .venv/bin/python -m tests.ui.atspi_probe OUT.json

From first run to the export dialog, on a training vault of fictional people. At each main
screen it asks `atspi_reader.py` (a separate system-Python process, as Orca is) for the
accessibility tree, and writes next to it what Qt shows on that screen (the visible text of
buttons, labels beside inputs, headings, passphrase fields, each with its place on screen), so
the test can match the two by position. A listener records every accessibility event the app
sends meanwhile, while passphrases are typed key by key. tests/ui/test_screen_reader.py reads
OUT.json and asserts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("FC_KDF_PROFILE", "floor")

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from services.clock import FakeClock
from services.council import init_council
from services.demo import fill_demo
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.session import find_worker_id, unlock
from ui import theme
from ui.accessibility import HEADING_PROPERTY, StatusLabel
from ui.application import register_fonts
from ui.dialogs import Dialogs
from ui.main_window import MainWindow
from ui.task_runner import TaskRunner

PASSPHRASE = "harbour cactus pebble thistle walnut"
WRONG_PASSPHRASE = "quokka zephyr juniper oxbow fjord"
WORKER = "Sam Okafor"
CHILD = "محمد عثمان"  # fixture person p07, 17 years old
READER = Path(__file__).with_name("atspi_reader.py")
SYSTEM_PYTHON = "/usr/bin/python3"


def pump(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def wait_until(condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def read_tree(attempts: int = 3) -> Any:
    """The reader asks the app over D-Bus, so the app's event loop must keep running.

    On a loaded machine the accessibility bus (started on demand by at-spi-bus-launcher) can
    miss D-Bus's 25 s reply timeout when the reader registers; the reader then exits without a
    tree. That is the test machine, not the app, so the read is tried again a few times."""
    failure = ""
    for _attempt in range(attempts):
        # Files, not pipes: a large tree would fill a pipe nobody reads until the reader exits.
        with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
            reader = subprocess.Popen(
                [SYSTEM_PYTHON, str(READER), "tree", str(os.getpid())],
                stdout=stdout,
                stderr=stderr,
                text=True,
            )
            while reader.poll() is None:
                QApplication.processEvents()
                time.sleep(0.005)
            stdout.seek(0)
            stderr.seek(0)
            out, failure = stdout.read(), stderr.read()
        if reader.returncode == 0 and out.strip():
            return json.loads(out)
        pump(2.0)
    raise RuntimeError(
        f"the AT-SPI reader gave no tree after {attempts} tries (exit {reader.returncode}, "
        f"{len(out)} characters out): {failure[-2000:]}"
    )


class Listener:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [SYSTEM_PYTHON, str(READER), "listen", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        assert self.process.stdout is not None
        stdout = self.process.stdout
        self._thread = threading.Thread(target=lambda: self.lines.extend(stdout), daemon=True)
        self._thread.start()
        wait_until(lambda: bool(self.lines), 30)

    def stop(self) -> list[Any]:
        pump(0.5)  # let the last events arrive
        assert self.process.stdin is not None
        self.process.stdin.close()
        while self.process.poll() is None:
            QApplication.processEvents()
            time.sleep(0.01)
        self._thread.join(5)
        return [json.loads(line) for line in self.lines if line.startswith("{")]


def _rect(widget: QWidget) -> list[int]:
    top_left = widget.mapToGlobal(QPoint(0, 0))
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def _showing(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def qt_facts() -> list[dict[str, Any]]:
    """What a sighted worker sees on screen, with where it is."""
    facts: list[dict[str, Any]] = []
    for top in QApplication.topLevelWidgets():
        if not _showing(top):
            continue
        for widget in [top, *top.findChildren(QWidget)]:
            if not _showing(widget):
                continue
            fact: dict[str, Any] = {"rect": _rect(widget), "object": widget.objectName()}
            # The line edit inside an editable drop-down is read as part of the drop-down.
            inside_combo = isinstance(widget.parentWidget(), QComboBox)
            focusable = (
                bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
                and widget.isEnabled()
                and not inside_combo
            )
            if isinstance(widget, QAbstractButton) and widget.text():
                facts.append(fact | {"kind": "button", "visible": widget.text()})
            elif isinstance(widget, QLabel):
                buddy = widget.buddy()
                if widget.property(HEADING_PROPERTY):
                    facts.append(fact | {"kind": "heading", "visible": widget.text()})
                if widget.text():
                    facts.append(fact | {"kind": "label", "visible": widget.text()})
                if isinstance(widget, StatusLabel):
                    facts.append(fact | {"kind": "status", "visible": widget.text()})
                if buddy is not None and _showing(buddy) and widget.text():
                    facts.append(
                        {"rect": _rect(buddy), "object": buddy.objectName()}
                        | {"kind": "labelled", "visible": widget.text()}
                    )
            if isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal:
                facts.append(fact | {"kind": "passphrase"})
            if focusable:
                facts.append(fact | {"kind": "focusable", "class": type(widget).__name__})
    return facts


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    app = QApplication(sys.argv[:1])
    app.setApplicationName("First Contact")
    register_fonts()
    theme.apply(app)
    runner = TaskRunner()
    clock = FakeClock()
    report: dict[str, Any] = {"screens": {}, "passphrases": [PASSPHRASE, WRONG_PASSPHRASE]}

    def capture(name: str) -> None:
        pump(0.5)
        started = time.monotonic()
        report["screens"][name] = {"tree": read_tree(), "qt": qt_facts()}
        print(f"{name}: tree read in {time.monotonic() - started:.1f} s", file=sys.stderr)

    with tempfile.TemporaryDirectory() as folder:
        paths = AppPaths(Path(folder) / "training")
        window = MainWindow(paths, runner, clock, Dialogs(), training=False)
        window.resize(1366, 768)
        window.move(0, 0)
        window.show()
        pump(0.5)
        listener = Listener()

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
        for edit in (first.passphrase, first.passphrase_again):
            edit.setFocus()
            QTest.keyClicks(edit, PASSPHRASE)
        capture("first_run")
        first.training_button.click()
        wait_until(lambda: window.current_screen() == "unlock_screen")

        def fill() -> None:
            session = unlock(paths, find_worker_id(paths, WORKER), PASSPHRASE, clock=clock)
            try:
                fill_demo(session, 12, clock=clock)
            finally:
                session.lock()

        runner.run_blocking(fill)
        screen = window.unlock_screen
        screen.passphrase.setFocus()
        QTest.keyClicks(screen.passphrase, WRONG_PASSPHRASE)
        before = screen.message.text()
        QTest.keyClick(screen.passphrase, Qt.Key.Key_Return)
        wait_until(
            lambda: (
                not screen.busy.isVisible()
                and screen.message.text() not in ("", before, "Unlocking…")
            )
        )
        report["unlock_error"] = screen.message.text()
        capture("unlock")
        screen.passphrase.clear()
        QTest.keyClicks(screen.passphrase, PASSPHRASE)
        QTest.keyClick(screen.passphrase, Qt.Key.Key_Return)
        cases = window.home.case_list
        wait_until(lambda: cases.model.rowCount() == 12)
        capture("case_list")

        cases.search.setText(CHILD)
        wait_until(lambda: cases.model.rowCount() == 1)
        row = cases.model.row_at(0)
        assert row is not None
        window.home.open_case(row.case_id)
        editor: Any = window.home.editor
        wait_until(lambda: editor is not None and editor.is_loaded)
        capture("editor_session")  # opens on its first section: the immediate-danger question
        editor.show_section("person")
        pump(1.0)
        # A change, then Ctrl+S: the save status changes and must be announced.
        edit = editor.inputs["pv_last_name"].focus_widget()
        edit.setFocus()
        QTest.keyClick(edit, Qt.Key.Key_End)
        QTest.keyClicks(edit, "a")
        QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        wait_until(lambda: editor.header.saved_indicator.text().startswith("Saved"), 30)
        report["saved_text"] = editor.header.saved_indicator.text()
        if not editor.body.routes.isVisible():  # narrower than 1500 px: behind a toggle
            editor.body.routes_toggle.click()
        capture("editor")
        editor.pause()
        wait_until(lambda: window.home.editor is None)

        from ui.export_dialog import ExportDialog

        session = cases._session
        assert session is not None
        dialog = ExportDialog(session, runner, clock, Dialogs(), window)
        dialog.show()
        wait_until(lambda: dialog.plan is not None)
        capture("export")
        dialog.reject()
        report["events"] = listener.stop()
        window.lock()
        window.close()
    runner.shutdown()
    out.write_text(json.dumps(report), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
