"""Builds the desktop app's objects and runs it: the one place that wires the UI together."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from services.clock import SystemClock
from services.font_files import bundled_font_files
from services.paths import AppPaths, default_data_dir, default_training_dir
from services.program import program_name
from ui import theme
from ui.dialogs import Dialogs
from ui.main_window import MainWindow
from ui.task_runner import TaskRunner

# Benchmarks set this to measure start-up: the app quits as soon as its first screen is shown.
QUIT_WHEN_SHOWN = "FC_QUIT_WHEN_SHOWN"


def parse_app_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=program_name(), add_help=False)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--training", action="store_true")
    args, _qt_args = parser.parse_known_args(argv)
    return args


def register_fonts() -> int:
    """Load the fonts the project ships so Chinese, Arabic and Ethiopic names always display.

    Returns how many Qt accepted (the self-test checks that none was refused).
    """
    loaded = 0
    for path in bundled_font_files():
        loaded += QFontDatabase.addApplicationFont(str(path)) != -1
    return loaded


def build_window(paths: AppPaths, *, training: bool, runner: TaskRunner) -> MainWindow:
    """The main window with real services; tests call this with a temporary data folder."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        theme.apply(app)
    return MainWindow(paths, runner, SystemClock(), Dialogs(), training=training)


def _display_available() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_app(argv: list[str]) -> int:
    """Start the desktop app; returns the exit code."""
    args = parse_app_args(argv)
    if not _display_available():
        print(
            "error: no display to show the window on. Run First Contact from a desktop session "
            "(or, for a try-out on a server, under Xvfb: xvfb-run -a ./run).",
            file=sys.stderr,
        )
        return 1
    data_dir = args.data_dir or (default_training_dir() if args.training else default_data_dir())
    app = QApplication([sys.argv[0]])
    app.setApplicationName("First Contact")
    register_fonts()
    runner = TaskRunner()
    window = build_window(AppPaths(data_dir), training=args.training, runner=runner)
    window.show()
    if os.environ.get(QUIT_WHEN_SHOWN):
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    window.close()
    runner.shutdown()
    return int(code)
