"""Full child intakes through the editor: routes, sign-off, and the record as typed after relock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from forms.samples import record_for_person
from services.case_status import FINALISED
from services.cases import open_case
from services.clock import iso
from tests.ui.editor_support import (
    SUPERVISOR_NAME,
    SUPERVISOR_PASSPHRASE,
    Desk,
    canonical,
    desk_fixture,  # noqa: F401 (the desk fixture)
    fill,
    new_case_id,
    open_editor,
    person,
    wait_saved,
)
from ui.editor.case_editor import CaseEditor
from ui.input_hints import SENSITIVE_HINTS


def finalise(qtbot: QtBot, editor: CaseEditor) -> None:
    editor.start_finalise()
    dialog = editor.finalise_dialog
    assert dialog is not None and not dialog.reasons, "a complete intake has no gaps"
    assert dialog.passphrase.inputMethodHints() & SENSITIVE_HINTS == SENSITIVE_HINTS
    assert dialog.supervisor.currentData() == SUPERVISOR_NAME
    qtbot.keyClicks(dialog.passphrase, "not the passphrase at all")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisibleTo(dialog), timeout=20_000)
    assert editor.status != FINALISED and dialog.passphrase.text() == ""
    qtbot.keyClicks(dialog.passphrase, SUPERVISOR_PASSPHRASE)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.status == FINALISED, timeout=20_000)


@pytest.mark.parametrize("person_id", ["p01", "p03", "p04"])
def test_child_intake(qtbot: QtBot, desk: Desk, person_id: str) -> None:
    who = person(person_id)
    case_id = new_case_id(desk)
    expected = record_for_person(who, case_id=case_id, now=iso(desk.clock.now()), nation="england")[
        "answers"
    ]
    editor = open_editor(qtbot, desk, case_id)
    fill(qtbot, editor, expected, keyed=("name_native", "name_latin"))
    editor.refresh()

    routes = {r.id: r for r in editor.last_routes}
    assert list(routes)[:2] == ["childrens_services", "nrm_child"]
    assert {"guardian", "missing_profile"} <= set(routes)
    assert "without needing their consent" in routes["nrm_child"].reason
    panel = editor.routes_panel
    for route_id in ("childrens_services", "nrm_child", "guardian", "missing_profile"):
        assert panel.findChild(object, f"route_{route_id}") is not None
    items = [panel.action_list.item(i) for i in range(panel.action_list.count())]
    assert any(
        "Children's services contacted" in item.text()
        and item.checkState() == Qt.CheckState.Checked
        for item in items
    )
    assert any("Guardian referral made" in item.text() for item in items)
    assert all(state.ready for state in editor.last_readiness.values()), editor.missing()

    wait_saved(qtbot, editor)
    finalise(qtbot, editor)
    name = editor.field_widget("name_latin")
    assert isinstance(name, QLineEdit) and name.isReadOnly()
    assert editor.amend_button.isVisibleTo(editor) and not editor.finalise_button.isVisibleTo(
        editor
    )

    desk.relock()
    stored = desk.runner.run_blocking(lambda: open_case(desk.session, case_id)).version.document
    assert stored["answers"] == canonical(editor.form, expected)  # type: ignore[arg-type]
    assert stored["answers"]["name_native"] == who["name_native"]
    assert stored["finalisation"]["supervisor_id"]

    reopened = open_editor(qtbot, desk, case_id)
    shown = reopened.field_widget("name_native")
    assert isinstance(shown, QLineEdit) and shown.text() == who["name_native"]
    assert reopened.read_only
