"""Every modal prompt goes through here, so tests can answer them without a person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class Dialogs:
    """Modal prompts. Tests substitute a subclass that returns scripted answers."""

    def choose_open_file(self, parent: QWidget, title: str, filters: str) -> str | None:
        # The Qt dialog, not the platform one: the native dialog may record the file in the
        # desktop's "recent files" list, which would leak that a case file existed.
        path, _ = QFileDialog.getOpenFileName(
            parent, title, "", filters, options=QFileDialog.Option.DontUseNativeDialog
        )
        return path or None

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def warn(self, parent: QWidget, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()
