"""The "My details" dialog: the worker's own details, given once, filled into each new case."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.controlled_lists import load_list
from services.clock import Clock
from services.my_details import my_details, save_my_details
from services.session import Session
from ui.form_rows import add_question
from ui.operation import Op, describe
from ui.plain_text import plain_label
from ui.task_runner import TaskRunner

# (field id, label, accessible name, hint) of the boxes, in the order the referral forms ask
# them; the organisation drop-down goes after the role.
_TEXT_FIELDS = (
    ("fr_first_name", "&First name", "Your first name", ""),
    ("fr_last_name", "&Last name", "Your last name", ""),
    ("fr_role", "&Role", "Your role", ""),
    ("fr_phone", "&Phone", "Your phone number, as you would dial it", "For example 01304 555123"),
    ("fr_email", "Work &email", "Your work email", ""),
    (
        "fr_alt_contact_email",
        "&Team inbox",
        "Team inbox or a colleague's email",
        "Someone the council can reach when you are away",
    ),
)
ORGANISATIONS = "fr_organisations"


class MyDetailsDialog(QDialog):
    """Loads and saves on the runner; emits `saved` once the details are kept."""

    saved = Signal()

    def __init__(
        self, session: Session, runner: TaskRunner, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session, self._runner, self._clock = session, runner, clock
        self.setObjectName("my_details_dialog")
        self.setWindowTitle("My details")
        intro = plain_label(
            "Your own details, as the referral forms ask for them. They are filled in for you "
            "in every new case you open, where you can still change them for that case. Cases "
            "you have already opened keep what they say."
        )
        intro.setWordWrap(True)
        self.edits: dict[str, QLineEdit] = {}
        self.organisation = QComboBox()
        self.organisation.setObjectName("my_details.fr_organisation")
        self.organisation.setAccessibleName("Your organisation")
        self.organisation.addItem("Not chosen", "")
        for entry in load_list(ORGANISATIONS).entries:
            self.organisation.addItem(entry.label, entry.id)
        form = QVBoxLayout()  # GOV.UK order: each label, its hint, then the box
        for field_id, label, accessible, hint in _TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"my_details.{field_id}")
            edit.setAccessibleName(accessible)
            self.edits[field_id] = edit
            add_question(form, label, edit, hint)
            if field_id == "fr_role":
                add_question(form, "&Organisation", self.organisation)
        self.message = plain_label("Loading your details…")
        self.message.setObjectName("my_details.message")
        self.message.setWordWrap(True)
        self.save_button = QPushButton("&Save my details")
        self.save_button.setObjectName("my_details.save")
        self.save_button.setDefault(True)
        self.save_button.setEnabled(False)  # until what is kept has arrived
        cancel = QPushButton("Cancel")
        cancel.setObjectName("my_details.cancel")
        cancel.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        Op(runner, self, lambda: my_details(session)).on_success(self._loaded).on_failure(
            self._failed
        ).run()

    def _loaded(self, details: dict[str, str]) -> None:
        for field_id, edit in self.edits.items():
            edit.setText(details.get(field_id, ""))
        index = self.organisation.findData(details.get("fr_organisation", ""))
        self.organisation.setCurrentIndex(max(index, 0))
        self.message.setText("")
        self.save_button.setEnabled(True)

    def details(self) -> dict[str, str]:
        values = {field_id: edit.text() for field_id, edit in self.edits.items()}
        values["fr_organisation"] = str(self.organisation.currentData() or "")
        return values

    def save(self) -> None:
        session, clock, details = self._session, self._clock, self.details()
        self.save_button.setEnabled(False)
        self.message.setText("Saving…")
        Op(self._runner, self, lambda: save_my_details(session, details, clock=clock)).on_success(
            self._saved
        ).on_failure(self._failed).run()

    def _saved(self, _result: None) -> None:
        self.saved.emit()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(describe(error, "Your details were not saved; try again."))
        self.save_button.setEnabled(True)
