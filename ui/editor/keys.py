"""The editor's window-level keys: sections, the section list, first question, print, save.

They work wherever the focus is inside the editor; ui/keyboard_guard.py keeps the focused input
from claiming them (Ctrl+PgDn on a drop-down used to change its answer).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from ui import keyboard_guard
from ui.shortcuts_help import EDITOR_KEYS


def bind_editor_keys(editor: QWidget, actions: Mapping[str, Callable[[], None]]) -> list[QShortcut]:
    """One shortcut per entry of EDITOR_KEYS, each calling the action of the same name."""
    keyboard_guard.install()  # installed by the main window already; a lone editor needs it too
    shortcuts = []
    for name, keys, _what in EDITOR_KEYS:
        shortcut = QShortcut(QKeySequence(keys), editor)
        shortcut.setObjectName(f"key_{name}")
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(actions[name])
        shortcuts.append(shortcut)
    return shortcuts
