"""One input per field type; each turns its widgets into the answer the record stores.

An input never truncates or rejects what is typed: a bad answer is stored as typed and the
validation message beside it says what to change (saving is never blocked, nothing is lost).
"""

from __future__ import annotations

__all__ = [  # the structured inputs are re-exported: callers build every input from here
    "NOT_ANSWERED",
    "ChoiceInput",
    "DateTimeInput",
    "FieldInput",
    "ListInput",
    "LongTextInput",
    "MultiChoiceInput",
    "MultiListInput",
    "PartialDateInput",
    "TextInput",
    "simple_input",
]

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.model import LONG_TEXT_LIMIT, Field
from ui.editor.field_input import NOT_ANSWERED, FieldInput, protect
from ui.editor.structured_inputs import ListInput, MultiListInput, PartialDateInput
from ui.plain_text import plain_label

_DATETIME_TYPED = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$")


class TextInput(FieldInput):
    """text, phone, email, date (typed as YYYY-MM-DD) and number."""

    def __init__(self, field: Field, object_name: str) -> None:
        self.edit = QLineEdit()
        super().__init__(field, self.edit, object_name)
        protect(self.edit, field)
        placeholders = {
            "phone": "e.g. 01304 555123",
            "email": "name@example.org",
            "date": "YYYY-MM-DD",
            "number": "a whole number",
        }
        self.edit.setPlaceholderText(placeholders.get(field.type, ""))
        self.edit.textChanged.connect(self._emit)

    def value(self) -> Any:
        text = self.edit.text()
        if text == "":
            return None
        if self.field.type == "number":
            stripped = text.strip()
            return int(stripped) if re.fullmatch(r"-?\d{1,9}", stripped) else text
        return text

    def _show(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class DateTimeInput(TextInput):
    """A date and time typed as YYYY-MM-DD HH:MM (stored with a T), with a "Now" button."""

    def __init__(self, field: Field, object_name: str, now: Callable[[], datetime]) -> None:
        super().__init__(field, object_name)
        self.edit.setPlaceholderText("YYYY-MM-DD HH:MM")
        self._now = now
        self.now_button = QPushButton("Now")
        self.now_button.setObjectName(f"{object_name}.now")
        self.now_button.setAccessibleName(f"{field.label}: now")
        self.now_button.clicked.connect(self._set_now)
        self.aux = self.now_button

    def _set_now(self) -> None:
        # The laptop's local time: what the worker reads on the wall clock and writes down.
        self.edit.setText(self._now().astimezone().strftime("%Y-%m-%d %H:%M"))

    def value(self) -> Any:
        text = self.edit.text()
        match = _DATETIME_TYPED.match(text)
        return f"{match.group(1)}T{match.group(2)}" if match else (text or None)

    def _show(self, value: Any) -> None:
        text = "" if value is None else str(value)
        match = _DATETIME_TYPED.match(text)
        self.edit.setText(f"{match.group(1)} {match.group(2)}" if match else text)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.now_button.setEnabled(not read_only)


class LongTextInput(FieldInput):
    """Free text up to the official form's 15,000 characters, with a running count."""

    def __init__(self, field: Field, object_name: str) -> None:
        self.edit = QPlainTextEdit()
        super().__init__(field, self.edit, object_name)
        protect(self.edit, field)
        self.edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.edit.setMinimumHeight(90)
        self.limit = field.max_length or LONG_TEXT_LIMIT
        # Made with a parent (the row takes it over): a parentless widget made visible
        # becomes a window of its own for a moment and takes the focus.
        self.counter = plain_label("", self.edit)
        self.counter.setObjectName(f"{object_name}.count")
        self.aux = self.counter
        self.edit.textChanged.connect(self._changed)
        self._count()

    def _changed(self) -> None:
        self._count()
        self._emit()

    def _count(self) -> None:
        used = len(self.edit.toPlainText())
        self.counter.setText(f"{used:,} of {self.limit:,} characters")
        self.counter.setVisible(used > self.limit * 0.8)

    def value(self) -> Any:
        return self.edit.toPlainText() or None

    def _show(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))
        self._count()

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class ChoiceInput(FieldInput):
    """single_choice, yes_no, yes_no_unsure: a list to pick one from, "Not answered" first."""

    def __init__(self, field: Field, object_name: str) -> None:
        self.combo = QComboBox()
        super().__init__(field, self.combo, object_name)
        # "" rather than None as item data: PySide6 6.12 mis-counted references to None held as
        # item data (a crash after many reads), so no item ever carries None.
        self.combo.addItem(NOT_ANSWERED, "")
        for option in field.options:
            self.combo.addItem(option.label, option.id)
        self.combo.currentIndexChanged.connect(self._emit)

    def value(self) -> Any:
        return self.combo.currentData() or None

    def _show(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None and value != "" else 0
        if index < 0:  # an answer no longer offered: keep and show it rather than drop it
            self.combo.addItem(str(value), value)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)


class MultiChoiceInput(FieldInput):
    """multiple_choice: one tick box per option; the answer lists ticked ids in option order."""

    def __init__(self, field: Field, object_name: str) -> None:
        box = QWidget()
        super().__init__(field, box, object_name)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for option in field.options:
            check = QCheckBox(option.label)
            check.setObjectName(f"{object_name}.{option.id}")
            check.setAccessibleName(f"{field.label}: {option.label}")
            check.toggled.connect(self._emit)
            layout.addWidget(check)
            self.boxes[option.id] = check

    def value(self) -> Any:
        ticked = [option_id for option_id, check in self.boxes.items() if check.isChecked()]
        return ticked or None

    def _show(self, value: Any) -> None:
        chosen = value if isinstance(value, list) else []
        for option_id, check in self.boxes.items():
            check.setChecked(option_id in chosen)

    def set_read_only(self, read_only: bool) -> None:
        for check in self.boxes.values():
            check.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return next(iter(self.boxes.values()), self.widget)


def simple_input(field: Field, object_name: str, now: Callable[[], datetime]) -> FieldInput:
    """The input for a field that needs nothing beyond its definition."""
    if field.type == "long_text":
        return LongTextInput(field, object_name)
    if field.type == "datetime":
        return DateTimeInput(field, object_name, now)
    if field.type in ("single_choice", "yes_no", "yes_no_unsure"):
        return ChoiceInput(field, object_name)
    if field.type == "multiple_choice":
        return MultiChoiceInput(field, object_name)
    if field.type == "controlled_list":
        return (
            MultiListInput(field, object_name) if field.multiple else ListInput(field, object_name)
        )
    if field.type == "partial_date":
        return PartialDateInput(field, object_name)
    return TextInput(field, object_name)
