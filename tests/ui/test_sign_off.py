"""Sign-off at first contact: one reason per question, later questions pre-marked, typing kept."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from forms.readiness import NOT_ASKED_AT_FIRST_CONTACT
from services.case_status import FINALISED
from services.cases import open_case
from tests.ui.editor_support import (
    SUPERVISOR_PASSPHRASE,
    Desk,
    desk_fixture,  # noqa: F401 (the desk fixture)
    new_case_id,
    open_editor,
)
from tests.ui.signed_in import SignedIn, signed_in_fixture  # noqa: F401
from ui.editor.case_editor import CaseEditor
from ui.editor.inputs import ChoiceInput
from ui.editor.prompts import Enrolling, FinaliseDialog


def child_case(qtbot: QtBot, desk: Desk) -> tuple[str, CaseEditor]:
    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)
    editor.show_section("age")
    under = editor.inputs["pv_under_18"]
    assert isinstance(under, ChoiceInput)
    under.combo.setCurrentIndex(under.combo.findData("yes"))
    return case_id, editor


def open_dialog(qtbot: QtBot, editor: CaseEditor) -> FinaliseDialog:
    # The answer above reaches the analysis off the UI thread; sign-off reads the latest one.
    qtbot.waitUntil(lambda: bool(editor.analysis.now().questions), timeout=20_000)
    qtbot.waitUntil(
        lambda: "pv_under_18" not in {q.field_id for q in editor.analysis.now().questions},
        timeout=20_000,
    )
    editor.start_finalise()
    dialog = editor.finalise_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    return dialog


def test_each_question_once_with_later_ones_pre_marked(qtbot: QtBot, desk: Desk) -> None:
    _case_id, editor = child_case(qtbot, desk)
    dialog = open_dialog(qtbot, editor)
    gaps = editor.analysis.now().gaps
    assert len(dialog.reasons) == len({g.missing.field_id for g in gaps}) < len(gaps)
    # The person's name is needed by three documents and asked for once, naming all three.
    name = dialog.reasons["name_latin"]
    assert name.text() == "" and "Children's services" in name.accessibleDescription()
    assert "Guardian referral" in name.accessibleDescription()
    # The exploitation account belongs to a later interview: its reason is already there.
    for later in ("how_it_started", "pv_family", "exploiter_details"):
        assert dialog.reasons[later].text() == NOT_ASKED_AT_FIRST_CONTACT
    later = {q.field_id for q in editor.analysis.now().questions if q.after_first_contact}
    to_type = {f for f, edit in dialog.reasons.items() if not edit.text()}
    assert later and to_type == set(dialog.reasons) - later


def test_typed_reasons_survive_a_failed_attempt_and_reopening(qtbot: QtBot, desk: Desk) -> None:
    case_id, editor = child_case(qtbot, desk)
    dialog = open_dialog(qtbot, editor)
    reason = "Refused to give a name"
    dialog.reasons["name_latin"].setFocus()
    qtbot.keyClicks(dialog.reasons["name_latin"], reason)
    dialog.reasons["how_it_started"].setText("Told us briefly: see the notes")
    # A wrong passphrase: refused, the reasons stay where they were typed.
    qtbot.keyClicks(dialog.passphrase, "not the right passphrase")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisibleTo(dialog), timeout=30_000)
    assert editor.status != FINALISED and dialog.passphrase.text() == ""
    assert dialog.reasons["name_latin"].text() == reason
    # Cancel and open it again: what was typed comes back, the passphrase does not.
    dialog.reject()
    again = open_dialog(qtbot, editor)
    assert again is not dialog and again.passphrase.text() == ""
    assert again.reasons["name_latin"].text() == reason
    assert again.reasons["how_it_started"].text() == "Told us briefly: see the notes"
    for edit in again.reasons.values():
        if not edit.text():
            edit.setText("Not asked: the child was too distressed to continue")
    qtbot.keyClicks(again.passphrase, SUPERVISOR_PASSPHRASE)
    qtbot.mouseClick(again.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.status == FINALISED, timeout=30_000)
    stored = desk.runner.run_blocking(lambda: open_case(desk.session, case_id)).version.document
    # One reason typed, recorded for every document that needs the question.
    by_output = stored["gap_reasons"]
    for output_id in ("nrm", "childrens_services", "guardian"):
        assert by_output[output_id]["name_latin"] == reason
    assert by_output["nrm"]["pv_family"] == NOT_ASKED_AT_FIRST_CONTACT
    assert editor.sign_off.drafts == {}


def test_typed_reasons_survive_closing_and_reopening_the_case(qtbot: QtBot, desk: Desk) -> None:
    case_id, editor = child_case(qtbot, desk)
    dialog = open_dialog(qtbot, editor)
    reason = "Would not say: frightened of the driver"
    dialog.reasons["name_latin"].setFocus()
    qtbot.keyClicks(dialog.reasons["name_latin"], reason)
    dialog.reject()
    with qtbot.waitSignal(editor.closed, timeout=10_000):
        editor.pause()  # saves and closes the case; the reasons are not signed off yet
    editor.close()
    reopened = open_editor(qtbot, desk, case_id)
    again = open_dialog(qtbot, reopened)
    assert again.reasons["name_latin"].text() == reason
    again.reject()
    reopened.pause()
    reopened.close()
    # Locking ends the session: a new one starts with nothing typed.
    desk.relock()
    fresh = open_editor(qtbot, desk, case_id)
    assert open_dialog(qtbot, fresh).reasons["name_latin"].text() == ""


def test_no_supervisor_lets_an_administrator_add_one(qtbot: QtBot, signed_in: SignedIn) -> None:
    home = signed_in.window.home
    row = home.case_list.model.row_at(0)
    assert row is not None
    home.open_case(row.case_id)
    editor = home.editor
    assert editor is not None
    qtbot.waitUntil(lambda: editor.is_loaded, timeout=30_000)
    editor.start_finalise()  # the administrator is alone on this laptop
    dialog = editor.finalise_dialog
    assert dialog is not None and dialog.open_workers is not None
    assert "No other supervisor" in dialog.message.text()
    assert not dialog.confirm.isEnabled()
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    dialog.open_workers.setFocus()
    qtbot.keyClick(dialog.open_workers, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: home.pages.currentWidget() is home.admin, timeout=20_000)
    assert home.admin.tabs.currentWidget() is home.admin.workers
    assert home.editor is None  # saved and closed; the case opens again from the list


def test_no_supervisor_tells_a_worker_who_can_add_one(qtbot: QtBot) -> None:
    dialog = FinaliseDialog((), (), enrolling=Enrolling(False, ("Alex Morgan", "Bea Ng")))
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.message.text()
    assert "ask \u2068Alex Morgan\u2069, \u2068Bea Ng\u2069" in text
    assert "Administration › Workers" in text
    assert dialog.open_workers is None and not dialog.confirm.isEnabled()
    QApplication.processEvents()
