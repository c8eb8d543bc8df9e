"""After a save conflict the editor offers Reload: the vault's version, once the worker says so."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from services.case_lifecycle import save_draft
from services.cases import open_case
from tests.ui.editor_support import (
    Desk,
    ScriptedDialogs,
    desk_fixture,  # noqa: F401 (the desk fixture)
    new_case_id,
    open_editor,
)
from ui.editor.case_editor import CaseEditor


class Answering(ScriptedDialogs):
    """Answers the Reload question with a scripted Yes or No and records that it was asked."""

    def __init__(self, answer: bool) -> None:
        super().__init__()
        self.answer = answer
        self.asked: list[str] = []

    def confirm(self, parent: Any, title: str, text: str) -> bool:
        self.asked.append(text)
        return self.answer


def saved_elsewhere(desk: Desk, case_id: str, name: str) -> None:
    """Another window (or laptop session) saves the case meanwhile."""

    def work() -> None:
        current = open_case(desk.session, case_id).version
        record = current.document
        record["answers"]["name_latin"] = name
        save_draft(desk.session, record, clock=desk.clock, expected_revision=current.revision)

    desk.runner.run_blocking(work)


def conflicted_editor(qtbot: QtBot, desk: Desk, answer: bool) -> tuple[CaseEditor, str]:
    desk.dialogs = Answering(answer)
    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)
    saved_elsewhere(desk, case_id, "From the other window")
    editor.show_section("person")
    name = editor.field_widget("name_latin")
    assert isinstance(name, QLineEdit)
    name.setFocus()
    qtbot.keyClicks(name, "Typed here")
    editor.flush()  # the save meets the newer version
    assert editor.autosaver is not None and editor.autosaver.dirty
    assert editor.reload_button.isVisibleTo(editor)
    assert "saved elsewhere" in editor.banner.text()
    return editor, case_id


def stored_name(desk: Desk, case_id: str) -> object:
    version = desk.runner.run_blocking(lambda: open_case(desk.session, case_id)).version
    return version.document["answers"].get("name_latin")


def test_reload_after_a_conflict_shows_the_saved_version(qtbot: QtBot, desk: Desk) -> None:
    editor, case_id = conflicted_editor(qtbot, desk, answer=True)
    with qtbot.waitSignal(editor.reloaded, timeout=10_000):
        editor.reload_button.click()
    assert isinstance(desk.dialogs, Answering) and len(desk.dialogs.asked) == 1
    name = editor.field_widget("name_latin")
    assert isinstance(name, QLineEdit) and name.text() == "From the other window"
    assert editor.answers()["name_latin"] == "From the other window"
    assert not editor.reload_button.isVisibleTo(editor)
    assert editor.autosaver is not None and not editor.autosaver.dirty
    assert editor.saved_indicator.text() == "Reloaded the saved version"
    # Editing carries on from the reloaded version: the next save is not a conflict.
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "Corrected after reload")
    editor.flush()
    assert not editor.autosaver.dirty
    assert stored_name(desk, case_id) == "Corrected after reload"
    with qtbot.waitSignal(editor.closed, timeout=10_000):
        editor.pause()


def test_saying_no_keeps_the_typing_on_screen(qtbot: QtBot, desk: Desk) -> None:
    editor, case_id = conflicted_editor(qtbot, desk, answer=False)
    editor.reload_button.click()
    qtbot.wait(200)
    name = editor.field_widget("name_latin")
    assert isinstance(name, QLineEdit) and name.text() == "Typed here"
    assert editor.reload_button.isVisibleTo(editor)
    assert editor.autosaver is not None and editor.autosaver.dirty and editor.autosaver.enabled
    assert stored_name(desk, case_id) == "From the other window"  # nothing overwritten
