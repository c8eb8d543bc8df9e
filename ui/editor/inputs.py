"""One input per field type; each turns its widgets into the answer the record stores.

An input never truncates or rejects what is typed: a bad answer is stored as typed and the
validation message beside it says what to change (saving is never blocked, nothing is lost).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.controlled_lists import load_list
from forms.model import LONG_TEXT_LIMIT, Field
from ui.input_hints import SENSITIVE_HINTS
from ui.plain_text import neutralise_bidi, plain_label

NOT_ANSWERED = "Not answered"
_MONTHS = "January February March April May June July August September October November December"
_DATETIME_TYPED = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$")


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
        return self.widget


def _protect(edit: QLineEdit | QPlainTextEdit, field: Field) -> None:
    # Names, numbers and addresses must not be learnt or suggested by an input method.
    if field.sensitive:
        edit.setInputMethodHints(SENSITIVE_HINTS)


class TextInput(FieldInput):
    """text, phone, email, date (typed as YYYY-MM-DD) and number."""

    def __init__(self, field: Field, object_name: str) -> None:
        self.edit = QLineEdit()
        super().__init__(field, self.edit, object_name)
        _protect(self.edit, field)
        placeholders = {
            "phone": "+44 7700 900123",
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
        _protect(self.edit, field)
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
        if self.boxes:
            box.setFocusProxy(next(iter(self.boxes.values())))

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


def _list_combo(field: Field, object_name: str) -> tuple[QComboBox, dict[str, str]]:
    """An editable list with typeahead on any part of a label ("land" finds Poland, Finland)."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    by_label: dict[str, str] = {}
    entries = load_list(field.list_id).entries if field.list_id else ()
    for entry in entries:
        combo.addItem(entry.label, entry.id)
        by_label[entry.label.casefold()] = entry.id
    completer = QCompleter([e.label for e in entries], combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    combo.setCurrentIndex(-1)
    combo.setEditText("")
    line = combo.lineEdit()
    assert line is not None  # editable combos always have one
    line.setPlaceholderText("Start typing to search the list")
    line.setObjectName(f"{object_name}.text")
    return combo, by_label


class ListInput(FieldInput):
    """controlled_list with one answer: the entry's id, or the text as typed if not on the list."""

    def __init__(self, field: Field, object_name: str) -> None:
        self.combo, self._ids = _list_combo(field, object_name)
        super().__init__(field, self.combo, object_name)
        self._labels = {v: self.combo.itemText(i) for i, v in enumerate(self._ids.values())}
        self.combo.editTextChanged.connect(self._emit)

    def value(self) -> Any:
        text = self.combo.currentText()
        if not text.strip():
            return None
        return self._ids.get(text.strip().casefold(), text)

    def _show(self, value: Any) -> None:
        if value is None:
            self.combo.setCurrentIndex(-1)
            self.combo.setEditText("")
            return
        index = self.combo.findData(value)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        else:
            self.combo.setEditText(str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.combo.setEnabled(not read_only)


class MultiListInput(FieldInput):
    """controlled_list with several answers: choose with typeahead, Add; the chosen list below."""

    def __init__(self, field: Field, object_name: str) -> None:
        box = QWidget()
        super().__init__(field, box, object_name)
        self.combo, self._ids = _list_combo(field, f"{object_name}.choose")
        self.combo.setObjectName(f"{object_name}.choose")
        self.combo.setAccessibleName(f"{field.label}: choose one to add")
        self.add_button = QPushButton("Add")
        self.add_button.setObjectName(f"{object_name}.add")
        self.add_button.setAccessibleName(f"Add to {field.label}")
        self.chosen = QListWidget()
        self.chosen.setObjectName(f"{object_name}.chosen")
        self.chosen.setAccessibleName(f"{field.label}: chosen")
        self.chosen.setMaximumHeight(110)
        self.remove_button = QPushButton("Remove selected")
        self.remove_button.setObjectName(f"{object_name}.remove")
        self.remove_button.setAccessibleName(f"Remove the selected entry from {field.label}")
        row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.chosen)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.setFocusProxy(self.combo)
        self.add_button.clicked.connect(self.add_current)
        line = self.combo.lineEdit()
        assert line is not None
        line.returnPressed.connect(self.add_current)
        self.remove_button.clicked.connect(self.remove_selected)

    def add_current(self) -> None:
        text = self.combo.currentText().strip()
        if not text:
            return
        entry_id = self._ids.get(text.casefold(), text)
        if entry_id not in self._values():
            self._append(entry_id)
            self._emit()
        self.combo.setEditText("")

    def remove_selected(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
            self._emit()

    def _append(self, entry_id: str) -> None:
        label = next((k for k, v in self._ids.items() if v == entry_id), None)
        index = self.combo.findData(entry_id)
        shown = self.combo.itemText(index) if index >= 0 else (label or entry_id)
        item = QListWidgetItem(neutralise_bidi(shown))
        item.setData(Qt.ItemDataRole.UserRole, entry_id)
        self.chosen.addItem(item)

    def _values(self) -> list[str]:
        items = (self.chosen.item(i) for i in range(self.chosen.count()))
        return [str(item.data(Qt.ItemDataRole.UserRole)) for item in items]

    def value(self) -> Any:
        return self._values() or None

    def _show(self, value: Any) -> None:
        self.chosen.clear()
        for entry_id in value if isinstance(value, list) else []:
            self._append(str(entry_id))

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.combo, self.add_button, self.remove_button):
            widget.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return self.combo


class PartialDateInput(FieldInput):
    """A year, optionally a month, and "approximate": {"year", "month", "approximate"}."""

    def __init__(self, field: Field, object_name: str) -> None:
        box = QWidget()
        super().__init__(field, box, object_name)
        self.year = QLineEdit()
        self.year.setObjectName(f"{object_name}.year")
        self.year.setAccessibleName(f"{field.label}: year")
        self.year.setPlaceholderText("Year")
        self.year.setMaximumWidth(110)
        self.month = QComboBox()
        self.month.setObjectName(f"{object_name}.month")
        self.month.setAccessibleName(f"{field.label}: month")
        self.month.addItem("Month not known", 0)  # 0, not None: see ChoiceInput
        for number, name in enumerate(_MONTHS.split(), start=1):
            self.month.addItem(name, number)
        self.approximate = QCheckBox("Approximate")
        self.approximate.setObjectName(f"{object_name}.approximate")
        self.approximate.setAccessibleName(f"{field.label}: approximate")
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.year, self.month, self.approximate):
            layout.addWidget(widget)
        layout.addStretch(1)
        box.setFocusProxy(self.year)
        self.year.textChanged.connect(self._emit)
        self.month.currentIndexChanged.connect(self._emit)
        self.approximate.toggled.connect(self._emit)

    def value(self) -> Any:
        year = self.year.text().strip()
        if not year:
            return None
        return {
            "year": int(year) if year.isdigit() else year,
            "month": self.month.currentData() or None,
            "approximate": self.approximate.isChecked(),
        }

    def _show(self, value: Any) -> None:
        data = value if isinstance(value, dict) else {}
        year = data.get("year")
        self.year.setText("" if year is None else str(year))
        index = self.month.findData(data.get("month")) if data.get("month") else 0
        self.month.setCurrentIndex(max(index, 0))
        self.approximate.setChecked(bool(data.get("approximate")))

    def set_read_only(self, read_only: bool) -> None:
        self.year.setReadOnly(read_only)
        self.month.setEnabled(not read_only)
        self.approximate.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return self.year


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
