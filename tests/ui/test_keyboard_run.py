"""The timed run of issue 12, keyboard only at 1366 x 768: first run to export of a child case.

A 15-year-old found in a lorry at a port, spoken with through an interpreter. Every step is a
key sent to the focused widget (tests/ui/keyboard_driver.py); nothing is clicked and no widget
is set directly. The keys pressed per stage are printed (run with -s to see them) and recorded
in the test report; time is not asserted (bench measures speed)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from services.case_status import EXPORTED, FINALISED
from services.clock import FakeClock
from services.paths import AppPaths
from tests.ui.conftest import PASSPHRASE
from tests.ui.editor_support import SUPERVISOR_NAME, SUPERVISOR_PASSPHRASE
from tests.ui.keyboard_driver import Keyboard
from ui import theme
from ui.editor.case_editor import CaseEditor
from ui.export_dialog import ExportDialog, ExportDialogs
from ui.main_window import MainWindow
from ui.task_runner import TaskRunner

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
WORKER = "Sam Okafor"


class StickFolder(ExportDialogs):
    """The operating system's folder chooser, answered with the USB stick's folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.warnings: list[str] = []

    def choose_folder(self, parent: QWidget, title: str) -> str | None:
        return str(self.folder)

    def warn(self, parent: QWidget, title: str, text: str) -> None:
        self.warnings.append(text)


def first_run_and_unlock(qtbot: QtBot, keys: Keyboard, window: MainWindow) -> None:
    keys.begin("first run")
    screen = window.first_run
    keys.tab_to(screen.worker_name)
    keys.type(WORKER)
    keys.tab_to(screen.nation)
    keys.choose(screen.nation, "england")
    keys.tab_to(screen.passphrase)
    keys.type(PASSPHRASE)
    keys.tab_to(screen.passphrase_again)
    keys.type(PASSPHRASE)
    with qtbot.waitSignal(window.screen_shown, timeout=60_000):
        keys.press(Qt.Key.Key_Return)
    assert window.current_screen() == "unlock_screen"

    keys.begin("unlock")
    keys.tab_to(window.unlock_screen.passphrase)
    keys.type(PASSPHRASE)
    with qtbot.waitSignal(window.home.case_list.rows_shown, timeout=60_000):
        keys.press(Qt.Key.Key_Return)
    assert window.current_screen() == "home_screen"


def add_supervisor(qtbot: QtBot, keys: Keyboard, window: MainWindow) -> None:
    keys.begin("add a supervisor")
    keys.press(Qt.Key.Key_D, ALT)  # a mnemonic presses its button after a short flash
    qtbot.waitUntil(lambda: window.home.current_page() == window.home.admin.objectName())
    workers = window.home.admin.workers
    keys.tab_to(workers.new_name)
    keys.type(SUPERVISOR_NAME)
    keys.tab_to(workers.new_role)
    keys.choose(workers.new_role, "supervisor")
    keys.tab_to(workers.new_passphrase)
    keys.type(SUPERVISOR_PASSPHRASE)
    keys.tab_to(workers.new_again)
    keys.type(SUPERVISOR_PASSPHRASE)
    keys.tab_to(workers.add_button)
    keys.press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: SUPERVISOR_NAME in workers.worker_names(), timeout=60_000)
    with qtbot.waitSignal(window.home.case_list.rows_shown, timeout=30_000):
        keys.press(Qt.Key.Key_B, ALT)
    qtbot.waitUntil(lambda: window.home.current_page() == "case_list_screen")


def my_details(qtbot: QtBot, keys: Keyboard, window: MainWindow) -> None:
    """Asked once, filled into every new case (so sign-off asks no reason for them)."""
    from ui.my_details import MyDetailsDialog

    keys.begin("my details")
    keys.press(Qt.Key.Key_M, ALT)
    qtbot.waitUntil(lambda: window.home.findChild(MyDetailsDialog) is not None)
    dialog = window.home.findChild(MyDetailsDialog)
    assert isinstance(dialog, MyDetailsDialog)
    keys.window_opened(dialog)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=30_000)
    for field_id, value in (
        ("fr_first_name", "Sam"),
        ("fr_last_name", "Okafor"),
        ("fr_role", "Border Force officer"),
    ):
        keys.tab_to(dialog.edits[field_id])
        keys.type(value)
    keys.tab_to(dialog.organisation)
    keys.choose(dialog.organisation, dialog.organisation.itemData(1))
    for field_id, value in (
        ("fr_phone", "01304 555123"),
        ("fr_email", "sam.okafor@example.gov.uk"),
        ("fr_alt_contact_email", "safeguarding@example.gov.uk"),
    ):
        keys.tab_to(dialog.edits[field_id])
        keys.type(value)
    with qtbot.waitSignal(dialog.finished, timeout=30_000):  # saved, then deleted
        keys.press(Qt.Key.Key_Return)
    keys.window_opened(window)


