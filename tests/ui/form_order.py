"""The GOV.UK order of a question outside the editor: label, hint under it, then the input."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel, QWidget


def assert_label_then_input(field: QWidget) -> None:
    """A shown label names `field` (its buddy), sits above it in the same column, and the hint,
    if there is one, sits between them and is the field's accessible description."""
    window = field.window()
    labels = [
        label
        for label in window.findChildren(QLabel)
        if label.buddy() is field and label.isVisibleTo(window)
    ]
    assert len(labels) == 1, f"{field.objectName()}: {len(labels)} labels name it"
    label = labels[0]

    def top_left(widget: QWidget) -> QPoint:
        return widget.mapTo(window, QPoint(0, 0))

    label_at, field_at = top_left(label), top_left(field)
    assert label_at.y() + label.height() <= field_at.y(), f"{field.objectName()}: label not above"
    assert label_at.x() == field_at.x(), f"{field.objectName()}: label beside, not above"
    hint = window.findChild(QLabel, f"{label.objectName()}.hint")
    if hint is not None:
        hint_at = top_left(hint)
        assert label_at.y() < hint_at.y() < field_at.y(), f"{field.objectName()}: hint misplaced"
        assert field.accessibleDescription() == hint.text()
