"""The administrator screen: add and remove workers, rotate the key, policy; hidden from others."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from services.clock import FakeClock
from services.errors import UnlockFailed
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.session import Session, unlock
from services.settings import device_nation, idle_timeout_s, retention_days
from services.worker_choices import list_workers
from services.workers import add_worker
from tests.ui.conftest import PASSPHRASE
from tests.ui.form_order import assert_label_then_input
from tests.ui.signed_in import (
    DEMO_CASES,
    SignedIn,
    make_vault,
    open_window,
    signed_in_fixture,  # noqa: F401 (the signed_in fixture)
    unlock_through_ui,
)
from tests.ui.test_first_run_and_unlock import unnamed_controls
from ui.main_window import MainWindow
from ui.task_runner import TaskRunner

COLLEAGUE = "Amina Yusuf"
COLLEAGUE_PASSPHRASE = "meadow copper lantern biscuit orbit"
NEW_PASSPHRASE = "violet tractor sparrow quartz ember"


def open_admin(qtbot: QtBot, window: MainWindow) -> None:
    assert window.home.admin_button.isVisible()
    qtbot.mouseClick(window.home.admin_button, Qt.MouseButton.LeftButton)
    assert window.home.current_page() == "admin_screen"
    panel = window.home.admin.workers
    qtbot.waitUntil(lambda: bool(panel.worker_names()), timeout=10_000)


def add_colleague(qtbot: QtBot, window: MainWindow, role: str = "worker") -> None:
    panel = window.home.admin.workers
    qtbot.keyClicks(panel.new_name, COLLEAGUE)
    panel.new_role.setCurrentIndex(panel.new_role.findData(role))
    qtbot.keyClicks(panel.new_passphrase, COLLEAGUE_PASSPHRASE)
    qtbot.keyClicks(panel.new_again, COLLEAGUE_PASSPHRASE)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: COLLEAGUE in panel.worker_names(), timeout=30_000)


def test_admin_adds_and_removes_a_worker_and_rotates_the_key(
    qtbot: QtBot, signed_in: SignedIn
) -> None:
    window, paths = signed_in.window, signed_in.paths
    open_admin(qtbot, window)
    assert unnamed_controls(window.home.admin) == []
    add_colleague(qtbot, window)
    panel = window.home.admin.workers
    assert "was added" in panel.message.text()
    assert COLLEAGUE in [w.display_name for w in list_workers(paths)]

    panel.select_worker(COLLEAGUE)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert panel.confirm_box.isVisible()
    assert COLLEAGUE in panel.confirm_text.text()
    qtbot.mouseClick(panel.confirm_remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.rotation_box.isVisible(), timeout=30_000)
    assert_label_then_input(panel.own_passphrase)
    assert COLLEAGUE not in panel.worker_names()
    assert COLLEAGUE not in [w.display_name for w in list_workers(paths)]

    old_session = window.session
    assert old_session is not None
    qtbot.keyClicks(panel.own_passphrase, PASSPHRASE)
    with qtbot.waitSignal(panel.session_replaced, timeout=60_000):
        qtbot.mouseClick(panel.rotate_button, Qt.MouseButton.LeftButton)
    assert old_session.locked
    fresh = window.session
    assert isinstance(fresh, Session) and fresh is not old_session and not fresh.locked
    assert "encryption key was changed" in panel.message.text()

    # The rotated vault still holds every case and unlocks with the same passphrase.
    qtbot.mouseClick(window.home.admin.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.home.case_list.model.rowCount() == DEMO_CASES, timeout=10_000)
    with qtbot.waitSignal(window.session_locked, timeout=10_000):
        qtbot.mouseClick(window.home.lock_button, Qt.MouseButton.LeftButton)
    assert fresh.locked
    unlock_through_ui(qtbot, window)
    assert window.home.case_list.model.rowCount() == DEMO_CASES


def test_removing_yourself_is_refused(qtbot: QtBot, signed_in: SignedIn) -> None:
    window = signed_in.window
    open_admin(qtbot, window)
    panel = window.home.admin.workers
    panel.select_worker("Sam Okafor")
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert not panel.confirm_box.isVisible()
    assert "cannot remove yourself" in panel.message.text()


def test_change_own_passphrase_then_unlock_with_it(qtbot: QtBot, signed_in: SignedIn) -> None:
    window = signed_in.window
    home = window.home
    qtbot.mouseClick(home.passphrase_button, Qt.MouseButton.LeftButton)
    assert home.current_page() == "passphrase_screen"
    page = home.passphrase
    qtbot.keyClicks(page.current, "not my passphrase at all")
    qtbot.keyClicks(page.new, NEW_PASSPHRASE)
    qtbot.keyClicks(page.again, NEW_PASSPHRASE)
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not right" in page.message.text(), timeout=30_000)

    qtbot.keyClicks(page.current, PASSPHRASE)
    qtbot.keyClicks(page.new, NEW_PASSPHRASE)
    qtbot.keyClicks(page.again, NEW_PASSPHRASE)
    with qtbot.waitSignal(page.passphrase_changed, timeout=30_000):
        qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    assert page.current.text() == "" and page.new.text() == ""
    with qtbot.waitSignal(window.session_locked, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    unlock_through_ui(qtbot, window, passphrase=NEW_PASSPHRASE)


def test_policy_sets_idle_timeout_and_retention(qtbot: QtBot, signed_in: SignedIn) -> None:
    window = signed_in.window
    open_admin(qtbot, window)
    policy = window.home.admin.policy
    qtbot.waitUntil(lambda: policy.idle_minutes.value() == 5, timeout=10_000)  # the default
    window.home.admin.tabs.setCurrentWidget(policy)
    for field in (policy.idle_minutes, policy.retention, policy.nation):
        assert_label_then_input(field)
    policy.idle_minutes.setValue(2)
    policy.retention.setValue(90)
    assert policy.nation.currentData() == "england"  # as the vault was set up
    policy.nation.setCurrentIndex(policy.nation.findData("wales"))
    with qtbot.waitSignal(policy.idle_timeout_changed, timeout=10_000):
        qtbot.mouseClick(policy.save_button, Qt.MouseButton.LeftButton)
    assert window.idle_lock.timeout_s == 120
    session = window.session
    assert session is not None
    stored = window._runner.run_blocking(
        lambda: (idle_timeout_s(session), retention_days(session), device_nation(session))
    )
    assert stored == (120, 90, "wales")


def test_a_worker_without_the_role_never_sees_administration(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner
) -> None:
    clock = FakeClock()
    paths = AppPaths(tmp_path / "fc")

    def enrol(session: Session) -> None:
        add_worker(
            session,
            display_name=COLLEAGUE,
            role="worker",
            passphrase=COLLEAGUE_PASSPHRASE,
            clock=clock,
            kdf=enrolment_kdf(),
        )

    make_vault(paths, clock, enrol)
    window = open_window(qtbot, paths, runner, clock)
    unlock_through_ui(qtbot, window, COLLEAGUE, COLLEAGUE_PASSPHRASE)
    home = window.home
    assert not home.admin_button.isVisible()
    assert home.passphrase_button.isVisible()  # but they may change their own passphrase
    home.show_admin()  # even if something asked for it, the screen refuses
    assert home.current_page() == "case_list_screen"
    assert home.admin.workers.worker_names() == []
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert home.current_page() == "case_list_screen"
    window.close()


def test_admin_sets_a_temporary_passphrase_for_a_colleague(
    qtbot: QtBot, signed_in: SignedIn
) -> None:
    """Issue 18, finding 7: the guide's administrator reset exists in Administration."""
    window, paths = signed_in.window, signed_in.paths
    open_admin(qtbot, window)
    add_colleague(qtbot, window)
    panel = window.home.admin.workers
    box = panel.reset_box
    assert unnamed_controls(box) == []
    panel.select_worker(COLLEAGUE)
    qtbot.keyClicks(box.temporary, NEW_PASSPHRASE)
    qtbot.keyClicks(box.again, NEW_PASSPHRASE)
    qtbot.mouseClick(box.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "temporary passphrase" in panel.message.text(), timeout=30_000)
    assert box.temporary.text() == ""
    colleague = next(w for w in list_workers(paths) if w.display_name == COLLEAGUE)
    session = unlock(paths, colleague.worker_id, NEW_PASSPHRASE, clock=signed_in.clock)
    try:
        events = [(e.event, e.worker_id) for e in session.vault.audit.entries()]
        assert ("passphrase_changed", colleague.worker_id) in events
    finally:
        session.lock()
    with pytest.raises(UnlockFailed):
        unlock(paths, colleague.worker_id, COLLEAGUE_PASSPHRASE, clock=signed_in.clock)
    # Choosing yourself is refused with a message; nothing changes.
    panel.select_worker(next(n for n in panel.worker_names() if n != COLLEAGUE))
    qtbot.keyClicks(box.temporary, NEW_PASSPHRASE)
    qtbot.keyClicks(box.again, NEW_PASSPHRASE)
    qtbot.mouseClick(box.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "My passphrase" in panel.message.text(), timeout=30_000)
