"""Add and remove workers; after a removal, offer to rotate the vault key.

A removed worker may still hold a copy of keystore.json with their old slot, which would open
a copied vault file. Rotating re-encrypts the vault under a new key, so such copies open nothing;
the remaining colleagues get temporary passphrases from the administrator (SECURITY.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from services.clock import Clock
from services.kdf_policy import enrolment_kdf
from services.key_rotation import rotate_data_key
from services.session import Session
from services.worker_list import WorkerRow, worker_rows
from services.workers import ROLES, add_worker, remove_worker
from ui.accessibility import StatusLabel
from ui.admin.reset_box import ResetBox
from ui.form_rows import add_question
from ui.operation import Op, describe
from ui.passphrase_fields import StrengthMeter, forget_on_edit, passphrase_edit
from ui.plain_text import neutralise_bidi, plain_label
from ui.task_runner import TaskRunner

T = TypeVar("T")


def _row_text(row: WorkerRow) -> str:
    extra = " (you)" if row.is_you else ""
    extra += " (locked out)" if row.disabled else ""
    return f"{neutralise_bidi(row.display_name)}: {row.role}{extra}"


class WorkersPanel(QWidget):
    """Emits `session_replaced(Session)` after a key rotation (the old session is locked)."""

    session_replaced = Signal(object)
    workers_changed = Signal()

    def __init__(self, runner: TaskRunner, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workers_panel")
        self._runner, self._clock = runner, clock
        self._session: Session | None = None
        self._rows: list[WorkerRow] = []
        self._removed_name = ""

        self.workers = QListWidget()
        self.workers.setObjectName("workers_list")
        self.workers.setAccessibleName("Workers on this laptop")
        self.remove_button = self._button("&Remove selected worker…", "remove_worker_button")
        self.remove_button.clicked.connect(self._ask_remove)
        self.confirm_box = QGroupBox("Confirm removal")
        self.confirm_text = plain_label("")
        self.confirm_text.setWordWrap(True)
        self.confirm_remove = self._button("&Yes, remove", "confirm_remove_button")
        self.cancel_remove = self._button("Cance&l", "cancel_remove_button")
        self.confirm_remove.clicked.connect(self._remove)
        self.cancel_remove.clicked.connect(self.confirm_box.hide)
        confirm_layout = QVBoxLayout(self.confirm_box)
        confirm_layout.addWidget(self.confirm_text)
        confirm_buttons = QHBoxLayout()
        confirm_buttons.addWidget(self.confirm_remove)
        confirm_buttons.addWidget(self.cancel_remove)
        confirm_layout.addLayout(confirm_buttons)
        self.confirm_box.hide()

        self.new_name = QLineEdit()
        self.new_name.setObjectName("new_worker_name")
        self.new_name.setAccessibleName("New worker's name")
        self.new_role = QComboBox()
        self.new_role.setObjectName("new_worker_role")
        self.new_role.setAccessibleName("New worker's role")
        for role in ROLES:
            self.new_role.addItem(role.capitalize(), role)
        self.new_passphrase = passphrase_edit("new_worker_passphrase", "New worker's passphrase")
        self.new_again = passphrase_edit("new_worker_passphrase_again", "Their passphrase again")
        meter = StrengthMeter(self.new_passphrase)
        self.add_button = self._button("&Add worker", "add_worker_button")
        self.add_button.clicked.connect(self._add)
        add_box = QGroupBox("Add a worker")
        add_form = QVBoxLayout(add_box)  # GOV.UK order: each label above its input
        for text, field in (
            ("&Name", self.new_name),
            ("R&ole", self.new_role),
            ("&Passphrase", self.new_passphrase),
            ("Passphrase a&gain", self.new_again),
        ):
            add_question(add_form, text, field)
        add_form.addWidget(meter)
        add_form.addWidget(self.add_button)
        add_form.addStretch(1)

        self.rotation_box = QGroupBox("Change the encryption key (recommended)")
        self.rotation_box.setObjectName("rotation_box")
        self.rotation_text = plain_label("")
        self.rotation_text.setWordWrap(True)
        self.own_passphrase = passphrase_edit("rotation_own_passphrase", "Your passphrase")
        self.temporary_form = QVBoxLayout()  # label above each box, as in every form here
        self.temporary: dict[str, QLineEdit] = {}
        self.rotate_button = self._button("Rotate &key now", "rotate_key_button")
        self.skip_rotation = self._button("Not &now", "skip_rotation_button")
        self.rotate_button.clicked.connect(self._rotate)
        self.skip_rotation.clicked.connect(self.rotation_box.hide)
        rotation_layout = QVBoxLayout(self.rotation_box)
        rotation_layout.addWidget(self.rotation_text)
        add_question(rotation_layout, "Your pa&ssphrase", self.own_passphrase)
        rotation_layout.addLayout(self.temporary_form)
        rotation_buttons = QHBoxLayout()
        rotation_buttons.addWidget(self.rotate_button)
        rotation_buttons.addWidget(self.skip_rotation)
        rotation_layout.addLayout(rotation_buttons)
        self.rotation_box.hide()

        self.busy = QProgressBar()
        self.busy.setObjectName("workers_busy")
        self.busy.setAccessibleName("Working")
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.message = StatusLabel("", "Workers message")
        self.message.setObjectName("workers_message")
        self.message.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(plain_label("Workers who can unlock this laptop"))
        left.addWidget(self.workers, 1)
        left.addWidget(self.remove_button)
        left.addWidget(self.confirm_box)
        self.reset_box = ResetBox(runner, clock, self._selected, self.message.setText)
        left.addWidget(self.reset_box)
        right = QVBoxLayout()
        right.addWidget(add_box)
        right.addWidget(self.rotation_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        forget_on_edit(self.message, self.new_passphrase, self.new_again)

    @staticmethod
    def _button(text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        return button

    # -- session ------------------------------------------------------------------------------

    def show_session(self, session: Session) -> None:
        self._session = session
        self.reset_box.session = session
        self.refresh()

    def clear(self) -> None:
        self._session = None
        self._rows = []
        self.workers.clear()
        for edit in (self.new_name, self.new_passphrase, self.new_again, self.own_passphrase):
            edit.clear()
        self.confirm_box.hide()
        self.rotation_box.hide()
        self.reset_box.clear()
        self.message.setText("")
        self.busy.hide()

    def refresh(self) -> None:
        session = self._session
        if session is not None:
            self._run(lambda: worker_rows(session), self._show_rows, busy=False)

    def _show_rows(self, rows: list[WorkerRow]) -> None:
        self._rows = rows
        self.workers.clear()
        for row in rows:
            item = QListWidgetItem(_row_text(row))
            item.setData(Qt.ItemDataRole.UserRole, row.worker_id)
            self.workers.addItem(item)

    def worker_names(self) -> list[str]:
        return [r.display_name for r in self._rows]

    def select_worker(self, display_name: str) -> None:
        for index, row in enumerate(self._rows):
            if row.display_name == display_name:
                self.workers.setCurrentRow(index)

    # -- add ----------------------------------------------------------------------------------

    def _add(self) -> None:
        session, clock = self._session, self._clock
        if session is None:
            return
        if self.new_passphrase.text() != self.new_again.text():
            self.message.setText("The two passphrases are different. Type them again.")
            return
        name, role = self.new_name.text(), str(self.new_role.currentData())
        secret = self.new_passphrase.text()
        self.new_passphrase.clear()
        self.new_again.clear()

        def work() -> str:
            add_worker(
                session,
                display_name=name,
                role=role,
                passphrase=secret,
                clock=clock,
                kdf=enrolment_kdf(),
            )
            return name.strip()

        self._run(work, self._added)

    def _added(self, name: str) -> None:
        self.new_name.clear()
        self.message.setText(
            f"{neutralise_bidi(name)} was added. They can now unlock with their passphrase."
        )
        self.workers_changed.emit()
        self.refresh()

    # -- remove and rotate --------------------------------------------------------------------

    def _selected(self) -> WorkerRow | None:
        index = self.workers.currentRow()
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def _ask_remove(self) -> None:
        row = self._selected()
        if row is None:
            self.message.setText("Choose a worker in the list first.")
            return
        if row.is_you:
            self.message.setText("You cannot remove yourself. Ask another administrator.")
            return
        self.confirm_text.setText(
            f"Remove {neutralise_bidi(row.display_name)}? They will no longer be able to unlock "
            "this laptop. Their cases stay."
        )
        self.confirm_box.show()
        self.confirm_remove.setFocus()

    def _remove(self) -> None:
        session, clock, row = self._session, self._clock, self._selected()
        self.confirm_box.hide()
        if session is None or row is None:
            return
        self._removed_name = row.display_name
        self._run(lambda: remove_worker(session, row.worker_id, clock=clock), self._removed)

    def _removed(self, _result: object) -> None:
        name = neutralise_bidi(self._removed_name)
        self.message.setText(f"{name} was removed.")
        self.workers_changed.emit()
        session = self._session
        if session is not None:
            self._run(lambda: worker_rows(session), self._offer_rotation, busy=False)

    def _offer_rotation(self, rows: list[WorkerRow]) -> None:
        self._show_rows(rows)
        while (item := self.temporary_form.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        self.temporary = {}
        others = [r for r in rows if not r.is_you]
        for row in others:
            edit = passphrase_edit(
                f"temporary_passphrase_{row.worker_id}",
                f"Temporary passphrase for {row.display_name}",
            )
            self.temporary[row.worker_id] = edit
            add_question(
                self.temporary_form,
                # "&&": an ampersand in a name is text, not a keyboard shortcut.
                f"Temporary passphrase for {neutralise_bidi(row.display_name).replace('&', '&&')}",
                edit,
                "Tell them in person.",
            )
        handover = (
            " Give each colleague below a temporary passphrase; tell them in person and ask them "
            "to change it when they next unlock."
            if others
            else ""
        )
        self.rotation_text.setText(
            f"{neutralise_bidi(self._removed_name)} may still hold an old copy of the key file. "
            "Changing the key re-encrypts the cases on this laptop so that copy opens nothing."
            + handover
        )
        self.rotation_box.show()
        self.own_passphrase.setFocus()

    def _rotate(self) -> None:
        session, clock = self._session, self._clock
        if session is None:
            return
        own = self.own_passphrase.text()
        temporary = {worker_id: edit.text() for worker_id, edit in self.temporary.items()}
        self.own_passphrase.clear()
        for edit in self.temporary.values():
            edit.clear()
        self.message.setText("Re-encrypting the cases under a new key…")
        self._run(
            lambda: rotate_data_key(
                session,
                own_passphrase=own,
                temporary_passphrases=temporary,
                clock=clock,
                kdf=enrolment_kdf(),
            ),
            self._rotated,
        )

    def _rotated(self, fresh: Session) -> None:
        self.rotation_box.hide()
        self.message.setText(
            "The encryption key was changed. Old copies of the key file no longer open these cases."
        )
        self._session = self.reset_box.session = fresh
        self.session_replaced.emit(fresh)
        self.refresh()

    # -- running ------------------------------------------------------------------------------

    def _run(self, work: Callable[[], T], done: Callable[[T], None], *, busy: bool = True) -> None:
        def finished(result: T) -> None:
            self._set_busy(False)
            done(result)

        self._set_busy(busy)
        Op(self._runner, self, work).on_success(finished).on_failure(self._failed).run()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.message.setText(describe(error, "That did not work; nothing changed."))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for button in (self.add_button, self.remove_button, self.rotate_button):
            button.setEnabled(not busy)
