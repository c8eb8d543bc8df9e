"""Opening a case keeps every widget inside the main window, so Ctrl+L still locks at once.

A label made visible before it had a parent used to flash up as a window of its own while the
editor was built; it took the focus from the main window and the lock shortcut stopped working.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from forms.model import Field
from tests.ui.signed_in import (
    SignedIn,
    signed_in_fixture,  # noqa: F401 (the signed_in fixture)
)
from tests.ui.test_auto_lock import assert_locked
from tests.ui.test_case_list_editor import open_by_keyboard
from ui.editor.inputs import LongTextInput
from ui.editor.rows import FieldRow


class WindowShows(QObject):
    """Records every widget shown as a window of its own (observes events, changes nothing)."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self.shown.append(f"{type(watched).__name__} {watched.objectName()!r}")
        return False


def visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_opening_a_case_shows_no_stray_windows_and_ctrl_l_locks(
    qtbot: QtBot, signed_in: SignedIn
) -> None:
    window = signed_in.window
    session = window.session
    assert session is not None
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    shows = WindowShows()
    app.installEventFilter(shows)
    try:
        open_by_keyboard(qtbot, signed_in, "Kovalenko")
        editor = window.home.editor
        assert editor is not None
        # Every section page is built on first show: visit them all while watching.
        assert editor.form is not None
        for section in editor.form.sections:
            editor.show_section(section.id)
        QApplication.processEvents()
    finally:
        app.removeEventFilter(shows)

    assert shows.shown == []
    assert visible_windows() == [window]
    assert window.home.current_page() == "case_editor"
    editor.jump_to("name_latin")
    name = editor.field_widget("name_latin")
    assert name is not None and name.isVisible()  # the case's content is on screen

    target = QApplication.focusWidget() or window
    assert target.window() is window
    with qtbot.waitSignal(window.session_locked, timeout=10_000):
        qtbot.keyClick(target, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert_locked(window, session)
    # Nothing of the case is left on screen: no editor, no field of it.
    assert not [w for w in window.findChildren(QWidget, "case_editor") if w.isVisible()]
    assert not [w for w in window.findChildren(QWidget, "name_latin") if w.isVisible()]
    assert visible_windows() == [window]


def test_the_sign_off_dialog_without_a_supervisor_shows_no_stray_window(
    qtbot: QtBot, signed_in: SignedIn
) -> None:
    window = signed_in.window
    open_by_keyboard(qtbot, signed_in, "Kovalenko")
    editor = window.home.editor
    assert editor is not None
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    shows = WindowShows()
    app.installEventFilter(shows)
    try:
        editor.start_finalise()
        dialog = editor.finalise_dialog
        assert dialog is not None
        qtbot.waitUntil(dialog.isVisible, timeout=5_000)
        QApplication.processEvents()
    finally:
        app.removeEventFilter(shows)
    # Only the dialog itself became a window; its "no other supervisor" message sits inside it.
    assert shows.shown == [f"FinaliseDialog {dialog.objectName()!r}"]
    assert dialog.message.isVisible() and dialog.message.window() is dialog
    assert "No other supervisor" in dialog.message.text()
    assert not dialog.confirm.isEnabled()
    dialog.reject()


@pytest.mark.parametrize("stored", [90, 10], ids=["near-the-limit", "short"])
def test_a_long_text_counter_shows_inside_its_row_never_as_a_window(
    qtbot: QtBot, stored: int
) -> None:
    """The counter is made with a parent, so showing it (a long answer loaded before the row
    exists) never makes it a window; it is on screen in its row once the row shows."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    shows = WindowShows()
    app.installEventFilter(shows)
    try:
        field_input = LongTextInput(
            Field(id="story", type="long_text", label="Story", max_length=100), "story"
        )
        field_input.set_value("x" * stored)  # as the editor loads an answer, before the row
        host = QWidget()
        host.setObjectName("host")
        qtbot.addWidget(host)
        FieldRow(field_input, host)
        host.show()
        qtbot.waitExposed(host)
        QApplication.processEvents()
    finally:
        app.removeEventFilter(shows)
    counter = field_input.counter
    assert shows.shown == ["QWidget 'host'"]
    assert counter.window() is host
    assert counter.isVisible() == (stored > 80)
    assert counter.text() == f"{stored} of 100 characters"
    qtbot.keyClicks(field_input.edit, "y" * (85 - stored) if stored < 85 else "y")
    assert counter.isVisible()  # past 80% of the limit while typing
