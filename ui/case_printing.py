"""Printing from the case list: the disclosure-log entry, then one preview or a batch job.

The entry is recorded for every selected case (all or none) on the worker thread, as in the
editor; then one case's pack is previewed, or the packs of several are built for one print
job. The dialogs' modules are imported when first used (QtPdf stays out of start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from services.case_editing import log_disclosures
from services.case_queries import CaseRow
from services.clock import Clock
from services.disclosures import new_disclosure
from services.session import Session
from ui.dialogs import Dialogs
from ui.operation import Op, describe
from ui.task_runner import TaskRunner

if TYPE_CHECKING:
    from ui.editor.prompts import DisclosureDialog


class CasePrinting(QObject):
    """Owns the print flow's open dialogs (window-modal; each is deleted once it closes).

    `version_made` is called after a dialog closed whose entry made a new version."""

    def __init__(
        self,
        runner: TaskRunner,
        clock: Clock,
        dialogs: Dialogs,
        parent: QWidget,
        *,
        still_signed_in: Callable[[Session], bool],
        version_made: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self._runner, self._clock, self._dialogs, self._parent = runner, clock, dialogs, parent
        self._signed_in, self._version_made = still_signed_in, version_made
        self.disclosure_dialog: QDialog | None = None
        self.print_dialog: QDialog | None = None

    def start(self, session: Session, rows: list[CaseRow]) -> None:
        from ui.editor.prompts import DisclosureDialog  # only when printing

        dialog = DisclosureDialog(self._parent)
        dialog.submitted.connect(lambda: self._record_disclosure(session, rows, dialog))
        self._track(dialog, "disclosure_dialog")
        dialog.open()

    def _record_disclosure(
        self, session: Session, rows: list[CaseRow], dialog: DisclosureDialog
    ) -> None:
        """The entry the editor records, one per case, kept as new versions (all or none)."""
        clock = self._clock
        how = "print preview" if len(rows) == 1 else "batch print"
        entries = {
            case.case_id: new_disclosure(
                session,
                what=f"Referral pack for case {case.reference} ({how})",
                to=dialog.to.text(),
                why=dialog.why.toPlainText(),
                clock=clock,
            )
            for case in rows
        }

        def done(_count: int) -> None:
            dialog.accept()
            if len(rows) == 1:
                self._open_preview(session, rows[0].case_id)
            else:
                self._open_batch(session, [case.case_id for case in rows])

        fallback = "The disclosure could not be saved, so the pack is not shown."
        # Locked, or the dialog closed, while the entry was being saved: show nothing.
        (
            Op(self._runner, self, lambda: log_disclosures(session, entries, clock=clock))
            .also_alive(dialog)
            .while_current(lambda: self._signed_in(session) and dialog.isVisible())
            .on_success(done)
            .on_failure(lambda error: dialog.show_error(describe(error, fallback)))
            .run()
        )

    def _open_preview(self, session: Session, case_id: str) -> None:
        from ui.print_preview import PrintPreviewDialog  # QtPdf: only when printing

        preview = PrintPreviewDialog(
            session=session,
            case_id=case_id,
            runner=self._runner,
            clock=self._clock,
            dialogs=self._dialogs,
            parent=self._parent,
        )
        self._track(preview, "print_dialog", reload=True)
        preview.open()

    def _open_batch(self, session: Session, case_ids: list[str]) -> None:
        from ui.batch_print import BatchPrintDialog  # QtPdf: only when printing

        batch = BatchPrintDialog(
            session=session,
            case_ids=case_ids,
            runner=self._runner,
            dialogs=self._dialogs,
            parent=self._parent,
        )

        def stop() -> None:
            if not batch.finished_building:
                batch.cancel()  # closed (or locked) mid-build: stop after the current case

        self._track(batch, "print_dialog", reload=True, stop=stop)
        batch.open()

    def _track(
        self,
        dialog: QDialog,
        attribute: str,
        *,
        reload: bool = False,
        stop: Callable[[], None] | None = None,
    ) -> None:
        """Keep the open dialog reachable; once closed, forget and delete it (with any pack)."""
        setattr(self, attribute, dialog)

        def finished(_result: int) -> None:
            if getattr(self, attribute) is dialog:
                setattr(self, attribute, None)
            if stop is not None:
                stop()
            # Its pack may still be building on the worker thread. The runner reports back in
            # order, so this no-op's callback comes after the build's: delete the dialog only
            # then, so no callback meets a deleted dialog.
            self._runner.submit(
                lambda: None, lambda _r: dialog.deleteLater(), lambda _e: dialog.deleteLater()
            )
            if reload:
                self._version_made()  # the disclosure entry made a new version

        dialog.finished.connect(finished)
