"""The editor's dialogs: supervisor sign-off, amendment reason, disclosure-log entry.

Each is opened with open() (window-modal, never a nested event loop) and reports through
`submitted`; the editor does the work on the runner and reports back with show_error().
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from forms.readiness import NOT_ASKED_AT_FIRST_CONTACT, GapQuestion, reasons_for_outputs
from ui import theme
from ui.accessibility import name_control
from ui.editor.rows import MESSAGE_STYLE
from ui.input_hints import SENSITIVE_HINTS
from ui.passphrase_fields import passphrase_edit
from ui.plain_text import neutralise_bidi, plain_label


def _button(text: str, name: str, accessible: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    name_control(button, text, accessible)
    return button


class _Prompt(QDialog):
    submitted = Signal()

    def __init__(self, title: str, name: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.message = plain_label("", self)  # parented: never a window of its own
        self.message.setObjectName(f"{name}.message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.setVisible(False)
        self.layout_ = QVBoxLayout(self)

    def _finish(self, confirm: QPushButton) -> None:
        cancel = _button("Cancel", f"{self.objectName()}.cancel", "Cancel")
        cancel.clicked.connect(self.reject)
        confirm.clicked.connect(self._confirm)
        confirm.setDefault(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(confirm)
        row.addWidget(cancel)
        self.confirm = confirm
        self.layout_.addWidget(self.message)
        self.layout_.addLayout(row)

    def _confirm(self) -> None:
        problem = self.problem()
        if problem:
            self.show_error(problem)
            return
        self.set_busy(True)
        self.submitted.emit()

    def problem(self) -> str:
        return ""

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.message.setText(text)
        self.message.setVisible(True)

    def set_busy(self, busy: bool) -> None:
        self.confirm.setEnabled(not busy)
        if busy:
            self.message.setVisible(False)


@dataclass(frozen=True)
class Enrolling:
    """Who can enrol a supervisor: the worker here (an administrator), or the names to ask."""

    worker_is_administrator: bool
    administrators: tuple[str, ...]

    def advice(self) -> str:
        lead = "No other supervisor is enrolled on this laptop, so nobody can sign off yet."
        if self.worker_is_administrator:
            return f"{lead} You are an administrator: add a supervisor in Administration › Workers."
        if self.administrators:
            names = ", ".join(neutralise_bidi(n) for n in self.administrators)
            where = "in Administration › Workers"
            return f"{lead} Only an administrator can add one: ask {names} ({where})."
        return f"{lead} Only an administrator can add one: ask whoever set up this laptop."


class FinaliseDialog(_Prompt):
    """A supervisor signs off on this screen with their own passphrase; gaps need a reason.

    Each unanswered question is listed once, with the documents that need it. A question the
    definition marks as belonging after first contact arrives with that reason filled in;
    `drafts` (field id -> text) brings back what was typed in an earlier attempt.
    """

    workers_requested = Signal()  # an administrator wants Administration › Workers

    def __init__(
        self,
        supervisors: tuple[str, ...],
        questions: Sequence[GapQuestion],
        parent: QWidget | None = None,
        *,
        drafts: Mapping[str, str] | None = None,
        enrolling: Enrolling | None = None,
    ) -> None:
        super().__init__("Finalise with supervisor sign-off", "finalise_dialog", parent)
        self.questions = tuple(questions)
        self.layout_.addWidget(
            plain_label(
                "A supervisor checks the case and signs it off with their own passphrase. "
                "After that the case is read-only; changes need an amendment with a reason."
            )
        )
        form = QFormLayout()
        self.supervisor = QComboBox()
        self.supervisor.setObjectName("supervisor")
        self.supervisor.setAccessibleName("Supervisor signing off")
        for name in supervisors:
            self.supervisor.addItem(neutralise_bidi(name), name)
        self.passphrase = passphrase_edit("supervisor_passphrase", "Supervisor's passphrase")
        form.addRow("Supervisor", self.supervisor)
        form.addRow("Their passphrase", self.passphrase)
        self.layout_.addLayout(form)
        self.reasons: dict[str, QLineEdit] = {}  # field id -> its reason
        if self.questions:
            self._add_reasons(self.questions, drafts or {})
        self._finish(_button("Sign off and finalise", "finalise_confirm", "Sign off and finalise"))
        self.open_workers: QPushButton | None = None
        if not supervisors:
            self._no_supervisor(enrolling or Enrolling(False, ()))
        self.confirm.setEnabled(bool(supervisors))
        self.resize(620, 480 if self.questions else 260)

    def _add_reasons(self, questions: Sequence[GapQuestion], drafts: Mapping[str, str]) -> None:
        self.layout_.addWidget(
            plain_label(
                "Still unanswered. Record why each is left empty, or go back and answer it. "
                f"Questions for a later interview already say “{NOT_ASKED_AT_FIRST_CONTACT}”; "
                "change that if it is not so."
            )
        )
        box = QWidget()
        # One column, as GOV.UK forms are: the question, the hint under it, then the input.
        # (Wrapped two-line labels beside the inputs in a form layout overlapped each other.)
        gap_column = QVBoxLayout(box)
        for question in questions:
            titles = ", ".join(title for _id, title in question.outputs)
            edit = QLineEdit(drafts.get(question.field_id, question.suggested_reason))
            edit.setObjectName(f"gap_reason.{question.field_id}")
            edit.setAccessibleName(f"Reason: {question.label}")
            edit.setAccessibleDescription(f"Needed for: {titles}")
            edit.setInputMethodHints(SENSITIVE_HINTS)
            label = plain_label(question.label)
            label.setObjectName(f"gap_question.{question.field_id}")
            label.setWordWrap(True)
            label.setBuddy(edit)
            hint = plain_label(f"Needed for: {titles}")
            hint.setObjectName(f"gap_hint.{question.field_id}")
            hint.setWordWrap(True)
            hint.setStyleSheet(theme.HINT_STYLE)
            for widget in (label, hint, edit):
                gap_column.addWidget(widget)
            gap_column.addSpacing(theme.SPACING)
            self.reasons[question.field_id] = edit
        gap_column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(box)
        self.layout_.addWidget(scroll, 1)

    def _no_supervisor(self, enrolling: Enrolling) -> None:
        self.message.setText(enrolling.advice())
        self.message.setVisible(True)
        if enrolling.worker_is_administrator:
            button = _button(
                "Open Administration › Workers",
                "finalise_open_workers",
                "Open Administration › Workers to add a supervisor",
            )
            button.clicked.connect(self.workers_requested)
            button.clicked.connect(self.reject)
            # After the advice, before Sign off and Cancel: where the eye and Tab go next.
            self.layout_.insertWidget(self.layout_.count() - 1, button)
            self.open_workers = button

    def problem(self) -> str:
        if not self.passphrase.text():
            return "The supervisor types their own passphrase here."
        return ""

    def supervisor_name(self) -> str:
        return str(self.supervisor.currentData() or "")

    def typed_reasons(self) -> dict[str, str]:
        """What is in each reason box now (field id -> text), to bring back another time."""
        return {field_id: edit.text() for field_id, edit in self.reasons.items()}

    def gap_reasons(self) -> dict[str, dict[str, str]]:
        """The reasons as the record keeps them: for every document that needs the question."""
        return reasons_for_outputs(self.questions, self.typed_reasons())

    def show_error(self, text: str) -> None:
        self.passphrase.clear()  # never keep a passphrase around after a failed attempt
        super().show_error(text)


class AmendDialog(_Prompt):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Amend a finalised case", "amend_dialog", parent)
        self.layout_.addWidget(
            plain_label(
                "Amending creates a new version and takes the case back to draft. It must be "
                "signed off again. Say why it is being amended; the reason is kept with the case."
            )
        )
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("amend_reason")
        self.reason.setAccessibleName("Reason for the amendment")
        self.reason.setTabChangesFocus(True)
        self.reason.setInputMethodHints(SENSITIVE_HINTS)
        self.layout_.addWidget(self.reason)
        self._finish(_button("Amend", "amend_confirm", "Amend the case"))

    def problem(self) -> str:
        return "" if self.reason.toPlainText().strip() else "Say why the case is being amended."


class DisclosureDialog(_Prompt):
    """Before the pack is shown for printing: who it is for and why (the disclosure log)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Disclosure log", "disclosure_dialog", parent)
        self.layout_.addWidget(
            plain_label(
                "Printing or sharing the referral pack discloses this person's information. "
                "Record who it is for and why; it goes into the case's disclosure log."
            )
        )
        form = QFormLayout()
        self.to = QLineEdit()
        self.to.setObjectName("disclosure_to_input")
        self.to.setAccessibleName("Who it is for (organisation and role)")
        self.why = QPlainTextEdit()
        self.why.setObjectName("disclosure_why_input")
        self.why.setAccessibleName("Why, and the lawful basis")
        self.why.setTabChangesFocus(True)
        self.why.setMaximumHeight(100)
        form.addRow("Who it is for", self.to)
        form.addRow("Why", self.why)
        self.layout_.addLayout(form)
        self._finish(_button("Record and preview", "disclosure_confirm", "Record and preview"))

    def problem(self) -> str:
        if not self.to.text().strip() or not self.why.toPlainText().strip():
            return "Say who the pack is for and why it is being shared."
        return ""
