"""The editor's saving: autosave on the worker thread, flush, and Reload after a save conflict.

Owns the AutoSaver (ui/editor/autosave.py decides when to save) and what a save is: the
record's snapshot saved as a draft against the revision the worker saved last, so a version
saved elsewhere meanwhile is a conflict and never silently overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from services.case_editing import current_status, open_for_editing
from services.case_lifecycle import save_draft
from ui.editor.autosave import AutoSaver
from ui.editor.editing import EditedRecord, EditorContext
from ui.operation import Op, describe

RELOAD_QUESTION = (
    "Load the version of this case saved on this laptop? What you typed here since the last "
    "save is discarded."
)


class CaseSaving(QObject):
    """Emits `saved(status)`, `failed(error)`, `pending_changed(bool)` and, after a reload,
    `reloaded(document, status)`."""

    saved = Signal(str)
    failed = Signal(object)
    pending_changed = Signal(bool)
    reloaded = Signal(object, str)

    def __init__(
        self,
        context: EditorContext,
        record: EditedRecord,
        snapshot: Callable[[], dict[str, Any]],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._context, self._record, self._snapshot, self._parent = (
            context,
            record,
            snapshot,
            parent,
        )
        self.enabled = True
        self.autosaver = self._new_autosaver()

    def _new_autosaver(self) -> AutoSaver:
        # Parented to the editor widget, not to this object: the autosaver saves when focus
        # leaves a field inside its parent widget.
        saver = AutoSaver(self._context.runner, self._snapshot, self._save_on_worker, self._parent)
        saver.enabled = self.enabled
        saver.saved.connect(lambda result: self.saved.emit(str(result[1])))
        saver.failed.connect(self.failed)
        saver.pending_changed.connect(self.pending_changed)
        return saver

    def set_enabled(self, enabled: bool) -> None:
        """Read-only cases are never autosaved."""
        self.enabled = enabled
        self.autosaver.enabled = enabled

    def _save_on_worker(self, record: dict[str, Any]) -> tuple[int, str]:
        """Runs on the worker thread, after any earlier save: the revision is always current."""
        c, edited = self._context, self._record
        version = save_draft(
            c.session, record, clock=c.clock, expected_revision=edited.revision_on_worker
        )
        edited.revision_on_worker = version.revision
        return version.revision, current_status(c.session, c.case_id)

    def reload(self) -> None:
        """After a save conflict: load the vault's version, once the worker confirms."""
        c, record = self._context, self._record
        if not c.dialogs.confirm(self._parent, "Reload the case", RELOAD_QUESTION):
            return
        self.autosaver.enabled = False  # no save of the discarded edit may slip in first
        self.autosaver.timer.stop()

        def work() -> tuple[dict[str, Any], str]:
            version = open_for_editing(c.session, c.case_id).opened.version
            record.revision_on_worker = version.revision
            return version.document, current_status(c.session, c.case_id)

        def failed(error: BaseException) -> None:
            self.autosaver.enabled = self.enabled
            text = describe(error, "The saved version could not be read.")
            c.dialogs.warn(self._parent, "Reload", f"{text} What you typed is still on screen.")

        def done(result: tuple[dict[str, Any], str]) -> None:
            # A fresh autosaver: the old one still counts the discarded edit as unsaved.
            old, self.autosaver = self.autosaver, self._new_autosaver()
            old.deleteLater()
            self.reloaded.emit(result[0], result[1])

        Op(c.runner, self, work).on_success(done).on_failure(failed).run()
