"""Questions outside the case editor in the GOV.UK order: the label, the hint, then the input.

The editor's rows (ui/editor/rows.py) do the same for case questions; this is for the set-up,
unlock and administration forms, so every form in the app reads top to bottom the same way.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.plain_text import plain_label


def add_question(
    layout: QVBoxLayout, label_text: str, field: QWidget, hint: str = "", *, object_name: str = ""
) -> QLabel:
    """Add `label_text` (bold; it names `field` for screen readers), `hint` under it, then the
    input, with the usual space after. Returns the label."""
    label = plain_label(label_text)
    label.setObjectName(object_name or f"{field.objectName()}.label")
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setBuddy(field)
    layout.addWidget(label)
    if hint:
        hint_label = plain_label(hint)
        hint_label.setObjectName(f"{label.objectName()}.hint")
        hint_label.setWordWrap(True)
        hint_label.setStyleSheet(theme.HINT_STYLE)
        layout.addWidget(hint_label)
        if not field.accessibleDescription():
            field.setAccessibleDescription(hint)
    layout.addWidget(field)
    layout.addSpacing(theme.SPACING)
    return label
