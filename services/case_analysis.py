"""What the editor shows about a case besides its answers, worked out from one snapshot.

Problems beside fields, each output's readiness, the routes that apply, the action checklist,
each section's state in the navigator and the gaps that finalising needs a reason for (also
grouped one per question, for the sign-off). Pure and Qt-free: the editor runs `analyse_case`
on the worker thread over a copy of the record and applies the frozen result on the UI thread,
so typing never waits for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from forms.conditions import effective_answers, evaluate, is_answered
from forms.model import FormDefinition
from forms.nations import NationConfig
from forms.readiness import (
    Gap,
    GapQuestion,
    MissingField,
    OutputReadiness,
    gap_questions,
    readiness,
    unexplained_gaps,
)
from forms.referral_steps import DONE, referral_steps
from forms.routes import Route, compute_routes
from forms.validation import validate

COMPLETE, ATTENTION, NOT_APPLICABLE, NOT_STARTED = (
    "complete",
    "attention",
    "not_applicable",
    "not_started",
)


@dataclass(frozen=True)
class ActionItem:
    """One thing to have done (children's services contacted before the NRM, ...)."""

    field_id: str
    text: str
    done: bool


@dataclass(frozen=True)
class SectionState:
    state: str  # COMPLETE, ATTENTION, NOT_APPLICABLE or NOT_STARTED
    count: int = 0  # how many fields need attention


@dataclass(frozen=True)
class CaseAnalysis:
    problems: Mapping[str, tuple[str, ...]]  # field id (group items: id[0].sub) -> messages
    readiness: Mapping[str, OutputReadiness]  # per applicable output
    routes: tuple[Route, ...]
    actions: tuple[ActionItem, ...]
    sections: Mapping[str, SectionState]
    gaps: tuple[Gap, ...]
    questions: tuple[GapQuestion, ...]  # the gaps, one per question, for the sign-off

    def missing(self) -> list[tuple[str, MissingField]]:
        """(output id, missing field) for every applicable output."""
        return [(o, m) for o, state in self.readiness.items() for m in state.missing]


def base_field_id(field_id: str) -> str:
    """`situations[0].situation_type` -> `situations`."""
    return field_id.split("[", 1)[0]


def analyse_case(
    record: Mapping[str, Any],
    form: FormDefinition,
    nation: NationConfig,
    *,
    today: dt.date,
    printing: bool = True,
) -> CaseAnalysis:
    """`printing=False` leaves out the glyph check, which loads the document fonts (~0.2 s the
    first time): opening a case shows it without waiting for them."""
    raw = record.get("answers", {})
    seen = effective_answers(form, raw if isinstance(raw, Mapping) else {})
    problems: dict[str, list[str]] = {}
    for problem in validate(form, record, today=today):
        problems.setdefault(problem.field_id, []).append(problem.message)
    for field_id, messages in (_unprintable(record) if printing else {}).items():
        problems.setdefault(field_id, []).extend(messages)
    states = readiness(record, form, nation)
    routes = tuple(compute_routes(record, form, nation))
    gaps = tuple(unexplained_gaps(record, form, nation, states))
    return CaseAnalysis(
        problems=MappingProxyType({k: tuple(v) for k, v in problems.items()}),
        readiness=MappingProxyType(states),
        routes=routes,
        actions=_actions(form, seen, states, routes),
        sections=MappingProxyType(_sections(form, seen, states, problems)),
        gaps=gaps,
        questions=tuple(gap_questions(gaps, form)),
    )


def _unprintable(record: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Characters no shipped font has, by field (issue 14): told while typing, not at print."""
    # Imported here: the documents bring reportlab, which opening the editor must not wait for.
    from services.documents import unprintable_by_field

    return unprintable_by_field(dict(record))


def _actions(
    form: FormDefinition,
    seen: Mapping[str, Any],
    states: Mapping[str, OutputReadiness],
    routes: tuple[Route, ...],
) -> tuple[ActionItem, ...]:
    """Output checks that apply, then each applying route's referral step, once per field."""
    found: dict[str, ActionItem] = {}
    for output_id in states:
        for check in form.outputs[output_id].checks:
            if evaluate(check.when, seen) and check.field_id not in found:
                done = evaluate(check.require, seen)
                found[check.field_id] = ActionItem(check.field_id, check.message, done)
    for step in referral_steps(form, (r.id for r in routes)):
        if step.field_id not in found:
            done = seen.get(step.field_id) == DONE
            found[step.field_id] = ActionItem(step.field_id, step.text, done)
    return tuple(found.values())


def _sections(
    form: FormDefinition,
    seen: Mapping[str, Any],
    states: Mapping[str, OutputReadiness],
    problems: Mapping[str, list[str]],
) -> dict[str, SectionState]:
    needing: dict[str, set[str]] = {}  # section id -> field ids that need attention
    for state in states.values():
        for m in state.missing:
            needing.setdefault(m.section_id, set()).add(m.field_id)
    for field_id in problems:
        base = base_field_id(field_id)
        if base in form.fields:
            needing.setdefault(form.fields[base].section_id, set()).add(field_id)
    result: dict[str, SectionState] = {}
    for section in form.sections:
        own = {f.id for f in section.fields}
        if not evaluate(section.shown_when, seen):
            result[section.id] = SectionState(NOT_APPLICABLE)
        elif not any(is_answered(seen.get(f)) for f in own) and not any(
            base_field_id(p) in own for p in problems
        ):
            # Calm at the start: an untouched section is "not started", not a red flag
            # (the routes panel still lists what each document needs).
            result[section.id] = SectionState(NOT_STARTED)
        elif needing.get(section.id):
            result[section.id] = SectionState(ATTENTION, len(needing[section.id]))
        else:
            result[section.id] = SectionState(COMPLETE)
    return result
