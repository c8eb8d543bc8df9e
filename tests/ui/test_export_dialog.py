"""The export dialog: summary with recipients' fingerprints, folder via the dialogs seam,
progress, a finished export, and a cancel that leaves nothing behind. Receipt import too."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from services.case_status import EXPORTED, FINALISED, RECEIPT_CONFIRMED
from services.device_identity import pinned_trust_bundle
from services.receiver import open_council_secrets, receive_one
from tests.services import conftest as service_fixtures
from tests.services.conftest import COUNCIL_PASSPHRASE, Provisioned
from tests.services.export_setup import Device, finalised_case, open_device
from tests.ui.keyboard_walk import assert_walks_every_stop_once
from ui.export_dialog import ExportDialog, ExportDialogs
from ui.receipt_import import ReceiptImportDialog
from ui.task_runner import TaskRunner

# The provisioned-vault fixtures of the service tests, shared by name.
council = service_fixtures.council
provisioned = service_fixtures.provisioned


class ScriptedDialogs(ExportDialogs):
    def __init__(self, folder: Path | None = None, file: Path | None = None) -> None:
        self.folder, self.file = folder, file
        self.warnings: list[str] = []

    def choose_folder(self, parent: QWidget, title: str) -> str | None:
        return str(self.folder) if self.folder else None

    def choose_open_file(self, parent: QWidget, title: str, filters: str) -> str | None:
        return str(self.file) if self.file else None

    def warn(self, parent: QWidget, title: str, text: str) -> None:
        self.warnings.append(text)


@pytest.fixture
def device(provisioned: Provisioned, tmp_path: Path) -> Iterator[Device]:
    d = open_device(provisioned, tmp_path)
    yield d
    d.session.lock()


def _dialog(
    qtbot: QtBot, device: Device, runner: TaskRunner, dialogs: ScriptedDialogs
) -> ExportDialog:
    dialog = ExportDialog(device.session, runner, device.provisioned.clock, dialogs)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None)
    return dialog


def test_summary_export_and_receipt(
    qtbot: QtBot, runner: TaskRunner, device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    case_ids = [finalised_case(device, p) for p in people[:2]]
    stick = tmp_path / "stick"
    stick.mkdir()
    dialogs = ScriptedDialogs(folder=stick)
    dialog = _dialog(qtbot, device, runner, dialogs)
    text = dialog.summary.text()
    assert "2 finalised case(s)" in text
    trust = pinned_trust_bundle(device.session.vault, device.provisioned.clock)
    from crypto.fingerprints import fingerprint

    assert all(fingerprint(r) in text for r in trust.import_recipients)
    assert not dialog.export_button.isEnabled()  # no folder yet
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert str(stick) in dialog.folder_label.text()
    assert dialog.export_button.isEnabled()
    dialog.disclosure_why.clear()  # the disclosure log entry needs a reason
    assert not dialog.export_button.isEnabled()
    qtbot.keyClicks(dialog.disclosure_why, "Weekly hand-over to Kent council IT")
    assert dialog.export_button.isEnabled()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=60_000)
    for case_id in case_ids:
        log = device.session.vault.cases.current(case_id).document["answers"]["disclosures"]
        assert log[-1]["disclosure_why"] == "Weekly hand-over to Kent council IT"
    assert dialog.bar.value() == 100
    assert dialog.exported is not None and dialog.exported.path.parent == stick
    assert [p.name for p in stick.iterdir()] == [dialog.exported.path.name]
    assert "Exported 2 case(s)" in dialog.status.text()
    # The counts no longer offer the cases just exported as waiting.
    assert "2 case(s) exported just now; 0 finalised case(s) still waiting" in dialog.summary.text()
    assert "2 finalised case(s) waiting" not in dialog.summary.text()
    assert dialog.scope_all.text() == "All 0 finalised case(s) not yet exported"
    assert {device.session.vault.cases.summary(c).status for c in case_ids} == {EXPORTED}

    outcome = receive_one(
        dialog.exported.path,
        keys_dir=device.keys_dir,
        archive_dir=tmp_path / "archive",
        secrets=open_council_secrets(device.keys_dir, COUNCIL_PASSPHRASE),
    )
    assert outcome.receipt is not None
    receipt_dialog = ReceiptImportDialog(
        device.session, runner, device.provisioned.clock, ScriptedDialogs(file=outcome.receipt)
    )
    qtbot.addWidget(receipt_dialog)
    qtbot.mouseClick(receipt_dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: receipt_dialog.applied is not None, timeout=30_000)
    assert "2 case(s) confirmed" in receipt_dialog.status.text()
    assert {device.session.vault.cases.summary(c).status for c in case_ids} == {RECEIPT_CONFIRMED}


def test_only_the_chosen_cases_are_exported(
    qtbot: QtBot, runner: TaskRunner, device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    first, second, third = (finalised_case(device, p) for p in people[:3])
    stick = tmp_path / "stick"
    stick.mkdir()
    # Two finalised cases selected, plus one that is not exportable (unknown here).
    dialog = ExportDialog(
        device.session,
        runner,
        device.provisioned.clock,
        ScriptedDialogs(folder=stick),
        selection=[first, third, "not-a-case"],
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None)
    assert dialog.plan is not None
    references = {c: dialog.plan.reference(c) for c in (first, second, third)}
    assert dialog.scope_selected.isChecked() and dialog.scope_selected.isEnabled()
    assert "2 selected" in dialog.scope_selected.text()
    assert "All 3 finalised" in dialog.scope_all.text()
    assert "1 of the selected case(s) are not finalised" in dialog.summary.text()
    listed = [dialog.case_list.item(i).text() for i in range(dialog.case_list.count())]
    assert listed == [references[first], references[third]]
    # Switching to every waiting case lists all three; back to the selection for the export.
    dialog.scope_all.click()
    assert dialog.chosen_case_ids() == dialog.plan.case_ids
    assert dialog.case_list.count() == 3
    dialog.scope_selected.click()
    dialog.choose_folder()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.scope_all.isEnabled()  # no changing the choice mid-export
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=60_000)
    assert dialog.exported is not None
    assert sorted(dialog.exported.case_ids) == sorted([first, third])
    status = device.session.vault.cases.summary
    assert (status(first).status, status(second).status, status(third).status) == (
        EXPORTED,
        FINALISED,
        EXPORTED,
    )


def test_cancel_leaves_nothing(
    qtbot: QtBot, runner: TaskRunner, device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    case_id = finalised_case(device, people[0])
    stick = tmp_path / "stick"
    stick.mkdir()
    dialogs = ScriptedDialogs(folder=stick)
    dialog = _dialog(qtbot, device, runner, dialogs)
    dialog.choose_folder()
    # Hold the worker thread so Cancel is pressed before the export begins writing.
    gate = threading.Event()
    runner.submit(gate.wait, lambda _r: None, lambda _e: None)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.running and not dialog.export_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.exported is None
    assert "cancel" in dialog.status.text().casefold()
    assert dialogs.warnings == []  # a cancel is not an error to warn about
    assert list(stick.iterdir()) == []
    assert device.session.vault.cases.summary(case_id).status == FINALISED
    assert dialog.export_button.isEnabled()  # can try again


def test_refusal_without_cases_is_shown(qtbot: QtBot, runner: TaskRunner, device: Device) -> None:
    dialog = _dialog(qtbot, device, runner, ScriptedDialogs())
    assert "0 finalised case(s)" in dialog.summary.text()
    dialog.choose_folder()  # scripted: no folder chosen
    assert not dialog.export_button.isEnabled()


def test_summary_names_characters_the_documents_cannot_print(
    qtbot: QtBot, runner: TaskRunner, device: Device, people: list[dict[str, Any]]
) -> None:
    """Issue 14: before the export starts, by reference, field and character name."""
    person = dict(people[2])
    person["name_native"] = f"{person['name_native']} \U0001f900"
    finalised_case(device, person)
    dialog = _dialog(qtbot, device, runner, ScriptedDialogs())
    text = dialog.summary.text()
    assert "cannot be printed" in text and "[U+1F900]" in text
    assert "CIRCLED CROSS FORMEE WITH FOUR DOTS" in text


def test_export_dialog_by_keyboard(
    qtbot: QtBot, runner: TaskRunner, device: Device, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, device, runner, ScriptedDialogs(tmp_path))
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    names = assert_walks_every_stop_once(qtbot, dialog, dialog.choose_button)
    # Reading order: the cases, the disclosure entry, then the buttons.
    assert names.index("export_disclosure_to") < names.index("export_disclosure_why")
    assert names[-1] == "export_disclosure_why"
    qtbot.keyClick(dialog.choose_button, Qt.Key.Key_Space)
    assert dialog.folder == tmp_path
