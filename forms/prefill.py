"""What the app fills into an empty box: indicators, interview context, answers given once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forms.conditions import effective_answers, is_answered
from forms.controlled_lists import load_list
from forms.indicators import indicators_narrative
from forms.model import FormDefinition


def _language(code: object) -> str:
    return load_list("languages").label(str(code)) if code else "a language not recorded"


def interview_context(answers: Mapping[str, Any], form: FormDefinition) -> str:
    """A plain summary of the Session and safety page for the NRM's interview-context box."""
    parts: list[str] = []
    when, where = answers.get("met_at"), answers.get("met_place_detail")
    place = form.fields["met_place_type"].option_label(str(answers.get("met_place_type", "")))
    if when or answers.get("met_place_type"):
        parts.append(f"Met {f'on {when} ' if when else ''}at {where or place}.".replace("  ", " "))
    if answers.get("present_people"):
        parts.append(f"Also present: {answers['present_people']}.")
    if answers.get("accompanied") == "yes":
        separated = answers.get("accompanying_adult_separated") == "yes"
        parts.append(
            "They arrived with someone, who was "
            + ("separated from them before any questions." if separated else "not separated.")
        )
    if answers.get("interpreter_used") == "yes":
        mode = form.fields["interpreter_type"].option_label(str(answers.get("interpreter_type")))
        checked = answers.get("interpreter_independent_confirmed") == "yes"
        parts.append(
            f"Interpreter ({mode.lower()}) in {_language(answers.get('interpreter_language'))}; "
            + ("independence confirmed." if checked else "independence not confirmed.")
        )
    breaks = answers.get("breaks")
    if isinstance(breaks, list) and breaks:
        reasons = [str(b.get("break_reason", "")).strip() for b in breaks if isinstance(b, dict)]
        listed = "; ".join(r for r in reasons if r)
        parts.append(f"Breaks taken: {len(breaks)}{f' ({listed})' if listed else ''}.")
    if answers.get("distress_observed"):
        parts.append(f"Distress observed: {answers['distress_observed']}")
    return " ".join(parts)


def with_generated_text(record: Mapping[str, Any], form: FormDefinition) -> dict[str, Any]:
    """The answers, with empty generated boxes filled in; what the worker typed always wins."""
    raw = record.get("answers", {})
    answers: dict[str, Any] = dict(raw) if isinstance(raw, Mapping) else {}
    if answers.get("indicators_identified") == "yes" and not answers.get("indicators_details"):
        narrative = indicators_narrative(record, form)
        if narrative:
            answers["indicators_details"] = narrative
    if not answers.get("interview_context"):
        context = interview_context(answers, form)
        if context:
            answers["interview_context"] = context
    return with_same_answers(answers, form)


def with_same_answers(answers: dict[str, Any], form: FormDefinition) -> dict[str, Any]:
    """Empty `same_as` questions take the answer of the question they repeat (if it is shown).

    The language was asked four times (interpreting language, languages spoken, first language,
    the language needed for the NRM, the language of the consent explanation and of the
    information pack); now it is asked once and the documents read that answer.
    """
    seen = effective_answers(form, answers)
    for f in form.top_level():
        if f.same_as is None or is_answered(answers.get(f.id)):
            continue
        value = seen.get(f.same_as)
        if not is_answered(value):
            continue
        if f.multiple and not isinstance(value, list):
            value = [value]
        elif not f.multiple and isinstance(value, list):
            value = value[0]
        answers[f.id] = value
    return answers
