"""Keyboard only, all the way: Tab from the section list reaches every control once, no trap.

For every section of a child case and of an adult case (filled through the widgets, so groups
have items and sections are shown as the answers make them), and for the dialogs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from forms.samples import record_for_person
from services.clock import iso
from tests.ui.editor_support import (
    Desk,
    desk_fixture,  # noqa: F401 (the desk fixture)
    fill,
    new_case_id,
    open_editor,
    person,
)
from tests.ui.keyboard_walk import assert_walks_every_stop_once
from tests.ui.signed_in import SignedIn, signed_in_fixture  # noqa: F401 (the signed_in fixture)
from tests.ui.test_case_list_editor import open_by_keyboard
from tests.ui.test_editor_attachments import photo_with_metadata
from ui.editor.attachment_input import AttachmentInput
from ui.editor.case_editor import CaseEditor
from ui.editor.prompts import AmendDialog
from ui.receipt_import import ReceiptImportDialog
from ui.shortcuts_help import ShortcutsDialog


def filled_editor(qtbot: QtBot, desk: Desk, person_id: str, **options: Any) -> CaseEditor:
    case_id = new_case_id(desk)
    now = iso(desk.clock.now())
    record = record_for_person(
        person(person_id), case_id=case_id, now=now, nation="england", **options
    )
    editor = open_editor(qtbot, desk, case_id)
    fill(qtbot, editor, record["answers"])
    editor.activateWindow()
    return editor


@pytest.mark.parametrize(("person_id", "options"), [("p01", {}), ("p06", {"consent": True})])
def test_tab_walks_every_section_once(
    qtbot: QtBot, desk: Desk, person_id: str, options: dict[str, Any]
) -> None:
    editor = filled_editor(qtbot, desk, person_id, **options)
    assert editor.form is not None
    for section in editor.form.sections:
        editor.show_section(section.id)
        names = assert_walks_every_stop_once(qtbot, editor, editor.navigator)
        page = editor.page(section.id)
        shown = [f for f, row in page.rows.items() if row.isVisibleTo(page)]
        if shown and not editor.read_only:
            # One Tab from the section list reaches the section's first question.
            first = editor.inputs[shown[0]].focus_widget()
            assert names[0] == first.objectName(), (section.id, names[:3])


def test_editor_keys_move_between_sections_without_touching_answers(
    qtbot: QtBot, desk: Desk
) -> None:
    editor = open_editor(qtbot, desk, new_case_id(desk))
    editor.activateWindow()
    editor.show_section("session")
    combo = editor.inputs["immediate_danger"].focus_widget()
    combo.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is combo)
    before = combo.currentIndex()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(combo, Qt.Key.Key_PageDown, ctrl)
    assert combo.currentIndex() == before  # the key moved the section, not the answer
    assert editor.current_section != "session"
    moved_to = editor.current_section
    focused = QApplication.focusWidget()
    assert focused is not None and focused.objectName() in editor.inputs  # its first question
    qtbot.keyClick(focused, Qt.Key.Key_PageUp, ctrl)
    assert editor.current_section == "session" != moved_to
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    assert QApplication.focusWidget() is editor.navigator
    qtbot.keyClick(editor.navigator, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is editor.navigator  # arrows stay in the list
    qtbot.keyClick(editor.navigator, Qt.Key.Key_F7)
    section = editor.current_section
    first = next(r for r in editor.page(section).rows.values() if r.isVisible())
    assert QApplication.focusWidget() is first.input.focus_widget()


def test_wheel_over_a_drop_down_leaves_its_answer(qtbot: QtBot, desk: Desk) -> None:
    editor = open_editor(qtbot, desk, new_case_id(desk))
    editor.show_section("session")
    combo = editor.inputs["immediate_danger"].focus_widget()
    combo.setFocus()
    before = combo.currentIndex()
    for delta in (-120, -120, 120):
        event = QWheelEvent(
            QPointF(5, 5),
            QPointF(combo.mapToGlobal(QPoint(5, 5))),
            QPoint(0, 0),
            QPoint(0, delta),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(combo, event)
    assert combo.currentIndex() == before


def test_shortcuts_dialog_lists_the_editor_keys(qtbot: QtBot) -> None:
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    for keys in ("Ctrl+PgDown", "Ctrl+PgUp", "F6", "F7", "Ctrl+P", "Ctrl+S"):
        assert keys in shown
    close = dialog.findChildren(QPushButton)[0]
    assert close.accessibleName()


def test_field_shown_after_attaching_a_photo_is_next_on_tab(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    source = tmp_path / "child.png"
    photo_with_metadata(source)
    editor = open_editor(qtbot, desk, new_case_id(desk))
    editor.activateWindow()
    editor.show_section("missing_profile")
    photo = editor.inputs["photo"]
    assert isinstance(photo, AttachmentInput)
    desk.dialogs.files.append(str(source))
    photo.add_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is photo.add_button)
    qtbot.keyClick(photo.add_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: photo.value() is not None, timeout=10_000)
    basis = editor.inputs["photo_lawful_basis"].focus_widget()
    qtbot.waitUntil(basis.isVisible)
    names = assert_walks_every_stop_once(qtbot, editor, editor.navigator)
    assert names.index("photo.remove") + 1 == names.index("photo_lawful_basis")


def test_ctrl_p_in_a_field_asks_for_the_disclosure_entry(qtbot: QtBot, desk: Desk) -> None:
    editor = open_editor(qtbot, desk, new_case_id(desk))
    editor.activateWindow()
    field = editor.inputs["met_place_detail"].focus_widget()
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    qtbot.keyClick(field, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.disclosure_dialog is not None, timeout=10_000)
    dialog = editor.disclosure_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()

    def in_dialog() -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and focused.window() is dialog

    qtbot.waitUntil(in_dialog)
    start = QApplication.focusWidget()
    assert start is not None
    assert_walks_every_stop_once(qtbot, dialog, start)
    dialog.reject()


def test_a_case_opens_with_the_cursor_in_its_first_question(qtbot: QtBot, desk: Desk) -> None:
    editor = open_editor(qtbot, desk, new_case_id(desk))
    editor.activateWindow()
    first = editor.inputs[next(iter(editor.page(editor.current_section).rows))].focus_widget()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)


def test_main_window_keys_after_reopening(qtbot: QtBot, signed_in: SignedIn) -> None:
    window = signed_in.window
    window.activateWindow()
    home = window.home
    for _ in range(2):  # the section list was unreachable by Tab once a case was reopened
        open_by_keyboard(qtbot, signed_in, "Kovalenko")
        editor = home.editor
        assert editor is not None
        assert_walks_every_stop_once(qtbot, window, editor.navigator)
        editor.navigator.setFocus()
        for _row in range(4):
            qtbot.keyClick(editor.navigator, Qt.Key.Key_Down)
            assert QApplication.focusWidget() is editor.navigator
        with qtbot.waitSignal(home.case_list.rows_shown, timeout=10_000):
            editor.close_button.click()
    search = home.case_list.search
    search.setFocus()
    search.clear()
    qtbot.keyClick(search, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    assert search.text() == ""  # Alt+E is no shortcut: it types nothing
    qtbot.keyClick(search, Qt.Key.Key_F1)
    shortcuts = window.findChild(ShortcutsDialog)
    assert shortcuts is not None and shortcuts.isVisible()
    shortcuts.reject()


def _walk_dialog(qtbot: QtBot, dialog: QWidget) -> list[str]:
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)

    def in_dialog() -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and focused.window() is dialog

    qtbot.waitUntil(in_dialog)
    start = QApplication.focusWidget()
    assert start is not None
    return assert_walks_every_stop_once(qtbot, dialog, start)


def test_sign_off_dialogs_walk_every_control_once(qtbot: QtBot, desk: Desk) -> None:
    editor = open_editor(qtbot, desk, new_case_id(desk))
    editor.activateWindow()
    editor.start_finalise()  # a new case: a reason for each gap
    qtbot.waitUntil(lambda: editor.finalise_dialog is not None, timeout=10_000)
    finalise = editor.finalise_dialog
    assert finalise is not None
    _walk_dialog(qtbot, finalise)
    finalise.reject()
    amend = AmendDialog(editor)
    qtbot.addWidget(amend)
    _walk_dialog(qtbot, amend)
    amend.reject()


def test_receipt_import_dialog_walks(qtbot: QtBot, desk: Desk) -> None:
    dialog = ReceiptImportDialog(desk.session, desk.runner, desk.clock, desk.dialogs)
    qtbot.addWidget(dialog)
    _walk_dialog(qtbot, dialog)
