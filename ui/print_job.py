"""Printing from the UI: the app's own printer chooser, then sending on the worker thread.

Qt's print dialog is not used: it offers "Print to File (PDF)" (an unencrypted copy, bypassing
"Save as PDF…" and its disclosure log) and Qt's CUPS support writes the whole job to a temp
file. Here the printers are CUPS's queues only, a queue that writes a file on this computer
needs a plain confirmation, and the PDF goes from memory to CUPS (services/printing.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QInputDialog, QProgressDialog, QWidget
from shiboken6 import isValid

from services.print_retention import retention_warning
from services.printing import Printer, PrintResult, list_printers, print_documents
from ui.dialogs import Dialogs
from ui.operation import Op, describe
from ui.task_runner import CancelToken, TaskRunner

NO_PRINTER = (
    "No printer is set up on this computer, so nothing was printed.\n\n"
    "To send the referral pack another way, use “Save as PDF…”: it asks where the pack is "
    "going and records it in the case's disclosure log. Or ask your administrator to add a "
    "printer."
)
FILE_PRINTER = (
    "The printer “{name}” does not print on paper: it saves what you print as a file on this "
    "computer, unencrypted and outside the vault, and nothing records it.\n\n"
    "To keep a copy, use “Save as PDF…” instead. Print to this file printer anyway?"
)


class PrintDialogs(Dialogs):
    """The printer chooser; tests substitute a scripted choice."""

    def choose_printer(self, parent: QWidget, printers: list[Printer], note: str) -> Printer | None:
        labels = [printer.label for printer in printers]
        text = f"{note}\n\nPrinter:" if note else "Printer:"
        label, ok = QInputDialog.getItem(parent, "Print", text, labels, 0, False)
        return printers[labels.index(label)] if ok and label in labels else None


class PrintJob(QObject):
    """One print request: choose a printer, send with progress and Cancel, then say what happened.

    `done(message)` gets the result line ("Sent 22 pages to Office printer") or "" when nothing
    was sent; errors are also shown in a message box.
    """

    # Emitted from the worker thread (bytes sent, bytes in all); Qt queues it to the UI thread.
    progressed = Signal(int, int)

    def __init__(
        self,
        runner: TaskRunner,
        dialogs: PrintDialogs,
        parent: QWidget,
        documents: list[bytes],
        pages: int,
        done: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._runner, self._dialogs, self._parent = runner, dialogs, parent
        self._documents, self._pages, self._done = documents, pages, done
        self._token = CancelToken.new()
        self.progress: QProgressDialog | None = None
        self.progressed.connect(self._on_progress)

    def start(self) -> None:
        """Ask the print system for its printers and settings (off the UI thread)."""
        (
            Op(self._runner, self, lambda: (list_printers(), retention_warning()))
            .on_success(self._choose)
            .on_failure(self._failed)
            .run()
        )

    def cancel(self) -> None:
        self._token.cancel()

    def _choose(self, found: tuple[list[Printer], str | None]) -> None:
        printers, warning = found
        if not printers:
            self._dialogs.warn(self._parent, "Print", NO_PRINTER)
            self._done("")
            return
        printer = self._dialogs.choose_printer(self._parent, printers, warning or "")
        if printer is None or (
            printer.writes_file
            and not self._dialogs.confirm(
                self._parent,
                "Print to a file?",
                FILE_PRINTER.format(name=printer.info or printer.name),
            )
        ):
            self._done("")
            return
        self._send(printer)

    def _send(self, printer: Printer) -> None:
        name = printer.info or printer.name
        progress = QProgressDialog(f"Sending {self._pages} pages to {name}…", "Cancel", 0, 100)
        progress.setParent(self._parent, progress.windowFlags())
        progress.setObjectName("print_progress")
        progress.setWindowTitle("Print")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.canceled.connect(self.cancel)
        progress.setValue(0)
        self.progress = progress
        docs, pages, token, emit = self._documents, self._pages, self._token, self.progressed.emit
        (
            Op(
                self._runner,
                self,
                lambda: print_documents(
                    printer.name,
                    docs,
                    pages=pages,
                    progress=emit,
                    cancelled=lambda: token.cancelled,
                ),
            )
            .on_success(lambda result: self._sent(result, name))
            .on_failure(self._failed)
            .run()
        )

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress is not None and isValid(self.progress) and total:
            self.progress.setValue(min(99, done * 100 // total))

    def _close_progress(self) -> None:
        if self.progress is not None and isValid(self.progress):
            self.progress.reset()
            self.progress.deleteLater()
        self.progress = None

    def _sent(self, result: PrintResult, name: str) -> None:
        self._close_progress()
        message = f"Sent {result.pages} page{'s' if result.pages != 1 else ''} to {name}"
        self._done(message)
        self._dialogs.inform(self._parent, "Print", message + ".")

    def _failed(self, error: BaseException) -> None:
        self._close_progress()
        self._done("")
        self._dialogs.warn(self._parent, "Print", describe(error, "Nothing was printed."))
