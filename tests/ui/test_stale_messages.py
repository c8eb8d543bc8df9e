"""Messages that describe what was typed go when the typing changes (issue 12, section 4)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from services.clock import FakeClock
from tests.ui.editor_support import Desk, desk_fixture, new_case_id, open_editor  # noqa: F401
from ui.admin.passphrase_panel import PassphrasePanel
from ui.editor.inputs import ChoiceInput
from ui.passphrase_fields import HINT
from ui.task_runner import TaskRunner

STRONG = "copper lagoon meadow tundra violin"


def test_the_meter_gives_advice_not_a_verdict_on_empty_fields(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    panel = PassphrasePanel(runner, FakeClock())
    qtbot.addWidget(panel)
    meter_text = panel.findChild(object, "passphrase_strength_text")
    assert meter_text is not None and meter_text.text() == HINT
    panel.new.setFocus()
    qtbot.keyClicks(panel.new, "abc")
    assert "very weak" in meter_text.text()
    panel.new.selectAll()
    qtbot.keyClicks(panel.new, STRONG)
    assert "not strong enough" not in meter_text.text()
    panel.clear()  # as after a change or a lock: empty fields again
    assert meter_text.text() == HINT and "weak" not in meter_text.text()


def test_a_refusal_goes_when_the_passphrase_is_typed_again(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    panel = PassphrasePanel(runner, FakeClock())
    qtbot.addWidget(panel)
    panel.message.setText("That passphrase is not strong enough: use five unrelated words.")
    panel.new.setFocus()
    qtbot.keyClicks(panel.new, STRONG)
    assert panel.message.text() == ""


def test_the_separation_warning_goes_once_they_are_apart(qtbot: QtBot, desk: Desk) -> None:
    editor = open_editor(qtbot, desk, new_case_id(desk))
    accompanied = editor.inputs["accompanied"]
    separated = editor.inputs["accompanying_adult_separated"]
    assert isinstance(accompanied, ChoiceInput) and isinstance(separated, ChoiceInput)
    accompanied.combo.setCurrentIndex(accompanied.combo.findData("yes"))
    row = editor.pages["session"].rows["accompanying_adult_separated"]
    assert row.warning.isVisibleTo(row) and "Separate them" in row.warning.text()
    separated.combo.setCurrentIndex(separated.combo.findData("yes"))
    assert not row.warning.isVisibleTo(row)
    separated.combo.setCurrentIndex(separated.combo.findData("no"))
    assert row.warning.isVisibleTo(row)
