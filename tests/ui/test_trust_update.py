"""Administration > Council trust: the expiry notice and Apply trust update (issue 18, 1)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crypto.kdf import FLOOR_KDF
from services.clock import FakeClock
from services.council import init_council, renew_trust
from services.paths import AppPaths
from services.provisioning import provision
from tests.ui.conftest import PASSPHRASE
from tests.ui.signed_in import unlock_through_ui
from tests.ui.test_first_run_and_unlock import ChosenFile, unnamed_controls
from ui.main_window import MainWindow
from ui.task_runner import TaskRunner

COUNCIL_PASS = "granite meadow lantern orbit velvet"
DAY = 86_400


def test_expiry_notice_then_apply_trust_update_from_administration(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner
) -> None:
    clock = FakeClock()
    keys = tmp_path / "keys"
    made = init_council(
        keys, council_name="UI Council", passphrase=COUNCIL_PASS, clock=clock, kdf=FLOOR_KDF
    )
    paths = AppPaths(tmp_path / "fc")
    provision(
        paths,
        made.trust_bundle.read_bytes(),
        worker_name="Ada Admin",
        passphrase=PASSPHRASE,
        nation="england",
        clock=clock,
        kdf=FLOOR_KDF,
    )
    clock.advance(340 * DAY)
    renewal = tmp_path / "renewal.json"
    renew_trust(keys, root_passphrase=COUNCIL_PASS, clock=clock, out=renewal)

    window = MainWindow(paths, runner, clock, ChosenFile(renewal), training=False)
    qtbot.addWidget(window)
    window.show()
    unlock_through_ui(qtbot, window, name="Ada Admin")
    home = window.home
    qtbot.waitUntil(lambda: home.trust_notice.isVisible(), timeout=10_000)
    assert "expires in 25 days" in home.trust_notice.text()

    qtbot.mouseClick(home.admin_button, Qt.MouseButton.LeftButton)
    trust = home.admin.trust
    home.admin.tabs.setCurrentWidget(trust)
    qtbot.waitUntil(lambda: "version 1" in trust.status.text(), timeout=10_000)
    assert "expires in 25 days" in trust.status.text()
    assert unnamed_controls(trust) == []
    qtbot.mouseClick(trust.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "applied" in trust.message.text(), timeout=10_000)
    assert "version 2" in trust.status.text() and "expires" not in trust.status.text()

    qtbot.mouseClick(home.admin.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not home.trust_notice.isVisible(), timeout=10_000)
    window.close()


def test_a_tampered_update_is_refused_in_administration(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner
) -> None:
    clock = FakeClock()
    made = init_council(
        tmp_path / "keys",
        council_name="UI Council",
        passphrase=COUNCIL_PASS,
        clock=clock,
        kdf=FLOOR_KDF,
    )
    paths = AppPaths(tmp_path / "fc")
    provision(
        paths,
        made.trust_bundle.read_bytes(),
        worker_name="Ada Admin",
        passphrase=PASSPHRASE,
        nation="england",
        clock=clock,
        kdf=FLOOR_KDF,
    )
    bad = tmp_path / "bad.json"
    bad.write_bytes(made.trust_bundle.read_bytes().replace(b"UI Council", b"UI Counci1"))
    window = MainWindow(paths, runner, clock, ChosenFile(bad), training=False)
    qtbot.addWidget(window)
    window.show()
    unlock_through_ui(qtbot, window, name="Ada Admin")
    assert not window.home.trust_notice.isVisible()
    qtbot.mouseClick(window.home.admin_button, Qt.MouseButton.LeftButton)
    trust = window.home.admin.trust
    qtbot.mouseClick(trust.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "refused" in trust.message.text(), timeout=10_000)
    assert "signature" in trust.message.text()
    assert trust.apply_button.isEnabled()
    window.close()
