"""One section answered with the keyboard alone: Tab reaches every question in order."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from services.cases import open_case
from tests.ui.editor_support import Desk, desk_fixture, new_case_id, open_editor  # noqa: F401


def test_keyboard_only_session_section(qtbot: QtBot, desk: Desk) -> None:
    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)
    editor.activateWindow()
    page = editor.page("session")
    first = editor.inputs["met_at"].focus_widget()
    first.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first, timeout=5_000)
    visited: list[str] = []
    added_break = False
    for _ in range(200):
        widget = QApplication.focusWidget()
        assert widget is not None
        name = widget.objectName()
        if name == "pause_session":
            break
        visited.append(name)
        assert widget.accessibleName(), f"{name} has no accessible name"
        if isinstance(widget, QLineEdit) and name in ("met_at", "breaks[0].break_at"):
            qtbot.keyClicks(widget, "2026-11-28 09:00")
        elif isinstance(widget, QLineEdit | QPlainTextEdit) and not widget.isReadOnly():
            qtbot.keyClicks(widget, f"typed {name}")
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            qtbot.keyClick(widget, Qt.Key.Key_Down)
        elif isinstance(widget, QPushButton) and name == "breaks.add" and not added_break:
            qtbot.keyClick(widget, Qt.Key.Key_Space)
            added_break = True
            continue  # focus moved into the new item
        elif isinstance(widget, QCheckBox):
            qtbot.keyClick(widget, Qt.Key.Key_Space)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    else:
        raise AssertionError(f"Tab never reached Pause: {visited}")

    # Every visible question was reached, in the order of the form.
    shown = [f for f, row in page.rows.items() if row.isVisibleTo(page)]
    reached: list[str] = []
    for name in visited:
        owner = next((f for f in shown if name == f or name.startswith((f"{f}.", f"{f}["))), None)
        if owner is not None and owner not in reached:
            reached.append(owner)
    assert reached == shown
    assert "immediate_action" in reached  # revealed by answering Yes, then reached by Tab
    assert "breaks[0].break_reason" in visited, " ".join(visited)
    editor.flush()
    answers = desk.runner.run_blocking(lambda: open_case(desk.session, case_id)).version.document[
        "answers"
    ]
    assert answers["met_at"] == "2026-11-28T09:00"
    assert answers["immediate_danger"] == "yes"
    assert answers["immediate_action"] == "typed immediate_action"
    assert answers["breaks"] == [
        {"break_at": "2026-11-28T09:00", "break_reason": "typed breaks[0].break_reason"}
    ]

    # The navigator moves between sections with the arrow keys.
    editor.navigator.setFocus()
    qtbot.keyClick(editor.navigator, Qt.Key.Key_Down)
    assert editor.current_section == "first_responder"
