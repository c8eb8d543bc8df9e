"""A worker with a keyboard and no mouse: every action is a key sent to the focused widget.

The driver reads state (what has focus, what a drop-down shows) to decide the next key, as a
person looks at the screen; it never calls a widget to change anything. It counts the keys
pressed in each stage, so a run can report how much typing each part of a case takes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

NO_MODIFIER = Qt.KeyboardModifier.NoModifier


class Keyboard:
    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.counts: dict[str, int] = {}
        self.stage = ""

    def begin(self, stage: str) -> None:
        self.stage = stage
        self.counts.setdefault(stage, 0)

    def focused(self) -> QWidget:
        self.qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=10_000)
        widget = QApplication.focusWidget()
        assert widget is not None
        return widget

    def press(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER, times: int = 1
    ) -> None:
        for _ in range(times):
            self.qtbot.keyClick(self.focused(), key, modifier)
            self.counts[self.stage] += 1

    def type(self, text: str) -> None:
        """Type into whatever has focus, one key per character."""
        for char in text:
            self.qtbot.keyClicks(self.focused(), char)
            self.counts[self.stage] += 1

    def tab_to(
        self, target: QWidget | Callable[[QWidget], bool], limit: int = 80, back: bool = False
    ) -> None:
        """Press Tab (Shift+Tab if back) until the focus is on target (a widget, or a widget
        that target accepts)."""

        def there(widget: QWidget) -> bool:
            if isinstance(target, QWidget):
                return widget is target or (
                    isinstance(target, QComboBox) and widget.parentWidget() is target
                )
            return target(widget)

        for _ in range(limit):
            if there(self.focused()):
                return
            if back:
                self.press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
            else:
                self.press(Qt.Key.Key_Tab)
        raise AssertionError(f"Tab never reached it; focus is on {self.focused().objectName()!r}")

    def choose(self, combo: QComboBox, data: object) -> None:
        """Pick an option of the focused drop-down with the arrow keys."""
        assert self.focused() is combo or self.focused().parentWidget() is combo
        wanted = combo.findData(data)
        assert wanted >= 0, f"{combo.objectName()} has no option {data!r}"
        for _ in range(combo.count() + 1):
            if combo.currentIndex() == wanted:
                return
            self.press(Qt.Key.Key_Down if combo.currentIndex() < wanted else Qt.Key.Key_Up)
        raise AssertionError(f"the arrow keys never reached {data!r} in {combo.objectName()}")

    def window_opened(self, window: QWidget) -> None:
        """A new window: the window manager gives it the keyboard (the offscreen platform of
        the tests has no window manager, so this does its part and nothing more)."""
        self.qtbot.waitUntil(window.isVisible, timeout=30_000)
        if QApplication.activeWindow() is not window:
            window.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10_000)

    def total(self) -> int:
        return sum(self.counts.values())
