"""Change your own passphrase: re-wraps your key slot; the vault itself is untouched."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.clock import Clock
from services.kdf_policy import enrolment_kdf
from services.session import Session
from services.workers import change_passphrase
from ui.accessibility import StatusLabel, name_control
from ui.form_rows import add_question
from ui.headings import heading_label
from ui.operation import Op, describe
from ui.passphrase_fields import StrengthMeter, forget_on_edit, passphrase_edit
from ui.task_runner import TaskRunner


class PassphrasePanel(QWidget):
    """Any worker may change their own passphrase; emits `passphrase_changed` on success."""

    passphrase_changed = Signal()
    back_requested = Signal()

    def __init__(self, runner: TaskRunner, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphrase_screen")
        self._runner, self._clock = runner, clock
        self._session: Session | None = None
        heading = heading_label("Change your passphrase", "passphrase_heading")
        self.current = passphrase_edit("current_passphrase", "Current passphrase")
        self.new = passphrase_edit("changed_passphrase", "New passphrase")
        self.again = passphrase_edit("changed_passphrase_again", "New passphrase again")
        meter = StrengthMeter(self.new)
        self.change_button = QPushButton("C&hange passphrase")
        self.change_button.setObjectName("change_passphrase_button")
        self.change_button.setAccessibleName("Change passphrase")
        self.change_button.clicked.connect(self.change)
        self.back_button = QPushButton("&Back to cases")
        self.back_button.setObjectName("passphrase_back_button")
        name_control(self.back_button, "&Back to cases", "Back to the case list")
        self.back_button.clicked.connect(self.back_requested)
        self.busy = QProgressBar()
        self.busy.setObjectName("passphrase_busy")
        self.busy.setAccessibleName("Changing passphrase")
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.message = StatusLabel("", "Passphrase message")
        self.message.setObjectName("passphrase_message")
        self.message.setWordWrap(True)

        # GOV.UK order, one column: each label above its input.
        form = QVBoxLayout()
        for text, field in (
            ("C&urrent passphrase", self.current),
            ("&New passphrase", self.new),
            ("New passphrase &again", self.again),
        ):
            add_question(form, text, field)
        form.addWidget(meter)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.change_button)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        forget_on_edit(self.message, self.current, self.new, self.again)
        layout.addStretch(1)
        back_row = QHBoxLayout()
        back_row.addWidget(self.back_button)
        back_row.addStretch(1)
        layout.addLayout(back_row)

    def show_session(self, session: Session) -> None:
        self._session = session
        self.message.setText("")
        self.current.setFocus()

    def clear(self) -> None:
        self._session = None
        for edit in (self.current, self.new, self.again):
            edit.clear()
        self.message.setText("")
        self.busy.hide()
        self.change_button.setEnabled(True)

    def change(self) -> None:
        session, clock = self._session, self._clock
        if session is None:
            return
        if self.new.text() != self.again.text():
            self.message.setText("The two new passphrases are different. Type them again.")
            return
        old, new = self.current.text(), self.new.text()
        for edit in (self.current, self.new, self.again):
            edit.clear()
        self.busy.show()
        self.change_button.setEnabled(False)
        self.message.setText("Changing your passphrase…")
        (
            Op(
                self._runner,
                self,
                lambda: change_passphrase(
                    session, old=old, new=new, clock=clock, kdf=enrolment_kdf()
                ),
            )
            .on_success(self._done)
            .on_failure(self._failed)
            .run()
        )

    def _done(self, _result: object) -> None:
        self.busy.hide()
        self.change_button.setEnabled(True)
        self.message.setText("Your passphrase was changed. Use the new one from now on.")
        self.passphrase_changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.busy.hide()
        self.change_button.setEnabled(True)
        self.message.setText(describe(error, "The passphrase was not changed."))