def answer(keys: Keyboard, editor: CaseEditor, field_id: str, value: str) -> None:
    """Tab to a question and answer it: type into a box, arrow through a drop-down."""
    from ui.editor.inputs import ChoiceInput

    field_input = editor.inputs[field_id]
    if isinstance(field_input, ChoiceInput):
        keys.tab_to(field_input.combo)
        keys.choose(field_input.combo, value)
    else:
        keys.tab_to(field_input.widget)
        keys.type(value)
    if isinstance(field_input.widget, QComboBox) and field_input.widget.isEditable():
        keys.press(Qt.Key.Key_Tab)  # a list entry is taken when the worker moves on


def go_to(keys: Keyboard, editor: CaseEditor, section_id: str) -> None:
    """Ctrl+PgDown section by section, then F7 to its first question."""
    assert editor.form is not None
    for _ in range(len(editor.form.sections) + 1):
        if editor.section_stack.current == section_id:
            keys.press(Qt.Key.Key_F7)
            return
        keys.press(Qt.Key.Key_PageDown, CTRL)
    raise AssertionError(f"Ctrl+PgDown never reached the {section_id} section")


def capture(qtbot: QtBot, keys: Keyboard, window: MainWindow) -> CaseEditor:
    keys.begin("new case and questions")
    keys.press(Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: window.home.editor is not None, timeout=30_000)
    editor = window.home.editor
    assert isinstance(editor, CaseEditor)
    qtbot.waitUntil(
        lambda: editor.form is not None and "met_place_type" in editor.inputs, timeout=30_000
    )
    # Focus lands on the first question when a case opens (issue 12, section 5).
    assert keys.focused() is editor.inputs["met_at"].widget
    for field_id, value in (
        ("met_at", "2026-12-08 06:40"),
        ("met_place_type", "port"),
        ("met_place_detail", "Lorry trailer, Eastern Docks"),
        ("immediate_danger", "no"),
        ("present_people", "Border Force officer, phone interpreter"),
        ("accompanied", "no"),
        ("interpreter_used", "yes"),
        ("interpreter_type", "phone"),
        ("interpreter_language", "Tigrinya"),
        ("interpreter_independent_confirmed", "yes"),
        ("appropriate_adult_present", "no"),
        ("actions_taken", "Food, rest, first aid check; children's services called"),
    ):
        answer(keys, editor, field_id, value)
    go_to(keys, editor, "age")
    for field_id, value in (("age_claimed", "15"), ("age_uncertain", "no"), ("pv_under_18", "yes")):
        answer(keys, editor, field_id, value)
    go_to(keys, editor, "person")
    for field_id, value in (
        ("name_latin", "Selam Tesfaye"),
        ("pv_first_name", "Selam"),
        ("pv_last_name", "Tesfaye"),
        ("pv_gender", "female"),
        ("pv_nationality", "Eritrea"),
        ("first_language", "Tigrinya"),
        ("comms_help", "no"),
        ("pv_has_children", "no"),
    ):
        answer(keys, editor, field_id, value)
    go_to(keys, editor, "childrens_services")
    for field_id, value in (
        ("la_referral_made", "yes"),
        ("child_location_now", "With the port's children's services duty worker"),
        ("immediate_risks", "Alone; the driver's contacts may look for her"),
    ):
        answer(keys, editor, field_id, value)
    keys.press(Qt.Key.Key_S, CTRL)
    return editor


