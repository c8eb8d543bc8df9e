"""Output views: visible answers only, groups item by item, generated texts, Part 2 template."""

from __future__ import annotations

from forms.definition import load_form
from forms.nations import load_nation
from forms.outputs import output_view
from tests.forms.forms_fixtures import record_with

FORM = load_form()


def test_hidden_answers_never_reach_a_document() -> None:
    # Consent was answered while they were thought an adult; then they said they are 16.
    record = record_with({"pv_under_18": "yes", "nrm_consent": "no", "pv_gender": "male"})
    view = output_view(record, FORM, "nrm", load_nation("england"))
    assert "nrm_consent" not in view["answers"]
    assert view["answers"]["pv_gender"] == "male"
    assert [r["id"] for r in view["routes"]][:2] == ["childrens_services", "nrm_child"]


def test_groups_dates_and_generated_context_are_ready_for_a_template() -> None:
    record = record_with(
        {
            "multiple_situations": "yes",
            "situations": [
                {
                    "situation_type": "labour",
                    "situation_start": {"year": 2024, "month": 3, "approximate": True},
                }
            ],
            "met_place_type": "port",
            "interpreter_used": "yes",
            "interpreter_type": "phone",
            "interpreter_language": "ti",
            "interpreter_independent_confirmed": "yes",
        }
    )
    view = output_view(record, FORM, "nrm", load_nation("wales"))
    situations = next(f for s in view["sections"] for f in s["fields"] if f["id"] == "situations")
    row = {e["id"]: e["display"] for e in situations["items"][0]}
    assert row == {"situation_type": "Labour or financial", "situation_start": "around March 2024"}
    context = view["answers"]["interview_context"]
    assert "Tigrinya" in context and "independence confirmed" in context
    assert view["nation_name"] == "Wales" and view["support_providers"]


def test_the_missing_profile_carries_a_blank_part_2() -> None:
    view = output_view(record_with({}), FORM, "missing_profile", load_nation("scotland"))
    assert "Clothing worn" in view["template"]
    assert view["guardian_service"].startswith("Guardianship Scotland")
