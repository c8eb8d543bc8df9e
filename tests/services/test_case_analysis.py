"""services.case_analysis without Qt: problems, readiness, routes, actions, sections, gaps."""

from __future__ import annotations

import datetime as dt

from forms.definition import load_form
from forms.nations import load_nation
from forms.readiness import readiness, unexplained_gaps
from services.case_analysis import (
    ATTENTION,
    COMPLETE,
    NOT_APPLICABLE,
    NOT_STARTED,
    ActionItem,
    analyse_case,
)
from tests.forms.forms_fixtures import record_with

FORM = load_form()
ENGLAND = load_nation("england")
TODAY = dt.date(2026, 11, 28)


def test_a_new_case_is_a_child_and_its_sections_are_not_started() -> None:
    result = analyse_case(record_with({}), FORM, ENGLAND, today=TODAY)
    assert [r.id for r in result.routes][:2] == ["childrens_services", "nrm_child"]
    assert set(result.readiness) == set(readiness(record_with({}), FORM, ENGLAND))
    assert result.problems == {}
    assert result.sections["exploitation"].state == NOT_STARTED
    assert result.sections["consent"].state == NOT_APPLICABLE  # adults only
    # The children's services step comes from the route, once, however many outputs ask.
    steps = [a for a in result.actions if a.field_id == "la_referral_made"]
    assert len(steps) == 1 and not steps[0].done


def test_problems_and_attention_point_at_their_section() -> None:
    record = record_with({"fr_phone": "07700 900"})
    result = analyse_case(record, FORM, ENGLAND, today=TODAY)
    assert any("whole phone number" in m for m in result.problems["fr_phone"])
    state = result.sections["first_responder"]
    assert state.state == ATTENTION and state.count >= 1


def test_an_adult_case_with_consent_marks_its_step_done_and_hides_child_sections() -> None:
    record = record_with({"pv_under_18": "no", "nrm_consent": "yes"})
    result = analyse_case(record, FORM, ENGLAND, today=TODAY)
    assert result.sections["childrens_services"].state == NOT_APPLICABLE
    assert ActionItem("la_referral_made", "Children's services contacted", False) not in (
        result.actions
    )
    consent = next(a for a in result.actions if a.field_id == "nrm_consent")
    assert consent.done


def test_gaps_are_forms_readiness_gaps_and_reasons_remove_them() -> None:
    record = record_with({"pv_under_18": "no", "nrm_consent": "yes"})
    result = analyse_case(record, FORM, ENGLAND, today=TODAY)
    assert list(result.gaps) == unexplained_gaps(record, FORM, ENGLAND)
    assert len(result.gaps) == len(result.missing())
    record["gap_reasons"] = {
        g.output_id: {g.missing.field_id: "Interview stopped"} for g in result.gaps[:1]
    }
    again = analyse_case(record, FORM, ENGLAND, today=TODAY)
    assert len(again.gaps) == len(result.gaps) - 1


def test_a_section_with_every_answer_is_complete() -> None:
    record = record_with({"pv_under_18": "no"})
    result = analyse_case(record, FORM, ENGLAND, today=TODAY)
    assert result.sections["age"].state in (COMPLETE, ATTENTION)
    assert result.sections["age"].state != NOT_STARTED


def test_a_character_no_font_has_is_shown_beside_its_field_while_typing() -> None:
    """Issue 14: the worker learns before printing that a character would print as [U+...]."""
    dingbat = "\U0001f900"  # a Unicode 10 symbol no shipped font has
    record = record_with({"name_native": f"Amina {dingbat}", "name_latin": "Amina"})
    result = analyse_case(record, FORM, ENGLAND, today=TODAY)
    messages = result.problems.get("name_native", ())
    name = "CIRCLED CROSS FORMEE WITH FOUR DOTS"
    assert any("U+1F900" in m and name in m and "[U+1F900]" in m for m in messages)
    assert "name_latin" not in result.problems
    printable = record_with({"name_native": "林小梅 Ngozi Ọlọ́rọ̀ مریم", "name_latin": "Lin"})
    assert "name_native" not in analyse_case(printable, FORM, ENGLAND, today=TODAY).problems


def test_sign_off_asks_once_per_question_and_pre_marks_later_ones() -> None:
    from forms.readiness import NOT_ASKED_AT_FIRST_CONTACT, reasons_for_outputs

    record = record_with({"pv_under_18": "yes"})  # an almost empty child case
    result = analyse_case(record, FORM, ENGLAND, today=TODAY)
    ids = [q.field_id for q in result.questions]
    assert len(ids) == len(set(ids)) < len(result.gaps)  # each question once
    names = next(q for q in result.questions if q.field_id == "name_latin")
    assert {o for o, _ in names.outputs} >= {"nrm", "childrens_services", "guardian"}
    later = [q for q in result.questions if q.after_first_contact]
    assert {"how_it_started", "pv_family"} <= {q.field_id for q in later}
    assert all(q.suggested_reason == NOT_ASKED_AT_FIRST_CONTACT for q in later)
    # What a first responder could have asked still needs a reason typed.
    asked = [q for q in result.questions if not q.after_first_contact]
    assert "name_latin" in {q.field_id for q in asked}
    assert all(q.suggested_reason == "" for q in asked)
    # Accepting the suggestions leaves only those questions to explain; one reason each covers
    # every document that needs the question.
    typed = {q.field_id: q.suggested_reason for q in result.questions}
    typed["name_latin"] = "Refused to give a name"
    record["gap_reasons"] = reasons_for_outputs(result.questions, typed)
    again = analyse_case(record, FORM, ENGLAND, today=TODAY)
    left = {q.field_id for q in again.questions}
    assert left == {q.field_id for q in asked} - {"name_latin"}
    assert "name_latin" not in {g.missing.field_id for g in again.gaps}
