"""Trauma-informed wording and branching: danger first for everyone, nothing immigration-related
or prosecution-related asked of a child, no "why", and no duty claimed for a charity."""

from __future__ import annotations

from typing import Any

import pytest

from forms.conditions import is_visible
from forms.definition import load_form
from forms.nations import load_nation
from forms.outputs import output_view
from tests.forms.forms_fixtures import record_with

FORM = load_form()
CHILD_NOT_ASKED = ("ho_reference_exists", "ho_reference_detail", "will_cooperate")
AGE_ANSWERS = {
    "child": {"pv_under_18": "yes"},
    "unsure": {"pv_under_18": "not_sure"},
    "stated_16": {"pv_under_18": "no", "age_claimed": 16},
    "adult": {"pv_under_18": "no", "age_claimed": 30},
}
FILLED = {
    "ho_reference_exists": "yes",
    "ho_reference_detail": "Port reference 123456",
    "will_cooperate": "yes",
    "cooperation_details": "Will give a statement",
}


def _visible(field_id: str, answers: dict[str, Any]) -> bool:
    return is_visible(FORM.fields[field_id], answers, form=FORM)


def test_the_immediate_danger_prompt_is_for_adults_too() -> None:
    f = FORM.fields["immediate_danger"]
    assert "999" in f.warning and "whatever their age" in f.warning
    assert _visible("immediate_danger", AGE_ANSWERS["adult"])
    help_text = FORM.section("session").help
    assert "adult or child" in help_text and "999" in help_text


@pytest.mark.parametrize("age", ["child", "unsure", "stated_16"])
def test_no_immigration_or_prosecution_question_for_a_child(age: str) -> None:
    answers = {**AGE_ANSWERS[age], **FILLED}
    for field_id in (*CHILD_NOT_ASKED, "cooperation_details"):
        assert not _visible(field_id, answers), (age, field_id)
    # Entered before the age answer changed, such answers go into no document either.
    record = record_with(answers)
    view = output_view(record, FORM, "nrm", load_nation("england"))
    assert set(FILLED).isdisjoint(view["answers"])


def test_an_adult_is_still_asked_both() -> None:
    answers = {**AGE_ANSWERS["adult"], **FILLED}
    for field_id in (*CHILD_NOT_ASKED, "cooperation_details"):
        assert _visible(field_id, answers), field_id


def test_reporting_late_is_asked_without_why() -> None:
    f = FORM.fields["why_report_now"]
    assert "why" not in f.label.casefold() and "stopped" not in f.label.casefold()
    assert "without judgement" in f.help


def test_the_consent_help_claims_no_duty_for_a_charity() -> None:
    text = " ".join(FORM.section("consent").help.split())
    assert "is made" not in text
    assert "public authority that has the duty" in text
    assert "A charity or other organisation that is not such an authority has no duty" in text
