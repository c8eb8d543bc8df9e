"""The app against the scenario table written from the law and guidance (docs/routes.md)."""

from __future__ import annotations

import pytest

from forms.definition import load_form
from forms.nations import NATION_IDS
from forms.validation import validate
from tests.forms.route_scenarios import (
    DOC,
    GUARDIANS,
    ROUTE_IDS,
    SECTIONS,
    WARNING_TEXT,
    Scenario,
    load_scenarios,
    record_for,
    render,
    route,
)

SCENARIOS = load_scenarios()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(scenario: Scenario) -> None:
    routes = route(scenario)
    ids = [r.id for r in routes]
    assert sorted(ids) == sorted(scenario.routes), scenario.basis
    if "childrens_services" in ids:
        assert ids.index("childrens_services") < ids.index("nrm_child")
    guardian = next((r for r in routes if r.id == "guardian"), None)
    if scenario.guardian == "none":
        assert guardian is None
    else:
        assert guardian is not None and GUARDIANS[scenario.guardian] in guardian.title
    warnings = [w for r in routes for w in r.warnings]
    for words in scenario.warnings:
        assert any(words in w for w in warnings), (words, warnings)
    if not scenario.warnings:
        assert not [w for w in warnings if "18th birthday" not in w], warnings
    for words in scenario.reason:
        assert any(words in r.reason for r in routes), (words, [r.reason for r in routes])


def test_the_table_is_well_formed_and_covers_what_the_issue_asks() -> None:
    form = load_form()
    assert len(SCENARIOS) >= 60
    assert len({s.id for s in SCENARIOS}) == len(SCENARIOS)
    assert {s.nation for s in SCENARIOS} == set(NATION_IDS)
    # Every row is published under a heading, and every warning check is said in words.
    assert {s.id.split("-")[0] for s in SCENARIOS} <= set(SECTIONS)
    assert {w for s in SCENARIOS for w in s.warnings} <= set(WARNING_TEXT)
    for s in SCENARIOS:
        assert set(s.routes) <= set(ROUTE_IDS) and s.guardian in GUARDIANS and s.basis.strip()
        # Every answer is a real question with a value the form accepts.
        unknown = [p for p in validate(form, record_for(s)) if "Not a question" in p.message]
        assert not unknown, (s.id, unknown)
        assert ("guardian" in s.routes) == (s.guardian != "none"), s.id
    answers = [s.answers for s in SCENARIOS]
    for value in ("yes", "no", "not_sure", None):
        assert any(a.get("pv_under_18") == value for a in answers)
    for value in ("yes", "no", "not_sure"):
        assert any(a.get("person_with_pr_in_uk") == value for a in answers)
    for value in ("yes", "no", None):
        assert any(a.get("nrm_consent") == value and a.get("pv_under_18") == "no" for a in answers)
    organisations = {a.get("fr_organisation") for a in answers}
    assert {
        "kent_police",
        "eng_kent",
        "uk_border_force",
        "gangmasters_and_labour_abuse_authority_glaa",
        "the_salvation_army",
        "other_organisation_not_a_first_responder_preparing_the_referral_for_one",
    } <= organisations
    for key in ("dob_claimed", "age_claimed", "age_uncertain", "age_assessment_status"):
        assert any(key in a for a in answers), key
    assert any("previous_missing" in a for a in answers)
    assert any(a.get("pv_nationality") == "GB" for a in answers)
    assert any(s.device_nation and s.device_nation != s.nation for s in SCENARIOS)


def test_docs_routes_md_is_generated_from_the_table() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/routes.md is stale: run `python -m tests.forms.route_scenarios`"
    )
