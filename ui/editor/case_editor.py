"""The assessment editor for one case: lays out its parts and carries the record between them.

Vault work runs on the runner's thread. Each part owns what it is named for: `SectionPages`
(questions), `LiveAnalysis` (routes, readiness, problems, off the UI thread), `SignOff`,
`PrintFlow` (disclosure log, preview), `CaseSaving` (autosave, Reload), `EditorHeader`. This
widget holds the record being edited (`EditedRecord`) and shows what comes back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from forms.model import FormDefinition
from forms.nations import NationConfig
from forms.readiness import MissingField, OutputReadiness
from forms.routes import Route
from services.case_analysis import CaseAnalysis, analyse_case
from services.case_editing import EditingCase, open_for_editing
from services.case_status import READ_ONLY
from services.clock import Clock
from services.session import Session
from ui.dialogs import Dialogs
from ui.editor.autosave import AutoSaver
from ui.editor.body import EditorBody
from ui.editor.editing import EditedRecord, EditorContext
from ui.editor.field_input import FieldInput
from ui.editor.header import EditorHeader
from ui.editor.keys import bind_editor_keys
from ui.editor.live_analysis import LiveAnalysis
from ui.editor.navigator import SectionNavigator
from ui.editor.print_flow import PrintFlow
from ui.editor.prompts import AmendDialog, DisclosureDialog, Enrolling, FinaliseDialog
from ui.editor.routes_panel import RoutesPanel
from ui.editor.saving import CaseSaving
from ui.editor.section_page import SectionPage
from ui.editor.section_pages import SectionPages
from ui.editor.sign_off import SignOff
from ui.editor.tab_order import focus_chain, focus_kept_in
from ui.operation import Op, describe
from ui.plain_text import plain_label
from ui.task_runner import TaskRunner

Opened = tuple[EditingCase, CaseAnalysis]


class CaseEditor(QWidget):
    """Emits `closed` after Pause/Close saved everything; flush() saves pending edits now."""

    closed = Signal()
    loaded = Signal()
    saved = Signal()
    analysed = Signal()
    reloaded = Signal()
    failed = Signal(str)
    workers_requested = Signal()  # from sign-off with no supervisor: Administration › Workers

    def __init__(
        self,
        session: Session,
        case_id: str,
        runner: TaskRunner,
        clock: Clock,
        dialogs: Dialogs,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("case_editor")
        self.setAccessibleName("Assessment editor")
        self._context = EditorContext(session, case_id, runner, clock, dialogs)
        self.case: EditingCase | None = None
        self.form: FormDefinition | None = None
        self.nation: NationConfig | None = None
        self.status = ""
        self.read_only = False
        self._record: EditedRecord | None = None
        self._shown_section = ""
        self.loading = plain_label("Opening the case…")
        self.loading.setObjectName("editor_loading")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._outer = QStackedWidget()
        self._outer.addWidget(self.loading)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._outer)
        today = clock.now().date()

        def work() -> Opened:
            case = open_for_editing(session, case_id)
            o = case.opened  # its nation is the record's own (services.cases.nation_for)
            return case, analyse_case(
                o.version.document, o.form, o.nation, today=today, printing=False
            )

        # Closed (or locked) before the case arrived: nothing is shown or changed.
        Op(runner, self, work).on_success(self._loaded).on_failure(self._load_failed).run()

    # ------------------------------------------------------------------ loading and layout
    @property
    def case_id(self) -> str:
        return self._context.case_id

    @property
    def is_loaded(self) -> bool:
        return self.form is not None

    def _load_failed(self, error: BaseException) -> None:
        self.loading.setText(text := describe(error, "The case could not be opened."))
        self.failed.emit(text)

    def _loaded(self, opened: Opened) -> None:
        case, analysis = opened
        self.case = case
        version = case.opened.version
        self.form, self.nation = case.opened.form, case.opened.nation
        self._record = EditedRecord(version.document, version.revision)  # before any save
        self.status = case.status
        self.saving = CaseSaving(self._context, self._record, self.snapshot, self)
        self.saving.saved.connect(self._on_saved)
        self.saving.failed.connect(self._on_save_failed)
        self.saving.pending_changed.connect(self._on_pending)
        self.saving.reloaded.connect(self._reloaded)
        self.analysis = LiveAnalysis(
            self._context.runner, self._context.clock, self.form, self.snapshot, self
        )
        self.analysis.analysed.connect(self._show_analysis)
        self.sign_off = SignOff(self._context, self._record, self)
        self.sign_off.adopted.connect(self._adopt)
        self.sign_off.workers_requested.connect(self.workers_requested)
        self.print_flow = PrintFlow(self._context, self._record, self._save_disclosure, self)
        self.print_flow.disclosures_stored.connect(self._disclosures_stored)
        self._build_body(self.form)
        self._set_read_only(case.read_only)
        self.show_section(self.form.sections[0].id)
        self.section_stack.focus_first()  # not the editor's frame: typing can start at once
        self.analysis.accept(analysis)
        self.analysis.request()  # the full analysis, glyph check included, follows off-thread
        self.loaded.emit()

    def _build_body(self, form: FormDefinition) -> None:
        assert self._record is not None
        self.header = header = EditorHeader()
        self.title, self.status_text = header.title, header.status_text
        self.saved_indicator, self.banner = header.saved_indicator, header.banner
        self.reload_button, self.print_button = header.reload_button, header.print_button
        self.finalise_button, self.amend_button = header.finalise_button, header.amend_button
        self.close_button = header.close_button
        self.reload_button.clicked.connect(lambda: self.saving.reload())
        self.print_button.clicked.connect(self.start_print)
        self.finalise_button.clicked.connect(self.start_finalise)
        self.amend_button.clicked.connect(self.start_amend)
        self.close_button.clicked.connect(self.pause)
        self.navigator = SectionNavigator(form.sections)
        self.navigator.currentRowChanged.connect(self._navigator_moved)
        self.section_stack = SectionPages(form, self._context, self._record)
        self.section_stack.answer_changed.connect(self._answer_changed)
        self.section_stack.section_shown.connect(self._section_shown)
        self.section_stack.pause_requested.connect(self.pause)
        self.routes_panel = RoutesPanel()
        self.routes_panel.jump_requested.connect(self.jump_to)
        self.body = body = EditorBody(header, self.navigator, self.section_stack, self.routes_panel)
        self._bind_keys()
        self._outer.addWidget(body)
        self._outer.setCurrentWidget(body)
        self._show_title()

    def _bind_keys(self) -> None:
        header, stack = self.header, self.section_stack
        buttons = [header.print_button, header.finalise_button, header.amend_button]
        buttons += [header.close_button, header.reload_button, self.body.routes_toggle]
        stack.tab_before = lambda: [*buttons, self.navigator]
        stack.checked = self.navigator.checked
        stack.tab_after = lambda: focus_chain(self.routes_panel)
        self.shortcuts = bind_editor_keys(
            self,
            {
                "next_section": stack.next_section,
                "previous_section": stack.previous_section,
                "section_list": lambda: self.navigator.setFocus(Qt.FocusReason.ShortcutFocusReason),
                "first_question": stack.focus_first,
                "print": self.start_print,
                "save": self.save_now,
            },
        )

    def save_now(self) -> None:
        if self.autosaver is not None:
            self.autosaver.save_now()

    def _show_title(self) -> None:
        assert self.case is not None
        self.header.show_case(self.case.reference, self.answers_live, self.status)

    # ------------------------------------------------------------------ sections and fields
    @property
    def inputs(self) -> dict[str, FieldInput]:
        return self.section_stack.inputs

    @property
    def pages(self) -> dict[str, SectionPage]:
        return self.section_stack.pages

    @property
    def current_section(self) -> str:
        return self.section_stack.current

    def page(self, section_id: str) -> SectionPage:
        return self.section_stack.page(section_id)

    def show_section(self, section_id: str) -> None:
        self.section_stack.show_section(section_id)

    def next_section(self) -> None:
        self.section_stack.next_section()

    def jump_to(self, field_id: str, section_id: str = "") -> None:
        self.section_stack.jump_to(field_id, section_id)

    def field_widget(self, field_id: str) -> QWidget | None:
        return self.section_stack.field_widget(field_id)

    def _section_shown(self, section_id: str) -> None:
        if self._shown_section and self._shown_section != section_id:
            self._check(self._shown_section)  # left: now say what it still needs
        self._shown_section = section_id
        row = self.navigator.row_of(section_id)
        if self.navigator.currentRow() != row:
            self.navigator.blockSignals(True)
            self.navigator.setCurrentRow(row)
            self.navigator.blockSignals(False)

    def _check(self, *section_ids: str) -> None:
        self.navigator.check(*section_ids)
        self.section_stack.recheck()

    def _navigator_moved(self, row: int) -> None:
        if self.form is not None and 0 <= row < len(self.form.sections):
            self.show_section(self.form.sections[row].id)

    # ------------------------------------------------------------------ answers and analysis
    @property
    def answers_live(self) -> dict[str, Any]:
        return self._record.answers if self._record is not None else {}

    def answers(self) -> dict[str, Any]:
        """A copy of the answers as they stand on screen."""
        return self.snapshot().get("answers", {})  # type: ignore[no-any-return]

    def snapshot(self) -> dict[str, Any]:
        return self._record.snapshot() if self._record is not None else {}

    def _answer_changed(self, _field_id: str) -> None:
        if self.autosaver is not None:
            self.autosaver.changed()
        self.analysis.schedule()

    def refresh(self) -> None:
        """Re-check problems, readiness and routes now, and wait (normally off the UI thread)."""
        if self.is_loaded:
            self.analysis.now()

    @property
    def last_analysis(self) -> CaseAnalysis | None:
        return self.analysis.latest if self.is_loaded else None

    @property
    def last_routes(self) -> list[Route]:
        return list(self.last_analysis.routes) if self.last_analysis else []

    @property
    def last_readiness(self) -> dict[str, OutputReadiness]:
        return dict(self.last_analysis.readiness) if self.last_analysis else {}

    def missing(self) -> list[tuple[str, MissingField]]:
        return self.last_analysis.missing() if self.last_analysis else []

    def _show_analysis(self, analysis: CaseAnalysis) -> None:
        assert self.form is not None
        for section_id, state in analysis.sections.items():
            self.navigator.set_state(section_id, state.state, state.count)
        self.section_stack.show_problems(analysis.problems)
        titles = {o.id: o.title for o in self.form.outputs.values()}
        section_of = {fid: f.section_id for fid, f in self.form.fields.items()}
        self.routes_panel.show_state(
            list(analysis.routes), list(analysis.actions), analysis.readiness, titles, section_of
        )
        self._show_title()
        self.analysed.emit()

    # ------------------------------------------------------------------ saving and reloading
    @property
    def autosaver(self) -> AutoSaver | None:
        return self.saving.autosaver if self.is_loaded else None

    def _on_saved(self, status: str) -> None:
        self.status = status
        moment = self._context.clock.now().astimezone().strftime("%H:%M")
        self.saved_indicator.setText(f"Saved at {moment}")
        self._show_title()
        self.saved.emit()

    def _on_pending(self, pending: bool) -> None:
        if pending and not self.saved_indicator.text().startswith("Not saved"):
            self.saved_indicator.setText("Saving soon…")

    def _on_save_failed(self, error: object) -> None:
        self.header.show_save_failed(error)

    def _reloaded(self, document: dict[str, Any], status: str) -> None:
        self.reload_button.setVisible(False)
        self._adopt(document, status, "Reloaded the saved version")
        self.reloaded.emit()

    def flush(self) -> None:
        """Save pending edits now and wait (called before locking, quitting or closing)."""
        if self.autosaver is None:
            return
        try:
            self.autosaver.flush()
        except Exception as exc:  # noqa: BLE001 - shown to the worker, typing stays on screen
            self._on_save_failed(exc)

    def pause(self) -> None:
        """Save everything and step back to the case list."""
        self.flush()
        if self.autosaver is not None and self.autosaver.dirty:
            return  # not saved: stay, the banner says why
        self.closed.emit()

    # ------------------------------------------------------------------ read-only, finalise, amend
    def _set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        with focus_kept_in(self, self.amend_button if read_only else self.finalise_button):
            self.saving.set_enabled(not read_only)
            self.section_stack.set_read_only(read_only)
            self.header.show_read_only(read_only)

    def _adopt(self, document: dict[str, Any], status: str, note: str = "") -> None:
        """Take a version saved on the worker (sign-off, amendment, reload) as the one edited."""
        assert self._record is not None
        self._record.adopt(document)
        self.status = status
        self.section_stack.show_answers()
        self._set_read_only(status in READ_ONLY)
        if note:
            self.header.show_note(note, status)
        self.refresh()

    def start_finalise(self) -> None:
        assert self.case is not None
        self.flush()
        self._check()  # asked to finalise: every section says what it still needs
        case = self.case
        enrolling = Enrolling(case.worker_is_administrator, case.administrators)
        self.sign_off.start_finalise(case.supervisors, self.analysis.now().questions, enrolling)

    def start_amend(self) -> None:
        self.sign_off.start_amend()

    @property
    def finalise_dialog(self) -> FinaliseDialog | None:
        return self.sign_off.finalise_dialog

    @property
    def amend_dialog(self) -> AmendDialog | None:
        return self.sign_off.amend_dialog

    # ------------------------------------------------------------------ print with disclosure log
    def start_print(self) -> None:
        """Ask for the disclosure-log entry first, then show the pack for printing."""
        assert self.case is not None
        self.print_flow.start(self.case.reference, self.read_only)

    @property
    def disclosure_dialog(self) -> DisclosureDialog | None:
        return self.print_flow.disclosure_dialog

    @property
    def preview(self) -> QWidget | None:
        return self.print_flow.preview

    def _save_disclosure(self, entry: dict[str, str]) -> bool:
        """Append a checked entry to the editable record's log and save it now."""
        assert self._record is not None and self.autosaver is not None
        self._record.answers["disclosures"] = [*self._record.disclosures(), entry]
        self.section_stack.show_answer("disclosures")
        self.autosaver.changed()
        self.flush()
        if self.autosaver.dirty:
            return False
        self.refresh()
        return True

    def _disclosures_stored(self, status: str) -> None:
        self.section_stack.show_answer("disclosures")
        if status:
            self.status = status
        self.refresh()
