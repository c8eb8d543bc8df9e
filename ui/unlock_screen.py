"""The unlock screen: choose a worker, type the passphrase; unlocking runs off the UI thread."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.clock import Clock
from services.errors import ServiceError
from services.paths import AppPaths
from services.session import Session, list_workers, unlock
from ui.passphrase_fields import passphrase_edit
from ui.plain_text import neutralise_bidi, plain_label
from ui.task_runner import TaskRunner


class UnlockScreen(QWidget):
    """Emits `unlocked(Session)` when a worker's passphrase opens the vault."""

    unlocked = Signal(object)

    def __init__(
        self, paths: AppPaths, runner: TaskRunner, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlock_screen")
        self._paths, self._runner, self._clock = paths, runner, clock
        self.worker = QComboBox()
        self.worker.setObjectName("unlock_worker")
        self.worker.setAccessibleName("Worker")
        self.passphrase = passphrase_edit("unlock_passphrase", "Passphrase")
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.busy = QProgressBar()
        self.busy.setObjectName("unlock_busy")
        self.busy.setAccessibleName("Unlocking")
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.message = plain_label("")
        self.message.setObjectName("unlock_message")
        self.message.setAccessibleName("Unlock message")
        self.message.setWordWrap(True)

        form = QFormLayout()
        worker_label = plain_label("&Worker")
        worker_label.setBuddy(self.worker)
        pass_label = plain_label("&Passphrase")
        pass_label.setBuddy(self.passphrase)
        form.addRow(worker_label, self.worker)
        form.addRow(pass_label, self.passphrase)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(plain_label("Unlock First Contact"))
        layout.addLayout(form)
        layout.addWidget(self.unlock_button)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addStretch(2)

    def refresh_workers(self) -> None:
        """Reload the worker list from the keystore (after set-up, recovery or a new worker)."""
        self.worker.clear()
        try:
            choices = list_workers(self._paths)
        except ServiceError as exc:
            self.message.setText(str(exc))
            return
        for choice in choices:
            if not choice.disabled:
                self.worker.addItem(neutralise_bidi(choice.display_name), choice.worker_id)
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        worker_id = self.worker.currentData()
        if not worker_id or self._runner.busy:
            return
        secret = self.passphrase.text()
        self.passphrase.clear()
        paths, clock = self._paths, self._clock
        self._set_busy(True)
        self.message.setText("Unlocking…")
        self._runner.submit(
            lambda: unlock(paths, str(worker_id), secret, clock=clock), self._done, self._failed
        )

    def _done(self, session: object) -> None:
        self._set_busy(False)
        self.message.setText("")
        if isinstance(session, Session):
            self.unlocked.emit(session)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ServiceError):
            self.message.setText(str(error))
        else:
            self.message.setText("The vault could not be unlocked. Nothing was changed.")
        self.passphrase.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.unlock_button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
