"""Print preview from memory: the pack shows page by page, prints, and saves only when asked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from services.clock import FakeClock
from services.documents import case_pack
from services.printing import Printer
from services.session import Session
from tests.reports import pdf_probe
from tests.reports.documents_vault import add_person_case, photo_png, training_session
from ui.batch_print import BatchPrintDialog
from ui.print_preview import PreviewDialogs, PrintPreviewDialog
from ui.task_runner import TaskRunner


class ScriptedDialogs(PreviewDialogs):
    def __init__(self, print_to: Path, save_to: Path | None) -> None:
        self.print_to, self.save_to = print_to, save_to
        self.confirm_answers: list[bool] = []
        self.warnings: list[str] = []
        self.confirm_texts: list[str] = []
        self.informed: list[str] = []
        self.printers_offered: list[Printer] = []
        self.printer_note = ""
        self.after_choice: Callable[[], None] = lambda: None

    def confirm_save(self, parent: QWidget, title: str, text: str) -> bool:
        self.confirm_texts.append(text)
        return self.confirm_answers.pop(0)

    def choose_save_file(self, parent: QWidget, title: str, suggested: str) -> str | None:
        assert suggested.endswith(".pdf")
        return str(self.save_to) if self.save_to else None

    def choose_printer(self, parent: QWidget, printers: list[Printer], note: str) -> Printer | None:
        # Stands in for the person at the app's printer chooser: the first printer offered.
        self.printers_offered, self.printer_note = list(printers), note
        self.after_choice()
        return printers[0] if printers else None

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        self.confirm_texts.append(text)
        return self.confirm_answers.pop(0)

    def warn(self, parent: QWidget, title: str, text: str) -> None:
        self.warnings.append(text)

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        self.informed.append(text)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    opened = training_session(tmp_path, FakeClock())
    yield opened
    opened.lock()


def listing(*roots: Path) -> set[Path]:
    return {p for root in roots for p in root.rglob("*")}


def test_preview_shows_every_page_from_memory_and_writes_no_file(
    qtbot: QtBot, runner: TaskRunner, session: Session, sandbox_home: Path, tmp_path: Path
) -> None:
    clock = FakeClock()
    case_id = add_person_case(session, "p04", clock, photo=photo_png())
    expected = len(pdf_probe.reader(runner.run_blocking(lambda: case_pack(session, case_id))).pages)
    assert expected >= 6
    before = listing(sandbox_home)
    dialogs = ScriptedDialogs(tmp_path / "printed.pdf", None)
    dialog = PrintPreviewDialog(
        session=session, case_id=case_id, runner=runner, clock=clock, dialogs=dialogs
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.print_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.page_count() > 0, timeout=60_000)
    assert dialog.page_count() == expected
    assert dialog.status.text() == f"{expected} pages"
    assert dialog.windowTitle().startswith("Referral pack: FC-")
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    for button in (dialog.print_button, dialog.save_button, dialog.close_button, dialog.view):
        assert button.accessibleName()
        assert button.focusPolicy() != Qt.FocusPolicy.NoFocus
    # Printing itself, through a real CUPS, is tested in tests/printing/test_print_dialogs.py.

    after = listing(sandbox_home)
    assert not [p for p in after if p.suffix.lower() == ".pdf"]
    assert after == before, sorted(str(p) for p in after - before)
    assert not dialogs.warnings


def test_save_as_pdf_needs_the_warning_confirmed_then_logs_it(
    qtbot: QtBot, runner: TaskRunner, session: Session, tmp_path: Path
) -> None:
    clock = FakeClock()
    case_id = add_person_case(session, "p06", clock)
    out = tmp_path / "out"
    out.mkdir()
    dialogs = ScriptedDialogs(tmp_path / "printed.pdf", out / "pack")
    dialog = PrintPreviewDialog(
        session=session, case_id=case_id, runner=runner, clock=clock, dialogs=dialogs
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=60_000)

    dialogs.confirm_answers = [False]
    dialog.save_button.click()
    assert "unencrypted" in dialogs.confirm_texts[0]
    assert list(out.iterdir()) == []

    dialogs.confirm_answers = [True]
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Saved"), timeout=60_000)
    assert [p.name for p in out.iterdir()] == ["pack.pdf"]
    events = runner.run_blocking(lambda: [e.event for e in session.vault.audit.entries({case_id})])
    assert events.count("pack_saved_as_pdf") == 1
    disclosures = runner.run_blocking(
        lambda: session.vault.cases.current(case_id).document["answers"]["disclosures"]
    )
    assert "pack.pdf" in disclosures[-1]["disclosure_to"]


def test_batch_builds_with_progress_in_memory(
    qtbot: QtBot, runner: TaskRunner, session: Session, sandbox_home: Path, tmp_path: Path
) -> None:
    clock = FakeClock()
    case_ids = [add_person_case(session, pid, clock) for pid in ("p06", "p08", "p12")]
    before = listing(sandbox_home)
    dialogs = ScriptedDialogs(tmp_path / "batch.pdf", None)
    dialog = BatchPrintDialog(session=session, case_ids=case_ids, runner=runner, dialogs=dialogs)
    qtbot.addWidget(dialog)
    seen: list[int] = []
    dialog.progressed.connect(lambda done, _total: seen.append(done))
    qtbot.waitUntil(lambda: dialog.finished_building, timeout=60_000)
    assert seen == [1, 2, 3] and dialog.bar.value() == 3
    assert list(dialog.packs) == case_ids and dialog.print_button.isEnabled()
    assert listing(sandbox_home) == before


def test_batch_cancel_stops_between_cases(
    qtbot: QtBot, runner: TaskRunner, session: Session, tmp_path: Path
) -> None:
    clock = FakeClock()
    case_ids = [add_person_case(session, pid, clock) for pid in ("p01", "p02", "p03", "p04")]
    dialogs = ScriptedDialogs(tmp_path / "batch.pdf", None)
    dialog = BatchPrintDialog(session=session, case_ids=case_ids, runner=runner, dialogs=dialogs)
    qtbot.addWidget(dialog)
    # Cancel as soon as the first pack is reported: the worker stops before the last case.
    dialog.progressed.connect(lambda done, _total: dialog.cancel_button.click())
    qtbot.waitUntil(lambda: dialog.finished_building, timeout=60_000)
    assert 1 <= len(dialog.packs) < len(case_ids)
    assert "stopped" in dialog.status.text()


def test_a_preview_deleted_while_its_pack_builds_ignores_the_result(
    qtbot: QtBot, runner: TaskRunner, session: Session, tmp_path: Path
) -> None:
    """Locking deletes the editor and its preview; the build finishing afterwards must not
    touch the deleted dialog (an exception in a Qt slot fails this test under pytest-qt)."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from shiboken6 import isValid

    clock = FakeClock()
    case_id = add_person_case(session, "p04", clock, photo=photo_png())
    dialog = PrintPreviewDialog(
        session=session,
        case_id=case_id,
        runner=runner,
        clock=clock,
        dialogs=ScriptedDialogs(tmp_path / "printed.pdf", None),
    )
    dialog.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(dialog)
    finished: list[int] = []
    runner.submit(lambda: 1, finished.append, lambda _e: None)  # runs after the build
    qtbot.waitUntil(lambda: finished == [1], timeout=60_000)


