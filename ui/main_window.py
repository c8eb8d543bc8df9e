"""The main window: first run, unlock and the signed-in screens, and locking."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from services.clock import Clock
from services.paths import AppPaths
from services.provisioning import ProvisionReport
from services.session import Session
from ui.dialogs import Dialogs
from ui.first_run import FirstRunScreen
from ui.home_screen import HomeScreen
from ui.plain_text import plain_label
from ui.task_runner import TaskRunner
from ui.unlock_screen import UnlockScreen

TRAINING_BANNER = "TRAINING VAULT: fictional cases only. Nothing from here can reach a council."


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
        self.setObjectName("main_window")
        self.setWindowTitle("First Contact")
        self._paths, self._runner = paths, runner
        self.session: Session | None = None
        self.training_banner = plain_label(TRAINING_BANNER)
        self.training_banner.setObjectName("training_banner")
        self.training_banner.setStyleSheet("background:#b45f06;color:white;padding:4px;")
        self.training_banner.setVisible(training)

        self.first_run = FirstRunScreen(paths, runner, clock, dialogs)
        self.unlock_screen = UnlockScreen(paths, runner, clock)
        self.home = HomeScreen()
        self.stack = QStackedWidget()
        for screen in (self.first_run, self.unlock_screen, self.home):
            self.stack.addWidget(screen)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.training_banner)
        layout.addWidget(self.stack)
        self.setCentralWidget(central)

        self.first_run.provisioned.connect(self._after_provisioning)
        self.unlock_screen.unlocked.connect(self._after_unlock)
        self.home.lock_requested.connect(self.lock)
        lock_shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        lock_shortcut.activated.connect(self.lock)
        self.resize(900, 640)
        self._show_start_screen()

    def current_screen(self) -> str:
        current = self.stack.currentWidget()
        return current.objectName() if current is not None else ""

    def _show(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)
        self.screen_shown.emit(screen.objectName())

    def _show_start_screen(self) -> None:
        if self._paths.keystore.exists():
            self.unlock_screen.refresh_workers()
            self._show(self.unlock_screen)
        else:
            self._show(self.first_run)

    def _after_provisioning(self, report: ProvisionReport) -> None:
        self.training_banner.setVisible(report.training)
        self.unlock_screen.refresh_workers()
        self.unlock_screen.message.setText(
            "This laptop is set up. Read this device fingerprint back to council IT:\n"
            f"{report.device_fingerprint}"
        )
        self._show(self.unlock_screen)

    def _after_unlock(self, session: Session) -> None:
        self.session = session
        self.home.show_session(session)
        self._show(self.home)

    def lock(self) -> None:
        """Hide case content, clear the clipboard, close the vault (on the worker thread)."""
        session, self.session = self.session, None
        self.home.clear()
        QGuiApplication.clipboard().clear()
        self.unlock_screen.refresh_workers()
        self._show(self.unlock_screen)
        if session is None:
            return
        self._runner.submit(session.lock, lambda _r: self.session_locked.emit(), self._lock_failed)

    def _lock_failed(self, _error: BaseException) -> None:
        # The vault is closed even when the final audit write fails (lock() closes in finally).
        self.session_locked.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        session, self.session = self.session, None
        QGuiApplication.clipboard().clear()
        if session is not None:
            self._runner.run_blocking(session.lock)
        super().closeEvent(event)
