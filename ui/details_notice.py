"""After signing in, until the worker has given their own details: a notice that asks for them.

A new worker's first case otherwise starts with "Your first name", "Your organisation" and the
rest empty, and sign-off then asks for a reason for each. The notice asks once, in words, with
a button to give them now; it never opens a dialog by itself (which would take the focus away
from the case list), and it goes as soon as the details are saved.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from services.session import Session
from ui import theme
from ui.accessibility import StatusLabel, name_control
from ui.operation import Op
from ui.task_runner import TaskRunner

ASK = (
    "Your own details (name, role, organisation, phone, work email) are not given yet. "
    "Give them once and every new case starts with them filled in."
)


class DetailsNotice(QWidget):
    requested = Signal()

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("details_notice")
        self._runner = runner
        self.text = StatusLabel(ASK, "My details")
        self.text.setObjectName("details_notice_text")
        self.text.setWordWrap(True)
        self.button = QPushButton("Give my details now…")
        self.button.setObjectName("details_notice_button")
        name_control(self.button, self.button.text(), "Opens My details")
        self.button.clicked.connect(self.requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(9, 0, 9, 0)  # line up with the pages' own margins
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self.text.setStyleSheet(theme.NOTICE_STYLE)
        self.hide()

    def check(self, session: Session) -> None:
        """Show the notice if this worker has no details saved (read on the worker thread)."""
        from services.my_details import my_details  # only once signed in

        (
            Op(self._runner, self, lambda: bool(my_details(session)))
            .on_success(lambda given: self.setVisible(not given))
            .ignore_failure()
            .run()
        )
