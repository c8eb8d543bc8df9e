"""A training vault with the demo cases, and a main window unlocked on it through the UI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from services.clock import FakeClock
from services.demo import fill_demo
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.session import Session, unlock
from services.training import provision_training
from tests.ui.conftest import PASSPHRASE
from ui.dialogs import Dialogs
from ui.main_window import MainWindow
from ui.task_runner import TaskRunner

ADMIN_NAME = "Sam Okafor"
DEMO_CASES = 12


@dataclass
class SignedIn:
    window: MainWindow
    clock: FakeClock
    paths: AppPaths


def make_vault(
    paths: AppPaths, clock: FakeClock, prepare: Callable[[Session], None] | None = None
) -> None:
    """Provision a training vault and add the twelve fixture people as demo cases."""
    provision_training(
        paths,
        worker_name=ADMIN_NAME,
        passphrase=PASSPHRASE,
        nation="england",
        clock=clock,
        kdf=enrolment_kdf(),
    )
    session = unlock(paths, worker_id_of(paths, ADMIN_NAME), PASSPHRASE, clock=clock)
    try:
        fill_demo(session, DEMO_CASES, clock=clock)
        # Every demo case is complete ("ready"); give the filter other statuses to tell apart.
        summaries = session.vault.cases.list_summaries()
        session.vault.cases.set_status(summaries[0].case_id, "draft")
        session.vault.cases.set_status(summaries[1].case_id, "exported")
        if prepare is not None:
            prepare(session)
    finally:
        session.lock()


def worker_id_of(paths: AppPaths, name: str) -> str:
    from services.session import find_worker_id

    return find_worker_id(paths, name)


def unlock_through_ui(
    qtbot: QtBot, window: MainWindow, name: str = ADMIN_NAME, passphrase: str = PASSPHRASE
) -> None:
    screen = window.unlock_screen
    index = [screen.worker.itemText(i).strip("\u2068\u2069") for i in range(screen.worker.count())]
    screen.worker.setCurrentIndex(index.index(name))
    qtbot.keyClicks(screen.passphrase, passphrase)
    with qtbot.waitSignal(window.home.case_list.rows_shown, timeout=60_000):
        qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert window.current_screen() == "home_screen"


def open_window(qtbot: QtBot, paths: AppPaths, runner: TaskRunner, clock: FakeClock) -> MainWindow:
    window = MainWindow(paths, runner, clock, Dialogs(), training=False)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture(name="signed_in")
def signed_in_fixture(qtbot: QtBot, tmp_path: Path, runner: TaskRunner) -> Iterator[SignedIn]:
    clock = FakeClock()
    paths = AppPaths(tmp_path / "fc")
    make_vault(paths, clock)
    window = open_window(qtbot, paths, runner, clock)
    unlock_through_ui(qtbot, window)
    yield SignedIn(window, clock, paths)
    window.close()
