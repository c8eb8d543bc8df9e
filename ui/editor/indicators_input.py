"""An indicator checklist group: tick (or rate, for the child risk matrix), how observed, a note.

These are prompts, never a score: the answer records only what was noticed or told, and how.
Stored as {item_id: {"how_observed": [...], "note": "..."}} for tick groups and with an
"answer" ("suspected" or "yes") for risk groups; unticked or "not known" items are absent.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from forms.indicators import HOW_OBSERVED
from forms.model import Field
from ui.editor.field_input import FieldInput
from ui.input_hints import SENSITIVE_HINTS
from ui.plain_text import plain_label

HOW_LABELS = {
    "said": "They said",
    "seen": "I saw",
    "document": "Document",
    "third_party": "Third party",
}
RISK_LABELS = {"not_known": "Not known", "suspected": "Suspected", "yes": "Yes"}


class _Item:
    def __init__(self, field: Field, item_id: str, label: str, name: str) -> None:
        prefix = f"{name}.{item_id}"
        self.risk = field.scale == "risk"
        self.tick: QCheckBox | QComboBox
        if self.risk:
            combo = QComboBox()
            for answer, text in RISK_LABELS.items():
                combo.addItem(text, answer)
            self.tick = combo
            self.caption = plain_label(label)
            self.caption.setWordWrap(True)
        else:
            self.tick = QCheckBox(label)
        self.tick.setObjectName(prefix)
        self.tick.setAccessibleName(label)
        self.how: dict[str, QCheckBox] = {}
        self.details = QWidget()
        lines = QVBoxLayout(self.details)
        lines.setContentsMargins(24, 0, 0, 6)
        row = QHBoxLayout()
        lines.addLayout(row)
        row.addWidget(plain_label("How observed:"))
        for how_id, text in HOW_LABELS.items():
            check = QCheckBox(text)
            check.setObjectName(f"{prefix}.{how_id}")
            check.setAccessibleName(f"{label}: {HOW_OBSERVED[how_id]}")
            self.how[how_id] = check
            row.addWidget(check)
        self.note = QLineEdit()
        self.note.setObjectName(f"{prefix}.note")
        self.note.setAccessibleName(f"{label}: note")
        self.note.setPlaceholderText("Short note")
        self.note.setInputMethodHints(SENSITIVE_HINTS)
        row.addStretch(1)
        lines.addWidget(self.note)

    def answer(self) -> str | None:
        if isinstance(self.tick, QComboBox):
            data = self.tick.currentData()
            return str(data) if data in ("suspected", "yes") else None
        return "yes" if self.tick.isChecked() else None

    def entry(self) -> dict[str, Any] | None:
        answer = self.answer()
        if answer is None:
            return None
        entry: dict[str, Any] = {"answer": answer} if self.risk else {}
        entry["how_observed"] = [h for h, c in self.how.items() if c.isChecked()]
        entry["note"] = self.note.text()
        return entry

    def show(self, entry: object) -> None:
        data = entry if isinstance(entry, dict) else None
        if isinstance(self.tick, QComboBox):
            answer = str(data.get("answer", "yes")) if data is not None else "not_known"
            self.tick.setCurrentIndex(max(self.tick.findData(answer), 0))
        else:
            self.tick.setChecked(data is not None)
        raw = data.get("how_observed", []) if data is not None else []
        how = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        for how_id, check in self.how.items():
            check.setChecked(how_id in how)
        note = data.get("note") if data is not None else ""
        self.note.setText(note if isinstance(note, str) else "")
        self.sync()

    def sync(self) -> None:
        # "How observed" and the note appear once the indicator is ticked: a calmer page.
        self.details.setVisible(self.answer() is not None)


class IndicatorsInput(FieldInput):
    def __init__(self, field: Field, object_name: str) -> None:
        box = QWidget()
        super().__init__(field, box, object_name)
        self.items: dict[str, _Item] = {}
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for option in field.options:
            item = _Item(field, option.id, option.label, object_name)
            if item.risk:
                line = QGridLayout()
                line.addWidget(item.caption, 0, 0)
                line.addWidget(item.tick, 0, 1)
                line.setColumnStretch(0, 1)
                layout.addLayout(line)
                item.tick.currentIndexChanged.connect(lambda _i=0, it=item: self._changed(it))  # type: ignore[union-attr]
            else:
                layout.addWidget(item.tick)
                item.tick.toggled.connect(lambda _c=False, it=item: self._changed(it))  # type: ignore[union-attr]
            layout.addWidget(item.details)
            for check in item.how.values():
                check.toggled.connect(self._emit)
            item.note.textChanged.connect(self._emit)
            item.details.setVisible(False)
            self.items[option.id] = item

    def _changed(self, item: _Item) -> None:
        item.sync()
        self._emit()

    def value(self) -> Any:
        found = {item_id: item.entry() for item_id, item in self.items.items()}
        kept = {k: v for k, v in found.items() if v is not None}
        return kept or None

    def _show(self, value: Any) -> None:
        data = value if isinstance(value, dict) else {}
        for item_id, item in self.items.items():
            item.show(data.get(item_id))

    def set_read_only(self, read_only: bool) -> None:
        for item in self.items.values():
            item.tick.setEnabled(not read_only)
            for check in item.how.values():
                check.setEnabled(not read_only)
            item.note.setReadOnly(read_only)

    def focus_widget(self) -> QWidget:
        first = next(iter(self.items.values()), None)
        return first.tick if first is not None else self.widget
