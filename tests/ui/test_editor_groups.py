"""Repeatable groups: add, fill, reorder and remove items; names follow the order shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from services.cases import open_case
from tests.ui.editor_support import Desk, desk_fixture, new_case_id, open_editor  # noqa: F401
from ui.editor.group_input import GroupInput


def click(qtbot: QtBot, editor: object, name: str) -> None:
    button = editor.findChild(QPushButton, name)  # type: ignore[attr-defined]
    assert button is not None, name
    # Keyboard, not a mouse click: the button may be scrolled out of the viewport.
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def test_aliases_add_reorder_remove(qtbot: QtBot, desk: Desk) -> None:
    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)
    editor.show_section("person")
    group = editor.inputs["aliases"]
    assert isinstance(group, GroupInput)
    spellings = ["Xiaomei Lin", "Lin Hsiao-mei", "林晓梅"]
    for index, text in enumerate(spellings):
        click(qtbot, editor, "aliases.add")
        edit = editor.findChild(QLineEdit, f"aliases[{index}].alias_text")
        assert edit is not None and edit.accessibleName() == "Name or spelling"
        edit.insert(text)
    assert [i["alias_text"] for i in editor.answers()["aliases"]] == spellings

    click(qtbot, editor, "aliases[2].up")  # 林晓梅 moves to second place
    order = [spellings[0], spellings[2], spellings[1]]
    assert [i["alias_text"] for i in editor.answers()["aliases"]] == order
    shown = editor.findChild(QLineEdit, "aliases[1].alias_text")
    assert shown is not None and shown.text() == spellings[2]
    click(qtbot, editor, "aliases[0].down")
    order = [spellings[2], spellings[0], spellings[1]]
    assert [i["alias_text"] for i in editor.answers()["aliases"]] == order

    click(qtbot, editor, "aliases[1].remove")
    order = [spellings[2], spellings[1]]
    assert [i["alias_text"] for i in editor.answers()["aliases"]] == order
    assert (
        editor.findChild(QLineEdit, "aliases[2].alias_text") is None
        or not editor.findChild(QLineEdit, "aliases[2].alias_text").isVisible()
    )

    editor.flush()
    stored = desk.runner.run_blocking(lambda: open_case(desk.session, case_id)).version.document
    assert stored["answers"]["aliases"] == [{"alias_text": t} for t in order]
    # Search finds the case by an alias in another script.
    from services.cases import search_cases

    found = desk.runner.run_blocking(lambda: search_cases(desk.session, "晓梅"))
    assert [c.case_id for c in found] == [case_id]


def test_group_stops_at_its_limit(qtbot: QtBot, desk: Desk) -> None:
    editor = open_editor(qtbot, desk, new_case_id(desk))
    editor.show_section("missing_profile")
    group = editor.inputs["phones"]
    assert isinstance(group, GroupInput)
    for _ in range(group.field.max_items or 0):
        group.add_item()
    assert not group.add_button.isEnabled()  # at the limit, Add is off
    group.add_item()
    assert len(group.value()) == group.field.max_items == len(editor.answers()["phones"])
