"""A vault with a worker and a supervisor, an editor on one case, and filling fields by id.

Fields are filled through their widgets the way a worker would: typing into line edits, choosing
in lists, ticking boxes, pressing Add in groups. Nothing writes the record's JSON directly.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from forms.model import Field, FormDefinition
from services.clock import FakeClock
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.session import Session, find_worker_id, unlock
from services.training import provision_training
from services.workers import add_worker
from tests.ui.conftest import PASSPHRASE
from ui.dialogs import Dialogs
from ui.editor.case_editor import CaseEditor
from ui.editor.group_input import GroupInput
from ui.editor.indicators_input import IndicatorsInput
from ui.editor.inputs import (
    ChoiceInput,
    FieldInput,
    ListInput,
    MultiChoiceInput,
    MultiListInput,
    PartialDateInput,
)
from ui.task_runner import TaskRunner

WORKER_NAME = "Sam Okafor"
SUPERVISOR_NAME = "Priya Raman"
SUPERVISOR_PASSPHRASE = "copper lagoon meadow tundra violin"
PEOPLE = json.loads((Path(__file__).parents[1] / "data" / "people.json").read_text("utf-8"))


def person(person_id: str) -> dict[str, Any]:
    return next(p for p in PEOPLE["people"] if p["id"] == person_id)


class ScriptedDialogs(Dialogs):
    """Answers file pickers from a list; records messages instead of showing them."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.messages: list[str] = []

    def choose_open_file(self, parent: Any, title: str, filters: str) -> str | None:
        return self.files.pop(0) if self.files else None

    def inform(self, parent: Any, title: str, text: str) -> None:
        self.messages.append(text)

    def warn(self, parent: Any, title: str, text: str) -> None:
        self.messages.append(text)


@dataclass
class Desk:
    """A provisioned vault, an unlocked session, and what a test needs to open editors."""

    paths: AppPaths
    clock: FakeClock
    session: Session
    runner: TaskRunner
    dialogs: ScriptedDialogs

    def relock(self) -> None:
        """Lock and unlock again, as a worker coming back to the laptop would."""
        self.session.lock()
        worker_id = find_worker_id(self.paths, WORKER_NAME)
        self.session = unlock(self.paths, worker_id, PASSPHRASE, clock=self.clock)


@pytest.fixture(name="desk")
def desk_fixture(tmp_path: Path, runner: TaskRunner) -> Iterator[Desk]:
    clock = FakeClock()
    paths = AppPaths(tmp_path / "fc")
    provision_training(
        paths,
        worker_name=WORKER_NAME,
        passphrase=PASSPHRASE,
        nation="england",
        clock=clock,
        kdf=enrolment_kdf(),
    )
    session = unlock(paths, find_worker_id(paths, WORKER_NAME), PASSPHRASE, clock=clock)
    add_worker(
        session,
        display_name=SUPERVISOR_NAME,
        role="supervisor",
        passphrase=SUPERVISOR_PASSPHRASE,
        clock=clock,
        kdf=enrolment_kdf(),
    )
    d = Desk(paths, clock, session, runner, ScriptedDialogs())
    yield d
    if not d.session.locked:
        d.session.lock()


def new_case_id(desk: Desk) -> str:
    from services.cases import create_case

    return desk.runner.run_blocking(lambda: create_case(desk.session, clock=desk.clock).case_id)


def open_editor(qtbot: QtBot, desk: Desk, case_id: str) -> CaseEditor:
    editor = CaseEditor(desk.session, case_id, desk.runner, desk.clock, desk.dialogs)
    qtbot.addWidget(editor)
    editor.resize(1400, 900)
    editor.show()
    qtbot.waitUntil(lambda: editor.is_loaded, timeout=20_000)
    return editor


def wait_saved(qtbot: QtBot, editor: CaseEditor) -> None:
    assert editor.autosaver is not None
    qtbot.waitUntil(
        lambda: not editor.autosaver.dirty and not editor.autosaver.in_flight,  # type: ignore[union-attr]
        timeout=20_000,
    )


