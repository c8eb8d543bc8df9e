"""Property tests of the referral rules over generated records (R1, R3, R6, R8, R9, R14)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings

from forms.age import ADULT, age_band
from forms.conditions import effective_answers
from forms.definition import load_form
from forms.nations import load_nation
from forms.outputs import output_view
from forms.record import summary
from forms.routes import compute_routes
from tests.forms.forms_fixtures import CANARY, record_with, records

FORM = load_form()
RULES = settings(max_examples=150, deadline=None)


def _routes(record: dict[str, Any]) -> list[str]:
    return [r.id for r in compute_routes(record, FORM, load_nation(record["nation"]))]


def _may_be_child(answers: dict[str, Any]) -> bool:
    claimed = answers.get("age_claimed")
    return answers.get("pv_under_18") in ("yes", "not_sure", None) or (
        isinstance(claimed, int) and claimed < 18
    )


@RULES
@given(records())
def test_a_possible_child_is_never_notified_and_always_gets_childrens_services_first(
    record: dict[str, Any],
) -> None:
    if not _may_be_child(record["answers"]):
        return
    routes = compute_routes(record, FORM, load_nation(record["nation"]))
    ids = [r.id for r in routes]
    assert "duty_to_notify" not in ids
    assert "nrm_adult" not in ids
    assert "nrm_child" in ids and "childrens_services" in ids
    assert ids.index("childrens_services") < ids.index("nrm_child")
    assert "nrm_child" in next(r for r in routes if r.id == "childrens_services").must_precede


@RULES
@given(records())
def test_an_adult_without_consent_never_gets_an_nrm_route(record: dict[str, Any]) -> None:
    answers = record["answers"]
    if age_band(answers) != ADULT or answers.get("nrm_consent") == "yes":
        return
    assert not {"nrm_adult", "nrm_child"} & set(_routes(record))


@RULES
@given(records())
def test_duty_to_notify_only_for_declining_adults_where_the_duty_exists(
    record: dict[str, Any],
) -> None:
    answers = record["answers"]
    if "duty_to_notify" in _routes(record):
        # Judged on the answers of visible questions, as the routes are (hidden ones are dropped).
        assert age_band(effective_answers(FORM, answers)) == ADULT
        assert answers.get("nrm_consent") == "no"
        assert record["nation"] in ("england", "wales")


@RULES
@given(records())
def test_a_duty_to_notify_view_never_carries_a_name_unless_they_agreed_to_be_named(
    record: dict[str, Any],
) -> None:
    view = output_view(record, FORM, "duty_to_notify", load_nation(record["nation"]))
    text = json.dumps(view, ensure_ascii=False)
    if record["answers"].get("dtn_named_consent") != "yes":
        assert CANARY not in text
        identifying = {"pv_first_name", "pv_last_name", "name_native", "aliases", "pv_phone"}
        identifying |= {"pv_email", "pv_address_street", "dob_claimed", "ho_reference_detail"}
        assert not identifying & set(view["answers"])
        assert view["anonymous"] is True


@RULES
@given(records())
def test_every_route_has_a_title_and_a_reason_and_the_summary_agrees(
    record: dict[str, Any],
) -> None:
    nation = load_nation(record["nation"])
    routes = compute_routes(record, FORM, nation)
    for route in routes:
        assert route.title.strip() and len(route.reason) > 20
    assert len({r.id for r in routes}) == len(routes)
    assert summary(record, FORM, nation)["routes"] == [r.id for r in routes]


def test_declining_adult_met_by_a_public_authority_in_england_gets_the_duty_to_notify() -> None:
    answers = {"pv_under_18": "no", "nrm_consent": "no", "fr_organisation": "eng_kent"}
    assert _routes(record_with(answers)) == ["duty_to_notify"]
    assert _routes(record_with({**answers, "fr_nation": "scotland"}, "scotland")) == []
    assert _routes(record_with({**answers, "fr_organisation": "the_salvation_army"})) == []


def test_guardian_route_follows_each_nations_rule() -> None:
    child = {"pv_under_18": "yes"}
    assert "guardian" in _routes(record_with({**child, "guardian_area": "england:Kent"}))
    assert "guardian" not in _routes(record_with({**child, "guardian_area": "not_an_ictg_area"}))
    wales = record_with({**child, "fr_nation": "wales"}, "wales")
    assert "guardian" in _routes(wales)
    scotland = {**child, "fr_nation": "scotland", "person_with_pr_in_uk": "yes"}
    assert "guardian" not in _routes(record_with(scotland, "scotland"))
    assert "guardian" in _routes(
        record_with({**scotland, "person_with_pr_in_uk": "no"}, "scotland")
    )
    ni = record_with({**child, "fr_nation": "northern_ireland"}, "northern_ireland")
    assert "guardian" in _routes(ni)


def test_a_stated_age_under_18_outweighs_a_no_to_under_18() -> None:
    record = record_with({"pv_under_18": "no", "age_claimed": 16, "nrm_consent": "no"})
    assert "duty_to_notify" not in _routes(record)
    assert "nrm_child" in _routes(record)
