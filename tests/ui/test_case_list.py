"""The case list over a real vault of demo cases: names in every script, search, filter, open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from services.case_status import STATUS_LABELS
from services.cases import blank_record, create_case
from services.clock import FakeClock
from services.paths import AppPaths
from services.session import Session
from tests.ui.signed_in import (
    DEMO_CASES,
    SignedIn,
    make_vault,
    open_window,
    signed_in_fixture,  # noqa: F401 (the signed_in fixture)
    unlock_through_ui,
)
from tests.ui.test_first_run_and_unlock import unnamed_controls
from ui.case_list import CaseListScreen
from ui.case_list_model import NAME_COLUMN
from ui.task_runner import TaskRunner

BIDI_ISOLATES = "\u2068\u2069"


def names(screen: CaseListScreen) -> list[str]:
    model = screen.model
    return [str(model.data(model.index(r, NAME_COLUMN))) for r in range(model.rowCount())]


def bare(text: str) -> str:
    return "".join(ch for ch in text if ch not in BIDI_ISOLATES)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a person: keys for ASCII, an input-method commit per character otherwise.

    (Chinese and Arabic text reaches a widget from the input method, and QTest's key clicks
    only know Latin-1 keys.)
    """
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def search_for(qtbot: QtBot, screen: CaseListScreen, text: str) -> list[str]:
    screen.search.clear()
    qtbot.waitUntil(lambda: not screen.busy.isVisible(), timeout=10_000)
    with qtbot.waitSignal(screen.rows_shown, timeout=10_000):
        type_text(qtbot, screen.search, text)
    # Typing fires one debounced search for the whole text, not one per key.
    qtbot.waitUntil(lambda: not screen.busy.isVisible(), timeout=10_000)
    return [bare(n) for n in names(screen)]


def test_case_list_shows_the_demo_cases(signed_in: SignedIn) -> None:
    screen = signed_in.window.home.case_list
    assert screen.model.rowCount() == DEMO_CASES
    shown = [bare(n) for n in names(screen)]
    assert "林小梅  (Lin Xiaomei)" in shown
    assert "محمد عثمان  (Mohamed Osman)" in shown
    assert "ሰላም ተስፋይ  (Selam Tesfay)" in shown
    # Each name is isolated so an Arabic-script name cannot reorder the text around it.
    assert all(n.startswith("\u2068") for n in names(screen))
    row = screen.model.row_at(0)
    assert row is not None and row.reference.startswith("FC-")
    assert row.worker == "Sam Okafor"
    assert {
        r.status_label for r in (screen.model.row_at(i) for i in range(DEMO_CASES)) if r
    } <= set(STATUS_LABELS.values())
    assert "12 cases." in screen.message.text()


def test_search_in_latin_chinese_and_arabic_script(qtbot: QtBot, signed_in: SignedIn) -> None:
    screen = signed_in.window.home.case_list
    assert search_for(qtbot, screen, "Xiaomei") == ["林小梅  (Lin Xiaomei)"]
    assert search_for(qtbot, screen, "小梅") == ["林小梅  (Lin Xiaomei)"]
    assert search_for(qtbot, screen, "محمد") == ["محمد عثمان  (Mohamed Osman)"]
    assert search_for(qtbot, screen, "ئارام") == ["ئارام کەریم  (Aram Karim)"]
    # Marks are optional: "Adesina" finds "Adéṣínà".
    assert search_for(qtbot, screen, "adesina") == ["Ọlá Adéṣínà  (Ola Adesina)"]
    assert search_for(qtbot, screen, "Nobody Here") == []
    assert "0 cases found" in screen.message.text()
    # Clearing the box brings every case back.
    with qtbot.waitSignal(screen.rows_shown, timeout=10_000):
        screen.search.clear()
    assert screen.model.rowCount() == DEMO_CASES


def test_only_the_newest_search_is_shown(qtbot: QtBot, signed_in: SignedIn) -> None:
    screen = signed_in.window.home.case_list
    shown: list[int] = []
    screen.rows_shown.connect(shown.append)
    screen.search.setText("Olena")
    screen.reload()  # an older question, still queued on the worker thread...
    screen.search.setText("Stefan")
    screen.reload()  # ...when the newer one is asked
    qtbot.waitUntil(lambda: len(shown) == 1 and not screen.busy.isVisible(), timeout=10_000)
    qtbot.wait(200)  # give a stale answer the chance to (wrongly) arrive
    assert shown == [1]
    assert [bare(n) for n in names(screen)] == ["Ștefan Mureșan  (Stefan Muresan)"]


