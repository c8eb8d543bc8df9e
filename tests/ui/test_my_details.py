"""My details: given once through the dialog, filled into each new case, editable per case."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from services.cases import create_case
from tests.ui.form_order import assert_label_then_input
from tests.ui.signed_in import SignedIn, signed_in_fixture  # noqa: F401
from ui.my_details import MyDetailsDialog


def test_details_given_once_fill_a_new_case(qtbot: QtBot, signed_in: SignedIn) -> None:
    home = signed_in.window.home
    # Nothing given yet: the notice under the top bar asks, and its button opens the dialog.
    qtbot.waitUntil(home.details_notice.isVisible, timeout=20_000)
    assert "not given yet" in home.details_notice.text.text()
    assert not home.my_details_dialog  # asked in words, never a dialog taking the focus
    qtbot.mouseClick(home.details_notice.button, Qt.MouseButton.LeftButton)
    dialog = home.my_details_dialog
    assert isinstance(dialog, MyDetailsDialog)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=20_000)
    for field in (*dialog.edits.values(), dialog.organisation):
        assert_label_then_input(field)
    for field_id, text in {
        "fr_first_name": "Sam",
        "fr_last_name": "Okafor",
        "fr_role": "Border Force officer",
        "fr_phone": "01304 555123",
        "fr_email": "sam.okafor@example.gov.uk",
        "fr_alt_contact_email": "dover-safeguarding@example.gov.uk",
    }.items():
        dialog.edits[field_id].setFocus()
        qtbot.keyClicks(dialog.edits[field_id], text)
    dialog.organisation.setCurrentIndex(dialog.organisation.findData("uk_border_force"))
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not home.details_notice.isVisible(), timeout=20_000)

    session = home._session
    assert session is not None
    runner = home._runner
    record = runner.run_blocking(lambda: create_case(session, clock=signed_in.clock)).document
    answers = record["answers"]
    assert answers["fr_first_name"] == "Sam" and answers["fr_phone"] == "01304 555123"
    assert answers["fr_organisation"] == "uk_border_force"

    # Opened again, the dialog shows what is kept.
    qtbot.mouseClick(home.details_button, Qt.MouseButton.LeftButton)
    again = home.my_details_dialog
    assert isinstance(again, MyDetailsDialog) and again is not dialog
    qtbot.waitUntil(again.save_button.isEnabled, timeout=20_000)
    assert again.edits["fr_role"].text() == "Border Force officer"
    assert again.organisation.currentData() == "uk_border_force"
    again.reject()
