"""Print preview of a case's referral pack, from memory: QtPdf on a QBuffer, printed via IPP.

The PDF bytes are built on the worker thread and only ever live in this process: the preview
reads them from a QBuffer and printing streams them to CUPS (ui/print_job.py), so no PDF file
is written unless the worker chooses "Save as PDF..." and confirms a warning.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from services.clock import Clock
from services.documents import case_pack_with_reference, save_pack_as_pdf, unprintable_lines
from services.session import Session
from ui.accessibility import StatusLabel, name_control
from ui.dialogs import Dialogs
from ui.operation import Op
from ui.print_job import PrintDialogs, PrintJob
from ui.screen_fit import fitted
from ui.task_runner import TaskRunner

SAVE_WARNING = (
    "Saving writes the referral pack, with this person's details, to an unencrypted PDF file "
    "outside the encrypted store of cases. Anyone who can open that folder can read it.\n\n"
    "Save only to a place your organisation approves for OFFICIAL-SENSITIVE material, and "
    "delete the file once it has been sent. The save is recorded in the audit trail and in "
    "the case's disclosure log."
)


def load_from_memory(pdf: bytes, parent: QObject) -> tuple[QPdfDocument, QBuffer]:
    """A QtPdf document reading from a buffer in memory (keep the buffer alive with it)."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    return document, buffer


class PreviewDialogs(PrintDialogs):
    """The prompts the preview needs beyond the shared ones; tests substitute scripted answers."""

    def confirm_save(self, parent: QWidget, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Save

    def choose_save_file(self, parent: QWidget, title: str, suggested: str) -> str | None:
        # Qt's own dialog: the native one may add the file to the desktop's "recent files".
        path, _ = QFileDialog.getSaveFileName(
            parent,
            title,
            suggested,
            "PDF files (*.pdf)",
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        return path or None


class PrintPreviewDialog(QDialog):
    """Shows one case's referral pack; Print and Save as PDF once it is built."""

    def __init__(
        self,
        *,
        session: Session,
        case_id: str,
        runner: TaskRunner,
        clock: Clock,
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session, self._case_id, self._reference = session, case_id, ""
        self._runner, self._clock = runner, clock
        self._dialogs = dialogs if isinstance(dialogs, PreviewDialogs) else PreviewDialogs()
        self._pdf: bytes = b""
        self._buffer: QBuffer | None = None
        self.setObjectName("print_preview")
        # The window title shows the case reference only (once known), never a name.
        self.setWindowTitle("Referral pack")
        self.resize(fitted(self, 820, 900))  # Print/Save/Close must be on screen at 768 px

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setAccessibleName("Referral pack preview")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.status = StatusLabel("Building the referral pack…", "Preview status", self)
        self.status.setObjectName("preview_status")
        self.print_button = self._button("Print…", "print_button", "Print the referral pack")
        self.save_button = self._button(
            "Save as PDF…", "save_pdf_button", "Save the referral pack as a PDF file"
        )
        self.close_button = self._button("Close", "close_button", "Close the preview")
        self.print_button.clicked.connect(self.print_pack)
        self.save_button.clicked.connect(self.save_as_pdf)
        self.close_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        # Characters no font has print as [U+XXXX]: said above the pages, by field (issue 14).
        self.unprintable = StatusLabel("", "Characters that cannot be printed", self)
        self.unprintable.setObjectName("preview_unprintable")
        self.unprintable.setWordWrap(True)
        self.unprintable.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.unprintable)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._set_ready(False)
        self.document.statusChanged.connect(self._on_status)
        # Each callback is skipped once the dialog is closed and deleted (e.g. locked).
        (
            Op(
                runner,
                self,
                lambda: (
                    case_pack_with_reference(session, case_id),
                    unprintable_lines(session, [case_id]),
                ),
            )
            .on_success(self._on_built)
            .on_failure(self._on_failed)
            .run()
        )

    def _button(self, text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        name_control(button, text, accessible)
        return button

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def page_count(self) -> int:
        return int(self.document.pageCount())

    def _on_built(self, result: tuple[tuple[str, bytes], list[str]]) -> None:
        (self._reference, pdf), unprintable = result
        if unprintable:
            self.unprintable.setText(
                "Some characters cannot be printed; the pages show [U+XXXX] in their place:\n"
                + "\n".join(unprintable)
            )
            self.unprintable.setVisible(True)
        self.setWindowTitle(f"Referral pack: {self._reference}")
        self._pdf = pdf
        # The buffer owns a copy of the bytes in memory; QtPdf reads the document from it.
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)

    def _on_status(self, status: QPdfDocument.Status) -> None:
        if not isValid(self):  # closed and deleted (e.g. locked) while work ran
            return
        if status == QPdfDocument.Status.Ready:
            pages = self.page_count()
            self.status.setText(f"{pages} page{'s' if pages != 1 else ''}")
            self._set_ready(pages > 0)
        elif status == QPdfDocument.Status.Error:
            self.status.setText("The referral pack could not be shown.")

    def _on_failed(self, error: BaseException) -> None:
        self.status.setText("The referral pack could not be built.")
        self._dialogs.warn(
            self, "Referral pack", str(error) or "The referral pack could not be built."
        )

    def print_pack(self) -> PrintJob:
        """Choose a printer and send the pack from memory, off the UI thread, with progress."""
        self._set_ready(False)
        self.status.setText("Printing…")
        job = PrintJob(
            self._runner, self._dialogs, self, [self._pdf], self.page_count(), self._on_printed
        )
        job.start()
        return job

    def _on_printed(self, message: str) -> None:
        self._set_ready(True)
        pages = self.page_count()
        self.status.setText(message or f"{pages} page{'s' if pages != 1 else ''}")

    def save_as_pdf(self) -> None:
        """The one action that writes a PDF: warned, confirmed, audited, and logged."""
        if not self._dialogs.confirm_save(
            self, "Save the referral pack as a PDF file?", SAVE_WARNING
        ):
            return
        chosen = self._dialogs.choose_save_file(
            self, "Save referral pack", f"{self._reference}-referral-pack.pdf"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self._set_ready(False)
        self.status.setText("Saving…")
        session, case_id, clock = self._session, self._case_id, self._clock
        (
            Op(self._runner, self, lambda: save_pack_as_pdf(session, case_id, path, clock=clock))
            .on_success(lambda _none: self._on_saved(path))
            .on_failure(self._on_save_failed)
            .run()
        )

    def _on_saved(self, path: Path) -> None:
        self._set_ready(True)
        self.status.setText(f"Saved to {path.name}; recorded in the disclosure log.")

    def _on_save_failed(self, error: BaseException) -> None:
        self._set_ready(True)
        self.status.setText("Not saved.")
        self._dialogs.warn(self, "Save as PDF", str(error) or "The file could not be saved.")
