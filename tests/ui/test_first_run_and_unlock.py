"""First run to a training vault, unlock off the UI thread, lock: driven like a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import PASSPHRASE
from ui.main_window import MainWindow


def _set_up_training(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.first_run
    qtbot.keyClicks(screen.worker_name, "Sam Okafor")
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    qtbot.keyClicks(screen.passphrase_again, PASSPHRASE)
    with qtbot.waitSignal(window.screen_shown, timeout=60_000):
        qtbot.mouseClick(screen.training_button, Qt.MouseButton.LeftButton)


def test_first_run_training_then_unlock_and_lock(
    qtbot: QtBot, window: MainWindow, vault_threads: list[str]
) -> None:
    assert window.current_screen() == "first_run_screen"
    _set_up_training(qtbot, window)
    assert window.current_screen() == "unlock_screen"
    assert window.training_banner.isVisible()
    assert "device fingerprint" in window.unlock_screen.message.text()
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
    qtbot.keyClicks(screen.passphrase, "1234")
    qtbot.keyClicks(screen.passphrase_again, "1234")
    qtbot.mouseClick(screen.training_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "too easy to guess" in screen.message.text(), timeout=30_000)
    assert window.current_screen() == "first_run_screen"


def test_every_focusable_control_has_an_accessible_name(window: MainWindow) -> None:
    for screen in (window.first_run, window.unlock_screen, window.home):
        for widget in screen.findChildren(QWidget):
            # Popups (a combo box's list) are their own windows and named by their owner.
            in_window = widget.window() is window
            if in_window and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled():
                assert widget.accessibleName(), widget.objectName() or type(widget).__name__


def test_passphrase_fields_are_hidden_from_input_methods(window: MainWindow) -> None:
    for edit in (window.first_run.passphrase, window.unlock_screen.passphrase):
        hints = edit.inputMethodHints()
        assert hints & Qt.InputMethodHint.ImhSensitiveData
        assert hints & Qt.InputMethodHint.ImhNoPredictiveText