def test_status_filter(qtbot: QtBot, signed_in: SignedIn) -> None:
    screen = signed_in.window.home.case_list
    counts = {}
    for code in ("ready", "draft", "exported", "finalised"):
        with qtbot.waitSignal(screen.rows_shown, timeout=10_000) as blocker:
            screen.status_filter.setCurrentIndex(screen.status_filter.findData(code))
        counts[code] = blocker.args[0] if blocker.args else -1
        rows = [screen.model.row_at(i) for i in range(screen.model.rowCount())]
        assert all(r is not None and r.status == code for r in rows)
    assert counts == {"ready": DEMO_CASES - 2, "draft": 1, "exported": 1, "finalised": 0}
    assert screen.model.rowCount() == 0
    assert "No cases" in screen.message.text()
    with qtbot.waitSignal(screen.rows_shown, timeout=10_000):
        screen.status_filter.setCurrentIndex(0)
    assert screen.model.rowCount() == DEMO_CASES


def test_enter_opens_the_selected_case(qtbot: QtBot, signed_in: SignedIn) -> None:
    screen = signed_in.window.home.case_list
    search_for(qtbot, screen, "Kovalenko")
    opened: list[str] = []
    screen.case_opened.connect(opened.append)
    # Enter in the search box moves to the results; Enter there opens the case.
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert screen.table.hasFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    row = screen.model.row_at(0)
    assert row is not None and opened == [row.case_id]


def test_new_case_is_created_and_opened(qtbot: QtBot, signed_in: SignedIn) -> None:
    screen = signed_in.window.home.case_list
    with qtbot.waitSignal(screen.case_opened, timeout=10_000) as blocker:
        qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    new_id = blocker.args[0]
    window = signed_in.window
    if window.home.editor is not None:  # the editor is there: close it to return to the list
        with qtbot.waitSignal(screen.rows_shown, timeout=10_000):
            window.home.editor.closed.emit()
    else:
        with qtbot.waitSignal(screen.rows_shown, timeout=10_000):
            screen.reload()
    assert new_id in screen.model.case_ids()
    assert screen.model.rowCount() == DEMO_CASES + 1


def test_case_list_reads_the_vault_only_off_the_ui_thread(
    qtbot: QtBot, signed_in: SignedIn, vault_threads: list[str]
) -> None:
    screen = signed_in.window.home.case_list
    vault_threads.clear()
    search_for(qtbot, screen, "Berisha")
    with qtbot.waitSignal(screen.rows_shown, timeout=10_000):
        screen.status_filter.setCurrentIndex(screen.status_filter.findData("ready"))
    assert vault_threads
    assert "MainThread" not in vault_threads


def test_training_vault_is_marked_even_without_the_flag(qtbot: QtBot, signed_in: SignedIn) -> None:
    window = signed_in.window  # opened without --training on a training vault
    qtbot.waitUntil(window.training_banner.isVisible, timeout=10_000)
    assert "TRAINING" in window.windowTitle()


def test_tab_reaches_every_case_list_control_in_order(qtbot: QtBot, signed_in: SignedIn) -> None:
    window = signed_in.window
    screen = window.home.case_list
    screen.search.setFocus()
    qtbot.waitUntil(screen.search.hasFocus, timeout=5_000)
    order = []
    for _ in range(12):
        widget = QApplication.focusWidget()
        assert widget is not None
        order.append(widget.objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    expected = ["case_search", "status_filter", "case_table", "new_case_button", "open_case_button"]
    assert [name for name in order if name in expected][:5] == expected
    assert {"lock_button", "admin_button", "my_passphrase_button"} <= set(order)
    assert unnamed_controls(window.home) == []


def test_bidi_controls_in_a_name_are_neutralised(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner
) -> None:
    clock = FakeClock()
    paths = AppPaths(tmp_path / "fc")
    typed = "Ali\u202etxt.exe"  # RIGHT-TO-LEFT OVERRIDE: would show as "Aliexe.txt"

    def add_case(session: Session) -> None:
        record = blank_record(clock, nation="england")
        record["answers"]["name_latin"] = typed
        create_case(session, clock=clock, record=record)

    make_vault(paths, clock, add_case)
    window = open_window(qtbot, paths, runner, clock)
    unlock_through_ui(qtbot, window)
    screen = window.home.case_list
    shown = search_for(qtbot, screen, "Ali")
    assert shown == ["Alitxt.exe"]
    assert "\u202e" not in names(screen)[0]
    window.close()


def test_print_export_and_receipt_buttons_are_always_shown(signed_in: SignedIn) -> None:
    screen = signed_in.window.home.case_list
    for button in (screen.print_button, screen.export_button, screen.receipt_button):
        assert button.isVisible() and button.isEnabled()
        assert button.accessibleName()
