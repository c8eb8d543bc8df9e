"""The case list's actions, clicked through on a real vault: Export…, Import receipt…, Print….

The vault is provisioned for a real council key set and holds two cases a supervisor signed off,
so the export dialog has something to plan and the print dialogs have packs to build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
)
from pytestqt.qtbot import QtBot

from services.case_status import FINALISED
from services.cases import open_case
from services.clock import FakeClock
from services.session import Session
from tests.services import conftest as service_fixtures
from tests.services.conftest import ADMIN_PASSPHRASE, Provisioned
from tests.services.export_setup import finalised_case, open_device
from tests.ui.signed_in import ADMIN_NAME, open_window, unlock_through_ui
from tests.ui.test_auto_lock import assert_locked
from ui.batch_print import BatchPrintDialog
from ui.case_list import CaseListScreen
from ui.editor.prompts import DisclosureDialog
from ui.main_window import MainWindow
from ui.print_preview import PrintPreviewDialog
from ui.task_runner import TaskRunner

# The provisioned-vault fixtures of the service tests, shared by name.
council = service_fixtures.council
provisioned = service_fixtures.provisioned

TICK_MS = 20
MAX_TICKS = 1500  # a safety net so a dialog that never becomes ready cannot hang the run


@dataclass
class Desk:
    window: MainWindow
    clock: FakeClock
    screen: CaseListScreen
    case_ids: list[str]  # the two finalised cases


@pytest.fixture
def desk(
    qtbot: QtBot,
    provisioned: Provisioned,
    tmp_path: Path,
    runner: TaskRunner,
    people: list[dict[str, Any]],
) -> Iterator[Desk]:
    device = open_device(provisioned, tmp_path)
    try:
        case_ids = [finalised_case(device, p) for p in people[:2]]
    finally:
        device.session.lock()
    window = open_window(qtbot, provisioned.paths, runner, provisioned.clock)
    unlock_through_ui(qtbot, window, ADMIN_NAME, ADMIN_PASSPHRASE)
    screen = window.home.case_list
    qtbot.waitUntil(lambda: sorted(screen.model.case_ids()) == sorted(case_ids), timeout=10_000)
    yield Desk(window, provisioned.clock, screen, case_ids)
    window.close()


class CloseWhenShown:
    """Finds a modal dialog by object name from inside its own event loop, notes what it shows
    once `ready` says it is settled, and closes it, so exec() returns to the test."""

    def __init__(self, name: str, ready: Callable[[QDialog], bool]) -> None:
        self.name, self.ready = name, ready
        self.seen: list[dict[str, Any]] = []
        self._ticks = 0
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        self._ticks += 1
        found = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.objectName() == self.name and w.isVisible()
        ]
        if not found:
            if self._ticks >= MAX_TICKS:
                self._timer.stop()
            return
        dialog = found[0]
        if not self.ready(dialog) and self._ticks < MAX_TICKS:
            return
        self._timer.stop()
        owner = dialog.parentWidget()
        self.seen.append(
            {
                "title": dialog.windowTitle(),
                "modal": dialog.isModal(),
                "window": owner.window() if owner is not None else None,
                "text": "\n".join(label.text() for label in dialog.findChildren(QLabel)),
                "ready": self.ready(dialog),
            }
        )
        dialog.reject()


def dialogs_left() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_row(qtbot: QtBot, screen: CaseListScreen, row: int, *, add: bool = False) -> None:
    index: QModelIndex = screen.model.index(row, 0)
    modifier = Qt.KeyboardModifier.ControlModifier if add else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(
        screen.table.viewport(),
        Qt.MouseButton.LeftButton,
        modifier,
        screen.table.visualRect(index).center(),
    )


def disclosures(runner: TaskRunner, session: Session, case_id: str) -> list[dict[str, str]]:
    def read() -> list[dict[str, str]]:
        answers = open_case(session, case_id).version.document["answers"]
        return list(answers.get("disclosures") or [])

    return runner.run_blocking(read)  # type: ignore[no-any-return]


def test_export_opens_the_export_dialog_with_the_finalised_cases(qtbot: QtBot, desk: Desk) -> None:
    closer = CloseWhenShown("export_dialog", export_planned)
    click(qtbot, desk.screen.export_button)  # returns once the dialog's exec() has ended
    assert len(closer.seen) == 1
    shown = closer.seen[0]
    assert shown["ready"] and shown["modal"]
    assert shown["window"] is desk.window
    assert shown["title"] == "Export to council IT"
    assert "2 finalised case(s) waiting to be exported." in shown["text"]
    assert "only these council keys can open it" in shown["text"]
    qtbot.waitUntil(lambda: dialogs_left() == [], timeout=5_000)  # closed and deleted
    assert desk.window.current_screen() == "home_screen"


def test_export_offers_the_cases_selected_in_the_list(qtbot: QtBot, desk: Desk) -> None:
    screen = desk.screen
    click_row(qtbot, screen, 0)
    chosen = screen.selected_case_ids()
    assert len(chosen) == 1
    scopes: list[tuple[bool, bool, list[str]]] = []

    def planned(dialog: QDialog) -> bool:
        if not export_planned(dialog):
            return False
        selected = dialog.findChild(QRadioButton, "export_scope_selected")
        listed = dialog.findChild(QListWidget, "export_case_list")
        scopes.append(
            (
                selected.isChecked(),
                selected.isEnabled(),
                [listed.item(i).text() for i in range(listed.count())],
            )
        )
        return True

    closer = CloseWhenShown("export_dialog", planned)
    click(qtbot, screen.export_button)
    assert len(closer.seen) == 1
    reference = screen.model.index(0, 0).data()  # the Reference column of the clicked row
    # The one selected case is offered first, by its reference.
    assert scopes[-1] == (True, True, [reference])


def test_import_receipt_opens_the_receipt_dialog(qtbot: QtBot, desk: Desk) -> None:
    closer = CloseWhenShown("receipt_import", lambda d: True)
    click(qtbot, desk.screen.receipt_button)
    assert len(closer.seen) == 1
    shown = closer.seen[0]
    assert shown["modal"] and shown["window"] is desk.window
    assert shown["title"] == "Import council receipt"
    assert "Choose the receipt file council IT sent back" in shown["text"]
    qtbot.waitUntil(lambda: dialogs_left() == [], timeout=5_000)  # closed and deleted


def open_batch_after_disclosure(qtbot: QtBot, screen: CaseListScreen) -> BatchPrintDialog:
    dialog = screen.disclosure_dialog
    assert isinstance(dialog, DisclosureDialog) and dialog.isVisible()
    assert screen.print_dialog is None  # nothing is built before the entries are recorded
    qtbot.keyClicks(dialog.to, "Kent Police, MASH")
    qtbot.keyClicks(dialog.why, "NRM referrals")
    click(qtbot, dialog.confirm)
    qtbot.waitUntil(lambda: isinstance(screen.print_dialog, BatchPrintDialog), timeout=30_000)
    batch = screen.print_dialog
    assert isinstance(batch, BatchPrintDialog) and batch.isVisible()
    return batch


def test_print_with_two_cases_selected_builds_both_packs(
    qtbot: QtBot, desk: Desk, runner: TaskRunner
) -> None:
    screen = desk.screen
    click_row(qtbot, screen, 0)
    click_row(qtbot, screen, 1, add=True)
    assert sorted(screen.selected_case_ids()) == sorted(desk.case_ids)
    session = desk.window.session
    assert session is not None
    before = {c: len(disclosures(runner, session, c)) for c in desk.case_ids}
    click(qtbot, screen.print_button)
    batch = open_batch_after_disclosure(qtbot, screen)
    for case_id in desk.case_ids:  # printing is a disclosure: one entry per case
        after = disclosures(runner, session, case_id)
        assert len(after) == before[case_id] + 1
        assert after[-1]["disclosure_to"] == "Kent Police, MASH"
        assert "(batch print)" in after[-1]["disclosure_what"]
    assert batch.isModal() and batch.parentWidget() is screen
    qtbot.waitUntil(lambda: batch.finished_building, timeout=120_000)
    assert sorted(batch.packs) == sorted(desk.case_ids)
    assert all(pdf.startswith(b"%PDF") for pdf in batch.packs.values())
    assert batch.bar.value() == 2
    assert batch.print_button.isEnabled()
    assert batch.cancel_button.text() == "Close"
    click(qtbot, batch.cancel_button)
    assert not batch.isVisible()
    assert screen.print_dialog is None


def test_print_one_case_asks_for_the_disclosure_then_previews(
    qtbot: QtBot, desk: Desk, runner: TaskRunner
) -> None:
    screen = desk.screen
    session = desk.window.session
    assert session is not None
    click_row(qtbot, screen, 1)
    case_id = screen.selected_case_ids()[0]
    before = disclosures(runner, session, case_id)

    click(qtbot, screen.print_button)
    dialog = screen.disclosure_dialog
    assert isinstance(dialog, DisclosureDialog) and dialog.isVisible()
    assert screen.print_dialog is None  # nothing is shown before the entry is recorded
    click(qtbot, dialog.confirm)  # empty: refused, still no preview
    assert dialog.message.isVisible() and "who the pack is for" in dialog.message.text()
    assert screen.print_dialog is None

    qtbot.keyClicks(dialog.to, "Kent Police, MASH")
    qtbot.keyClicks(dialog.why, "NRM referral")
    click(qtbot, dialog.confirm)
    qtbot.waitUntil(lambda: isinstance(screen.print_dialog, PrintPreviewDialog), timeout=30_000)
    preview = screen.print_dialog
    assert isinstance(preview, PrintPreviewDialog) and preview.isVisible()
    assert screen.disclosure_dialog is None  # accepted once the entry was recorded
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=60_000)
    assert preview.print_button.isEnabled()

    after = disclosures(runner, session, case_id)
    assert len(after) == len(before) + 1
    entry = after[-1]
    assert entry["disclosure_to"] == "Kent Police, MASH"
    assert entry["disclosure_why"] == "NRM referral"
    assert entry["disclosure_by"] == ADMIN_NAME
    reference = runner.run_blocking(lambda: session.vault.cases.summary(case_id).reference)
    assert str(reference) in entry["disclosure_what"]
    # A signed-off case keeps its sign-off when the log grows.
    status = runner.run_blocking(lambda: session.vault.cases.summary(case_id).status)
    assert status == FINALISED

    click(qtbot, preview.close_button)
    assert screen.print_dialog is None


def test_print_with_nothing_selected_says_so(qtbot: QtBot, desk: Desk) -> None:
    screen = desk.screen
    screen.table.clearSelection()
    click(qtbot, screen.print_button)
    assert screen.disclosure_dialog is None and screen.print_dialog is None
    assert "Choose one or more cases" in screen.message.text()


def idle_lock(qtbot: QtBot, desk: Desk) -> None:
    """Left alone past the idle time with a print dialog open: the app locks itself."""
    window = desk.window
    window.idle_lock.check()  # counts idle time from the last click
    desk.clock.advance(window.idle_lock.timeout_s + 1)
    with qtbot.waitSignal(window.session_locked, timeout=10_000):
        window.idle_lock.check()
    assert window.current_screen() == "unlock_screen"


@pytest.mark.parametrize("rows", [[0], [0, 1]], ids=["disclosure", "batch"])
def test_locking_closes_the_print_dialogs(qtbot: QtBot, desk: Desk, rows: list[int]) -> None:
    screen = desk.screen
    for n, row in enumerate(rows):
        click_row(qtbot, screen, row, add=n > 0)
    click(qtbot, screen.print_button)
    if len(rows) == 1:
        dialog: QDialog | None = screen.disclosure_dialog
    else:
        dialog = open_batch_after_disclosure(qtbot, screen)
    assert isinstance(dialog, QDialog) and dialog.isVisible()
    idle_lock(qtbot, desk)
    assert screen.disclosure_dialog is None and screen.print_dialog is None
    assert not [w for w in dialogs_left() if w.isVisible()]
    qtbot.waitUntil(lambda: dialogs_left() == [], timeout=5_000)  # closed and deleted


def test_print_is_reachable_by_keyboard(qtbot: QtBot, desk: Desk) -> None:
    screen = desk.screen
    screen.open_button.setFocus()
    qtbot.waitUntil(screen.open_button.hasFocus, timeout=5_000)
    qtbot.keyClick(screen.open_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is screen.print_button
    assert screen.print_button.accessibleName()
    qtbot.keyClick(screen.print_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is screen.export_button
    # Ctrl+P from the list prints the selected case (asking for the disclosure first).
    screen.table.setFocus()
    click_row(qtbot, screen, 0)
    qtbot.keyClick(screen.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = screen.disclosure_dialog
    assert isinstance(dialog, DisclosureDialog) and dialog.isVisible()
    cancel = dialog.findChild(QPushButton, "disclosure_dialog.cancel")
    assert isinstance(cancel, QPushButton)
    click(qtbot, cancel)
    assert screen.disclosure_dialog is None


@pytest.mark.parametrize("rows", [[0], [0, 1]], ids=["disclosure", "batch"])
def test_ctrl_l_locks_from_inside_a_modal_dialog(qtbot: QtBot, desk: Desk, rows: list[int]) -> None:
    screen = desk.screen
    for n, row in enumerate(rows):
        click_row(qtbot, screen, row, add=n > 0)
    click(qtbot, screen.print_button)
    if len(rows) == 1:
        dialog: QDialog | None = screen.disclosure_dialog
    else:
        dialog = open_batch_after_disclosure(qtbot, screen)
    assert isinstance(dialog, QDialog) and dialog.isVisible()
    assert QApplication.activeModalWidget() is dialog  # the main window's shortcut is shadowed
    session = desk.window.session
    assert session is not None
    target = dialog.focusWidget() or dialog
    with qtbot.waitSignal(desk.window.session_locked, timeout=10_000):
        qtbot.keyClick(target, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert_locked(desk.window, session)
    assert not [w for w in dialogs_left() if w.isVisible()]
    qtbot.waitUntil(lambda: dialogs_left() == [], timeout=5_000)  # closed and deleted


class PressWhenShown:
    """Presses a key in a modal dialog from inside its own event loop (exec()), once `ready`
    says the dialog is settled: on the widget that has the focus, as a worker's key would."""

    def __init__(
        self,
        qtbot: QtBot,
        name: str,
        ready: Callable[[QDialog], bool],
        key: Qt.Key,
        modifier: Qt.KeyboardModifier,
    ) -> None:
        self.qtbot, self.name, self.ready = qtbot, name, ready
        self.key, self.modifier = key, modifier
        self.pressed_in: list[str] = []
        self._ticks = 0
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        self._ticks += 1
        found = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.objectName() == self.name and w.isVisible()
        ]
        if self._ticks >= MAX_TICKS or (self.pressed_in and not found):
            self._timer.stop()
            for dialog in found:
                # Never ready, or the key left it open: end exec() so the test fails instead
                # of hanging.
                dialog.reject()
            return
        if self.pressed_in or not found or not self.ready(found[0]):
            return
        dialog = found[0]
        target = dialog.focusWidget() or dialog
        self.pressed_in.append(
            f"{target.window().objectName()} {QApplication.activeModalWidget() is dialog}"
        )
        self.qtbot.keyClick(target, self.key, self.modifier)


