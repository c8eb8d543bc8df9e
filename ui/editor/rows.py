"""One question on screen: its label, help beside it, the input, and its inline message."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from ui.editor.field_input import FieldInput
from ui.plain_text import plain_label

HELP_STYLE = "color: palette(mid); font-style: italic;"
WARNING_STYLE = "color: #8a4b00; font-weight: bold;"
MESSAGE_STYLE = "color: #a01010; font-weight: bold;"


def _wrapped(text: str, object_name: str, style: str, parent: QWidget) -> QLabel:
    # Made with its parent: a label shown before it has one flashes up as a window of its own
    # and takes the focus from the main window (which broke Ctrl+L after opening a case).
    label = plain_label(text, parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


class FieldRow(QWidget):
    """Label and input on the left, help text beside them, the validation message below."""

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
        self.help = _wrapped(field.help, f"{name}.help", HELP_STYLE, self)
        self.help.setVisible(bool(field.help))
        self.warning = _wrapped(field.warning, f"{name}.warning", WARNING_STYLE, self)
        self.warning.setVisible(bool(field.warning))
        self.message = _wrapped("", f"{name}.message", MESSAGE_STYLE, self)
        self.message.setVisible(False)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 6, 0, 6)
        # Without help, wide inputs (checklists, groups) use the whole width.
        span = 1 if field.help else 2
        grid.addWidget(self.label, 0, 0, 1, span)
        grid.addWidget(field_input.widget, 1, 0, 1, span)
        row = 2
        if field_input.aux is not None:
            grid.addWidget(field_input.aux, row, 0)
            row += 1
        grid.addWidget(self.warning, row, 0)
        grid.addWidget(self.message, row + 1, 0)
        # Help sits beside the question (trauma-informed prompts must be visible, not tooltips).
        grid.addWidget(self.help, 0, 1, row + 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

    def set_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        widget = self.input.widget
        widget.setAccessibleDescription("\n".join(t for t in (text, self.input.field.help) if t))
