"""Inline validation messages (bad phone, email, too long, future date...); never blocks saving."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from forms.age import CONCLUDED_ADULT_GUIDANCE, TURNING_18, age_presumption
from forms.anonymity import identifying_answers
from forms.conditions import effective_answers, evaluate
from forms.controlled_lists import load_list
from forms.identifiers import NAME_FIELDS, found, needles
from forms.indicators import HOW_OBSERVED, RISK_ANSWERS
from forms.model import Field, FormDefinition
from forms.phones import phone_problem
from forms.prefill import with_generated_text

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
ATTACHMENT_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
)


@dataclass(frozen=True)
class FieldProblem:
    field_id: str
    message: str


def _date(value: object) -> dt.date | None:
    if isinstance(value, str) and len(value) >= 10 and _DATE.match(value[:10]):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _check(f: Field, value: Any, today: dt.date) -> list[str]:
    """Problems with one answer, in words the worker can act on."""
    problems: list[str] = []
    if f.type in ("text", "long_text", "phone", "email"):
        if not isinstance(value, str):
            return ["Should be text."]
        if f.max_length is not None and len(value) > f.max_length:
            problems.append(f"Too long: {len(value):,} characters; the limit is {f.max_length:,}.")
        if f.id == "last_contact_details" and _URL.search(value):
            problems.append("Remove web links: the official form does not accept them.")
    if f.type == "phone" and isinstance(value, str):
        if phone_problem(value):
            problems.append(phone_problem(value))
    elif f.type == "email" and isinstance(value, str) and not _EMAIL.match(value.strip()):
        problems.append("This does not look like an email address.")
    elif f.type in ("date", "datetime"):
        day = _date(value)
        if day is None:
            problems.append("Not a valid date.")
        elif day > today:
            problems.append("This date is in the future.")
        elif day.year < 1900:
            problems.append("Dates before 1900 are not accepted.")
    elif f.type == "partial_date":
        problems += _partial_date(value, today)
    elif f.type == "number":
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append("Should be a whole number.")
        elif (f.min_value is not None and value < f.min_value) or (
            f.max_value is not None and value > f.max_value
        ):
            problems.append(f"Should be between {f.min_value} and {f.max_value}.")
    elif f.type in ("single_choice", "yes_no", "yes_no_unsure") and value not in f.option_ids():
        problems.append("Not one of the choices.")
    elif f.type == "multiple_choice":
        if not isinstance(value, list) or any(v not in f.option_ids() for v in value):
            problems.append("Not one of the choices.")
    elif f.type == "controlled_list" and f.list_id:
        values = value if isinstance(value, list) else [value]
        known = load_list(f.list_id).ids()
        if any(v not in known for v in values):
            problems.append("Not on the list.")
        if f.max_items is not None and len(values) > f.max_items:
            problems.append(f"At most {f.max_items}.")
    elif f.type in ("photo", "attachment"):
        problems += _attachment(value)
    elif f.type == "group":
        if not isinstance(value, list):
            problems.append("Should be a list.")
        elif f.max_items is not None and len(value) > f.max_items:
            problems.append(f"At most {f.max_items}.")
    elif f.type == "indicators":
        problems += _indicators(f, value)
    return problems


def _partial_date(value: object, today: dt.date) -> list[str]:
    if not isinstance(value, dict) or not isinstance(value.get("year"), int):
        return ["Give at least a year."]
    year, month = value["year"], value.get("month")
    if month is not None and (not isinstance(month, int) or not 1 <= month <= 12):
        return ["The month should be 1 to 12."]
    if year < 1900 or (year, month or 1) > (today.year, today.month):
        return ["This date is in the future or before 1900."]
    return []


def _attachment(value: object) -> list[str]:
    if not isinstance(value, dict) or not value.get("attachment_id"):
        return ["The file is missing."]
    problems = []
    if value.get("media_type") not in ATTACHMENT_TYPES:
        problems.append("Only JPG, PNG, PDF, DOC or DOCX files can go with the referral.")
    size = value.get("size")
    if isinstance(size, int) and size > MAX_ATTACHMENT_BYTES:
        problems.append("Files must be under 25 MB.")
    return problems


def _indicators(f: Field, value: object) -> list[str]:
    if not isinstance(value, dict):
        return ["Should be a table of ticks."]
    problems = []
    answers = ("yes",) if f.scale == "tick" else RISK_ANSWERS
    for item_id, entry in value.items():
        if item_id not in f.option_ids() or not isinstance(entry, dict):
            problems.append(f"Unknown indicator {item_id!r}.")
            continue
        how = entry.get("how_observed", [])
        how_list = [how] if isinstance(how, str) else how if isinstance(how, list) else [None]
        if entry.get("answer", "yes") not in answers or any(
            h not in HOW_OBSERVED for h in how_list
        ):
            problems.append(f"{f.option_label(item_id)}: answer or how observed not recognised.")
    return problems


def _consistency(
    form: FormDefinition, answers: Mapping[str, Any], record: Mapping[str, Any]
) -> list[FieldProblem]:
    """Answers that contradict each other in a way that matters for the child presumption."""
    problems = []
    try:
        on: dt.date | None = dt.date.fromisoformat(str(record.get("created_at"))[:10])
    except ValueError:
        on = None
    for warning in age_presumption(answers, on=on).warnings:
        if warning == TURNING_18:
            continue  # information for the routes, not something to correct
        # Shown beside the question the worker would change; the routes carry the same words.
        field_id = "age_assessment_status" if warning == CONCLUDED_ADULT_GUIDANCE else "pv_under_18"
        problems.append(FieldProblem(field_id, warning))
    # The reference goes on every document and is a key into your own records: the person's
    # name in it (in any script or spelling) would name them wherever it is printed.
    reference = answers.get("fr_reference")
    if isinstance(reference, str) and reference.strip():
        names = [n for n in needles(answers, form) if n.field_id in NAME_FIELDS]
        if found(reference, names):
            problems.append(
                FieldProblem("fr_reference", "Take the person's name out of your reference.")
            )
    return problems


def _identifying(
    form: FormDefinition, raw: Mapping[str, Any], answers: Mapping[str, Any]
) -> list[FieldProblem]:
    """Free text an anonymous output would carry that names or locates the person.

    Only while the output's own section is shown (for the Duty to Notify: an adult who declined
    the NRM), so a child's record is not flagged for a notification it never gets.
    """
    problems: list[FieldProblem] = []
    for output in form.outputs.values():
        section = next((s for s in form.sections if s.id == output.id), None)
        if not output.anonymous_fields or section is None:
            continue
        if not evaluate(section.shown_when, answers):
            continue
        for p in identifying_answers(raw, answers, form, output):
            problems.append(FieldProblem(p.field_id, p.message))
    return problems


def validate(
    form: FormDefinition, record: Mapping[str, Any], *, today: dt.date | None = None
) -> list[FieldProblem]:
    """Messages to show beside fields. Hidden fields are not checked; nothing here stops a save."""
    today = today or dt.date.today()
    raw = record.get("answers", {})
    answers = effective_answers(form, raw if isinstance(raw, Mapping) else {})
    problems: list[FieldProblem] = []
    for field_id, value in answers.items():
        f = form.fields[field_id]
        if value is None or value == "" or value == []:
            continue
        problems += [FieldProblem(field_id, m) for m in _check(f, value, today)]
        if f.type == "group" and isinstance(value, list):
            for index, item in enumerate(value):
                if not isinstance(item, dict):
                    continue
                for sub in f.sub_fields:
                    sub_value = item.get(sub.id)
                    if sub_value in (None, "", []) or not evaluate(sub.shown_when, item):
                        continue
                    problems += [
                        FieldProblem(f"{f.id}[{index}].{sub.id}", m)
                        for m in _check(sub, sub_value, today)
                    ]
    unknown = [k for k in (raw if isinstance(raw, Mapping) else {}) if k not in form.fields]
    problems += [FieldProblem(k, "Not a question of this form version.") for k in unknown]
    seen = effective_answers(form, with_generated_text(record, form))
    raw_answers = raw if isinstance(raw, Mapping) else {}
    return problems + _consistency(form, answers, record) + _identifying(form, raw_answers, seen)
