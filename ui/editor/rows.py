"""One question on screen: label, hint under it, its message, the input, any warning."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.editor.field_input import FieldInput
from ui.plain_text import plain_label

# The prompts' messages use the same style as a question's (ui/editor/prompts.py imports it).
MESSAGE_STYLE = theme.ERROR_STYLE


def _wrapped(text: str, object_name: str, style: str, parent: QWidget) -> QLabel:
    # Made with its parent: a label shown before it has one flashes up as a window of its own
    # and takes the focus from the main window (which broke Ctrl+L after opening a case).
    label = plain_label(text, parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


class FieldRow(QWidget):
    """The GOV.UK form pattern, one column: label, hint under it, error message, the input,
    what goes with the input (a counter, a thumbnail), then any warning."""

    def __init__(self, field_input: FieldInput, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.input = field_input
        field = field_input.field
        name = field_input.widget.objectName()
        self.setObjectName(f"{name}.row")
        self.label = plain_label(field.label, self)
        self.label.setObjectName(f"{name}.label")
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.label.setBuddy(field_input.focus_widget())
        # Hint text under the label, not beside the input: beside it was cut off at 1366 px.
        self.help = _wrapped(field.help, f"{name}.help", theme.HINT_STYLE, self)
        self.help.setVisible(bool(field.help))
        self.warning = _wrapped(field.warning, f"{name}.warning", theme.WARNING_STYLE, self)
        self.warning_shown = bool(field.warning)
        self.warning.setVisible(self.warning_shown)
        self.message = _wrapped("", f"{name}.message", theme.ERROR_STYLE, self)
        self.message.setVisible(False)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, theme.SPACING, 0, theme.SPACING)
        column.setSpacing(theme.SPACING // 2)
        for widget in (self.label, self.help, self.message, field_input.widget):
            column.addWidget(widget)
        if field_input.aux is not None:
            column.addWidget(field_input.aux, 0, Qt.AlignmentFlag.AlignLeft)  # "Now", a counter
        column.addWidget(self.warning)

        self._describe()

    def set_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self._describe()

    def show_warning(self, shown: bool) -> None:
        self.warning_shown = shown
        self.warning.setVisible(shown)
        self._describe()

    def _describe(self) -> None:
        """What a screen reader says after the question: its error, hint and warning (the
        immediate-danger warning was shown under the input but never linked to it)."""
        field = self.input.field
        warning = field.warning if self.warning_shown else ""
        parts = (self.message.text(), field.help, warning)
        self.input.widget.setAccessibleDescription("\n".join(t for t in parts if t))
