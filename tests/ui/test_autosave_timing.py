"""What is typed reaches the vault while typing goes on, and at once when the cursor leaves a field.

The debounce alone never saves someone who types without pausing; the deadline timer does. The
timers are stretched in these tests so that only the mechanism under test can explain a save.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from services.cases import open_case
from tests.ui.editor_support import (
    Desk,
    desk_fixture,  # noqa: F401 (the desk fixture)
    new_case_id,
    open_editor,
    wait_saved,
)
from ui.editor.autosave import DEBOUNCE_MS, MAX_WAIT_MS, AutoSaver

NEVER_MS = 600_000


def _saved_answer(desk: Desk, case_id: str, field_id: str) -> object:
    opened = desk.runner.run_blocking(lambda: open_case(desk.session, case_id))
    return opened.version.document["answers"].get(field_id)


def test_the_promise_is_about_two_seconds() -> None:
    assert DEBOUNCE_MS <= MAX_WAIT_MS <= 2000


def test_typing_without_a_pause_is_saved_before_it_stops(qtbot: QtBot, desk: Desk) -> None:
    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)
    saver = editor.autosaver
    assert isinstance(saver, AutoSaver)
    saver.timer.setInterval(NEVER_MS)  # the debounce cannot explain a save here
    saver.deadline.setInterval(300)
    field = editor.field_widget("how_it_started")
    assert isinstance(field, QPlainTextEdit)
    field.setFocus()
    saves: list[object] = []
    saver.saved.connect(saves.append)
    typed = ""
    for word in ("The", "boy", "was", "found", "in", "the", "back", "of", "a", "lorry") * 3:
        qtbot.keyClicks(field, word + " ")
        typed += word + " "
        qtbot.wait(40)
    assert saves, "nothing was saved while typing went on"
    wait_saved(qtbot, editor)
    assert _saved_answer(desk, case_id, "how_it_started") == typed


def test_leaving_a_field_saves_at_once(qtbot: QtBot, desk: Desk) -> None:
    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)
    saver = editor.autosaver
    assert isinstance(saver, AutoSaver)
    saver.timer.setInterval(NEVER_MS)
    saver.deadline.setInterval(NEVER_MS)
    place = editor.field_widget("met_place_detail")
    assert isinstance(place, QLineEdit)
    place.setFocus()
    qtbot.keyClicks(place, "Dover Eastern Docks")
    assert saver.dirty
    editor.navigator.setFocus()
    qtbot.waitUntil(lambda: not saver.dirty and not saver.in_flight, timeout=10_000)
    assert _saved_answer(desk, case_id, "met_place_detail") == "Dover Eastern Docks"


def test_changes_made_during_a_save_are_saved_after_it(qtbot: QtBot, desk: Desk) -> None:
    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)
    saver = editor.autosaver
    assert isinstance(saver, AutoSaver)
    place = editor.field_widget("met_place_detail")
    assert isinstance(place, QLineEdit)
    place.setFocus()
    qtbot.keyClicks(place, "Dover")
    saver.save_now()
    assert saver.in_flight
    qtbot.keyClicks(place, " Eastern Docks")
    wait_saved(qtbot, editor)
    assert _saved_answer(desk, case_id, "met_place_detail") == "Dover Eastern Docks"
