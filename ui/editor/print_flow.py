"""Printing from the editor: the disclosure-log entry first, then the pack's preview.

A finalised case takes the entry as a new version on the worker thread (its sign-off stays);
an editable case takes it as an answer, saved with everything typed before the pack is shown.
Saving the pack as a PDF in the preview logs another entry as a new version, taken in after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from services.case_editing import current_status, log_disclosure, open_for_editing
from services.disclosures import new_disclosure
from services.errors import ServiceError
from ui.editor.editing import EditedRecord, EditorContext
from ui.editor.prompts import DisclosureDialog
from ui.operation import Op


class PrintFlow(QObject):
    """Emits `disclosures_stored(status)` when a version saved on the worker added log entries.

    `save_answer(entry)` appends an entry to an editable record and saves it now (True if it
    reached the vault).
    """

    disclosures_stored = Signal(str)

    def __init__(
        self,
        context: EditorContext,
        record: EditedRecord,
        save_answer: Callable[[dict[str, str]], bool],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._context, self._record, self._parent = context, record, parent
        self._save_answer = save_answer
        self.disclosure_dialog: DisclosureDialog | None = None
        self.preview: QWidget | None = None

    def start(self, reference: str, read_only: bool) -> None:
        """Ask for the disclosure-log entry first, then show the pack for printing."""
        dialog = DisclosureDialog(self._parent)
        dialog.submitted.connect(lambda: self._record_disclosure(dialog, reference, read_only))
        self.disclosure_dialog = dialog
        dialog.open()

    def _record_disclosure(self, dialog: DisclosureDialog, reference: str, read_only: bool) -> None:
        c, record = self._context, self._record
        entry = new_disclosure(
            c.session,
            what=f"Referral pack for case {reference} (print preview)",
            to=dialog.to.text(),
            why=dialog.why.toPlainText(),
            clock=c.clock,
        )
        if read_only:
            # A signed-off case takes the entry as a new version that keeps its sign-off.
            def work() -> dict[str, Any]:
                version = log_disclosure(c.session, c.case_id, entry, clock=c.clock)
                record.revision_on_worker = version.revision
                return version.document

            try:
                document: dict[str, Any] = c.runner.run_blocking(work)
            except ServiceError as exc:
                dialog.show_error(str(exc))
                return
            record.take_disclosures(document)
            self.disclosures_stored.emit("")
        else:
            try:
                line = entry.checked().as_answer()
            except ServiceError as exc:
                dialog.show_error(str(exc))
                return
            if not self._save_answer(line):
                dialog.show_error("The disclosure could not be saved, so the pack is not shown.")
                return
        dialog.accept()
        self._open_preview()

    def _open_preview(self) -> None:
        c = self._context
        # Loaded on first use (start-up does not need it), by a static import a freezer follows.
        from ui.print_preview import PrintPreviewDialog

        preview = PrintPreviewDialog(
            session=c.session,
            case_id=c.case_id,
            runner=c.runner,
            clock=c.clock,
            dialogs=c.dialogs,
            parent=self._parent,
        )
        preview.finished.connect(self._after_preview)
        self.preview = preview
        preview.open()

    def _after_preview(self, _result: int = 0) -> None:
        """Saving the pack as a PDF logs a disclosure as a new version: take it in."""
        c, record = self._context, self._record

        def work() -> tuple[bool, dict[str, Any], str]:
            version = open_for_editing(c.session, c.case_id).opened.version
            changed = version.revision != record.revision_on_worker
            record.revision_on_worker = version.revision
            return changed, version.document, current_status(c.session, c.case_id)

        def done(result: tuple[bool, dict[str, Any], str]) -> None:
            changed, document, status = result
            if changed:
                if isinstance(document.get("answers", {}).get("disclosures"), list):
                    record.take_disclosures(document)
                self.disclosures_stored.emit(status)

        Op(c.runner, self, work).on_success(done).ignore_failure().run()
