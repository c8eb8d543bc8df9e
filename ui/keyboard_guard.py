"""Keys and wheel turns go only where the worker meant: one filter for the whole application.

- A drop-down or spin box never changes its value when the wheel turns over it: the page
  scrolls instead (a worker scrolling a long section silently changed answers).
- The window-level shortcuts (`RESERVED`) are never claimed by the focused input: Ctrl+PgDn on
  a drop-down picked its last answer instead of moving to the next section.
- Alt with a letter that is no shortcut types nothing (Alt+E put an "e" in the search box).

Installed once, when the first screen beyond unlock is built (it reads Qt's key enums, which
start-up does not load).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
# Window-level shortcuts of the editor (ui/editor/keys.py), as key and modifiers.
RESERVED = {
    (Qt.Key.Key_PageDown, CTRL),
    (Qt.Key.Key_PageUp, CTRL),
    (Qt.Key.Key_P, CTRL),
    (Qt.Key.Key_S, CTRL),
    (Qt.Key.Key_F6, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F7, Qt.KeyboardModifier.NoModifier),
}
_TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit)
_GUARD: KeyboardGuard | None = None


def _modifiers(event: QKeyEvent) -> Qt.KeyboardModifier:
    return event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier


def _value_widget(widget: QObject) -> QWidget | None:
    """The drop-down or spin box a widget belongs to (an editable one has a line edit inside)."""
    for candidate in (widget, widget.parent()):
        if isinstance(candidate, QComboBox | QAbstractSpinBox):
            return candidate
    return None


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


class KeyboardGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            return self._wheel(watched, event)
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            # Not accepted here, so the shortcut wins over the widget's own use of the key.
            return (Qt.Key(event.key()), _modifiers(event)) in RESERVED
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._stray_alt(watched, event)
        return False

    def _wheel(self, watched: QObject, event: QWheelEvent) -> bool:
        box = _value_widget(watched)
        if box is None:
            return False
        area = _scroll_area(box)
        bar = area.verticalScrollBar() if area is not None else None
        if bar is not None:
            QCoreApplication.sendEvent(bar, event)
        return True

    def _stray_alt(self, watched: QObject, event: QKeyEvent) -> bool:
        # Option+letter composes characters on macOS; AltGr is Ctrl+Alt on Windows.
        if sys.platform == "darwin" or not isinstance(watched, _TEXT_INPUTS):
            return False
        return _modifiers(event) in (ALT, ALT | Qt.KeyboardModifier.ShiftModifier) and bool(
            event.text().strip()
        )


def install() -> None:
    """Filter every widget's events from now on (idempotent)."""
    global _GUARD
    app = QApplication.instance()
    if _GUARD is None and isinstance(app, QApplication):
        _GUARD = KeyboardGuard(app)
        app.installEventFilter(_GUARD)


def key_text(sequence: str) -> str:
    """A shortcut as the worker's keyboard labels it (Ctrl+PgDown, F6)."""
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)
