"""The editor's section pages: built on first view, their inputs, visibility, messages, focus.

Owns every field input (keyed by the definition's field id, which is also each input's object
name) and writes what is typed into the edited record; the editor hears `answer_changed`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QScrollArea, QStackedWidget, QWidget

from forms.age import DERIVED
from forms.conditions import effective_answers, evaluate, references
from forms.model import Field, FormDefinition
from services.case_analysis import base_field_id
from ui.editor.attachment_input import AttachmentContext, AttachmentInput
from ui.editor.editing import EditedRecord, EditorContext
from ui.editor.field_input import FieldInput
from ui.editor.group_input import GroupInput
from ui.editor.indicators_input import IndicatorsInput
from ui.editor.inputs import simple_input
from ui.editor.rows import FieldRow
from ui.editor.section_page import SectionPage
from ui.editor.tab_order import chain_widgets, focus_chain


def condition_fields(form: FormDefinition) -> set[str]:
    """Answers that can show or hide something: only their changes re-check visibility."""
    found: set[str] = set()
    conditions = [s.shown_when for s in form.sections]
    for f in form.fields.values():
        conditions += [f.shown_when, f.warning_when, *f.context_when]
    for condition in conditions:
        for leaf in references(condition):
            found.add(leaf.field)
            if leaf.field in DERIVED:
                found.update(DERIVED[leaf.field][0])
    return found


class SectionPages(QStackedWidget):
    """One scroll area per section; emits `answer_changed(field_id)` after a typed change."""

    answer_changed = Signal(str)
    section_shown = Signal(str)
    pause_requested = Signal()

    def __init__(self, form: FormDefinition, context: EditorContext, record: EditedRecord) -> None:
        super().__init__()
        self.setObjectName("section_stack")
        self.form, self._context, self._record = form, context, record
        self.inputs: dict[str, FieldInput] = {}
        self.pages: dict[str, SectionPage] = {}
        self.scrolls: dict[str, QScrollArea] = {}
        self.read_only = False
        self.current = ""
        # Sections whose error summary shows (the editor shares the navigator's set).
        self.checked: set[str] = set()
        # Set by the editor: the focusable widgets before and after the pages, in Tab order.
        self.tab_before: Callable[[], list[QWidget]] = list
        self.tab_after: Callable[[], list[QWidget]] = list
        self._problems: Mapping[str, tuple[str, ...]] = {}
        self._triggers = condition_fields(form)
        for section in form.sections:
            scroll = QScrollArea()
            scroll.setObjectName(f"scroll_{section.id}")
            scroll.setWidgetResizable(True)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.scrolls[section.id] = scroll
            self.addWidget(scroll)

    def make_input(self, field: Field, object_name: str) -> FieldInput:
        """The input for a field or group member (groups and attachments need more context)."""
        if field.type == "group":
            return GroupInput(field, object_name, self.make_input)
        if field.type == "indicators":
            return IndicatorsInput(field, object_name)
        if field.type in ("photo", "attachment"):
            c = self._context
            context = AttachmentContext(c.session, c.case_id, c.runner, c.clock, c.dialogs)
            return AttachmentInput(field, object_name, context)
        return simple_input(field, object_name, self._context.clock.now)

    def page(self, section_id: str) -> SectionPage:
        """The section's page, built the first time it is needed."""
        if section_id in self.pages:
            return self.pages[section_id]
        section = self.form.section(section_id)
        rows = []
        for field in section.fields:
            field_input = self.make_input(field, field.id)
            field_input.set_value(self._record.answers.get(field.id))
            field_input.set_read_only(self.read_only)
            field_input.changed.connect(lambda f=field, i=field_input: self._changed(f, i))
            if isinstance(field_input, GroupInput | AttachmentInput):
                # Items and attached files add buttons and fields: Tab must reach them in order.
                field_input.changed.connect(lambda s=section_id: self.retab(s))
            self.inputs[field.id] = field_input
            rows.append(FieldRow(field_input))
        page = SectionPage(section, rows)
        page.pause_requested.connect(self.pause_requested)
        page.next_requested.connect(self.next_section)
        page.jump_requested.connect(self.jump_to)
        self.pages[section_id] = page
        self.scrolls[section_id].setWidget(page)
        self._apply_visibility(section_id)
        self._show_problems(section_id)
        self.retab(section_id)
        return page

    def retab(self, section_id: str) -> None:
        """Tab order = reading order: what comes before the page (header, section list), the
        page top to bottom, then what follows it (the routes panel)."""
        page = self.pages.get(section_id)
        if page is None:
            return
        if section_id == self.current:
            chain_widgets([*self.tab_before(), *focus_chain(page), *self.tab_after()])
        else:
            chain_widgets(focus_chain(page))

    def show_section(self, section_id: str) -> None:
        self.page(section_id)
        self.current = section_id
        self.setCurrentWidget(self.scrolls[section_id])
        self.retab(section_id)
        self.section_shown.emit(section_id)

    def next_section(self) -> None:
        """The next section that applies to this case, with the cursor in its first question."""
        self._step(1)

    def previous_section(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        ids = [s.id for s in self.form.sections]
        seen = effective_answers(self.form, self._record.answers)
        here = ids.index(self.current)
        ahead = self.form.sections[here + 1 :] if direction > 0 else self.form.sections[:here][::-1]
        for section in ahead:
            if evaluate(section.shown_when, seen):
                self.show_section(section.id)
                self.focus_first()
                return

    def focus_first(self) -> None:
        """The cursor in the current section's first visible question."""
        page = self.pages.get(self.current)
        if page is None:
            return
        first = next((r for r in page.rows.values() if r.isVisibleTo(page)), None)
        target = first.input.focus_widget() if first is not None else page.next_button
        self.scrolls[self.current].ensureWidgetVisible(target)
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def jump_to(self, field_id: str, section_id: str = "") -> None:
        """Show the section holding a field (or group item field) and put the cursor in it."""
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
        self.scrolls[section_id].ensureWidgetVisible(target)
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def field_widget(self, field_id: str) -> QWidget | None:
        """The widget named by a field id (building its section's page if needed)."""
        base = base_field_id(field_id)
        if base not in self.form.fields:
            return None
        page = self.page(self.form.fields[base].section_id)
        return page.findChild(QWidget, field_id)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for field_input in self.inputs.values():
            field_input.set_read_only(read_only)
        for section_id in self.pages:
            self.retab(section_id)

    def show_answers(self) -> None:
        """Put the edited record's answers back into every input (after another version came)."""
        for field_id, field_input in self.inputs.items():
            field_input.set_value(self._record.answers.get(field_id))
        for section_id in self.pages:
            self._apply_visibility(section_id)

    def show_answer(self, field_id: str) -> None:
        if field_id in self.inputs:
            self.inputs[field_id].set_value(self._record.answers.get(field_id))

    def show_problems(self, problems: Mapping[str, tuple[str, ...]]) -> None:
        self._problems = problems
        for section_id in self.pages:
            self._show_problems(section_id)

    def _changed(self, field: Field, field_input: FieldInput) -> None:
        if self.read_only:
            return
        self._record.set_answer(field.id, field_input.value())
        if field.id in self._triggers:
            for section_id in self.pages:
                self._apply_visibility(section_id)
        self.answer_changed.emit(field.id)

    def _apply_visibility(self, section_id: str) -> None:
        page = self.pages.get(section_id)
        if page is None:
            return
        seen: dict[str, Any] = effective_answers(self.form, self._record.answers)
        page.not_applicable.setVisible(not evaluate(page.section.shown_when, seen))
        for row in page.rows.values():
            field = row.input.field
            row.setVisible(all(evaluate(c, seen) for c in (*field.context_when, field.shown_when)))
            row.show_warning(bool(field.warning) and evaluate(field.warning_when, seen))
            if isinstance(row.input, GroupInput):
                row.input.refresh_visibility(seen)

    def _show_problems(self, section_id: str) -> None:
        page = self.pages.get(section_id)
        if page is None:
            return
        problems = self._problems
        for field_id, row in page.rows.items():
            row.set_message(" ".join(problems.get(field_id, ())))
            if isinstance(row.input, GroupInput):
                row.input.show_problems({k: " ".join(v) for k, v in problems.items() if "[" in k})
        summary = [
            (field_id, f"{row.input.field.label}: {' '.join(problems[field_id])}")
            for field_id, row in page.rows.items()
            if problems.get(field_id) and row.isVisibleTo(page)
        ]
        if page.errors.show_problems(summary if section_id in self.checked else []):
            self.retab(section_id)  # its links are Tab stops, first on the page

    def recheck(self) -> None:
        """Show the error summaries of the sections now checked."""
        for section_id in self.pages:
            self._show_problems(section_id)
