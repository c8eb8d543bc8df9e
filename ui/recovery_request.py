""" "I cannot unlock": write a recovery request for council IT, then apply its answer.

The council recovery key never comes to the laptop (services.recovery): the worker chooses the
new passphrase now, the request file goes to council IT (a USB stick), council IT reads the
check code back on the phone and returns an answer file, which this dialog applies with the
same new passphrase. Both steps run on the worker thread (Argon2id takes about a second).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QGroupBox, QLineEdit, QPushButton, QVBoxLayout, QWidget

from services.clock import Clock
from services.errors import ServiceError
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.recovery import RequestWritten, apply_recovery_answer, request_recovery
from ui.accessibility import StatusLabel
from ui.form_rows import add_question
from ui.headings import fingerprint_font
from ui.operation import Op
from ui.passphrase_fields import forget_on_edit, passphrase_edit
from ui.plain_text import plain_label
from ui.task_runner import TaskRunner


def _path_edit(object_name: str, accessible_name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(object_name)
    edit.setAccessibleName(accessible_name)
    return edit


class RecoveryRequestDialog(QDialog):
    """Two steps for one worker, named exactly as in the keystore (never a new worker)."""

    def __init__(
        self,
        paths: AppPaths,
        runner: TaskRunner,
        clock: Clock,
        worker_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths, self._runner, self._clock = paths, runner, clock
        self._worker_name = worker_name
        self.recovered = False
        self.setObjectName("recovery_request")
        self.setWindowTitle(f"Ask council IT to recover {worker_name}")
        intro = plain_label(
            f"{worker_name} cannot unlock. Choose a new passphrase now and save a request "
            "file for council IT (on a USB stick). Read them the check code on the phone. "
            "When council IT sends the answer file back, apply it below with the same new "
            "passphrase."
        )
        intro.setWordWrap(True)

        self.new_passphrase = passphrase_edit("recovery_new_passphrase", "New passphrase")
        self.new_passphrase_again = passphrase_edit(
            "recovery_new_passphrase_again", "New passphrase again"
        )
        self.request_path = _path_edit("recovery_request_path", "Save the request file as")
        self.request_button = QPushButton("&Write request for council IT")
        self.request_button.setObjectName("recovery_request_button")
        self.request_button.setAccessibleName("Write request for council IT")
        self.request_button.clicked.connect(self.write_request)
        self.check_code = StatusLabel("", "Check code to read to council IT")
        self.check_code.setObjectName("recovery_check_code")
        self.check_code.setFont(fingerprint_font(self.font()))
        ask_box = QGroupBox("1. Ask council IT")
        ask = QVBoxLayout(ask_box)
        add_question(ask, "&New passphrase", self.new_passphrase, "At least five unrelated words.")
        add_question(ask, "New passphrase a&gain", self.new_passphrase_again)
        add_question(
            ask,
            "&Save the request file as",
            self.request_path,
            "For example /media/stick/recovery-request.json",
        )
        ask.addWidget(self.request_button)
        ask.addWidget(self.check_code)

        self.answer_path = _path_edit("recovery_answer_path", "Council IT's answer file")
        self.answer_passphrase = passphrase_edit(
            "recovery_answer_passphrase", "The new passphrase chosen for the request"
        )
        self.apply_button = QPushButton("&Apply council IT's answer")
        self.apply_button.setObjectName("recovery_apply_button")
        self.apply_button.setAccessibleName("Apply council IT's answer")
        self.apply_button.clicked.connect(self.apply_answer)
        apply_box = QGroupBox("2. Apply the answer")
        apply = QVBoxLayout(apply_box)
        add_question(apply, "Council IT's a&nswer file", self.answer_path)
        add_question(apply, "The new pass&phrase chosen for the request", self.answer_passphrase)
        apply.addWidget(self.apply_button)

        self.message = StatusLabel("", "Recovery message", urgent=True)
        self.message.setObjectName("recovery_message")
        self.message.setWordWrap(True)
        forget_on_edit(self.message, self.new_passphrase, self.new_passphrase_again)
        close = QPushButton("&Close")
        close.setObjectName("recovery_close")
        close.setAccessibleName("Close")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(ask_box)
        layout.addWidget(apply_box)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.new_passphrase.setFocus()

    def write_request(self) -> None:
        first, again = self.new_passphrase.text(), self.new_passphrase_again.text()
        target = self.request_path.text().strip()
        if first != again:
            self.message.setText("The two new passphrases are different; type them again.")
            return
        if not target:
            self.message.setText("Say where to save the request file (a USB stick).")
            return
        paths, clock, name, out = self._paths, self._clock, self._worker_name, Path(target)
        self._busy(True)
        (
            Op(
                self._runner,
                self,
                lambda: request_recovery(
                    paths,
                    worker_name=name,
                    new_passphrase=first,
                    out=out,
                    clock=clock,
                    kdf=enrolment_kdf(),
                ),
            )
            .on_success(self._written)
            .on_failure(self._failed)
            .run()
        )

    def _written(self, written: RequestWritten) -> None:
        self._busy(False)
        self.new_passphrase.clear()
        self.new_passphrase_again.clear()
        self.check_code.setText(written.check_code)
        self.message.setText(
            f"Request saved to {written.path}. Give it to council IT and read them the check "
            f"code {written.check_code}. Keep the new passphrase: the answer needs it."
        )
        self.answer_path.setFocus()

    def apply_answer(self) -> None:
        target = self.answer_path.text().strip()
        if not target:
            self.message.setText("Say where council IT's answer file is.")
            return
        paths, clock, passphrase = self._paths, self._clock, self.answer_passphrase.text()
        self._busy(True)
        (
            Op(
                self._runner,
                self,
                lambda: apply_recovery_answer(
                    paths,
                    Path(target),
                    new_passphrase=passphrase,
                    clock=clock,
                    kdf=enrolment_kdf(),
                ),
            )
            .on_success(self._applied)
            .on_failure(self._failed)
            .run()
        )

    def _applied(self, _worker_id: str) -> None:
        self._busy(False)
        self.answer_passphrase.clear()
        self.recovered = True
        self.message.setText(
            f"Recovered: {self._worker_name} can unlock with the new passphrase. Close this "
            "window and unlock."
        )

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        if isinstance(error, ServiceError):
            self.message.setText(str(error))
        else:
            self.message.setText("That did not work; nothing was changed. Try again.")

    def _busy(self, busy: bool) -> None:
        self.request_button.setEnabled(not busy)
        self.apply_button.setEnabled(not busy)
