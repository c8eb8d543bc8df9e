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


@pytest.fixture
def vault_threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the threads that ran each vault statement (observed, not replaced)."""
    import threading

    from storage.database import Database

    seen: list[str] = []
    for name in ("query", "query_one", "scalar", "execute", "executemany"):
        original = getattr(Database, name)

        def observed(self: Database, *args: object, _original: object = original) -> object:
            seen.append(threading.current_thread().name)
            return _original(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(Database, name, observed)
    return seen
