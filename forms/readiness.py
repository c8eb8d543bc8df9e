"""Per-output readiness ("ready" or what is still needed) and finalising with gap reasons."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from forms import anonymity
from forms.conditions import effective_answers, evaluate, is_answered
from forms.model import Field, FormDefinition
from forms.nations import NationConfig
from forms.prefill import with_generated_text
from forms.routes import compute_routes


@dataclass(frozen=True)
class MissingField:
    """Something an output still needs; group members have ids like situations[0].situation_type."""

    field_id: str
    label: str
    section_id: str


@dataclass(frozen=True)
class OutputReadiness:
    output_id: str
    ready: bool
    missing: tuple[MissingField, ...]


def applicable_outputs(
    record: Mapping[str, Any], form: FormDefinition, nation_config: NationConfig
) -> list[str]:
    """Outputs whose route applies, plus those that always apply (the record of first contact)."""
    routes = {r.id for r in compute_routes(record, form, nation_config)}
    return [o.id for o in form.outputs.values() if not o.routes or routes & set(o.routes)]


def _group_missing(
    f: Field, items: list[Any], output_id: str, seen: dict[str, Any]
) -> list[MissingField]:
    missing: list[MissingField] = []
    for index, item in enumerate(items):
        scope = {**seen, **(item if isinstance(item, dict) else {})}
        for sub in f.sub_fields:
            needed = output_id in sub.required_for and evaluate(sub.shown_when, scope)
            if needed and not is_answered(scope.get(sub.id)):
                label = f"{f.label} {index + 1}: {sub.label}"
                missing.append(MissingField(f"{f.id}[{index}].{sub.id}", label, f.section_id))
    return missing


def output_missing(
    record: Mapping[str, Any], form: FormDefinition, output_id: str
) -> tuple[MissingField, ...]:
    """What one output still needs, whether or not it currently applies."""
    seen = effective_answers(form, with_generated_text(record, form))
    output = form.outputs[output_id]
    missing: dict[str, MissingField] = {}
    for f in form.top_level():
        if not all(evaluate(c, seen) for c in (*f.context_when, f.shown_when)):
            continue  # hidden: not needed
        if not anonymity.allowed(output, seen, f):
            continue  # an anonymous notification never carries it, so it cannot be missing
        value = seen.get(f.id)
        if output_id in f.required_for and not is_answered(value):
            missing[f.id] = MissingField(f.id, f.label, f.section_id)
        elif f.type == "group" and isinstance(value, list):
            for m in _group_missing(f, value, output_id, seen):
                missing[m.field_id] = m
    for check in output.checks:
        if evaluate(check.when, seen) and not evaluate(check.require, seen):
            section = form.fields[check.field_id].section_id
            missing[check.field_id] = MissingField(check.field_id, check.message, section)
    raw = record.get("answers", {})
    for p in anonymity.identifying_answers(
        raw if isinstance(raw, Mapping) else {}, seen, form, output
    ):
        missing[p.field_id] = MissingField(p.field_id, f"{p.label}: {p.message}", p.section_id)
    return tuple(missing.values())


def readiness(
    record: Mapping[str, Any], form: FormDefinition, nation_config: NationConfig
) -> dict[str, OutputReadiness]:
    """For every output that applies to this case: ready, or the fields it still needs."""
    result: dict[str, OutputReadiness] = {}
    for output_id in applicable_outputs(record, form, nation_config):
        missing = output_missing(record, form, output_id)
        result[output_id] = OutputReadiness(output_id, not missing, missing)
    return result


@dataclass(frozen=True)
class Gap:
    """Something an applicable output still needs, with no reason recorded for leaving it."""

    output_id: str
    output_title: str
    missing: MissingField


def unexplained_gaps(
    record: Mapping[str, Any],
    form: FormDefinition,
    nation_config: NationConfig,
    states: Mapping[str, OutputReadiness] | None = None,
) -> list[Gap]:
    """Missing answers of the outputs that apply, less those with a reason in `gap_reasons`.

    Pass `states` when readiness was already worked out for this record, to skip doing it again.
    """
    raw = record.get("gap_reasons", {})
    reasons: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    if states is None:
        states = readiness(record, form, nation_config)
    gaps: list[Gap] = []
    for output_id, state in states.items():
        given = reasons.get(output_id, {})
        for m in state.missing:
            reason = given.get(m.field_id) if isinstance(given, Mapping) else None
            if not (isinstance(reason, str) and reason.strip()):
                gaps.append(Gap(output_id, form.outputs[output_id].title, m))
    return gaps


# The reason sign-off offers for a question marked `after_first_contact`; the worker can change it.
NOT_ASKED_AT_FIRST_CONTACT = "Not asked at first contact"


@dataclass(frozen=True)
class GapQuestion:
    """One unanswered question needing a reason, however many documents need it."""

    field_id: str
    label: str
    section_id: str
    outputs: tuple[tuple[str, str], ...]  # (output id, title) of each document that needs it
    after_first_contact: bool

    @property
    def suggested_reason(self) -> str:
        return NOT_ASKED_AT_FIRST_CONTACT if self.after_first_contact else ""


def gap_questions(gaps: list[Gap] | tuple[Gap, ...], form: FormDefinition) -> list[GapQuestion]:
    """The gaps grouped by question, in the order they first appear.

    A question several documents need (the person's name for the NRM, children's services and
    the guardian) is asked for one reason, which `reasons_for_outputs` records for each.
    """
    grouped: dict[str, list[Gap]] = {}
    for gap in gaps:
        grouped.setdefault(gap.missing.field_id, []).append(gap)
    questions: list[GapQuestion] = []
    for field_id, same in grouped.items():
        f = form.fields.get(field_id.split("[", 1)[0])
        # The question's own wording where a document has it, not a check's summary of it.
        labels = [g.missing.label for g in same]
        label = f.label if f is not None and f.label in labels else labels[0]
        outputs = tuple(dict.fromkeys((g.output_id, g.output_title) for g in same))
        later = f is not None and f.after_first_contact
        questions.append(GapQuestion(field_id, label, same[0].missing.section_id, outputs, later))
    return questions


def reasons_for_outputs(
    questions: list[GapQuestion] | tuple[GapQuestion, ...], typed: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """One reason per question (field id -> text) as `gap_reasons` stores it: per document."""
    reasons: dict[str, dict[str, str]] = {}
    for question in questions:
        text = typed.get(question.field_id, "").strip()
        if text:
            for output_id, _title in question.outputs:
                reasons.setdefault(output_id, {})[question.field_id] = text
    return reasons


def can_finalise(
    record: Mapping[str, Any], form: FormDefinition, nation_config: NationConfig
) -> tuple[bool, list[str]]:
    """Finalising needs every applicable output ready, or a recorded reason for each gap.

    Saving is never blocked; this only gates marking the case ready for export.
    """
    gaps = [
        f"{g.output_title}: {g.missing.label}"
        for g in unexplained_gaps(record, form, nation_config)
    ]
    return not gaps, gaps
