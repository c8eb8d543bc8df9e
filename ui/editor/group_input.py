"""Repeatable groups (situations, aliases, associates, places...): add, remove, reorder.

Item fields are named `group_id[index].sub_id`, the ids readiness reports as missing, so a
"still needed" item can jump straight to the widget. Reordering rebuilds the items, so the
names always follow the order the worker sees.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from forms.conditions import evaluate
from forms.model import Field
from ui.accessibility import name_control
from ui.editor.field_input import FieldInput
from ui.editor.rows import FieldRow
from ui.plain_text import plain_label

InputFactory = Callable[[Field, str], FieldInput]


def item_name(group_id: str, index: int, sub_id: str) -> str:
    return f"{group_id}[{index}].{sub_id}"


class GroupInput(FieldInput):
    """A list of items, each a small form of the group's sub-fields."""

    def __init__(self, field: Field, object_name: str, make: InputFactory) -> None:
        box = QWidget()
        super().__init__(field, box, object_name)
        self._make = make
        self._items: list[dict[str, Any]] = []
        self._scope: Mapping[str, Any] = {}
        self._read_only = False
        self.rows: dict[str, FieldRow] = {}
        self.items_box = QVBoxLayout()
        self.items_box.setContentsMargins(0, 0, 0, 0)
        self.empty = plain_label("None added yet.")
        self.empty.setObjectName(f"{object_name}.empty")
        self.add_button = QPushButton(f"Add: {field.label}")
        self.add_button.setObjectName(f"{object_name}.add")
        name_control(self.add_button, f"Add: {field.label}", f"Add an item to {field.label}")
        self.add_button.clicked.connect(self.add_item)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addLayout(self.items_box)
        layout.addWidget(self.add_button)

    def focus_widget(self) -> QWidget:
        return self.add_button

    # -- the answer
    def value(self) -> Any:
        items = [dict(item) for item in self._items]
        return items or None

    def _show(self, value: Any) -> None:
        self._items = [dict(i) for i in copy.deepcopy(value)] if isinstance(value, list) else []
        self._rebuild()

    # -- editing
    def add_item(self) -> None:
        if self.field.max_items is not None and len(self._items) >= self.field.max_items:
            return
        self._items.append({})
        self._rebuild(focus=(len(self._items) - 1, None))
        self._emit()

    def remove_item(self, index: int) -> None:
        del self._items[index]
        self._rebuild(focus=(min(index, len(self._items) - 1), "remove") if self._items else None)
        self._emit()

    def move_item(self, index: int, step: int) -> None:
        target = index + step
        if not 0 <= target < len(self._items):
            return
        self._items[index], self._items[target] = self._items[target], self._items[index]
        self._rebuild(focus=(target, "up" if step < 0 else "down"))
        self._emit()

    def _sub_changed(self, index: int, sub_id: str, field_input: FieldInput) -> None:
        value = field_input.value()
        if value is None:
            self._items[index].pop(sub_id, None)
        else:
            self._items[index][sub_id] = value
        self.refresh_visibility(self._scope)
        self._emit()

    # -- display
    def _rebuild(self, focus: tuple[int, str | None] | None = None) -> None:
        while self.items_box.count():
            taken = self.items_box.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # out of the tree now, so names are never found twice
                widget.deleteLater()
        self.rows = {}
        for index, item in enumerate(self._items):
            frame = self._item_frame(index, item)
            self.items_box.addWidget(frame)
            # Shown now rather than on the next event loop turn, so focus can move into it.
            frame.setVisible(True)
        self.add_button.raise_()  # keep Add after the items in the children (Tab) order
        self.empty.setVisible(not self._items)
        full = self.field.max_items is not None and len(self._items) >= self.field.max_items
        self.add_button.setEnabled(not full and not self._read_only)
        self.refresh_visibility(self._scope)
        if focus is not None:
            index, part = focus
            name = self.widget.objectName()
            target = self.widget.findChild(QWidget, f"{name}[{index}].{part}") if part else None
            if target is None or not target.isEnabled():
                first = next(
                    (r for k, r in self.rows.items() if k.startswith(f"{name}[{index}].")), None
                )
                target = first.input.focus_widget() if first is not None else None
            if target is not None:
                target.setFocus()

    def _item_frame(self, index: int, item: dict[str, Any]) -> QFrame:
        name = self.widget.objectName()
        frame = QFrame()
        frame.setObjectName(f"{name}[{index}]")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(frame)
        title = plain_label(f"{self.field.label}: {index + 1}")
        title.setObjectName(f"{name}[{index}].title")
        layout.addWidget(title)
        for sub in self.field.sub_fields:
            sub_name = item_name(name, index, sub.id)
            field_input = self._make(sub, sub_name)
            field_input.set_value(item.get(sub.id))
            field_input.set_read_only(self._read_only)
            field_input.changed.connect(
                lambda i=index, s=sub.id, f=field_input: self._sub_changed(i, s, f)
            )
            row = FieldRow(field_input)
            self.rows[sub_name] = row
            layout.addWidget(row)
        buttons = QHBoxLayout()
        for part, text, what, handler in (
            ("up", "Move up", "Move item {n} up", lambda _c=False, i=index: self.move_item(i, -1)),
            (
                "down",
                "Move down",
                "Move item {n} down",
                lambda _c=False, i=index: self.move_item(i, 1),
            ),
            ("remove", "Remove", "Remove item {n}", lambda _c=False, i=index: self.remove_item(i)),
        ):
            button = QPushButton(text)
            button.setObjectName(f"{name}[{index}].{part}")
            button.setAccessibleName(f"{self.field.label}: " + what.format(n=index + 1))
            button.clicked.connect(handler)
            button.setEnabled(not self._read_only)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return frame

    def refresh_visibility(self, scope: Mapping[str, Any]) -> None:
        """Show each item's sub-fields whose conditions hold for the item and the case."""
        self._scope = scope
        name = self.widget.objectName()
        for index, item in enumerate(self._items):
            seen = {**scope, **item}
            for sub in self.field.sub_fields:
                row = self.rows.get(item_name(name, index, sub.id))
                if row is not None:
                    row.setVisible(evaluate(sub.shown_when, seen))

    def show_problems(self, problems: Mapping[str, str]) -> None:
        for key, row in self.rows.items():
            row.set_message(problems.get(key, ""))

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._rebuild()
