"""The unlock screen: choose a worker, type the passphrase; unlocking runs off the UI thread."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.clock import Clock
from services.errors import BackoffActive, ServiceError, format_wait
from services.paths import AppPaths
from services.worker_choices import list_workers
from ui.accessibility import StatusLabel
from ui.form_rows import add_question
from ui.headings import fingerprint_font, heading_label
from ui.passphrase_fields import passphrase_edit
from ui.plain_text import neutralise_bidi, plain_label
from ui.task_runner import TaskRunner

# services.session (key slots, the vault) is imported on the worker thread when a passphrase
# is checked: the unlock screen itself only lists the workers.
if TYPE_CHECKING:
    from services.provisioning import ProvisionReport
    from services.session import Session
    from ui.recovery_request import RecoveryRequestDialog

# The column's widest, in average characters: grows with a large system font.
BODY_MAX_CHARS = 110


class UnlockScreen(QWidget):
    """Emits `unlocked(Session)` when a worker's passphrase opens the vault."""

    unlocked = Signal(object)

    def __init__(
        self, paths: AppPaths, runner: TaskRunner, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlock_screen")
        self._paths, self._runner, self._clock = paths, runner, clock
        self._names: dict[str, str] = {}
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
        # The council recovery key never comes here: a request file goes to council IT.
        self.recovery_button = QPushButton("I &cannot unlock: ask council IT")
        self.recovery_button.setObjectName("unlock_recovery_button")
        self.recovery_button.setAccessibleName("I cannot unlock: ask council IT")
        self.recovery_button.clicked.connect(self.ask_council_it)
        self.recovery_dialog: RecoveryRequestDialog | None = None
        self.busy = QProgressBar()
        self.busy.setObjectName("unlock_busy")
        self.busy.setAccessibleName("Unlocking")
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.message = StatusLabel("", "Unlock message", urgent=True)
        self.message.setObjectName("unlock_message")
        self.message.setWordWrap(True)
        # After too many wrong passphrases: counts down to when the worker may try again.
        self._retry_at: datetime | None = None
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self.worker.currentIndexChanged.connect(lambda _i: self._stop_countdown())

        # After set-up: the device fingerprint council IT asks to hear, until the first unlock.
        self.set_up_box = QGroupBox("Read this back to council IT")
        self.set_up_box.setObjectName("set_up_report")
        self.device_fingerprint = StatusLabel("", "Check code to read back to council IT")
        self.device_fingerprint.setObjectName("device_fingerprint")
        self.device_fingerprint.setFont(fingerprint_font(self.font()))
        self.set_up_intro = plain_label("")
        self.set_up_intro.setWordWrap(True)
        self.set_up_details = plain_label("")
        self.set_up_details.setObjectName("set_up_details")
        self.set_up_details.setWordWrap(True)
        set_up_layout = QVBoxLayout(self.set_up_box)
        set_up_layout.addWidget(self.set_up_intro)
        set_up_layout.addWidget(self.device_fingerprint)
        set_up_layout.addWidget(self.set_up_details)
        self.set_up_box.hide()

        # GOV.UK order, one column: each label above its input.
        form = QVBoxLayout()
        add_question(form, "&Worker", self.worker)
        add_question(form, "&Passphrase", self.passphrase)
        # A readable column in the middle of a wide window, rather than one-line-wide fields.
        body = QWidget()
        body.setMaximumWidth(self.fontMetrics().averageCharWidth() * BODY_MAX_CHARS)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(body, 10)
        outer.addStretch(1)
        layout = QVBoxLayout(body)
        layout.addStretch(1)
        layout.addWidget(self.set_up_box)
        heading = heading_label("Unlock First Contact", "unlock_heading")
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.unlock_button)
        layout.addWidget(self.recovery_button)
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
        self._names = {}
        for choice in choices:
            if not choice.disabled:
                self.worker.addItem(neutralise_bidi(choice.display_name), choice.worker_id)
                self._names[choice.worker_id] = choice.display_name
        self.passphrase.setFocus()

    def ask_council_it(self) -> None:
        """Open the recovery request for the chosen worker (their exact name, never typed)."""
        name = self._names.get(str(self.worker.currentData()))
        if name is None:
            self.message.setText("Choose your name in the list first.")
            return
        from ui.recovery_request import RecoveryRequestDialog

        self.recovery_dialog = RecoveryRequestDialog(
            self._paths, self._runner, self._clock, name, parent=self
        )
        self.recovery_dialog.finished.connect(lambda _code: self.passphrase.setFocus())
        self.recovery_dialog.open()

    def show_set_up_report(self, report: ProvisionReport) -> None:
        """The device fingerprint to read back to council IT, shown until the first unlock."""
        # Imported here rather than at start-up: the first touch of PySide's Qt namespace costs
        # ~40 ms, and only a laptop just set up shows the fingerprint.
        from PySide6.QtCore import Qt

        # Selectable, so it can be copied into an e-mail to council IT as well as read out.
        self.device_fingerprint.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        details = f"Device id: {report.device_id}."
        if report.training:
            # Nothing from training mode reaches a council: no code to read out, none shown.
            self.set_up_intro.setText(
                "Training mode is ready. There is nothing to read out or send to council IT."
            )
            self.device_fingerprint.setText("")
        else:
            self.set_up_intro.setText(
                "This laptop is set up. Read this check code (the device fingerprint) back to "
                "council IT, so they know the files you export come from this laptop:"
            )
            self.device_fingerprint.setText(report.device_fingerprint)
        self.set_up_details.setText(details)
        self.set_up_box.show()
        self.message.setText("Now unlock with the passphrase you just chose.")

    def clear_set_up_report(self) -> None:
        self.set_up_box.hide()
        for label in (self.set_up_intro, self.device_fingerprint, self.set_up_details):
            label.setText("")

    def try_unlock(self) -> None:
        worker_id = self.worker.currentData()
        if not worker_id or self._runner.busy or self._retry_at is not None:
            return
        secret = self.passphrase.text()
        self.passphrase.clear()
        paths, clock = self._paths, self._clock
        self._set_busy(True)
        self.message.setText("Unlocking…")
        self._runner.submit(
            lambda: _unlock(paths, str(worker_id), secret, clock), self._done, self._failed
        )

    def _done(self, session: Session) -> None:
        self._set_busy(False)
        self.message.setText("")
        self.unlocked.emit(session)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, BackoffActive):
            self._start_countdown(error.retry_in_s)
        elif isinstance(error, ServiceError):
            self.message.setText(str(error))
        else:
            self.message.setText(
                "The cases on this laptop could not be opened. Nothing was changed."
            )
        self.passphrase.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.unlock_button.setEnabled(not busy and self._retry_at is None)
        self.passphrase.setEnabled(not busy)

    # -- back-off countdown -------------------------------------------------------------------

    def _start_countdown(self, seconds: float) -> None:
        self._retry_at = self._clock.now() + timedelta(seconds=seconds)
        self.unlock_button.setEnabled(False)
        self._countdown.start()
        self._tick()

    def _tick(self) -> None:
        if self._retry_at is None:
            return
        left = (self._retry_at - self._clock.now()).total_seconds()
        if left <= 0:
            self._stop_countdown()
            self.message.setText("You can try your passphrase again now.")
            return
        self.message.setText(
            f"Too many wrong passphrases. Try again in {format_wait(left)}, or ask a colleague "
            "or council IT to reset your passphrase."
        )

    def _stop_countdown(self) -> None:
        if self._retry_at is None:
            return
        self._retry_at = None
        self._countdown.stop()
        self.unlock_button.setEnabled(not self.busy.isVisible())


def _unlock(paths: AppPaths, worker_id: str, passphrase: str, clock: Clock) -> Session:
    """Runs on the worker thread, which also pays for importing the unlock code the first time."""
    from services.session import unlock

    return unlock(paths, worker_id, passphrase, clock=clock)
