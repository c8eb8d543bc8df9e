"""Import a council receipt file: the cases it confirms, then the retention purge."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from services.clock import Clock
from services.receipts import ReceiptApplied, import_receipt, read_receipt_file
from services.retention import PurgeReport, purge_due
from services.session import Session
from ui.accessibility import name_control
from ui.dialogs import Dialogs
from ui.operation import Op
from ui.plain_text import plain_label
from ui.task_runner import TaskRunner


def _apply(session: Session, path: Path, clock: Clock) -> tuple[ReceiptApplied, PurgeReport]:
    applied = import_receipt(session, read_receipt_file(path), clock=clock)
    return applied, purge_due(session, clock=clock)


class ReceiptImportDialog(QDialog):
    """Choose a receipt file; it is verified and applied on the worker thread."""

    def __init__(
        self,
        session: Session,
        runner: TaskRunner,
        clock: Clock,
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session, self._runner, self._clock = session, runner, clock
        self._dialogs = dialogs or Dialogs()
        self.applied: ReceiptApplied | None = None
        self.setObjectName("receipt_import")
        self.setWindowTitle("Import council receipt")
        self.status = plain_label(
            "Choose the receipt file council IT sent back for an export.", self
        )
        self.status.setObjectName("receipt_status")
        self.status.setAccessibleName("Receipt status")
        self.choose_button = QPushButton("Choose receipt…", self)
        self.choose_button.setObjectName("receipt_choose")
        name_control(self.choose_button, "Choose receipt…", "Choose the receipt file")
        self.close_button = QPushButton("Close", self)
        self.close_button.setObjectName("receipt_close")
        self.close_button.setAccessibleName("Close")
        self.choose_button.clicked.connect(self.choose)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def choose(self) -> None:
        chosen = self._dialogs.choose_open_file(self, "Choose receipt", "Receipts (*.json)")
        if not chosen:
            return
        self.choose_button.setEnabled(False)
        self.status.setText("Checking the receipt…")
        session, clock, path = self._session, self._clock, Path(chosen)
        # Each callback is skipped once the dialog is closed and deleted (e.g. locked).
        (
            Op(self._runner, self, lambda: _apply(session, path, clock))
            .on_success(self._on_done)
            .on_failure(self._on_failed)
            .run()
        )

    def _on_done(self, outcome: tuple[ReceiptApplied, PurgeReport]) -> None:
        self.choose_button.setEnabled(True)
        applied, purged = outcome
        self.applied = applied
        text = f"Receipt checked: {len(applied.confirmed)} case(s) confirmed."
        if purged.purged:
            text += f" {len(purged.purged)} case(s) past the retention period were purged."
        self.status.setText(text)

    def _on_failed(self, error: BaseException) -> None:
        self.choose_button.setEnabled(True)
        text = str(error) or "The receipt could not be applied; nothing changed."
        self.status.setText(text)
        self._dialogs.warn(self, "Import receipt", text)
