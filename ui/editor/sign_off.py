"""Supervisor sign-off and amendment: the two dialogs and their work on the worker thread.

Each ends with a new version of the case; `adopted(document, status, note)` hands it to the
editor, which takes it as the record being edited.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from forms.readiness import GapQuestion
from services.case_editing import current_status
from services.case_lifecycle import amend_case, finalise_case
from ui.editor.editing import EditedRecord, EditorContext
from ui.editor.prompts import AmendDialog, Enrolling, FinaliseDialog
from ui.editor.reason_drafts import drafts_for
from ui.operation import Op, describe

Adopted = tuple[dict[str, Any], str]  # the new version's document and the case's status


class SignOff(QObject):
    """Owns the open finalise or amend dialog of one editor."""

    adopted = Signal(object, str, str)  # document, status, what to show as saved
    workers_requested = Signal()  # an administrator asked for Administration › Workers

    def __init__(self, context: EditorContext, record: EditedRecord, parent: QWidget) -> None:
        super().__init__(parent)
        self._context, self._record, self._parent = context, record, parent
        self.finalise_dialog: FinaliseDialog | None = None
        self.amend_dialog: AmendDialog | None = None
        # Reasons typed so far (field id -> text): a failed or cancelled attempt, or closing
        # and reopening the case, never costs the worker their typing (ui/editor/reason_drafts).
        self.drafts: dict[str, str] = drafts_for(context.session, context.case_id)

    def start_finalise(
        self, supervisors: tuple[str, ...], questions: Sequence[GapQuestion], enrolling: Enrolling
    ) -> None:
        dialog = FinaliseDialog(
            supervisors, questions, self._parent, drafts=self.drafts, enrolling=enrolling
        )
        for field_id, edit in dialog.reasons.items():
            edit.textChanged.connect(lambda text, f=field_id: self.drafts.__setitem__(f, text))
        dialog.submitted.connect(lambda: self._finalise(dialog))
        dialog.workers_requested.connect(self.workers_requested)
        self.finalise_dialog = dialog
        dialog.open()

    def _finalise(self, dialog: FinaliseDialog) -> None:
        name, passphrase = dialog.supervisor_name(), dialog.passphrase.text()
        reasons = dialog.gap_reasons()
        c, record = self._context, self._record

        def work() -> Adopted:
            version = finalise_case(
                c.session,
                c.case_id,
                supervisor_name=name,
                supervisor_passphrase=passphrase,
                clock=c.clock,
                gap_reasons=reasons,
            )
            record.revision_on_worker = version.revision
            return version.document, current_status(c.session, c.case_id)

        def done(result: Adopted) -> None:
            dialog.passphrase.clear()
            self.drafts.clear()  # recorded with the sign-off now
            dialog.accept()
            self.adopted.emit(result[0], result[1], "Finalised and signed off")

        # Locked meanwhile: the sign-off is saved; the editor (and dialog) are gone.
        (
            Op(c.runner, self, work)
            .also_alive(dialog)
            .on_success(done)
            .on_failure(lambda e: dialog.show_error(describe(e, "Sign-off failed; try again.")))
            .run()
        )

    def start_amend(self) -> None:
        dialog = AmendDialog(self._parent)
        dialog.submitted.connect(lambda: self._amend(dialog))
        self.amend_dialog = dialog
        dialog.open()

    def _amend(self, dialog: AmendDialog) -> None:
        reason = dialog.reason.toPlainText()
        c, record = self._context, self._record

        def work() -> Adopted:
            version = amend_case(c.session, c.case_id, reason=reason, clock=c.clock)
            record.revision_on_worker = version.revision
            return version.document, current_status(c.session, c.case_id)

        def done(result: Adopted) -> None:
            dialog.accept()
            self.adopted.emit(result[0], result[1], "")

        (
            Op(c.runner, self, work)
            .also_alive(dialog)
            .on_success(done)
            .on_failure(lambda e: dialog.show_error(describe(e, "Not amended.")))
            .run()
        )
