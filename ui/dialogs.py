"""Every modal prompt goes through here, so tests can answer them without a person."""

from __future__ import annotations

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
        _plain_message(QMessageBox.Icon.Information, title, text, parent).exec()

    def warn(self, parent: QWidget, title: str, text: str) -> None:
        _plain_message(QMessageBox.Icon.Warning, title, text, parent).exec()

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        """Yes or No; No is the default, so Enter pressed by habit changes nothing."""
        box = _plain_message(QMessageBox.Icon.Question, title, text, parent)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes


def _plain_message(icon: QMessageBox.Icon, title: str, text: str, parent: QWidget) -> QMessageBox:
    """A message box that shows its text as typed (it may quote a name), never as rich text."""
    # Imported here: the app builds a Dialogs before its first screen, and the first touch of
    # PySide's Qt namespace costs ~40 ms that the unlock screen does not need.
    from PySide6.QtCore import Qt

    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box
