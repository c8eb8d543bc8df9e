"""The editor opens a case off the UI thread, shows fields by id, hides and shows conditionals."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from services.case_analysis import NOT_APPLICABLE
from tests.ui.editor_support import (
    Desk,
    desk_fixture,  # noqa: F401 (the desk fixture)
    new_case_id,
    open_editor,
    wait_saved,
)
from ui.editor.inputs import ChoiceInput
from ui.input_hints import SENSITIVE_HINTS


def test_opens_and_autosaves_off_the_ui_thread(
    qtbot: QtBot, desk: Desk, vault_threads: list[str]
) -> None:
    case_id = new_case_id(desk)
    vault_threads.clear()
    editor = open_editor(qtbot, desk, case_id)
    assert editor.objectName() == "case_editor"
    place = editor.field_widget("met_place_detail")
    assert (
        isinstance(place, QLineEdit)
        and place.accessibleName() == "Place (name or short description)"
    )
    place.setFocus()
    qtbot.keyClicks(place, "Dover Eastern Docks")
    assert editor.saved_indicator.text() != "" and not editor.saved_indicator.text().startswith(
        "Saved at"
    )
    wait_saved(qtbot, editor)
    qtbot.waitUntil(lambda: editor.saved_indicator.text().startswith("Saved at"), timeout=5_000)
    assert vault_threads, "the editor should have read and written the vault"
    assert threading.main_thread().name not in vault_threads
    assert set(vault_threads) == {"first-contact-worker"} or "MainThread" not in vault_threads


def test_conditional_fields_follow_answers(qtbot: QtBot, desk: Desk) -> None:
    editor = open_editor(qtbot, desk, new_case_id(desk))
    page = editor.page("session")
    action = editor.field_widget("immediate_action")
    assert isinstance(action, QPlainTextEdit)
    assert not action.isVisibleTo(page)
    danger = editor.inputs["immediate_danger"]
    assert isinstance(danger, ChoiceInput)
    danger.combo.setCurrentIndex(danger.combo.findData("yes"))
    assert action.isVisibleTo(page)
    danger.combo.setCurrentIndex(danger.combo.findData("no"))
    assert not action.isVisibleTo(page)
    # An adult has no children's services section; an uncertain age keeps the child pathway.
    editor.show_section("age")
    under = editor.field_widget("pv_under_18")
    assert isinstance(under, QComboBox)
    under.setCurrentIndex(under.findData("no"))
    editor.refresh()
    assert editor.navigator.section_state("childrens_services") == NOT_APPLICABLE
    assert editor.navigator.section_state("consent") != NOT_APPLICABLE
    cs_page = editor.page("childrens_services")
    assert cs_page.not_applicable.isVisibleTo(cs_page)
    assert not cs_page.rows["la_referral_made"].isVisibleTo(cs_page)
    under.setCurrentIndex(under.findData("not_sure"))
    editor.refresh()
    assert editor.navigator.section_state("childrens_services") != NOT_APPLICABLE
    assert editor.navigator.section_state("consent") == NOT_APPLICABLE


def test_inline_validation_and_jump_to_what_is_needed(qtbot: QtBot, desk: Desk) -> None:
    editor = open_editor(qtbot, desk, new_case_id(desk))
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=5_000)
    editor.show_section("first_responder")
    phone = editor.field_widget("fr_phone")
    assert isinstance(phone, QLineEdit)
    phone.setFocus()
    qtbot.keyClicks(phone, "07700 900")  # a digit group short
    editor.refresh()
    row = editor.pages["first_responder"].rows["fr_phone"]
    assert row.message.isVisibleTo(row) and "whole phone number" in row.message.text()
    assert "whole phone number" in phone.accessibleDescription()
    assert not phone.inputMethodHints() & SENSITIVE_HINTS  # the worker's own work phone
    phone.selectAll()
    qtbot.keyClicks(phone, "07700 900123")  # UK national format, no +44 needed
    editor.refresh()
    assert not row.message.isVisibleTo(row)
    assert phone.text() == "07700 900123"  # typed text kept exactly

    # A new case is a child until told otherwise: children's services come first.
    assert [r.id for r in editor.last_routes][:2] == ["childrens_services", "nrm_child"]
    needed = editor.routes_panel.needed
    target = next(
        needed.item(i)
        for i in range(needed.count())
        if "Who else is in the room" in needed.item(i).text()
    )
    needed.setCurrentItem(target)
    needed.itemActivated.emit(target)
    assert editor.current_section == "session"
    qtbot.waitUntil(
        lambda: getattr(QApplication.focusWidget(), "objectName", str)() == "present_people",
        timeout=5_000,
    )

    # Bidi controls in a name are neutralised in the heading, kept as typed in the record.
    editor.show_section("person")
    name = editor.field_widget("name_latin")
    assert isinstance(name, QLineEdit)
    assert name.inputMethodHints() & SENSITIVE_HINTS == SENSITIVE_HINTS  # names are sensitive
    name.insert("Ahmad \u202eShah")
    editor.refresh()
    assert "\u202e" not in editor.title.text() and "\u2068" in editor.title.text()
    assert editor.answers()["name_latin"] == "Ahmad \u202eShah"
    assert editor.title.textFormat() == Qt.TextFormat.PlainText


def test_warnings_are_linked_to_their_questions(qtbot: QtBot, desk: Desk) -> None:
    """A screen reader says the warning with the question (WCAG 1.3.1), only while it shows."""
    editor = open_editor(qtbot, desk, new_case_id(desk))
    page = editor.page("session")
    danger = editor.field_widget("immediate_danger")
    assert danger is not None and "call 999 first" in danger.accessibleDescription()
    accompanied = editor.inputs["accompanied"]
    assert isinstance(accompanied, ChoiceInput)
    accompanied.combo.setCurrentIndex(accompanied.combo.findData("yes"))
    separated = editor.inputs["accompanying_adult_separated"]
    assert isinstance(separated, ChoiceInput) and separated.combo.isVisibleTo(page)
    assert "Separate them" in separated.combo.accessibleDescription()
    # The hint stays; the warning goes once it has done its job, from the screen and the reader.
    separated.combo.setCurrentIndex(separated.combo.findData("yes"))
    description = separated.combo.accessibleDescription()
    assert "Ask nothing in front of" in description and "Separate them" not in description
    assert not page.rows["accompanying_adult_separated"].warning.isVisibleTo(page)
