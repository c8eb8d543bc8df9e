"""The main window: first run, unlock and the signed-in screens, and locking."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from services.clock import Clock
from services.paths import AppPaths
from ui import accessibility, theme
from ui.accessibility import StatusLabel
from ui.desktop_lock import DesktopLockWatch
from ui.idle_lock import IdleLock
from ui.screen_fit import fitted
from ui.task_runner import TaskRunner
from ui.unlock_screen import UnlockScreen

# Only the unlock screen is built at start-up. The first-run screen (set-up: trust bundles,
# provisioning) and the signed-in screens (case list, editor, administration and the services
# behind them) are imported and built the first time they are needed, so the window appears
# without loading them; tests/ui/test_startup_imports.py keeps it that way.
if TYPE_CHECKING:
    from services.provisioning import ProvisionReport
    from services.retention import PurgeReport
    from services.session import Session
    from ui.dialogs import Dialogs
    from ui.first_run import FirstRunScreen
    from ui.home_screen import HomeScreen

log = logging.getLogger(__name__)

TRAINING_BANNER = "TRAINING MODE: fictional cases only. Nothing from here can reach a council."
TITLE = "First Contact"

LOCK_MESSAGES = {
    "manual": "Locked. Unlock to carry on.",
    "idle": "Locked because nobody used the app for a while. Unlock to carry on.",
    "suspended": "Locked because the computer went to sleep or the session was locked.",
}


class MainWindow(QMainWindow):
    """Owns the screens and the current session; emits `session_locked` after every lock."""

    session_locked = Signal()
    screen_shown = Signal(str)

    def __init__(
        self,
        paths: AppPaths,
        runner: TaskRunner,
        clock: Clock,
        dialogs: Dialogs,
        *,
        training: bool = False,
    ) -> None:
        super().__init__()
        accessibility.install()  # before any widget is read by a screen reader
        self.setObjectName("main_window")
        self._paths, self._runner = paths, runner
        self.session: Session | None = None
        self.training_banner = StatusLabel(TRAINING_BANNER, "Training mode")
        self.training_banner.setObjectName("training_banner")
        self.training_banner.setStyleSheet(theme.BANNER_STYLE)
        self._set_training(training)

        self._clock, self._dialogs, self._training_start = clock, dialogs, training
        self._first_run: FirstRunScreen | None = None
        self._home: HomeScreen | None = None
        self.unlock_screen = UnlockScreen(paths, runner, clock)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.unlock_screen)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.training_banner)
        layout.addWidget(self.stack)
        self.setCentralWidget(central)

        self.idle_lock = IdleLock(clock, self)
        self.idle_lock.idle_timed_out.connect(lambda: self.lock("idle"))
        self.idle_lock.suspended.connect(lambda: self.lock("suspended"))
        self.idle_lock.lock_requested.connect(self.lock)
        self.desktop_lock = DesktopLockWatch(self)
        self.desktop_lock.desktop_locked.connect(self._desktop_locked)
        self.unlock_screen.unlocked.connect(self._after_unlock)
        # Ctrl+L is made at the first sign-in and enabled only while signed in (there is nothing
        # to lock before): its context enum would build PySide's whole Qt namespace (~40 ms)
        # before the unlock screen shows.
        self._lock_shortcut: QShortcut | None = None
        self.resize(fitted(self, 1280, 760))
        self._show_start_screen()

    @property
    def first_run(self) -> FirstRunScreen:
        """The set-up screen, built the first time it is needed (only a new laptop needs it)."""
        if self._first_run is None:
            from ui import keyboard_guard
            from ui.first_run import FirstRunScreen

            keyboard_guard.install()
            screen = FirstRunScreen(self._paths, self._runner, self._clock, self._dialogs)
            if self._training_start:
                screen.prefer_training()
            screen.provisioned.connect(self._after_provisioning)
            self.stack.addWidget(screen)
            self._first_run = screen
        return self._first_run

    @property
    def home(self) -> HomeScreen:
        """The signed-in screens, built at the first unlock (or when a test first asks)."""
        if self._home is None:
            from ui import keyboard_guard
            from ui.home_screen import HomeScreen

            keyboard_guard.install()
            self._add_help_menu()
            home = HomeScreen(self._runner, self._clock, self._dialogs)
            home.lock_requested.connect(self.lock)
            home.session_replaced.connect(self._session_replaced)
            home.admin.policy.idle_timeout_changed.connect(self.idle_lock.set_timeout)
            self.stack.addWidget(home)
            self._home = home
        return self._home

    def _add_help_menu(self) -> None:
        # Made at the first sign-in, with the screens that have shortcuts to list.
        from ui.shortcuts_help import show_shortcuts

        menu = self.menuBar().addMenu("&Help")
        action = menu.addAction("&Keyboard shortcuts")
        action.setObjectName("keyboard_shortcuts_action")
        action.setShortcut(QKeySequence("F1"))
        action.triggered.connect(lambda: show_shortcuts(self))

    def current_screen(self) -> str:
        current = self.stack.currentWidget()
        return current.objectName() if current is not None else ""

    def _show(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)
        self.screen_shown.emit(screen.objectName())

    def _set_training(self, training: bool) -> None:
        self.training_banner.setVisible(training)
        self.setWindowTitle(f"{TITLE} - TRAINING" if training else TITLE)

    def _show_start_screen(self) -> None:
        if self._paths.keystore.exists():
            self.unlock_screen.refresh_workers()
            self._show(self.unlock_screen)
        else:
            self._show(self.first_run)

    def _after_provisioning(self, report: ProvisionReport) -> None:
        self._set_training(report.training)
        self.unlock_screen.refresh_workers()
        self.unlock_screen.show_set_up_report(report)
        self._show(self.unlock_screen)

    def _after_unlock(self, session: Session) -> None:
        from services.retention import purge_due
        from services.settings import idle_timeout_s, training_vault

        self.session = session
        self.unlock_screen.clear_set_up_report()
        clock = self._clock
        # Cases past the retention period after a confirmed receipt go now, on the worker
        # thread and before the case list loads (the runner keeps order), so a laptop that
        # rarely imports receipts still purges on time. A failure does not undo the unlock.
        self._runner.submit(lambda: purge_due(session, clock=clock), self._purged, _purge_failed)
        self.home.show_session(session)
        self._show(self.home)
        self._enable_lock_shortcut(True)
        self.idle_lock.arm(self.idle_lock.timeout_s)
        self._runner.submit(
            lambda: (idle_timeout_s(session), training_vault(session)),
            self._policy_loaded,
            lambda _error: None,  # the default timeout stays armed
        )

    def _purged(self, report: PurgeReport) -> None:
        if report.purged:
            log.info("retention_purge_at_unlock")

    def _policy_loaded(self, values: tuple[int, bool]) -> None:
        timeout, training = values
        if self.session is None:
            return
        self.idle_lock.set_timeout(timeout)
        if training:
            self._set_training(True)

    def _enable_lock_shortcut(self, enabled: bool) -> None:
        if self._lock_shortcut is None:
            if not enabled:
                return
            from PySide6.QtCore import Qt

            # Application-wide, so Ctrl+L works from inside the editor and any field (a modal
            # dialog blocks it: IdleLock's event filter handles Ctrl+L there).
            self._lock_shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
            self._lock_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            self._lock_shortcut.activated.connect(self.lock)
        self._lock_shortcut.setEnabled(enabled)

    def _desktop_locked(self) -> None:
        if self.session is not None:
            self.lock("suspended")

    def _session_replaced(self, session: Session) -> None:
        self.session = session

    def lock(self, reason: str = "manual") -> None:
        """Save what was typed, hide case content, clear the clipboard, close the vault."""
        session, home = self.session, self._home
        self.idle_lock.disarm()
        self._enable_lock_shortcut(False)
        if session is not None and home is not None:
            # Queued on the runner before the lock below, so the last keystrokes are saved.
            home.flush()
        self.session = None
        self._close_dialogs()
        if home is not None:
            home.clear()
        QGuiApplication.clipboard().clear()
        self.unlock_screen.refresh_workers()
        if session is not None:
            self.unlock_screen.message.setText(LOCK_MESSAGES.get(reason, LOCK_MESSAGES["manual"]))
        self._show(self.unlock_screen)
        if session is None:
            return
        self._runner.submit(session.lock, lambda _r: self.session_locked.emit(), self._lock_failed)

    def _close_dialogs(self) -> None:
        # A dialog left open (export, a message about a case) would show case content over the
        # unlock screen; rejecting it also ends its nested event loop.
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        for widget in app.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()

    def _lock_failed(self, _error: BaseException) -> None:
        # The vault is closed even when the final audit write fails (lock() closes in finally).
        self.session_locked.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        session, home = self.session, self._home
        self.idle_lock.disarm()
        if session is not None and home is not None:
            home.flush()
        self.session = None
        if home is not None:
            home.clear()
        QGuiApplication.clipboard().clear()
        if session is not None:
            self._runner.run_blocking(session.lock)
        super().closeEvent(event)


def _purge_failed(_error: BaseException) -> None:
    # The event name only: the error's text could name a case.
    log.warning("retention_purge_failed")
