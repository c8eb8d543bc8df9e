"""The shipped definition: complete, reachable, consistent, trauma-informed."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from forms.age import DERIVED
from forms.conditions import evaluate, is_visible, references
from forms.definition import DefinitionError, available_versions, load_form
from forms.model import CHOICE_TYPES, Field, FormDefinition

FORM = load_form()
MODULES = {
    "session",
    "first_responder",
    "age",
    "person",
    "background",
    "exploitation",
    "exploitation_types",
    "locations",
    "exploiters_risk",
    "indicators",
    "insight",
    "consent",
    "duty_to_notify",
    "decision_contact",
    "childrens_services",
    "guardian",
    "missing_profile",
    "evidence",
    "disclosure",
}


def _candidates(f: Field) -> list[Any]:
    if f.type == "multiple_choice":
        return [None, *([o.id] for o in f.options)]
    if f.type in CHOICE_TYPES:
        return [None, *f.option_ids()]
    if f.type == "number":
        return [None, 30, 10]
    if f.type in ("photo", "attachment"):
        return [None, {"attachment_id": "a1"}]
    return [None, "some words"]


def _closure(form: FormDefinition, f: Field) -> list[str]:
    """Every field whose answer can change whether `f` is shown, directly or through others."""
    todo = [*f.context_when, f.shown_when]
    found: list[str] = []
    while todo:
        for leaf in references(todo.pop()):
            names = DERIVED[leaf.field][0] if leaf.field in DERIVED else (leaf.field,)
            for name in names:
                if name not in found and name in form.fields:
                    found.append(name)
                    todo += [*form.fields[name].context_when, form.fields[name].shown_when]
    return found


def _reachable(form: FormDefinition, f: Field) -> bool:
    names = _closure(form, f)
    for values in itertools.product(*(_candidates(form.fields[n]) for n in names)):
        answers = {n: v for n, v in zip(names, values, strict=True) if v is not None}
        top = form.fields[f.parent_id] if f.parent_id else f
        if is_visible(top, answers, form=form) and evaluate(
            f.shown_when if f.parent_id else None, answers
        ):
            return True
    return False


def test_every_field_is_reachable_by_some_answers() -> None:
    unreachable = [f.id for f in FORM.fields.values() if not _reachable(FORM, f)]
    assert unreachable == []


def test_every_condition_and_required_output_refers_to_something_that_exists() -> None:
    known = set(FORM.fields) | set(DERIVED)
    conditions = [c for f in FORM.fields.values() for c in (f.shown_when, *f.context_when)]
    conditions += [s.shown_when for s in FORM.sections]
    conditions += [c for o in FORM.outputs.values() for k in o.checks for c in (k.when, k.require)]
    assert {leaf.field for c in conditions for leaf in references(c)} <= known
    for f in FORM.fields.values():
        assert set(f.required_for) <= set(FORM.outputs), f.id
        assert set(f.required_for) <= set(f.outputs), f.id
    for output in FORM.outputs.values():
        assert output.checks == () or all(c.field_id in FORM.fields for c in output.checks)
        assert any(output.id in f.required_for for f in FORM.fields.values()), output.id


def test_the_definition_covers_every_module_of_domain_md() -> None:
    assert {s.id for s in FORM.sections} == MODULES
    assert all(len(s.help) > 80 for s in FORM.sections), "each module says what (not) to ask"
    types = {f.type for f in FORM.fields.values()}
    assert types >= {
        "text",
        "long_text",
        "date",
        "partial_date",
        "single_choice",
        "group",
        "multiple_choice",
        "yes_no",
        "yes_no_unsure",
        "number",
        "phone",
        "email",
        "controlled_list",
        "photo",
        "attachment",
    }
    assert len(FORM.fields) > 200


def test_official_nrm_ids_are_unique_and_mirror_the_mandatory_questions() -> None:
    ids = [f.nrm_id for f in FORM.fields.values() if f.nrm_id]
    assert len(ids) == len(set(ids))
    for official in (
        "pv-under-age",
        "pv-want-to-submit-nrm",
        "authorities-cooperation",
        "refuse-nrm",
        "pv-gender",
        "pv-nationality",
        "fr-location",
        "modern-slavery-indicators-details",
        "professional-insight",
    ):
        assert official in ids


def test_no_appearance_based_age_estimate_and_no_score_or_verdict() -> None:
    for f in FORM.fields.values():
        words = f"{f.id} {f.label}".casefold()
        assert not ("appear" in words and "age" in words), f.id
        assert "score" not in words and "verdict" not in words and "likely victim" not in words


def test_long_text_keeps_the_official_limit_and_trauma_guidance_is_present() -> None:
    assert all(f.max_length == 15_000 for f in FORM.fields.values() if f.type == "long_text")
    guidance = " ".join(s.help for s in FORM.sections).casefold()
    for phrase in (
        "are you a victim",
        "did not leave",
        "accompanying adult",
        "passwords",
        "appearance",
        "approximate",
        "asylum",
    ):
        assert phrase in guidance, phrase


def test_versions_are_files_and_a_missing_version_says_what_to_do() -> None:
    assert 1 in available_versions("uk-first-contact")
    assert load_form("uk-first-contact", 1).version == 1
    with pytest.raises(DefinitionError, match=r"version 99 is not installed.*update the app"):
        load_form("uk-first-contact", 99)
