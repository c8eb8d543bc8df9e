"""Locking: after idle time (set by policy), by Ctrl+L anywhere, and when the app is suspended."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from services.clock import FakeClock
from services.paths import AppPaths
from services.session import Session
from services.settings import set_idle_timeout_s
from tests.ui.signed_in import (
    DEMO_CASES,
    SignedIn,
    make_vault,
    open_window,
    signed_in_fixture,  # noqa: F401 (the signed_in fixture)
    unlock_through_ui,
)
from ui.main_window import MainWindow
from ui.task_runner import TaskRunner


def assert_locked(window: MainWindow, session: Session) -> None:
    assert session.locked  # the vault is closed and the keys dropped
    assert window.session is None
    assert window.current_screen() == "unlock_screen"
    home = window.home
    assert home.case_list.model.rowCount() == 0
    assert home.case_list.search.text() == ""
    assert home.editor is None
    assert home.signed_in.text() == ""
    assert QGuiApplication.clipboard().text() == ""


def test_locks_after_the_idle_time_the_administrator_set(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner
) -> None:
    clock = FakeClock()
    paths = AppPaths(tmp_path / "fc")
    make_vault(paths, clock, lambda s: set_idle_timeout_s(s, 60, clock=clock))
    window = open_window(qtbot, paths, runner, clock)
    unlock_through_ui(qtbot, window)
    qtbot.waitUntil(lambda: window.idle_lock.timeout_s == 60, timeout=10_000)
    session = window.session
    assert session is not None and window.home.case_list.model.rowCount() == DEMO_CASES
    QGuiApplication.clipboard().setText("林小梅, copied from a case")

    clock.advance(45)
    window.idle_lock.check()
    qtbot.keyClicks(window.home.case_list.search, "L")  # someone is still there...
    window.idle_lock.check()
    clock.advance(45)
    window.idle_lock.check()  # ...so 90 s after unlocking it is still open
    assert not session.locked and window.current_screen() == "home_screen"

    clock.advance(16)  # 61 s without input: the once-a-second check locks it
    with qtbot.waitSignal(window.session_locked, timeout=10_000):
        pass
    assert_locked(window, session)
    assert "nobody used the app" in window.unlock_screen.message.text()
    window.close()


def test_ctrl_l_locks_from_inside_a_field(qtbot: QtBot, signed_in: SignedIn) -> None:
    window = signed_in.window
    session = window.session
    assert session is not None
    window.home.case_list.search.setFocus()
    qtbot.keyClicks(window.home.case_list.search, "Olena")
    QGuiApplication.clipboard().setText("Olena Kovalenko")
    with qtbot.waitSignal(window.session_locked, timeout=10_000):
        qtbot.keyClick(
            window.home.case_list.search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
        )
    assert_locked(window, session)
    # Unlocking again shows the cases again, and Ctrl+L (off while locked) locks again.
    unlock_through_ui(qtbot, window)
    assert window.home.case_list.model.rowCount() == DEMO_CASES
    again = window.session
    assert again is not None
    with qtbot.waitSignal(window.session_locked, timeout=10_000):
        qtbot.keyClick(
            window.home.case_list.search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
        )
    assert_locked(window, again)


def test_lock_button_and_open_dialogs_close(qtbot: QtBot, signed_in: SignedIn) -> None:
    window = signed_in.window
    session = window.session
    assert session is not None
    dialog = QDialog(window)
    dialog.setWindowTitle("A dialog about a case")
    dialog.show()
    with qtbot.waitSignal(window.session_locked, timeout=10_000):
        qtbot.mouseClick(window.home.lock_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert_locked(window, session)


def test_locks_when_the_application_is_suspended(qtbot: QtBot, signed_in: SignedIn) -> None:
    window = signed_in.window
    session = window.session
    assert session is not None
    # Another window taking focus is ordinary work and must not lock.
    window.idle_lock.application_state_changed(Qt.ApplicationState.ApplicationInactive)
    assert not session.locked and window.session is session
    # Through Qt's own signal, which IdleLock connects once signed in (see ui/idle_lock.py).
    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    with qtbot.waitSignal(window.session_locked, timeout=10_000):
        app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert_locked(window, session)
    assert "went to sleep" in window.unlock_screen.message.text()


def test_a_backwards_clock_step_does_not_lock(qtbot: QtBot, signed_in: SignedIn) -> None:
    window = signed_in.window
    clock = signed_in.clock
    clock.advance(-3600)  # e.g. the time zone or NTP corrected the clock
    window.idle_lock.check()
    clock.advance(window.idle_lock.timeout_s - 5)
    window.idle_lock.check()
    assert window.session is not None and not window.session.locked
