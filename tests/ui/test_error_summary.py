"""Attention only once the worker has moved on: the navigator and the section's error summary
stay quiet while a section is being filled, then link to each question that needs changing."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from services.case_analysis import ATTENTION
from tests.ui.editor_support import Desk, desk_fixture, new_case_id, open_editor  # noqa: F401


def test_attention_after_leaving_the_section(qtbot: QtBot, desk: Desk) -> None:
    editor = open_editor(qtbot, desk, new_case_id(desk))
    editor.activateWindow()
    editor.show_section("session")
    met_at = editor.inputs["met_at"].focus_widget()
    qtbot.keyClicks(met_at, "yesterday evening")
    editor.refresh()
    row = editor.navigator.row_of("session")
    assert editor.navigator.section_state("session") == ATTENTION
    assert "needs attention" not in editor.navigator.item(row).text()
    assert "in progress" in editor.navigator.item(row).text()
    page = editor.page("session")
    assert not page.errors.isVisibleTo(page)

    editor.next_section()  # leaving it
    assert "needs attention" in editor.navigator.item(row).text()
    editor.show_section("session")
    assert page.errors.isVisibleTo(page)
    link = next(b for b in page.errors.links if b.objectName().endswith(".met_at"))
    assert link.text().startswith(editor.form.fields["met_at"].label)
    link.click()
    assert QApplication.focusWidget() is met_at


def test_finalising_shows_every_section_s_attention(qtbot: QtBot, desk: Desk) -> None:
    editor = open_editor(qtbot, desk, new_case_id(desk))
    assert editor.form is not None
    rows = [editor.navigator.item(i).text() for i in range(len(editor.form.sections))]
    assert not any("needs attention" in text for text in rows)
    editor.start_finalise()
    qtbot.waitUntil(lambda: editor.finalise_dialog is not None, timeout=10_000)
    rows = [editor.navigator.item(i).text() for i in range(len(editor.form.sections))]
    assert any("needs attention" in text for text in rows)
    assert editor.finalise_dialog is not None
    editor.finalise_dialog.reject()
