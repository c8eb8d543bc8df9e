"""Inputs for answers with structure: picks from controlled lists, and partial dates.

A list answer stores the entry's id; a partial date stores year, month and day as far as known,
with "approximate" when the person was not sure.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.controlled_lists import load_list
from forms.model import Field
from ui.editor.field_input import FieldInput
from ui.plain_text import neutralise_bidi

_MONTHS = "January February March April May June July August September October November December"


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
    # The line edit inside takes the focus: a screen reader must hear the question there too.
    line.setAccessibleName(field.label)
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
        self.remove_button.setAccessibleName(f"Remove selected from {field.label}")
        row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.chosen)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
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
