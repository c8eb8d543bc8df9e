"""First run to a training vault, unlock off the UI thread, lock: driven like a person would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from services.clock import FakeClock
from services.council import init_council
from services.device_identity import device_identity
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.provisioning import preview_trust_bundle
from services.settings import device_nation
from services.training import provision_training
from tests.ui.conftest import PASSPHRASE
from ui.dialogs import Dialogs
from ui.first_run import FirstRunScreen
from ui.main_window import MainWindow
from ui.task_runner import TaskRunner


def _choose_nation(screen: FirstRunScreen, nation: str) -> None:
    screen.nation.setCurrentIndex(screen.nation.findData(nation))


def _set_up_training(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.first_run
    qtbot.keyClicks(screen.worker_name, "Sam Okafor")
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    qtbot.keyClicks(screen.passphrase_again, PASSPHRASE)
    # No nation is preselected: set-up is refused until one is chosen.
    qtbot.mouseClick(screen.training_button, Qt.MouseButton.LeftButton)
    assert "Choose the nation" in screen.message.text()
    _choose_nation(screen, "scotland")
    with qtbot.waitSignal(window.screen_shown, timeout=60_000):
        qtbot.mouseClick(screen.training_button, Qt.MouseButton.LeftButton)


def test_first_run_training_then_unlock_and_lock(
    qtbot: QtBot, window: MainWindow, vault_threads: list[str]
) -> None:
    assert window.current_screen() == "first_run_screen"
    # Started with --training: marked from the first screen, and only training is offered.
    assert window.training_banner.isVisible() and "TRAINING" in window.windowTitle()
    assert not window.first_run.trust_box.isVisible()
    _set_up_training(qtbot, window)
    assert window.current_screen() == "unlock_screen"
    assert window.training_banner.isVisible()
    # Training never reaches council IT: no code to read out, and no word of one.
    intro = window.unlock_screen.set_up_intro.text()
    assert "nothing to read out" in intro and "fingerprint" not in intro
    assert window.unlock_screen.device_fingerprint.text() == ""
    assert window.unlock_screen.set_up_box.isVisible()
    assert window.unlock_screen.worker.currentText().strip("\u2068\u2069") == "Sam Okafor"

    qtbot.keyClicks(window.unlock_screen.passphrase, PASSPHRASE)
    with qtbot.waitSignal(window.screen_shown, timeout=60_000):
        qtbot.keyClick(window.unlock_screen.passphrase, Qt.Key.Key_Return)
    assert window.current_screen() == "home_screen"
    assert "Sam Okafor" in window.home.signed_in.text()
    session = window.session
    assert session is not None and not session.locked

    QGuiApplication.clipboard().setText("something copied from a case")
    with qtbot.waitSignal(window.session_locked, timeout=30_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert session.locked
    assert window.session is None
    assert window.current_screen() == "unlock_screen"
    assert window.home.signed_in.text() == ""
    assert QGuiApplication.clipboard().text() == ""
    # Set-up, unlock and lock all touched the vault, and never from the UI thread.
    assert vault_threads
    assert "MainThread" not in vault_threads


def test_wrong_passphrase_shows_clear_message(qtbot: QtBot, window: MainWindow) -> None:
    _set_up_training(qtbot, window)
    qtbot.keyClicks(window.unlock_screen.passphrase, "not the passphrase at all")
    qtbot.mouseClick(window.unlock_screen.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "did not unlock" in window.unlock_screen.message.text(), timeout=30_000)
    assert window.current_screen() == "unlock_screen"
    assert window.unlock_screen.passphrase.text() == ""


def test_weak_passphrase_is_refused_on_first_run(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.first_run
    qtbot.keyClicks(screen.worker_name, "Sam")
    _choose_nation(screen, "wales")
    qtbot.keyClicks(screen.passphrase, "1234")
    qtbot.keyClicks(screen.passphrase_again, "1234")
    qtbot.mouseClick(screen.training_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "too easy to guess" in screen.message.text(), timeout=30_000)
    assert window.current_screen() == "first_run_screen"


def unnamed_controls(root: QWidget) -> list[str]:
    """Keyboard-reachable controls under `root` that a screen reader could not name."""
    missing = []
    for widget in root.findChildren(QWidget):
        # Popups (a combo box's list) are their own windows and named by their owner.
        if widget.window() is not root.window():
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractSpinBox):
            widget = parent  # a spin box's inner line edit: the spin box carries the name
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not widget.accessibleName():
            missing.append(widget.objectName() or type(widget).__name__)
    return missing


def test_every_focusable_control_has_an_accessible_name(window: MainWindow) -> None:
    for screen in (window.first_run, window.unlock_screen, window.home):
        assert unnamed_controls(screen) == []


def test_passphrase_fields_are_hidden_from_input_methods(window: MainWindow) -> None:
    for edit in (window.first_run.passphrase, window.unlock_screen.passphrase):
        # Set by the Password echo mode (QLineEdit::setEchoMode), not by our code: pinned here.
        hints = edit.inputMethodHints()
        assert hints & Qt.InputMethodHint.ImhHiddenText
        assert hints & Qt.InputMethodHint.ImhSensitiveData
        assert hints & Qt.InputMethodHint.ImhNoPredictiveText
        assert hints & Qt.InputMethodHint.ImhNoAutoUppercase


def test_every_unlock_screen_label_is_plain_text(window: MainWindow) -> None:
    # Labels show names and error text: markup in either must show as typed, never render.
    labels = [*window.unlock_screen.findChildren(QLabel), window.training_banner]
    assert labels
    for label in labels:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName() or label.text()
    window.unlock_screen.message.setText("<b>Sam</b>")
    assert window.unlock_screen.message.textFormat() == Qt.TextFormat.PlainText


class ChosenFile(Dialogs):
    """Answers the file chooser with one prepared path, as a person picking it would."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def choose_open_file(self, parent: QWidget, title: str, filters: str) -> str | None:
        return str(self.path)


