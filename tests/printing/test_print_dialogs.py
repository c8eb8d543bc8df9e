"""Preview and batch dialogs printing through a real, private CUPS: chooser, progress, result."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from services.clock import FakeClock
from services.session import Session
from tests.printing.cups_server import CupsServer
from tests.printing.watch import CreatedFiles
from tests.reports.documents_vault import add_person_case, training_session
from tests.ui.test_print_preview import ScriptedDialogs
from ui.batch_print import BatchPrintDialog
from ui.print_job import NO_PRINTER
from ui.print_preview import PrintPreviewDialog
from ui.task_runner import TaskRunner


@pytest.fixture
def session(tmp_path: Path, sandbox_home: Path) -> Iterator[Session]:
    opened = training_session(tmp_path, FakeClock())
    yield opened
    opened.lock()


def _preview(
    qtbot: QtBot, runner: TaskRunner, session: Session, dialogs: ScriptedDialogs
) -> PrintPreviewDialog:
    clock = FakeClock()
    case_id = add_person_case(session, "p04", clock)
    dialog = PrintPreviewDialog(
        session=session, case_id=case_id, runner=runner, clock=clock, dialogs=dialogs
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=60_000)
    return dialog


def test_preview_prints_through_cups_with_progress_and_says_what_was_sent(
    qtbot: QtBot, runner: TaskRunner, session: Session, cups: CupsServer, sandbox_home: Path
) -> None:
    dialogs = ScriptedDialogs(Path("unused"), None)
    dialogs.confirm_answers = [True]  # yes, print to the cups-pdf (file) printer
    dialog = _preview(qtbot, runner, session, dialogs)
    pages = dialog.page_count()
    with CreatedFiles([sandbox_home, sandbox_home / "tmp", sandbox_home / "runtime"]) as watch:
        dialog.print_pack()
        qtbot.waitUntil(lambda: bool(dialogs.informed or dialogs.warnings), timeout=60_000)
    assert watch.created == [], watch.created
    assert not dialogs.warnings
    # The app's chooser offers CUPS's queues only: no "Print to File", and the file printer
    # is marked as one and needed a plain confirmation.
    assert [p.name for p in dialogs.printers_offered] == [cups.queue]
    assert "saves to a file" in dialogs.printers_offered[0].label
    assert "unencrypted" in dialogs.confirm_texts[-1] and "Save as PDF" in dialogs.confirm_texts[-1]
    assert dialogs.printer_note == ""  # this CUPS keeps nothing: no retention warning
    assert dialogs.informed == [f"Sent {pages} pages to Test printer."]
    assert dialog.status.text() == f"Sent {pages} pages to Test printer"
    assert dialog.print_button.isEnabled()
    for _ in range(1800):  # the job reaches the printer: CUPS logs its page total
        if cups.page_log.exists() and f"total {pages}" in cups.page_log.read_text():
            break
        time.sleep(0.1)
    assert f"total {pages}" in cups.page_log.read_text()


def test_declining_the_file_printer_sends_nothing_and_retention_is_warned(
    qtbot: QtBot, runner: TaskRunner, session: Session, keeping_cups: CupsServer
) -> None:
    dialogs = ScriptedDialogs(Path("unused"), None)
    dialogs.confirm_answers = [False]
    dialog = _preview(qtbot, runner, session, dialogs)
    dialog.print_pack()
    qtbot.waitUntil(lambda: bool(dialogs.confirm_texts), timeout=60_000)
    assert "PreserveJobFiles No" in dialogs.printer_note  # shown above the printer list
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled(), timeout=10_000)
    assert not dialogs.informed and not dialogs.warnings
    assert not keeping_cups.page_log.exists()  # no job was made


def test_no_printer_says_so_and_points_to_save_as_pdf(
    qtbot: QtBot, runner: TaskRunner, session: Session, empty_cups: CupsServer
) -> None:
    dialogs = ScriptedDialogs(Path("unused"), None)
    dialog = _preview(qtbot, runner, session, dialogs)
    dialog.print_pack()
    qtbot.waitUntil(lambda: bool(dialogs.warnings), timeout=60_000)
    assert dialogs.warnings == [NO_PRINTER] and "Save as PDF" in NO_PRINTER
    assert dialogs.printers_offered == []  # the chooser never opened


def test_batch_print_can_be_cancelled_and_says_so(
    qtbot: QtBot, runner: TaskRunner, session: Session, cups: CupsServer
) -> None:
    clock = FakeClock()
    case_ids = [add_person_case(session, pid, clock) for pid in ("p06", "p08")]
    dialogs = ScriptedDialogs(Path("unused"), None)
    dialogs.confirm_answers = [True]
    dialog = BatchPrintDialog(session=session, case_ids=case_ids, runner=runner, dialogs=dialogs)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.finished_building, timeout=60_000)
    job = dialog.print_all()
    # Small packs go in a blink, so Cancel is pressed as the printer is chosen, before sending.
    dialogs.after_choice = job.cancel
    qtbot.waitUntil(lambda: bool(dialogs.warnings or dialogs.informed), timeout=60_000)
    assert dialogs.warnings == ["Printing was cancelled."]
    assert job.progress is None  # the progress dialog closed
    assert dialog.print_button.isEnabled()
    time.sleep(1)  # a job that had gone through would have reached cups-pdf by now
    assert not list(cups.out.rglob("*.pdf"))


def test_qt_print_support_is_not_used() -> None:
    # Its dialog offers "Print to File (PDF)" and its CUPS backend spools to a temp file.
    root = Path(__file__).resolve().parents[2]
    users = [
        path
        for path in (root / "ui").rglob("*.py")
        if "QtPrintSupport" in path.read_text(encoding="utf-8")
    ]
    assert users == []
