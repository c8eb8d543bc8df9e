"""From the case list into the assessment editor and back; locking mid-edit loses nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from services.cases import open_case
from services.session import find_worker_id, unlock
from tests.ui.conftest import PASSPHRASE
from tests.ui.signed_in import (
    ADMIN_NAME,
    SignedIn,
    signed_in_fixture,  # noqa: F401 (the signed_in fixture)
    unlock_through_ui,
)
from tests.ui.test_case_list import search_for

pytest.importorskip("ui.editor.case_editor")


def open_by_keyboard(qtbot: QtBot, signed_in: SignedIn, name: str) -> str:
    screen = signed_in.window.home.case_list
    search_for(qtbot, screen, name)
    row = screen.model.row_at(0)
    assert row is not None
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    with qtbot.waitSignal(signed_in.window.home.page_shown, timeout=10_000):
        qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    editor = signed_in.window.home.editor
    assert editor is not None
    qtbot.waitUntil(lambda: editor.is_loaded, timeout=30_000)
    return row.case_id


def saved_answers(signed_in: SignedIn, case_id: str) -> dict[str, object]:
    """The case's answers as the next unlock of the vault finds them."""
    paths, clock = signed_in.paths, signed_in.clock
    check = unlock(paths, find_worker_id(paths, ADMIN_NAME), PASSPHRASE, clock=clock)
    try:
        answers: dict[str, object] = open_case(check, case_id).version.document["answers"]
    finally:
        check.lock()
    return answers


def test_open_edit_close_returns_to_the_list(qtbot: QtBot, signed_in: SignedIn) -> None:
    home = signed_in.window.home
    case_id = open_by_keyboard(qtbot, signed_in, "Kovalenko")
    assert home.current_page() == "case_editor"
    assert home.editor is not None
    with qtbot.waitSignal(home.case_list.rows_shown, timeout=10_000):
        home.editor.closed.emit()
    assert home.current_page() == "case_list_screen"
    assert home.editor is None
    qtbot.waitUntil(lambda: home.case_list.selected_case_id() == case_id, timeout=5_000)


def test_locking_mid_edit_loses_nothing(qtbot: QtBot, signed_in: SignedIn) -> None:
    window = signed_in.window
    case_id = open_by_keyboard(qtbot, signed_in, "Kovalenko")
    editor = window.home.editor
    assert editor is not None
    editor.jump_to("name_latin")
    field = editor.field_widget("name_latin")
    if not isinstance(field, QLineEdit):
        field = field.findChild(QLineEdit) if field is not None else None
    assert isinstance(field, QLineEdit) and field.isVisible()
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Olena Kovalenko-Shevchenko")
    session = window.session
    assert session is not None
    # Lock at once, before the autosave debounce could fire.
    assert editor.autosaver is not None and editor.autosaver.dirty
    with qtbot.waitSignal(window.session_locked, timeout=30_000):
        qtbot.mouseClick(window.home.lock_button, Qt.MouseButton.LeftButton)
    assert session.locked and window.home.editor is None
    answers = saved_answers(signed_in, case_id)
    assert answers["name_latin"] == "Olena Kovalenko-Shevchenko"
    unlock_through_ui(qtbot, window)


def test_closing_the_window_mid_sentence_loses_nothing(qtbot: QtBot, signed_in: SignedIn) -> None:
    """Alt+F4 (a close event) while a long answer is being typed: it is saved, nothing aborts."""
    window = signed_in.window
    case_id = open_by_keyboard(qtbot, signed_in, "Kovalenko")
    editor = window.home.editor
    assert editor is not None
    editor.jump_to("how_it_started")
    field = editor.field_widget("how_it_started")
    assert field is not None and field.hasFocus()
    qtbot.keyClicks(field, "They were told the job was in a restaurant.")
    assert editor.autosaver is not None and editor.autosaver.dirty
    window.close()
    assert window.session is None
    answers = saved_answers(signed_in, case_id)
    assert "They were told the job was in a restaurant." in str(answers["how_it_started"])