def export_planned(dialog: QDialog) -> bool:
    summary = dialog.findChild(QLabel, "export_summary")
    return summary is not None and "Looking for" not in summary.text()


def test_ctrl_l_locks_from_inside_the_export_dialog_run_with_exec(qtbot: QtBot, desk: Desk) -> None:
    window = desk.window
    session = window.session
    assert session is not None
    requests: list[bool] = []
    window.idle_lock.lock_requested.connect(lambda: requests.append(True))
    presser = PressWhenShown(
        qtbot, "export_dialog", export_planned, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
    )
    with qtbot.waitSignal(window.session_locked, timeout=30_000):
        click(qtbot, desk.screen.export_button)  # returns once the dialog's exec() has ended
    # The key went to the modal export dialog, and the lock came from the app-wide filter once.
    assert presser.pressed_in == ["export_dialog True"]
    assert requests == [True]
    assert_locked(window, session)
    assert not [w for w in dialogs_left() if w.isVisible()]
    qtbot.waitUntil(lambda: dialogs_left() == [], timeout=5_000)  # closed and deleted


def test_ctrl_l_without_a_dialog_locks_through_the_shortcut_alone(qtbot: QtBot, desk: Desk) -> None:
    window = desk.window
    session = window.session
    assert session is not None
    assert QApplication.activeModalWidget() is None
    requests: list[bool] = []
    window.idle_lock.lock_requested.connect(lambda: requests.append(True))
    desk.screen.table.setFocus()
    with qtbot.waitSignal(window.session_locked, timeout=10_000):
        qtbot.keyClick(desk.screen.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert_locked(window, session)
    assert requests == []  # the filter left the key to the main window's shortcut