def test_batch_names_characters_the_packs_cannot_print(
    qtbot: QtBot, runner: TaskRunner, session: Session
) -> None:
    """Issue 14: before a batch is printed, by case reference, field and character name."""
    from services.case_lifecycle import save_draft
    from services.cases import open_case

    clock = FakeClock()
    plain, odd = (add_person_case(session, pid, clock) for pid in ("p06", "p08"))
    record = open_case(session, odd).version.document
    record["answers"]["name_native"] = record["answers"].get("name_native", "") + " \U0001f900"
    save_draft(session, record, clock=clock)
    dialog = BatchPrintDialog(session=session, case_ids=[plain, odd], runner=runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.finished_building, timeout=60_000)
    text = dialog.unprintable.text()
    assert dialog.unprintable.isVisibleTo(dialog)
    assert "CIRCLED CROSS FORMEE WITH FOUR DOTS" in text and "[U+1F900]" in text
    assert session.vault.cases.summary(odd).reference in text
    assert session.vault.cases.summary(plain).reference not in text


def test_preview_names_characters_the_pack_cannot_print(
    qtbot: QtBot, runner: TaskRunner, session: Session, tmp_path: Path
) -> None:
    from services.case_lifecycle import save_draft
    from services.cases import open_case

    clock = FakeClock()
    case_id = add_person_case(session, "p04", clock)
    record = open_case(session, case_id).version.document
    record["answers"]["name_native"] = record["answers"].get("name_native", "") + " \U0001f900"
    save_draft(session, record, clock=clock)
    dialog = PrintPreviewDialog(
        session=session,
        case_id=case_id,
        runner=runner,
        clock=clock,
        dialogs=ScriptedDialogs(tmp_path / "unused.pdf", None),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.page_count() > 0, timeout=60_000)
    assert dialog.unprintable.isVisible()
    assert "CIRCLED CROSS FORMEE WITH FOUR DOTS" in dialog.unprintable.text()
