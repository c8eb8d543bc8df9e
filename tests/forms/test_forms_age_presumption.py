"""Every age answer feeds the child presumption (MSA 2015 s51); conflicts are shown, not decided."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from forms.age import CONCLUDED_ADULT_GUIDANCE, dob_ages
from forms.definition import load_form
from forms.nations import load_nation
from forms.routes import Route, compute_routes
from tests.forms.forms_fixtures import record_with

FORM = load_form()
MET = "2026-11-28T10:00"
MET_DAY = dt.date(2026, 11, 28)
# An adult who declines, met by a police force in England: the Duty to Notify case, unless an
# age answer makes them a child.
DECLINING = {"nrm_consent": "no", "fr_organisation": "eng_kent", "met_at": MET}


def _routes(answers: dict[str, Any], nation: str = "england") -> list[Route]:
    record = record_with({**answers, "fr_nation": nation}, nation)
    return compute_routes(record, FORM, load_nation(nation))


def _ids(answers: dict[str, Any], nation: str = "england") -> list[str]:
    return [r.id for r in _routes(answers, nation)]


def test_defect_2_a_stated_date_of_birth_under_18_makes_a_child_case() -> None:
    answers = {**DECLINING, "pv_under_18": "no", "dob_claimed": {"year": 2010, "month": 6}}
    routes = _routes(answers)
    ids = [r.id for r in routes]
    assert "duty_to_notify" not in ids
    assert ids[:2] == ["childrens_services", "nrm_child"]
    first = routes[0]
    assert "date of birth (2010-06) makes them 16" in first.reason
    assert any("answered No" in w for w in first.warnings)
    assert "answered No" in first.reason  # the conflict is in the words the worker reads


def test_a_year_only_date_of_birth_that_may_mean_17_is_a_child_case() -> None:
    answers = {**DECLINING, "pv_under_18": "no", "dob_claimed": {"year": 2008, "month": None}}
    assert dob_ages(answers["dob_claimed"], MET_DAY) == (17, 18)
    assert "duty_to_notify" not in _ids(answers)
    assert "nrm_child" in _ids(answers)


def test_an_adult_date_of_birth_with_a_no_stays_an_adult() -> None:
    answers = {**DECLINING, "pv_under_18": "no", "dob_claimed": {"year": 1990, "month": 3}}
    assert _ids(answers) == ["duty_to_notify"]


def test_the_date_of_birth_is_judged_on_the_day_the_case_was_opened_without_a_meeting_date() -> (
    None
):
    answers = {"pv_under_18": "no", "nrm_consent": "no", "fr_organisation": "eng_kent"}
    # The fixture opens cases on 2026-11-28: born 2009-01 is 17 then.
    assert "nrm_child" in _ids({**answers, "dob_claimed": {"year": 2009, "month": 1}})


def test_defect_5_a_concluded_adult_assessment_is_shown_and_not_decided() -> None:
    answers = {**DECLINING, "pv_under_18": "not_sure", "age_assessment_status": "concluded_adult"}
    routes = _routes(answers)
    assert [r.id for r in routes][:2] == ["childrens_services", "nrm_child"]
    assert "duty_to_notify" not in [r.id for r in routes]
    assert CONCLUDED_ADULT_GUIDANCE in routes[0].warnings
    assert "s51" in CONCLUDED_ADULT_GUIDANCE and "Disputed" in CONCLUDED_ADULT_GUIDANCE


def test_each_child_case_says_which_answer_made_it_one() -> None:
    cases: dict[str, dict[str, Any]] = {
        "'Is the person under 18?' is answered Yes": {"pv_under_18": "yes"},
        "answered Not sure": {"pv_under_18": "not_sure"},
        "they say they are 15": {"pv_under_18": "no", "age_claimed": 15},
        "recorded as uncertain": {"pv_under_18": "no", "age_uncertain": "yes"},
        "suggest they may be a child": {
            "age_uncertain": "yes",
            "reasons_may_be_child": "School bag with a year 10 timetable",
        },
    }
    for words, answers in cases.items():
        reason = _routes({**DECLINING, **answers})[0].reason
        assert words in reason, (words, reason)


def test_a_17_year_old_is_told_what_happens_at_18() -> None:
    routes = _routes({**DECLINING, "pv_under_18": "yes", "age_claimed": 17})
    assert any("18th birthday" in w and "consent" in w for w in routes[0].warnings)


def test_defect_4_northern_ireland_guardian_only_where_nobody_can_exercise_pr() -> None:
    child = {"pv_under_18": "yes", "met_at": MET}
    held = _ids({**child, "person_with_pr_in_uk": "yes"}, "northern_ireland")
    assert "guardian" not in held
    assert "nrm_child" in held
    for pr in ("no", "not_sure", None):
        assert "guardian" in _ids({**child, "person_with_pr_in_uk": pr}, "northern_ireland")


def test_a_scottish_child_with_parents_holding_pr_gets_no_guardian_and_is_told_why() -> None:
    routes = _routes({"pv_under_18": "yes", "person_with_pr_in_uk": "yes"}, "scotland")
    assert "guardian" not in [r.id for r in routes]
    assert "holds parental responsibility" in routes[0].reason
    separated = _routes({"pv_under_18": "yes", "person_with_pr_in_uk": "no"}, "scotland")
    guardian = next(r for r in separated if r.id == "guardian")
    assert "Guardianship Scotland" in guardian.title and "ICTG" not in guardian.title


# ------------------------------------------------------------------ property: any age answer
_DOB = st.builds(
    lambda year, month, approx: {"year": year, "month": month, "approximate": approx},
    st.integers(min_value=1940, max_value=2026),
    st.none() | st.integers(min_value=1, max_value=12),
    st.booleans(),
)
AGE_ANSWERS = st.fixed_dictionaries(
    {
        "pv_under_18": st.sampled_from([None, "yes", "no", "not_sure"]),
        "age_claimed": st.none() | st.integers(min_value=0, max_value=99),
        "dob_claimed": st.none() | _DOB,
        "age_uncertain": st.sampled_from([None, "yes", "no"]),
        "reasons_may_be_child": st.sampled_from([None, "", "  ", "Said she is in year 9"]),
        "age_assessment_status": st.sampled_from(
            [None, "requested", "concluded_child", "concluded_adult", "disputed"]
        ),
        "nrm_consent": st.sampled_from([None, "yes", "no"]),
        "fr_organisation": st.sampled_from([None, "eng_kent", "uk_border_force"]),
    }
)


def _points_to_a_child(a: dict[str, Any]) -> bool:
    """Written from s51 and R1/R2 independently of forms/age.py: any answer saying under 18 or
    uncertain. A year-only or year-and-month date of birth counts if any day it allows does."""
    if a["pv_under_18"] in ("yes", "not_sure", None):
        return True
    if a["age_claimed"] is not None and a["age_claimed"] < 18:
        return True
    dob = a["dob_claimed"]
    if dob is not None:
        month = dob["month"] or 12
        last_day = calendar.monthrange(dob["year"], month)[1]
        eighteenth = (dob["year"] + 18, month, last_day)  # of the latest birthday allowed
        if (MET_DAY.year, MET_DAY.month, MET_DAY.day) < eighteenth:
            return True
    return bool(a["age_uncertain"] == "yes")  # reasons are only asked when it is uncertain


@settings(max_examples=400, deadline=None)
@given(AGE_ANSWERS, st.sampled_from(["england", "wales", "scotland", "northern_ireland"]))
def test_any_age_answer_pointing_under_18_gives_child_routes_and_no_duty_to_notify(
    answers: dict[str, Any], nation: str
) -> None:
    ids = _ids({**answers, "met_at": MET}, nation)
    if _points_to_a_child(answers):
        assert "duty_to_notify" not in ids and "nrm_adult" not in ids
        assert ids[:2] == ["childrens_services", "nrm_child"]
    else:
        assert "childrens_services" not in ids and "nrm_child" not in ids
