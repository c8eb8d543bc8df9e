"""Printing the referral packs of several cases as one job, built on the worker thread.

Everything stays in memory, as in the single-case preview: the packs go to CUPS as one job
through ui/print_job.py.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from services.documents import build_packs, unprintable_lines
from services.session import Session
from ui.accessibility import name_control
from ui.dialogs import Dialogs
from ui.operation import Op
from ui.plain_text import plain_label
from ui.print_job import PrintJob
from ui.print_preview import PreviewDialogs, load_from_memory
from ui.task_runner import CancelToken, TaskRunner


class BatchPrintDialog(QDialog):
    """Builds the referral packs of many cases on the worker thread, then prints them as one job.

    A progress bar follows the build and Cancel stops it between cases (packs already built
    can still be printed). Everything stays in memory, as in the single-case preview.
    """

    # Emitted from the worker thread; Qt queues it to the UI thread.
    progressed = Signal(int, int)

    def __init__(
        self,
        *,
        session: Session,
        case_ids: list[str],
        runner: TaskRunner,
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._dialogs = dialogs if isinstance(dialogs, PreviewDialogs) else PreviewDialogs()
        self._token = CancelToken.new()
        self._runner = runner
        self.packs: dict[str, bytes] = {}
        self.finished_building = False
        self.setObjectName("batch_print")
        self.setWindowTitle("Print referral packs")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("batch_progress")
        self.bar.setAccessibleName("Referral packs built")
        self.bar.setRange(0, max(len(case_ids), 1))
        self.bar.setValue(0)
        self.status = plain_label(f"Building {len(case_ids)} referral packs…", self)
        self.status.setObjectName("batch_status")
        self.status.setAccessibleName("Batch status")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("batch_cancel")
        name_control(self.cancel_button, "Cancel", "Stop building referral packs")
        self.print_button = QPushButton("Print all…", self)
        self.print_button.setObjectName("batch_print_button")
        name_control(self.print_button, "Print all…", "Print every referral pack built")
        self.print_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.print_button.clicked.connect(self.print_all)
        self.progressed.connect(self._on_progress)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.cancel_button)
        # Characters no font has print as [U+XXXX]: said here, by case and field, before printing.
        self.unprintable = plain_label("", self)
        self.unprintable.setObjectName("batch_unprintable")
        self.unprintable.setAccessibleName("Characters that cannot be printed")
        self.unprintable.setWordWrap(True)
        self.unprintable.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.unprintable)
        layout.addLayout(buttons)
        token, ids = self._token, list(case_ids)
        (
            Op(
                runner,
                self,
                lambda: self._build(session, ids, token),
            )
            .on_success(self._on_built)
            .on_failure(self._on_failed)
            .run()
        )

    def _build(
        self, session: Session, ids: list[str], token: CancelToken
    ) -> tuple[dict[str, bytes], list[str]]:
        """On the worker thread: the packs, and what in them cannot be printed."""
        packs = build_packs(
            session, ids, progress=self.progressed.emit, cancelled=lambda: token.cancelled
        )
        return packs, unprintable_lines(session, list(packs))

    def cancel(self) -> None:
        """Stop after the pack being built; close once nothing is running."""
        if self.finished_building:
            self.reject()
            return
        self._token.cancel()
        self.status.setText("Stopping after the current case…")

    def _on_progress(self, done: int, total: int) -> None:
        if not isValid(self):  # closed and deleted (e.g. locked) while work ran
            return
        self.bar.setValue(done)
        self.status.setText(f"Built {done} of {total} referral packs")

    def _on_built(self, built: tuple[dict[str, bytes], list[str]]) -> None:
        packs, unprintable = built
        self.packs = dict(packs)
        if unprintable:
            self.unprintable.setText(
                "Some characters cannot be printed; the pages show [U+XXXX] in their place:\n"
                + "\n".join(unprintable)
            )
            self.unprintable.setVisible(True)
        self.finished_building = True
        stopped = " (stopped)" if self._token.cancelled else ""
        self.status.setText(f"{len(self.packs)} referral packs ready to print{stopped}")
        self.print_button.setEnabled(bool(self.packs))
        self.cancel_button.setText("Close")

    def _on_failed(self, error: BaseException) -> None:
        self.finished_building = True
        self.cancel_button.setText("Close")
        self.status.setText("The referral packs could not be built.")
        self._dialogs.warn(self, "Print referral packs", str(error) or "Building failed.")

    def print_all(self) -> PrintJob:
        """Choose a printer and send every built pack as one job, off the UI thread."""
        holder = QObject(self)
        try:
            # QtPdf counts the pages (for "Sent 40 pages to …"); the bytes go as they are.
            pages = sum(load_from_memory(pdf, holder)[0].pageCount() for pdf in self.packs.values())
        finally:
            holder.deleteLater()  # the documents and buffers go with it
        self.print_button.setEnabled(False)
        self.status.setText("Printing…")
        job = PrintJob(
            self._runner, self._dialogs, self, list(self.packs.values()), pages, self._on_printed
        )
        job.start()
        return job

    def _on_printed(self, message: str) -> None:
        self.print_button.setEnabled(bool(self.packs))
        self.status.setText(message or f"{len(self.packs)} referral packs ready to print")
