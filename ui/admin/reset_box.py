"""Set a temporary passphrase for a colleague who forgot theirs (administrators only)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QGroupBox, QPushButton, QWidget

from services.clock import Clock
from services.kdf_policy import enrolment_kdf
from services.session import Session
from services.worker_list import WorkerRow
from services.workers import reset_passphrase
from ui.operation import Op, describe
from ui.passphrase_fields import passphrase_edit
from ui.plain_text import neutralise_bidi, plain_label
from ui.task_runner import TaskRunner


class ResetBox(QGroupBox):
    """Works on the worker selected in the list (`selected` gives it); reports in `report`."""

    def __init__(
        self,
        runner: TaskRunner,
        clock: Clock,
        selected: Callable[[], WorkerRow | None],
        report: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Forgotten passphrase", parent)
        self.setObjectName("reset_box")
        self._runner, self._clock = runner, clock
        self._selected, self._report = selected, report
        self.session: Session | None = None
        self.temporary = passphrase_edit("reset_temporary_passphrase", "Temporary passphrase")
        self.again = passphrase_edit("reset_temporary_again", "Temporary passphrase again")
        self.reset_button = QPushButton("Set &temporary passphrase")
        self.reset_button.setObjectName("reset_passphrase_button")
        self.reset_button.setAccessibleName("Set a temporary passphrase for the selected worker")
        self.reset_button.clicked.connect(self.reset)
        form = QFormLayout(self)
        form.addRow(plain_label("For the worker selected above; tell them in person."))
        for text, field in (("Te&mporary", self.temporary), ("A&gain", self.again)):
            label = plain_label(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.reset_button)

    def clear(self) -> None:
        self.session = None
        self.temporary.clear()
        self.again.clear()

    def reset(self) -> None:
        session, clock, row = self.session, self._clock, self._selected()
        if session is None or row is None:
            self._report("Choose a worker in the list first.")
            return
        if self.temporary.text() != self.again.text():
            self._report("The two passphrases are different. Type them again.")
            return
        secret, name = self.temporary.text(), neutralise_bidi(row.display_name)
        self.temporary.clear()
        self.again.clear()

        def work() -> None:
            reset_passphrase(
                session, row.worker_id, temporary=secret, clock=clock, kdf=enrolment_kdf()
            )

        self.reset_button.setEnabled(False)
        (
            Op(self._runner, self, work)
            .on_success(
                lambda _none: self._done(
                    f"{name} can now unlock with the temporary "
                    "passphrase; ask them to change it at once."
                )
            )
            .on_failure(lambda error: self._done(describe(error, "Nothing was changed.")))
            .run()
        )

    def _done(self, text: str) -> None:
        self.reset_button.setEnabled(True)
        self._report(text)