def test_first_run_from_a_council_trust_bundle(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner
) -> None:
    clock = FakeClock()
    council = init_council(
        tmp_path / "council",
        council_name="Test Council",
        passphrase="granite meadow lantern orbit velvet",
        clock=clock,
        kdf=enrolment_kdf(),
    )
    paths = AppPaths(tmp_path / "fc")
    window = MainWindow(paths, runner, clock, ChosenFile(council.trust_bundle))
    qtbot.addWidget(window)
    window.show()
    screen = window.first_run
    assert not window.training_banner.isVisible()
    qtbot.mouseClick(screen.choose_trust, Qt.MouseButton.LeftButton)
    short = preview_trust_bundle(council.trust_bundle.read_bytes(), clock=clock).short_fingerprint
    assert short in screen.fingerprint.text()
    assert screen.fingerprint.text() == short
    assert "Test Council" in screen.trust_council.text()
    qtbot.keyClicks(screen.worker_name, "Sam Okafor")
    _choose_nation(screen, "northern_ireland")
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    qtbot.keyClicks(screen.passphrase_again, PASSPHRASE)
    # Not yet ticked: refused with a reason, nothing created.
    qtbot.mouseClick(screen.create_button, Qt.MouseButton.LeftButton)
    assert "tick the box" in screen.message.text()
    assert not paths.is_provisioned()
    screen.confirm.setChecked(True)
    with qtbot.waitSignal(window.screen_shown, timeout=60_000):
        qtbot.mouseClick(screen.create_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() == "unlock_screen"
    unlock_screen = window.unlock_screen
    shown_fingerprint = unlock_screen.device_fingerprint.text()
    assert "(the device fingerprint) back to council IT" in unlock_screen.set_up_intro.text()
    assert len(shown_fingerprint) >= 19  # e.g. KB4F-R7DI-BRKL-F2XY
    assert unlock_screen.set_up_box.isVisible()
    assert "training" not in unlock_screen.set_up_details.text().lower()
    qtbot.keyClicks(unlock_screen.passphrase, PASSPHRASE)
    with qtbot.waitSignal(window.screen_shown, timeout=60_000):
        qtbot.keyClick(unlock_screen.passphrase, Qt.Key.Key_Return)
    session = window.session
    assert session is not None
    # What was read out is the fingerprint of the device key inside the vault.
    identity = runner.run_blocking(lambda: device_identity(session.vault))
    assert (
        unlock_screen.device_fingerprint.text() == "" and not unlock_screen.set_up_box.isVisible()
    )
    assert identity.fingerprint == shown_fingerprint
    # New cases on this laptop open in the nation chosen at set-up.
    assert runner.run_blocking(lambda: device_nation(session)) == "northern_ireland"
    window.close()


def test_back_off_shows_a_live_countdown(qtbot: QtBot, tmp_path: Path, runner: TaskRunner) -> None:
    clock = FakeClock()
    paths = AppPaths(tmp_path / "fc")
    provision_training(
        paths,
        worker_name="Sam Okafor",
        passphrase=PASSPHRASE,
        nation="england",
        clock=clock,
        kdf=enrolment_kdf(),
    )
    window = MainWindow(paths, runner, clock, Dialogs())
    qtbot.addWidget(window)
    window.show()
    screen = window.unlock_screen
    for _ in range(5):
        qtbot.keyClicks(screen.passphrase, "wrong wrong wrong wrong wrong")
        qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "did not unlock" in screen.message.text(), timeout=30_000)
        screen.message.setText("")
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)  # even the right one must wait now
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Try again in 30 s" in screen.message.text(), timeout=30_000)
    assert not screen.unlock_button.isEnabled()
    assert window.current_screen() == "unlock_screen"
    clock.advance(12)
    qtbot.waitUntil(lambda: "Try again in 18 s" in screen.message.text(), timeout=5_000)
    clock.advance(19)
    qtbot.waitUntil(lambda: "try your passphrase again now" in screen.message.text(), timeout=5_000)
    assert screen.unlock_button.isEnabled()
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    with qtbot.waitSignal(window.screen_shown, timeout=60_000):
        qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert window.current_screen() == "home_screen"
    window.close()
