"""Qt fixtures: a real main window over a temporary data folder and a real worker thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from services.paths import AppPaths
from ui.application import build_window
from ui.main_window import MainWindow
from ui.task_runner import TaskRunner

PASSPHRASE = "harbour cactus pebble thistle walnut"


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, runner: TaskRunner) -> Iterator[MainWindow]:
    main_window = build_window(AppPaths(tmp_path / "fc"), training=True, runner=runner)
    qtbot.addWidget(main_window)
    main_window.show()
    yield main_window
    main_window.close()