def sign_off(qtbot: QtBot, keys: Keyboard, editor: CaseEditor) -> None:
    keys.begin("sign-off")
    keys.press(Qt.Key.Key_F6)  # the section list; the header's buttons are just before it
    keys.tab_to(editor.header.finalise_button, back=True)
    keys.press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: editor.finalise_dialog is not None, timeout=20_000)
    dialog = editor.finalise_dialog
    assert dialog is not None
    keys.window_opened(dialog)
    typed = [field_id for field_id, edit in dialog.reasons.items() if not edit.text()]
    print(f"\nreasons asked: {len(dialog.reasons)}, to type: {len(typed)}: {typed}")
    for edit in dialog.reasons.values():
        if not edit.text():
            keys.tab_to(edit)
            keys.type("Not asked yet")
    keys.tab_to(dialog.passphrase)
    keys.type(SUPERVISOR_PASSPHRASE)
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.status == FINALISED, timeout=30_000)


def preview(qtbot: QtBot, keys: Keyboard, editor: CaseEditor) -> None:
    keys.begin("print preview")
    keys.window_opened(editor.window())  # the sign-off dialog has closed: back to the window
    # Finalise gave way to Amend, and the focus went with it (it fell out of the editor).
    assert keys.focused() is editor.header.amend_button
    keys.press(Qt.Key.Key_P, CTRL)
    flow = editor.print_flow
    qtbot.waitUntil(lambda: flow.disclosure_dialog is not None, timeout=10_000)
    dialog = flow.disclosure_dialog
    assert dialog is not None
    keys.window_opened(dialog)
    keys.tab_to(dialog.to)
    keys.type("Kent children's services")
    keys.tab_to(dialog.why)
    keys.type("Referral of a child")
    keys.tab_to(dialog.confirm)
    keys.press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: flow.preview is not None and flow.preview.isVisible(), timeout=60_000)
    shown = flow.preview
    keys.window_opened(shown)
    keys.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shown.isVisible(), timeout=10_000)
    keys.window_opened(editor.window())


def export(qtbot: QtBot, keys: Keyboard, window: MainWindow, stick: Path) -> list[str]:
    keys.begin("export")
    keys.press(Qt.Key.Key_F6)
    keys.tab_to(window.home.editor.header.close_button, back=True)
    with qtbot.waitSignal(window.home.case_list.rows_shown, timeout=30_000):
        keys.press(Qt.Key.Key_Space)
    problems: list[str] = []
    finished: list[bool] = []
    poll = QTimer()

    def in_dialog() -> None:
        # The export dialog runs its own event loop; these keys are pressed inside it.
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ExportDialog):
            return  # not open yet (Alt+X presses its button after a short flash)
        poll.stop()
        try:
            keys.window_opened(dialog)
            qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
            keys.tab_to(dialog.choose_button)
            keys.press(Qt.Key.Key_Space)
            keys.tab_to(dialog.export_button)
            keys.press(Qt.Key.Key_Space)
            qtbot.waitUntil(lambda: dialog.exported is not None, timeout=60_000)
            keys.tab_to(dialog.cancel_button)  # now labelled Close
            keys.press(Qt.Key.Key_Space)
        except Exception as error:  # noqa: BLE001 (reported once the dialog's loop has ended)
            problems.append(repr(error))
            dialog.close()
        finished.append(True)

    poll.timeout.connect(in_dialog)
    poll.start(50)
    keys.press(Qt.Key.Key_X, ALT)
    qtbot.waitUntil(lambda: bool(finished), timeout=120_000)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=10_000)
    return problems


def test_a_child_case_from_first_run_to_export_by_keyboard(
    qtbot: QtBot, tmp_path: Path, runner: TaskRunner, record_property: object
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app)
    stick = tmp_path / "stick"
    stick.mkdir()
    window = MainWindow(
        AppPaths(tmp_path / "fc"), runner, FakeClock(), StickFolder(stick), training=True
    )
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    keys = Keyboard(qtbot)

    first_run_and_unlock(qtbot, keys, window)
    add_supervisor(qtbot, keys, window)
    my_details(qtbot, keys, window)
    editor = capture(qtbot, keys, window)
    sign_off(qtbot, keys, editor)
    preview(qtbot, keys, editor)
    problems = export(qtbot, keys, window, stick)
    assert problems == []

    written = [p.name for p in stick.iterdir()]
    assert written, "no export file on the stick"
    statuses = {s.status for s in window.session.vault.cases.list_summaries()}  # type: ignore[union-attr]
    assert statuses == {EXPORTED}
    report = ", ".join(f"{stage}: {n}" for stage, n in keys.counts.items())
    print(f"\nkeys pressed per stage: {report}; total {keys.total()}")
    record_property("keys_per_stage", report)  # type: ignore[operator]
    window.close()
