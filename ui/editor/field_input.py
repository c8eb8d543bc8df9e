"""The base of every field input: its widget, its answer, and change reports that skip loads."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from forms.model import Field
from ui.input_hints import SENSITIVE_HINTS

NOT_ANSWERED = "Not answered"


class FieldInput(QObject):
    """The widget(s) for one field. `widget` carries the field's object and accessible name."""

    changed = Signal()

    def __init__(self, field: Field, widget: QWidget, object_name: str) -> None:
        super().__init__(widget)
        self.field = field
        self.widget = widget
        self.aux: QWidget | None = None  # shown under the input (a counter, a thumbnail...)
        self._loading = False
        widget.setObjectName(object_name)
        widget.setAccessibleName(field.label)
        if field.help:
            widget.setAccessibleDescription(field.help)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a stored answer without reporting it as a change."""
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def _emit(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        # Where the cursor goes (label buddy, jumps). Boxes of several widgets never get a focus
        # proxy instead: Tab from the proxy's last sibling went back to the proxy (a trap).
        return self.widget


def protect(edit: QLineEdit | QPlainTextEdit, field: Field) -> None:
    # Names, numbers and addresses must not be learnt or suggested by an input method.
    if field.sensitive:
        edit.setInputMethodHints(SENSITIVE_HINTS)