def key_text(widget: QWidget, text: str) -> None:
    """Type text key by key; characters without a key code (CJK, Arabic...) arrive as an input
    method would deliver them, as key events carrying the character."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def type_into(qtbot: QtBot, widget: QLineEdit | QPlainTextEdit, text: str, *, keys: bool) -> None:
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.selectAll()
        if keys:
            key_text(widget, text)
        else:
            widget.insert(text)
    else:
        widget.selectAll()
        if keys:
            key_text(widget, text)
        else:
            widget.insertPlainText(text)


def choose(combo: QComboBox, data: Any) -> None:
    index = combo.findData(data)
    assert index >= 0, f"{combo.objectName()} has no option {data!r}"
    combo.setCurrentIndex(index)


def fill_input(qtbot: QtBot, field_input: FieldInput, value: Any, *, keys: bool = False) -> None:
    """Enter one answer through the widgets of its input."""
    w = field_input.widget
    if isinstance(field_input, ChoiceInput):
        choose(field_input.combo, value)
    elif isinstance(field_input, MultiChoiceInput):
        for option_id, check in field_input.boxes.items():
            check.setChecked(option_id in value)
    elif isinstance(field_input, ListInput):
        field_input.combo.setFocus()
        label = field_input.combo.itemText(field_input.combo.findData(value))
        field_input.combo.lineEdit().selectAll()
        field_input.combo.lineEdit().insert(label)
    elif isinstance(field_input, MultiListInput):
        for entry_id in value:
            label = field_input.combo.itemText(field_input.combo.findData(entry_id))
            field_input.combo.lineEdit().setText(label)
            field_input.add_button.click()
    elif isinstance(field_input, PartialDateInput):
        type_into(qtbot, field_input.year, str(value["year"]), keys=True)
        choose(field_input.month, value.get("month") or 0)
        field_input.approximate.setChecked(bool(value.get("approximate")))
    elif isinstance(field_input, IndicatorsInput):
        for item_id, entry in value.items():
            item = field_input.items[item_id]
            if isinstance(item.tick, QCheckBox):
                item.tick.setChecked(True)
            else:
                choose(item.tick, entry.get("answer", "yes"))
            for how in entry.get("how_observed", []):
                item.how[how].setChecked(True)
            type_into(qtbot, item.note, entry.get("note", ""), keys=False)
    elif isinstance(field_input, GroupInput):
        for index, item in enumerate(value):
            field_input.add_button.click()
            for sub in field_input.field.sub_fields:
                if sub.id in item:
                    name = f"{w.objectName()}[{index}].{sub.id}"
                    fill_input(qtbot, field_input.rows[name].input, item[sub.id], keys=keys)
    elif field_input.field.type == "datetime":
        type_into(qtbot, field_input.widget, str(value).replace("T", " "), keys=keys)  # type: ignore[arg-type]
    else:
        assert isinstance(w, QLineEdit | QPlainTextEdit), field_input.field.id
        type_into(qtbot, w, str(value), keys=keys)
    QApplication.processEvents()


def fill(
    qtbot: QtBot, editor: CaseEditor, answers: dict[str, Any], *, keyed: tuple[str, ...] = ()
) -> None:
    """Fill answers section by section, in form order, each through its widget by field id."""
    form = editor.form
    assert form is not None
    for field_id in form.order:
        if field_id not in answers or form.fields[field_id].parent_id:
            continue
        field = form.fields[field_id]
        editor.show_section(field.section_id)
        widget = editor.field_widget(field_id)
        assert widget is not None and widget.objectName() == field_id
        assert widget.isVisibleTo(editor.pages[field.section_id]), f"{field_id} is hidden"
        fill_input(qtbot, editor.inputs[field_id], answers[field_id], keys=field_id in keyed)


def canonical(form: FormDefinition, answers: dict[str, Any]) -> dict[str, Any]:
    """Answers as the editor's inputs store them: tick boxes in option order (ticks have no
    typing order), indicator entries always with their note."""
    out: dict[str, Any] = {}
    for key, value in answers.items():
        field: Field = form.fields[key]
        if field.type == "indicators":
            value = {
                item: {
                    **({"answer": entry["answer"]} if field.scale == "risk" else {}),
                    "how_observed": list(entry.get("how_observed", [])),
                    "note": entry.get("note", ""),
                }
                for item, entry in value.items()
            }
        elif field.type == "multiple_choice":
            value = [option for option in field.option_ids() if option in value]
        out[key] = value
    return out
