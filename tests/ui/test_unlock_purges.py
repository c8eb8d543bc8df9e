"""Unlocking purges the cases whose retention period ran out after a confirmed receipt."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from services.case_status import RECEIPT_CONFIRMED
from services.clock import FakeClock, iso
from services.paths import AppPaths
from services.retention import DEFAULT_RETENTION_DAYS
from services.session import Session
from tests.ui.signed_in import DEMO_CASES, make_vault, open_window, unlock_through_ui
from ui.main_window import MainWindow
from ui.task_runner import TaskRunner

PURGED = "purged"


@dataclass
class Confirmed:
    expired: str = ""  # receipt confirmed a day longer ago than the retention period
    recent: str = ""  # receipt confirmed yesterday: still inside the period


@pytest.fixture
def confirmed_window(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner
) -> Iterator[tuple[MainWindow, Confirmed]]:
    clock = FakeClock()
    paths = AppPaths(tmp_path / "fc")
    confirmed = Confirmed()

    def confirm_two(session: Session) -> None:
        # The receipt import's own status change: "receipt confirmed" at the confirmation time
        # (services/receipts.py), which is what the retention period counts from.
        cases = session.vault.cases
        expired, recent = (s.case_id for s in cases.list_summaries()[2:4])
        long_ago = clock.now() - timedelta(days=DEFAULT_RETENTION_DAYS + 1)
        cases.set_status(expired, RECEIPT_CONFIRMED, now=iso(long_ago))
        cases.set_status(recent, RECEIPT_CONFIRMED, now=iso(clock.now() - timedelta(days=1)))
        confirmed.expired, confirmed.recent = expired, recent

    make_vault(paths, clock, confirm_two)
    window = open_window(qtbot, paths, runner, clock)
    yield window, confirmed
    window.close()


def test_unlock_purges_expired_cases_and_keeps_the_rest(
    qtbot: QtBot, runner: TaskRunner, confirmed_window: tuple[MainWindow, Confirmed]
) -> None:
    window, confirmed = confirmed_window
    unlock_through_ui(qtbot, window)
    session = window.session
    assert session is not None and not session.locked

    # The purge runs on the worker thread before the case list loads, so the first list shown
    # already lacks the purged case.
    shown = window.home.case_list.model.case_ids()
    assert confirmed.expired not in shown
    assert confirmed.recent in shown
    assert len(shown) == DEMO_CASES - 1

    def statuses() -> tuple[str, str, int]:
        cases = session.vault.cases
        return (
            cases.summary(confirmed.expired).status,
            cases.summary(confirmed.recent).status,
            cases.count(),
        )

    expired, recent, count = runner.run_blocking(statuses)
    assert expired == PURGED
    assert recent == RECEIPT_CONFIRMED
    assert count == DEMO_CASES - 1
    audit = runner.run_blocking(lambda: session.vault.audit.entries({confirmed.expired}))
    assert [e.detail for e in audit if e.event == "case_purged"] == ["retention"]
