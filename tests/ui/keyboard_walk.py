"""Walking a window with Tab alone: where focus goes, and what it should reach."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QRadioButton, QWidget
from pytestqt.qtbot import QtBot


def tab_stops(root: QWidget) -> list[QWidget]:
    """Every widget under root a worker can Tab to now: shown, enabled, taking Tab focus."""
    found = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):
            continue  # an editable drop-down's own line edit: the drop-down is the stop
        if isinstance(widget, QRadioButton) and not widget.isChecked() and widget.autoExclusive():
            continue  # a group of options is one stop, its checked option; arrows move within
        takes_tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        if takes_tab and widget.isVisible() and widget.isEnabled() and widget.window() is root:
            found.append(widget)
    return found


def tab_cycle(qtbot: QtBot, start: QWidget, limit: int = 400) -> list[QWidget]:
    """Press Tab from start until the focus is back on it; the widgets focused on the way.

    Fails on a trap: a Tab that leaves the focus where it was, or a cycle that never returns."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=5_000)
    visited: list[QWidget] = []
    current = start
    for _ in range(limit):
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is not None, "Tab left no widget focused"
        assert focused is not current, f"Tab stayed on {current.objectName()!r} (a trap)"
        if focused is start:
            return visited
        visited.append(focused)
        current = focused
    names = [w.objectName() for w in visited[-12:]]
    raise AssertionError(f"Tab never came back to {start.objectName()!r}; last: {names}")


def assert_walks_every_stop_once(qtbot: QtBot, root: QWidget, start: QWidget) -> list[str]:
    """One Tab cycle from start reaches every Tab stop under root exactly once."""
    visited = tab_cycle(qtbot, start)
    names = [w.objectName() or type(w).__name__ for w in visited]
    repeated = sorted({n for n in names if names.count(n) > 1})
    assert not repeated, f"reached more than once: {repeated}"
    expected = {w for w in tab_stops(root) if w is not start}
    missed = sorted(w.objectName() or type(w).__name__ for w in expected - set(visited))
    assert not missed, f"never reached by Tab: {missed}"
    return names
