"""The unlock screen's "I cannot unlock: ask council IT" (issue 18): a request file and its
check code from the app, council IT answers on its own machine, the app applies the answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from crypto.kdf import FLOOR_KDF
from services.clock import FakeClock
from services.council import init_council
from services.errors import UnlockFailed
from services.paths import AppPaths
from services.provisioning import provision
from services.recovery import answer_recovery, read_recovery_request
from services.session import unlock
from ui.dialogs import Dialogs
from ui.main_window import MainWindow
from ui.task_runner import TaskRunner

COUNCIL = "granite meadow lantern orbit velvet"
OLD = "harbour cactus pebble thistle walnut"
NEW = "quartz bramble falcon meadow tinsel"


def test_request_and_answer_from_the_unlock_screen(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner
) -> None:
    clock = FakeClock()
    council = tmp_path / "council"
    made = init_council(
        council, council_name="Test Council", passphrase=COUNCIL, clock=clock, kdf=FLOOR_KDF
    )
    paths = AppPaths(tmp_path / "fc")
    report = provision(
        paths,
        made.trust_bundle.read_bytes(),
        worker_name="Sam Okafor",
        passphrase=OLD,
        nation="england",
        clock=clock,
        kdf=FLOOR_KDF,
        fingerprint_confirmed=True,
    )
    window = MainWindow(paths, runner, clock, Dialogs())
    qtbot.addWidget(window)
    window.show()
    screen = window.unlock_screen
    screen.refresh_workers()
    button = screen.recovery_button
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus and button.accessibleName()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    dialog = screen.recovery_dialog
    assert dialog is not None and dialog.isVisible()
    assert "Sam Okafor" in dialog.windowTitle()
    for widget in [*dialog.findChildren(QLineEdit), *dialog.findChildren(QPushButton)]:
        assert widget.objectName() and widget.accessibleName(), widget

    request = tmp_path / "stick" / "request.json"
    request.parent.mkdir()
    qtbot.keyClicks(dialog.new_passphrase, NEW)
    qtbot.keyClicks(dialog.new_passphrase_again, NEW + "x")
    qtbot.keyClicks(dialog.request_path, str(request))
    qtbot.mouseClick(dialog.request_button, Qt.MouseButton.LeftButton)
    assert "different" in dialog.message.text() and not request.exists()
    dialog.new_passphrase_again.clear()
    qtbot.keyClicks(dialog.new_passphrase_again, NEW)
    qtbot.mouseClick(dialog.request_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check_code.text() != "", timeout=60_000)
    # The code on screen is the one council IT's machine computes from the file.
    assert dialog.check_code.text() == read_recovery_request(request).check_code

    answer = tmp_path / "stick" / "answer.json"
    answer_recovery(
        request, recovery_key=council / "recovery.key.json", key_passphrase=COUNCIL, out=answer
    )
    qtbot.keyClicks(dialog.answer_path, str(answer))
    qtbot.keyClicks(dialog.answer_passphrase, NEW)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.recovered or "Recovered" in dialog.message.text(), timeout=60_000
    )
    assert dialog.recovered, dialog.message.text()
    unlock(paths, report.worker_id, NEW, clock=clock).lock()
    with pytest.raises(UnlockFailed):
        unlock(paths, report.worker_id, OLD, clock=clock)
    window.close()
