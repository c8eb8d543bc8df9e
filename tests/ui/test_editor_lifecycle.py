"""Autosave, flush before lock, read-only after sign-off, amendment, and the disclosure prompt."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from forms.samples import record_for_person
from services.case_lifecycle import verify_sign_off
from services.case_status import DRAFT, FINALISED
from services.cases import create_case, open_case
from services.clock import iso
from services.session import find_worker_id, unlock
from tests.ui.conftest import PASSPHRASE
from tests.ui.editor_support import (
    SUPERVISOR_NAME,
    SUPERVISOR_PASSPHRASE,
    Desk,
    desk_fixture,  # noqa: F401 (the desk fixture)
    new_case_id,
    open_editor,
    person,
    wait_saved,
)
from tests.ui.signed_in import ADMIN_NAME, SignedIn, signed_in_fixture  # noqa: F401
from ui.editor.case_editor import CaseEditor
from ui.editor.inputs import ChoiceInput


def stored(desk: Desk, case_id: str) -> dict:
    return desk.runner.run_blocking(lambda: open_case(desk.session, case_id)).version.document


def revisions(desk: Desk, case_id: str) -> list[int]:
    return desk.runner.run_blocking(lambda: desk.session.vault.cases.revisions(case_id))


def test_autosave_coalesces_and_shows_when(qtbot: QtBot, desk: Desk) -> None:
    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)
    assert editor.saved_indicator.text() == "No changes yet"
    edit = editor.field_widget("met_place_detail")
    assert isinstance(edit, QLineEdit)
    edit.setFocus()
    qtbot.keyClicks(edit, "Reception centre, Croydon")  # 25 changes, one debounce
    assert editor.saved_indicator.text() == "Saving soon…"
    assert editor.autosaver is not None and editor.autosaver.dirty
    wait_saved(qtbot, editor)
    at = desk.clock.now().astimezone().strftime("%H:%M")  # shown in the laptop's local time
    qtbot.waitUntil(lambda: editor.saved_indicator.text() == f"Saved at {at}", timeout=5_000)
    assert revisions(desk, case_id) == [1, 2]  # the keystrokes were saved once, not 25 times
    assert stored(desk, case_id)["answers"]["met_place_detail"] == "Reception centre, Croydon"


def test_flush_saves_at_once_so_locking_mid_edit_loses_nothing(qtbot: QtBot, desk: Desk) -> None:
    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)
    editor.show_section("person")
    name = editor.field_widget("name_latin")
    assert isinstance(name, QLineEdit)
    name.setFocus()
    qtbot.keyClicks(name, "Ahmad Shah Noori")
    editor.flush()  # what the main window does before it locks
    desk.relock()
    assert stored(desk, case_id)["answers"]["name_latin"] == "Ahmad Shah Noori"


def test_pause_saves_and_closes(qtbot: QtBot, desk: Desk) -> None:
    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)
    notes = editor.field_widget("present_people")
    assert isinstance(notes, QPlainTextEdit)
    notes.setFocus()
    qtbot.keyClicks(notes, "Interpreter by phone")
    with qtbot.waitSignal(editor.closed, timeout=10_000):
        editor.pages["session"].pause_button.click()
    assert stored(desk, case_id)["answers"]["present_people"] == "Interpreter by phone"


def finalised_case(desk: Desk) -> str:
    from services.case_lifecycle import finalise_case

    record = record_for_person(
        person("p02"), case_id="c-p02", now=iso(desk.clock.now()), nation="england"
    )

    def work() -> str:
        create_case(desk.session, clock=desk.clock, record=record)
        finalise_case(
            desk.session,
            "c-p02",
            supervisor_name=SUPERVISOR_NAME,
            supervisor_passphrase=SUPERVISOR_PASSPHRASE,
            clock=desk.clock,
        )
        return "c-p02"

    return desk.runner.run_blocking(work)


def test_finalised_case_is_read_only_until_amended(
    qtbot: QtBot, desk: Desk, vault_threads: list[str]
) -> None:
    case_id = finalised_case(desk)
    vault_threads.clear()
    editor = open_editor(qtbot, desk, case_id)
    assert editor.read_only and editor.status == FINALISED
    assert editor.banner.isVisibleTo(editor)
    place = editor.field_widget("met_place_detail")
    assert isinstance(place, QLineEdit) and place.isReadOnly()
    before = revisions(desk, case_id)
    place.setFocus()
    qtbot.keyClicks(place, "changed")
    assert place.text() == stored(desk, case_id)["answers"]["met_place_detail"]
    editor.flush()
    assert revisions(desk, case_id) == before

    # Printing a finalised case: the disclosure log takes the entry as a new version that
    # keeps the sign-off valid and the case finalised; the audit entry names no one.
    editor.start_print()
    disclosure = editor.disclosure_dialog
    assert disclosure is not None
    qtbot.keyClicks(disclosure.to, "Police, missing persons unit")
    qtbot.keyClicks(disclosure.why, "Child missing from care")
    qtbot.mouseClick(disclosure.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.preview is not None, timeout=10_000)
    editor.preview.close()  # type: ignore[union-attr]
    events = desk.runner.run_blocking(lambda: desk.session.vault.audit.entries({case_id}))
    assert events[-1].event == "disclosure_logged" and "Police" not in events[-1].detail
    assert revisions(desk, case_id) == [*before, before[-1] + 1]
    logged = stored(desk, case_id)
    assert logged["answers"]["disclosures"][-1]["disclosure_to"] == "Police, missing persons unit"
    assert editor.status == FINALISED and editor.read_only
    assert desk.runner.run_blocking(lambda: verify_sign_off(desk.session, logged))
    shown = editor.inputs["disclosures"].value() if "disclosures" in editor.inputs else None
    assert shown is None or shown[-1]["disclosure_to"] == "Police, missing persons unit"

    editor.start_amend()
    dialog = editor.amend_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.message.isVisibleTo(dialog)  # a reason is required
    qtbot.keyClicks(dialog.reason, "Age assessment concluded; correcting the date of birth")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.read_only, timeout=10_000)
    assert editor.status != FINALISED and not place.isReadOnly()
    record = stored(desk, case_id)
    assert record["amendments"][-1]["reason"].startswith("Age assessment concluded")
    assert "finalisation" not in record
    place.selectAll()
    qtbot.keyClicks(place, "Police station, Dover")
    wait_saved(qtbot, editor)
    assert stored(desk, case_id)["answers"]["met_place_detail"] == "Police station, Dover"
    assert editor.status == DRAFT or editor.status == "ready"
    assert vault_threads and "MainThread" not in vault_threads


def test_printing_asks_for_a_disclosure_entry_first(qtbot: QtBot, desk: Desk) -> None:
    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)
    editor.start_print()
    dialog = editor.disclosure_dialog
    assert dialog is not None and editor.preview is None
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    assert dialog.message.isVisibleTo(dialog) and editor.preview is None
    qtbot.keyClicks(dialog.to, "Kent children's services duty team")
    qtbot.keyClicks(dialog.why, "Safeguarding referral")
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.preview is not None, timeout=10_000)
    entries = stored(desk, case_id)["answers"]["disclosures"]
    assert entries[-1]["disclosure_to"] == "Kent children's services duty team"
    assert entries[-1]["disclosure_why"] == "Safeguarding referral"
    assert entries[-1]["disclosure_by"] == "Sam Okafor"
    preview = editor.preview
    assert preview is not None and preview.objectName() == "print_preview"
    preview.close()  # type: ignore[union-attr]


def test_locking_the_window_mid_edit_loses_nothing(qtbot: QtBot, signed_in: SignedIn) -> None:
    window = signed_in.window
    session = window.session
    assert session is not None
    # Read before any editor exists (the vault_threads rule applies to the editor, not set-up).
    case_id = session.vault.cases.list_summaries(status="draft")[0].case_id
    window.home.open_case(case_id)
    editor = window.home.editor
    assert isinstance(editor, CaseEditor)
    qtbot.waitUntil(lambda: editor.is_loaded, timeout=20_000)
    place = editor.field_widget("met_place_detail")
    assert isinstance(place, QLineEdit)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    place.setFocus()
    place.selectAll()
    qtbot.keyClicks(place, "Croydon reception centre, room 2")
    assert editor.autosaver is not None and editor.autosaver.dirty  # the debounce has not fired
    with qtbot.waitSignal(window.session_locked, timeout=30_000):
        qtbot.keyClick(place, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert session.locked and window.home.editor is None
    paths, clock = signed_in.paths, signed_in.clock
    check = unlock(paths, find_worker_id(paths, ADMIN_NAME), PASSPHRASE, clock=clock)
    try:
        answers = open_case(check, case_id).version.document["answers"]
    finally:
        check.lock()
    assert answers["met_place_detail"] == "Croydon reception centre, room 2"


def test_finalising_with_gaps_needs_a_reason_for_each(qtbot: QtBot, desk: Desk) -> None:
    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)
    editor.show_section("age")
    under = editor.inputs["pv_under_18"]
    assert isinstance(under, ChoiceInput)
    under.combo.setCurrentIndex(under.combo.findData("yes"))
    editor.start_finalise()
    dialog = editor.finalise_dialog
    assert dialog is not None and len(dialog.reasons) > 20  # an almost empty child case
    assert "la_referral_made" in dialog.reasons  # children's services before the NRM
    edits = [e for e in dialog.reasons.values() if not e.text()]  # not pre-marked
    for edit in edits[1:]:
        edit.setText("Not asked: the child was too distressed to continue")
    qtbot.keyClicks(dialog.passphrase, SUPERVISOR_PASSPHRASE)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.isVisibleTo(dialog), timeout=20_000)
    assert "cannot be finalised yet" in dialog.message.text() and editor.status != FINALISED
    edits[0].setText("Not asked: the child was too distressed to continue")
    qtbot.keyClicks(dialog.passphrase, SUPERVISOR_PASSPHRASE)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.status == FINALISED, timeout=20_000)
    reasons = stored(desk, case_id)["gap_reasons"]
    assert {f for v in reasons.values() for f in v} == set(dialog.reasons)


def test_a_save_conflict_keeps_the_typing_and_says_so(qtbot: QtBot, desk: Desk) -> None:
    from services.cases import save_case

    case_id = new_case_id(desk)
    editor = open_editor(qtbot, desk, case_id)

    def someone_else_saves() -> None:  # e.g. a second window on the same laptop
        record = open_case(desk.session, case_id).version.document
        record["answers"]["met_place_detail"] = "from elsewhere"
        save_case(desk.session, record, clock=desk.clock)

    desk.runner.run_blocking(someone_else_saves)
    place = editor.field_widget("met_place_detail")
    assert isinstance(place, QLineEdit)
    place.setFocus()
    qtbot.keyClicks(place, "Dover")
    qtbot.waitUntil(lambda: editor.saved_indicator.text() == "Not saved", timeout=10_000)
    assert "saved elsewhere" in editor.banner.text() and editor.banner.isVisibleTo(editor)
    assert place.text() == "Dover" and editor.answers()["met_place_detail"] == "Dover"
    editor.pause()  # refuses to close while the typing is not saved
    assert editor.isVisible()
    assert stored(desk, case_id)["answers"]["met_place_detail"] == "from elsewhere"
