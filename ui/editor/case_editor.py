"""The assessment editor for one case: sections, fields, routes, autosave, sign-off, amendment.

Everything that reads or writes the vault runs on the runner's worker thread; this widget keeps
the record being edited in memory and hands snapshots to the autosaver. Section pages are built
the first time they are shown, so opening a case stays quick.
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Mapping
from typing import Any, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from forms.age import DERIVED
from forms.conditions import effective_answers, evaluate, is_answered, references
from forms.model import Field, FormDefinition, Section
from forms.nations import NationConfig
from forms.readiness import MissingField, OutputReadiness, readiness
from forms.routes import Route, compute_routes
from forms.validation import validate
from services.case_editing import (
    EditingCase,
    current_status,
    log_disclosure,
    open_for_editing,
)
from services.case_lifecycle import amend_case, finalise_case, save_draft
from services.case_status import READ_ONLY, status_label
from services.cases import nation_for
from services.clock import Clock, iso
from services.errors import ServiceError
from services.session import Session
from ui.dialogs import Dialogs
from ui.editor.attachment_input import AttachmentContext, AttachmentInput
from ui.editor.autosave import AutoSaver
from ui.editor.group_input import GroupInput
from ui.editor.indicators_input import IndicatorsInput
from ui.editor.inputs import FieldInput, simple_input
from ui.editor.navigator import (
    ATTENTION,
    COMPLETE,
    NOT_APPLICABLE,
    NOT_STARTED,
    SectionNavigator,
)
from ui.editor.prompts import AmendDialog, DisclosureDialog, FinaliseDialog
from ui.editor.routes_panel import Action, RoutesPanel
from ui.editor.rows import FieldRow
from ui.editor.section_page import SectionPage
from ui.editor.tab_order import chain_tab_order
from ui.headings import heading_label
from ui.plain_text import neutralise_bidi, plain_label
from ui.task_runner import TaskRunner

ANALYSIS_DELAY_MS = 200
# Referral steps recorded as a yes/no answer, shown in the action checklist when the route applies
# (the definition's output checks add the rest, e.g. children's services before the NRM).
ROUTE_ACTIONS = {
    "childrens_services": ("la_referral_made", "Children's services contacted"),
    "guardian": ("guardian_referral_made", "Guardian referral made"),
}
PREVIEW_MODULE = "ui.print_preview"


def section_fields(section: Section) -> set[str]:
    return {f.id for f in section.fields}


def base_field_id(field_id: str) -> str:
    """`situations[0].situation_type` -> `situations`."""
    return field_id.split("[", 1)[0]


class CaseEditor(QWidget):
    """Emits `closed` after Pause/Close saved everything; flush() saves pending edits now."""

    closed = Signal()
    loaded = Signal()
    saved = Signal()
    analysed = Signal()
    failed = Signal(str)

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
        self._session, self._case_id = session, case_id
        self._runner, self._clock, self._dialogs = runner, clock, dialogs
        self.case: EditingCase | None = None
        self.form: FormDefinition | None = None
        self.nation: NationConfig | None = None
        self.status = ""
        self.read_only = False
        self._record: dict[str, Any] = {}
        self._answers: dict[str, Any] = {}
        self._revision_worker: int | None = None  # read and written on the worker thread only
        self.inputs: dict[str, FieldInput] = {}
        self.pages: dict[str, SectionPage] = {}
        self._scrolls: dict[str, QScrollArea] = {}
        self._trigger_fields: set[str] = set()
        self.autosaver: AutoSaver | None = None
        self.current_section = ""
        self.finalise_dialog: FinaliseDialog | None = None
        self.amend_dialog: AmendDialog | None = None
        self.disclosure_dialog: DisclosureDialog | None = None
        self.preview: QWidget | None = None
        self.last_readiness: dict[str, OutputReadiness] = {}
        self.last_routes: list[Route] = []

        self._analysis = QTimer(self)
        self._analysis.setSingleShot(True)
        self._analysis.setInterval(ANALYSIS_DELAY_MS)
        self._analysis.timeout.connect(self.refresh)

        self.loading = plain_label("Opening the case…")
        self.loading.setObjectName("editor_loading")
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._outer = QStackedWidget()
        self._outer.addWidget(self.loading)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._outer)
        runner.submit(lambda: open_for_editing(session, case_id), self._loaded, self._load_failed)

    # ------------------------------------------------------------------ loading and layout
    @property
    def case_id(self) -> str:
        return self._case_id

    @property
    def is_loaded(self) -> bool:
        return self.form is not None

    def _load_failed(self, error: BaseException) -> None:
        if not isValid(self):
            return  # closed before the case arrived
        text = str(error) if isinstance(error, ServiceError) else "The case could not be opened."
        self.loading.setText(text)
        self.failed.emit(text)

    def _loaded(self, result: object) -> None:
        if not isValid(self):
            return  # closed (or locked) before the case arrived: nothing was shown or changed
        assert isinstance(result, EditingCase)
        self.case = result
        version = result.opened.version
        self.form, self.nation = result.opened.form, result.opened.nation
        self._record = copy.deepcopy(version.document)
        answers = self._record.setdefault("answers", {})
        self._answers = answers if isinstance(answers, dict) else {}
        self._record["answers"] = self._answers
        self._revision_worker = version.revision  # no save can run before this
        self.status = result.status
        self._trigger_fields = self._condition_fields(self.form)
        self.autosaver = AutoSaver(self._runner, self.snapshot, self._save_on_worker, self)
        self.autosaver.saved.connect(self._on_saved)
        self.autosaver.failed.connect(self._on_save_failed)
        self.autosaver.pending_changed.connect(self._on_pending)
        self._build_body()
        self._set_read_only(result.read_only)
        first = next(s.id for s in self.form.sections)
        self.show_section(first)
        self.refresh()
        self.loaded.emit()

    @staticmethod
    def _condition_fields(form: FormDefinition) -> set[str]:
        """Answers that can show or hide something: only their changes re-check visibility."""
        found: set[str] = set()
        conditions = [s.shown_when for s in form.sections]
        for f in form.fields.values():
            conditions += [f.shown_when, *f.context_when]
        for condition in conditions:
            for leaf in references(condition):
                found.add(leaf.field)
                if leaf.field in DERIVED:
                    found.update(DERIVED[leaf.field][0])
        return found

    def _build_body(self) -> None:
        assert self.form is not None and self.case is not None
        body = QWidget()
        body.setObjectName("editor_body")
        self.title = heading_label("", "editor_title")
        self.status_text = plain_label("")
        self.status_text.setObjectName("case_status")
        self.status_text.setAccessibleName("Case status")
        self.saved_indicator = plain_label("No changes yet")
        self.saved_indicator.setObjectName("saved_indicator")
        self.saved_indicator.setAccessibleName("Save status")
        self.banner = plain_label("")
        self.banner.setObjectName("read_only_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "font-weight: bold; padding: 6px; border: 1px solid palette(mid);"
        )
        self.print_button = self._button(
            "Preview / print pack…", "print_button", "Preview or print the referral pack"
        )
        self.finalise_button = self._button(
            "Finalise…", "finalise_button", "Finalise with supervisor sign-off"
        )
        self.amend_button = self._button("Amend…", "amend_button", "Amend the finalised case")
        self.close_button = self._button(
            "Pause and close", "close_button", "Pause: save and return to the case list"
        )
        self.print_button.clicked.connect(self.start_print)
        self.finalise_button.clicked.connect(self.start_finalise)
        self.amend_button.clicked.connect(self.start_amend)
        self.close_button.clicked.connect(self.pause)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.status_text)
        top.addWidget(self.saved_indicator)
        for button in (
            self.print_button,
            self.finalise_button,
            self.amend_button,
            self.close_button,
        ):
            top.addWidget(button)

        self.navigator = SectionNavigator(self.form.sections)
        self.navigator.currentRowChanged.connect(self._navigator_moved)
        self.section_stack = QStackedWidget()
        self.section_stack.setObjectName("section_stack")
        for section in self.form.sections:
            scroll = QScrollArea()
            scroll.setObjectName(f"scroll_{section.id}")
            scroll.setWidgetResizable(True)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self._scrolls[section.id] = scroll
            self.section_stack.addWidget(scroll)
        self.routes_panel = RoutesPanel()
        self.routes_panel.jump_requested.connect(self.jump_to)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.section_stack)
        splitter.addWidget(self.routes_panel)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self._outer.addWidget(body)
        self._outer.setCurrentWidget(body)
        self._show_title()

    def _button(self, text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        return button

    def _show_title(self) -> None:
        assert self.case is not None
        names = [str(self._answers.get(k) or "").strip() for k in ("name_latin", "name_native")]
        shown = " · ".join(neutralise_bidi(n) for n in names if n)
        self.title.setText(f"{self.case.reference}  {shown}".strip())
        self.status_text.setText(status_label(self.status))

    # ------------------------------------------------------------------ sections and fields
    def make_input(self, field: Field, object_name: str) -> FieldInput:
        """The input for a field or group member (groups and attachments need more context)."""
        if field.type == "group":
            return GroupInput(field, object_name, self.make_input)
        if field.type == "indicators":
            return IndicatorsInput(field, object_name)
        if field.type in ("photo", "attachment"):
            context = AttachmentContext(
                self._session, self._case_id, self._runner, self._clock, self._dialogs
            )
            return AttachmentInput(field, object_name, context)
        return simple_input(field, object_name, self._clock.now)

    def page(self, section_id: str) -> SectionPage:
        """The section's page, built the first time it is needed."""
        if section_id in self.pages:
            return self.pages[section_id]
        assert self.form is not None
        section = self.form.section(section_id)
        rows = []
        for field in section.fields:
            field_input = self.make_input(field, field.id)
            field_input.set_value(self._answers.get(field.id))
            field_input.set_read_only(self.read_only)
            field_input.changed.connect(lambda f=field, i=field_input: self._input_changed(f, i))
            if isinstance(field_input, GroupInput):
                field_input.changed.connect(lambda s=section_id: self._retab(s))
            self.inputs[field.id] = field_input
            rows.append(FieldRow(field_input))
        page = SectionPage(section, rows)
        page.pause_requested.connect(self.pause)
        page.next_requested.connect(self.next_section)
        self.pages[section_id] = page
        self._scrolls[section_id].setWidget(page)
        self._apply_visibility(section_id)
        self._show_problems(section_id)
        self._retab(section_id)
        return page

    def _retab(self, section_id: str) -> None:
        page = self.pages.get(section_id)
        if page is not None:
            chain_tab_order(page)

    def show_section(self, section_id: str) -> None:
        self.page(section_id)
        self.current_section = section_id
        self.section_stack.setCurrentWidget(self._scrolls[section_id])
        row = self.navigator.row_of(section_id)
        if self.navigator.currentRow() != row:
            self.navigator.blockSignals(True)
            self.navigator.setCurrentRow(row)
            self.navigator.blockSignals(False)

    def _navigator_moved(self, row: int) -> None:
        if self.form is not None and 0 <= row < len(self.form.sections):
            self.show_section(self.form.sections[row].id)

    def next_section(self) -> None:
        """The next section that applies to this case."""
        assert self.form is not None
        ids = [s.id for s in self.form.sections]
        seen = effective_answers(self.form, self._answers)
        for section in self.form.sections[ids.index(self.current_section) + 1 :]:
            if evaluate(section.shown_when, seen):
                self.show_section(section.id)
                page = self.pages[section.id]
                first = next((r for r in page.rows.values() if r.isVisibleTo(page)), None)
                if first is not None:
                    first.input.focus_widget().setFocus()
                return

    def jump_to(self, field_id: str, section_id: str = "") -> None:
        """Show the section holding a field (or group item field) and put the cursor in it."""
        assert self.form is not None
        base = base_field_id(field_id)
        if not section_id and base in self.form.fields:
            section_id = self.form.fields[base].section_id
        if not section_id:
            return
        self.show_section(section_id)
        page = self.pages[section_id]
        target = page.findChild(QWidget, field_id)
        if target is None:
            target = page.findChild(QWidget, base)
        if target is None:
            return
        field_input = self.inputs.get(field_id)
        focus = field_input.focus_widget() if field_input is not None else target
        self._scrolls[section_id].ensureWidgetVisible(target)
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def field_widget(self, field_id: str) -> QWidget | None:
        """The widget named by a field id (building its section's page if needed)."""
        assert self.form is not None
        base = base_field_id(field_id)
        if base not in self.form.fields:
            return None
        page = self.page(self.form.fields[base].section_id)
        return page.findChild(QWidget, field_id)

    # ------------------------------------------------------------------ answers
    def answers(self) -> dict[str, Any]:
        """A copy of the answers as they stand on screen."""
        return copy.deepcopy(self._answers)

    def snapshot(self) -> dict[str, Any]:
        return copy.deepcopy(self._record)

    def _input_changed(self, field: Field, field_input: FieldInput) -> None:
        if self.read_only:
            return
        value = field_input.value()
        if value is None:
            self._answers.pop(field.id, None)
        else:
            self._answers[field.id] = value
        if field.id in self._trigger_fields:
            for section_id in self.pages:
                self._apply_visibility(section_id)
        if self.autosaver is not None:
            self.autosaver.changed()
        self._analysis.start()

    def _apply_visibility(self, section_id: str) -> None:
        assert self.form is not None
        page = self.pages.get(section_id)
        if page is None:
            return
        seen = effective_answers(self.form, self._answers)
        page.not_applicable.setVisible(not evaluate(page.section.shown_when, seen))
        for _field_id, row in page.rows.items():
            field = row.input.field
            row.setVisible(all(evaluate(c, seen) for c in (*field.context_when, field.shown_when)))
            if isinstance(row.input, GroupInput):
                row.input.refresh_visibility(seen)

    # ------------------------------------------------------------- analysis (routes, readiness)
    def refresh(self) -> None:
        """Re-check validation, readiness and routes now (normally 200 ms after typing stops)."""
        self._analysis.stop()
        if self.form is None or self.nation is None:
            return
        form, nation, record = self.form, nation_for(self._record), self._record  # the answer
        seen = effective_answers(form, self._answers)
        self._problems: dict[str, list[str]] = {}
        for problem in validate(form, record, today=self._clock.now().date()):
            self._problems.setdefault(problem.field_id, []).append(problem.message)
        self.last_readiness = readiness(record, form, nation)
        self.last_routes = compute_routes(record, form, nation)
        self._update_navigator(seen)
        for section_id in self.pages:
            self._show_problems(section_id)
        titles = {o.id: o.title for o in form.outputs.values()}
        section_of = {fid: f.section_id for fid, f in form.fields.items()}
        self.routes_panel.show_state(
            self.last_routes, self.action_items(seen), self.last_readiness, titles, section_of
        )
        self._show_title()
        self.analysed.emit()

    def action_items(self, seen: Mapping[str, Any]) -> list[Action]:
        """The action checklist: output checks that apply, and each route's referral step."""
        assert self.form is not None
        found: dict[str, Action] = {}
        for output_id in self.last_readiness:
            for check in self.form.outputs[output_id].checks:
                if evaluate(check.when, seen) and check.field_id not in found:
                    found[check.field_id] = Action(
                        check.field_id, check.message, evaluate(check.require, seen)
                    )
        for route in self.last_routes:
            if route.id in ROUTE_ACTIONS:
                field_id, text = ROUTE_ACTIONS[route.id]
                if field_id in self.form.fields and field_id not in found:
                    found[field_id] = Action(field_id, text, seen.get(field_id) == "yes")
        return list(found.values())

    def missing(self) -> list[tuple[str, MissingField]]:
        return [(o, m) for o, state in self.last_readiness.items() for m in state.missing]

    def _update_navigator(self, seen: Mapping[str, Any]) -> None:
        assert self.form is not None
        counts: dict[str, set[str]] = {}
        for _output, m in self.missing():
            counts.setdefault(m.section_id, set()).add(m.field_id)
        for field_id in self._problems:
            base = base_field_id(field_id)
            if base in self.form.fields:
                counts.setdefault(self.form.fields[base].section_id, set()).add(field_id)
        for section in self.form.sections:
            if not evaluate(section.shown_when, seen):
                self.navigator.set_state(section.id, NOT_APPLICABLE)
            elif not any(is_answered(seen.get(f.id)) for f in section.fields) and not any(
                base_field_id(p) in section_fields(section) for p in self._problems
            ):
                # Calm at the start: an untouched section is "not started", not a red flag
                # (the routes panel still lists what each document needs).
                self.navigator.set_state(section.id, NOT_STARTED)
            elif counts.get(section.id):
                self.navigator.set_state(section.id, ATTENTION, len(counts[section.id]))
            else:
                self.navigator.set_state(section.id, COMPLETE)

    def _show_problems(self, section_id: str) -> None:
        page = self.pages.get(section_id)
        problems = getattr(self, "_problems", {})
        if page is None:
            return
        for field_id, row in page.rows.items():
            row.set_message(" ".join(problems.get(field_id, [])))
            if isinstance(row.input, GroupInput):
                row.input.show_problems({k: " ".join(v) for k, v in problems.items() if "[" in k})

    # ------------------------------------------------------------------ saving
    def _save_on_worker(self, record: dict[str, Any]) -> tuple[int, str]:
        """Runs on the worker thread, after any earlier save: the revision is always current."""
        version = save_draft(
            self._session, record, clock=self._clock, expected_revision=self._revision_worker
        )
        self._revision_worker = version.revision
        return version.revision, current_status(self._session, self._case_id)

    def _on_saved(self, result: object) -> None:
        if not isValid(self):
            return
        if isinstance(result, tuple):
            self.status = str(result[1])
        moment = self._clock.now().astimezone().strftime("%H:%M")
        self.saved_indicator.setText(f"Saved at {moment}")
        self._show_title()
        self.saved.emit()

    def _on_pending(self, pending: bool) -> None:
        if pending and not self.saved_indicator.text().startswith("Not saved"):
            self.saved_indicator.setText("Saving soon…")

    def _on_save_failed(self, error: object) -> None:
        text = str(error) if isinstance(error, ServiceError) else "the vault could not be written"
        self.saved_indicator.setText("Not saved")
        self.banner.setText(
            f"Not saved: {text} What you typed is still on screen; do not close the laptop."
        )
        self.banner.setVisible(True)

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
        if self.autosaver is not None:
            self.autosaver.enabled = not read_only
        for field_input in self.inputs.values():
            field_input.set_read_only(read_only)
        self.finalise_button.setVisible(not read_only)
        self.amend_button.setVisible(read_only)
        self.banner.setText(
            "This case is finalised and read-only. To change it, choose Amend and give a reason."
            if read_only
            else ""
        )
        self.banner.setVisible(read_only)
        for section_id in self.pages:
            self._retab(section_id)

    def _adopt(self, document: dict[str, Any], status: str) -> None:
        """Take a version saved by sign-off or amendment as the record being edited."""
        self._record = copy.deepcopy(document)
        answers = self._record.setdefault("answers", {})
        self._answers = answers if isinstance(answers, dict) else {}
        self._record["answers"] = self._answers
        self.status = status
        for field_id, field_input in self.inputs.items():
            field_input.set_value(self._answers.get(field_id))
        self._set_read_only(status in READ_ONLY)
        for section_id in self.pages:
            self._apply_visibility(section_id)
        self.refresh()

    def gaps(self) -> list[tuple[str, str, MissingField]]:
        """What applicable outputs still need with no recorded reason (finalising needs one)."""
        assert self.form is not None
        given = self._record.get("gap_reasons", {})
        result = []
        for output_id, m in self.missing():
            reasons = given.get(output_id, {}) if isinstance(given, dict) else {}
            if not str(reasons.get(m.field_id, "")).strip():
                result.append((output_id, self.form.outputs[output_id].title, m))
        return result

    def start_finalise(self) -> None:
        assert self.case is not None
        self.flush()
        self.refresh()
        dialog = FinaliseDialog(self.case.supervisors, self.gaps(), self)
        dialog.submitted.connect(lambda: self._finalise(dialog))
        self.finalise_dialog = dialog
        dialog.open()

    def _finalise(self, dialog: FinaliseDialog) -> None:
        name, passphrase = dialog.supervisor_name(), dialog.passphrase.text()
        reasons = dialog.gap_reasons()
        session, case_id, clock = self._session, self._case_id, self._clock

        def work() -> tuple[dict[str, Any], str]:
            version = finalise_case(
                session,
                case_id,
                supervisor_name=name,
                supervisor_passphrase=passphrase,
                clock=clock,
                gap_reasons=reasons,
            )
            self._revision_worker = version.revision
            return version.document, current_status(session, case_id)

        def done(result: object) -> None:
            if not isValid(self):
                return  # locked meanwhile: the sign-off is saved; the editor is gone
            document, status = cast(tuple[dict[str, Any], str], result)
            dialog.passphrase.clear()
            dialog.accept()
            self._adopt(document, status)
            self.saved_indicator.setText("Finalised and signed off")

        def failed(error: BaseException) -> None:
            if isValid(self):
                dialog.show_error(
                    str(error) if isinstance(error, ServiceError) else "Sign-off failed; try again."
                )

        self._runner.submit(work, done, failed)

    def start_amend(self) -> None:
        dialog = AmendDialog(self)
        dialog.submitted.connect(lambda: self._amend(dialog))
        self.amend_dialog = dialog
        dialog.open()

    def _amend(self, dialog: AmendDialog) -> None:
        reason = dialog.reason.toPlainText()
        session, case_id, clock = self._session, self._case_id, self._clock

        def work() -> tuple[dict[str, Any], str]:
            version = amend_case(session, case_id, reason=reason, clock=clock)
            self._revision_worker = version.revision
            return version.document, current_status(session, case_id)

        def done(result: object) -> None:
            if not isValid(self):
                return
            document, status = cast(tuple[dict[str, Any], str], result)
            dialog.accept()
            self._adopt(document, status)

        def failed(error: BaseException) -> None:
            if isValid(self):
                dialog.show_error(str(error) if isinstance(error, ServiceError) else "Not amended.")

        self._runner.submit(work, done, failed)

    # ------------------------------------------------------------------ print with disclosure log
    def start_print(self) -> None:
        """Ask for the disclosure-log entry first, then show the pack for printing."""
        dialog = DisclosureDialog(self)
        dialog.submitted.connect(lambda: self._record_disclosure(dialog))
        self.disclosure_dialog = dialog
        dialog.open()

    def _record_disclosure(self, dialog: DisclosureDialog) -> None:
        assert self.case is not None
        entry = {
            "disclosure_what": f"Referral pack for case {self.case.reference} (print preview)",
            "disclosure_to": dialog.to.text(),
            "disclosure_at": iso(self._clock.now())[:16],
            "disclosure_why": dialog.why.toPlainText(),
            "disclosure_by": self.case.worker_name,
        }
        if self.read_only:
            # A signed-off case takes the entry as a new version that keeps its sign-off.
            session, case_id, clock = self._session, self._case_id, self._clock

            def work() -> dict[str, Any]:
                version = log_disclosure(session, case_id, entry, clock=clock)
                self._revision_worker = version.revision
                return version.document

            try:
                document = cast(dict[str, Any], self._runner.run_blocking(work))
            except ServiceError as exc:
                dialog.show_error(str(exc))
                return
            stored = document.get("answers", {}).get("disclosures")
            self._answers["disclosures"] = copy.deepcopy(stored) if stored else []
            if "disclosures" in self.inputs:
                self.inputs["disclosures"].set_value(self._answers["disclosures"])
        else:
            entries = self._answers.get("disclosures")
            self._answers["disclosures"] = [*(entries if isinstance(entries, list) else []), entry]
            if "disclosures" in self.inputs:
                self.inputs["disclosures"].set_value(self._answers["disclosures"])
            assert self.autosaver is not None
            self.autosaver.changed()
            self.flush()
            if self.autosaver.dirty:
                dialog.show_error("The disclosure could not be saved, so the pack is not shown.")
                return
            self.refresh()
        dialog.accept()
        self._open_preview()

    def _open_preview(self) -> None:
        try:
            module = importlib.import_module(PREVIEW_MODULE)
        except ImportError:
            self._dialogs.inform(self, "Referral pack", "Printing is not part of this build.")
            return
        preview = module.PrintPreviewDialog(
            session=self._session,
            case_id=self._case_id,
            runner=self._runner,
            clock=self._clock,
            dialogs=self._dialogs,
            parent=self,
        )
        preview.finished.connect(self._after_preview)
        self.preview = preview
        preview.open()

    def _after_preview(self, _result: int = 0) -> None:
        """Saving the pack as a PDF logs a disclosure as a new version: take it in."""
        session, case_id = self._session, self._case_id

        def work() -> tuple[int, dict[str, Any], str]:
            version = open_for_editing(session, case_id).opened.version
            changed = version.revision != self._revision_worker
            self._revision_worker = version.revision
            return (1 if changed else 0), version.document, current_status(session, case_id)

        def done(result: object) -> None:
            if not isValid(self):
                return
            changed, document, status = cast(tuple[int, dict[str, Any], str], result)
            if changed:
                stored = document.get("answers", {}).get("disclosures")
                if stored is not None:
                    self._answers["disclosures"] = copy.deepcopy(stored)
                    if "disclosures" in self.inputs:
                        self.inputs["disclosures"].set_value(stored)
                self.status = status
                self.refresh()

        self._runner.submit(work, done, lambda _e: None)
