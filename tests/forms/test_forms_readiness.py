"""Readiness per output, gap reasons, saving never blocked, and the generated NRM texts."""

from __future__ import annotations

from forms.definition import load_form
from forms.indicators import indicators_narrative
from forms.nations import load_nation
from forms.readiness import can_finalise, readiness
from forms.validation import validate
from tests.forms.forms_fixtures import record_with

FORM = load_form()
ENGLAND = load_nation("england")


def test_an_empty_record_is_treated_as_a_child_and_lists_what_is_needed_by_label() -> None:
    state = readiness(record_with({}), FORM, ENGLAND)
    assert set(state) == {
        "nrm",
        "childrens_services",
        "guardian",
        "missing_profile",
        "first_contact_record",
    }
    nrm = state["nrm"]
    assert not nrm.ready
    labels = [m.label for m in nrm.missing]
    assert "Name in their own script" in labels
    assert any("before the NRM referral" in label for label in labels)
    assert all(m.section_id in {s.id for s in FORM.sections} for m in nrm.missing)


def test_gap_reasons_let_a_case_finalise_and_blank_reasons_do_not() -> None:
    record = record_with({"pv_under_18": "no", "nrm_consent": "yes"})
    ok, gaps = can_finalise(record, FORM, ENGLAND)
    assert not ok and gaps
    state = readiness(record, FORM, ENGLAND)
    record["gap_reasons"] = {
        output: {m.field_id: "Interview stopped: person too tired" for m in s.missing}
        for output, s in state.items()
    }
    assert can_finalise(record, FORM, ENGLAND) == (True, [])
    first = next(iter(record["gap_reasons"]["nrm"]))
    record["gap_reasons"]["nrm"][first] = "   "
    ok, gaps = can_finalise(record, FORM, ENGLAND)
    assert not ok and len(gaps) == 1 and gaps[0].startswith("NRM referral pre-fill: ")


def test_group_members_are_reported_one_by_one() -> None:
    record = record_with(
        {"multiple_situations": "yes", "situations": [{"situation_type": "sexual"}]}
    )
    missing = {m.field_id: m.label for m in readiness(record, FORM, ENGLAND)["nrm"].missing}
    assert missing["situations[0].situation_start"].startswith("Exploitation situations 1: Started")
    assert "situations[0].situation_type" not in missing


def test_validation_messages_never_raise_and_say_what_to_fix() -> None:
    record = record_with(
        {
            "fr_phone": "07700 900",
            "fr_email": "not-an-email",
            "met_at": "2999-01-01T10:00",
            "pv_family": "x" * 15_001,
            "age_claimed": "sixteen",
            "pv_under_18": "maybe",
            "dob_claimed": {"year": 2010, "month": 13, "approximate": False},
            "fr_reference": "case of Lin Xiaomei",
            "name_latin": "Lin Xiaomei",
            "no_such_field": 1,
        }
    )
    messages = {p.field_id: p.message for p in validate(FORM, record)}
    assert "whole phone number" in messages["fr_phone"]
    assert "email" in messages["fr_email"]
    assert "future" in messages["met_at"]
    assert "15,001 characters; the limit is 15,000" in messages["pv_family"]
    assert "whole number" in messages["age_claimed"]
    assert "month" in messages["dob_claimed"]
    assert "name" in messages["fr_reference"]
    assert "no_such_field" in messages
    assert validate(FORM, record_with({"fr_phone": "+44 (0)7700-900123".replace("(0)", "")})) == []


def test_a_stated_age_under_18_with_no_is_flagged() -> None:
    problems = validate(FORM, record_with({"pv_under_18": "no", "age_claimed": 15}))
    assert [p.field_id for p in problems] == ["pv_under_18"]


def test_the_indicators_paragraph_is_built_from_ticks_without_a_verdict() -> None:
    record = record_with(
        {
            "pv_under_18": "no",
            "exploitation_types": ["forced_to_work"],
            "indicators_identified": "yes",
            "ind_documents": {"doc_held": {"how_observed": ["said", "document"], "note": "Boss"}},
            "ind_labour": {"lab_deductions": {"how_observed": ["third_party"], "note": ""}},
            "ind_sexual": {"sex_escorted": {"how_observed": ["seen"]}},
        }
    )
    text = indicators_narrative(record, FORM)
    assert "passport or ID held by someone else (they said so; shown in a document): Boss" in text
    assert "Labour exploitation: excessive deductions" in text
    assert "escorted" not in text  # that group is hidden: no sexual exploitation ticked
    assert "victim" not in text.casefold() and "score" not in text.casefold()
    nrm = readiness(record, FORM, ENGLAND)
    assert set(nrm) == {"first_contact_record"}  # no consent yet: no route chosen
    record["answers"]["nrm_consent"] = "yes"
    missing = {m.field_id for m in readiness(record, FORM, ENGLAND)["nrm"].missing}
    assert "indicators_details" not in missing  # filled from the ticks


def test_questions_mandatory_on_the_official_form_are_asked_for_the_nrm() -> None:
    # "Is this the first chance to report?" is mandatory online; readiness must ask for it.
    missing = {m.field_id for m in readiness(record_with({}), FORM, ENGLAND)["nrm"].missing}
    assert "reported_before" in missing
    answered = record_with({"reported_before": "no"})
    assert "reported_before" not in {
        m.field_id for m in readiness(answered, FORM, ENGLAND)["nrm"].missing
    }
