"""The Duty to Notify is anonymous by construction: allow-list, consent to be named, text check."""

from __future__ import annotations

import json
from typing import Any

from forms.definition import load_form
from forms.identifiers import found, needles, normalise
from forms.nations import load_nation
from forms.outputs import output_view
from forms.readiness import readiness
from forms.samples import record_for_person
from forms.validation import validate
from tests.forms.forms_fixtures import NOW

FORM = load_form()
ENGLAND = load_nation("england")
# Defect 3 of issue 13: the responder's reference carried the person's name into the notification.
REFERENCE = "Ola-KENT-0412"
CRIME_REF = "KNT/26/118807"
TOWN = "Folkestone"


def declining(people: list[dict[str, Any]], **answers: Any) -> dict[str, Any]:
    p05 = next(p for p in people if p["id"] == "p05")
    record = record_for_person(p05, case_id="case-p05", now=NOW, nation="england")
    defaults = {
        "fr_reference": REFERENCE,
        "crime_ref_exists": "yes",
        "police_force": "kent",
        "crime_ref": CRIME_REF,
        "current_city": TOWN,
        "will_cooperate": "no",
    }
    record["answers"].update({**defaults, **answers})
    return record


def view_text(record: dict[str, Any]) -> str:
    return json.dumps(output_view(record, FORM, "duty_to_notify", ENGLAND), ensure_ascii=False)


def test_the_anonymous_notification_carries_no_reference_crime_number_or_current_town(
    people: list[dict[str, Any]],
) -> None:
    # Fails on the code before issue 13: all three travelled into the view (and so the PDF).
    text = view_text(declining(people))
    assert REFERENCE not in text and "0412" not in text
    assert CRIME_REF not in text and TOWN not in text
    view = output_view(declining(people), FORM, "duty_to_notify", ENGLAND)
    assert view["anonymous"] is True
    assert {"fr_reference", "crime_ref", "current_city"}.isdisjoint(view["answers"])
    # What the notification is for stays: the force, the region, gender, nationality.
    assert view["answers"]["police_force"] == "kent" and view["answers"]["pv_nationality"] == "NG"


def test_a_name_in_the_reference_is_flagged_in_any_spelling(people: list[dict[str, Any]]) -> None:
    for reference in (REFERENCE, "OLA-kent-1", "Ọlá/KENT", "ref-adesina-2"):
        record = declining(people, fr_reference=reference)
        assert any(p.field_id == "fr_reference" for p in validate(FORM, record)), reference
    record = declining(people, fr_reference="KENT-0412")
    assert not any(p.field_id == "fr_reference" for p in validate(FORM, record))


def test_willing_to_cooperate_is_not_agreeing_to_be_named(people: list[dict[str, Any]]) -> None:
    cooperating = declining(people, will_cooperate="yes", pv_first_name="Ola")
    view = output_view(cooperating, FORM, "duty_to_notify", ENGLAND)
    assert view["anonymous"] is True and "pv_first_name" not in view["answers"]
    named = declining(people, will_cooperate="no", dtn_named_consent="yes", pv_first_name="Ola")
    view = output_view(named, FORM, "duty_to_notify", ENGLAND)
    assert view["anonymous"] is False and view["answers"]["pv_first_name"] == "Ola"
    assert view["answers"]["crime_ref"] == CRIME_REF


def test_a_name_in_free_text_is_withheld_flagged_and_blocks_readiness(
    people: list[dict[str, Any]],
) -> None:
    # The Latin name written without accents, in capitals, split by a zero-width space.
    record = declining(people, treatment="They took ADE\u200bSINA's passport.")
    view = output_view(record, FORM, "duty_to_notify", ENGLAND)
    assert "passport" not in json.dumps(view) and view["withheld"][0]["field_id"] == "treatment"
    problems = [p for p in validate(FORM, record) if p.field_id == "treatment"]
    assert problems and "Name in Latin letters" in problems[0].message
    assert "Adesina" not in problems[0].message  # the message names the question, not the value
    state = readiness(record, FORM, ENGLAND)["duty_to_notify"]
    assert not state.ready and "treatment" in {m.field_id for m in state.missing}
    clean = declining(people, treatment="They took her passport.")
    assert output_view(clean, FORM, "duty_to_notify", ENGLAND)["withheld"] == []
    assert readiness(clean, FORM, ENGLAND)["duty_to_notify"].ready


def test_a_childs_free_text_is_not_flagged_for_a_notification_it_never_gets(
    people: list[dict[str, Any]],
) -> None:
    p01 = next(p for p in people if p["id"] == "p01")
    record = record_for_person(p01, case_id="case-p01", now=NOW, nation="england")
    record["answers"]["treatment"] = "林小梅 was kept indoors."
    assert not any(p.field_id == "treatment" for p in validate(FORM, record))


def test_normalisation_removes_what_hides_a_name() -> None:
    assert normalise("  A\u200bdé\u202eṣínà \n\t OLA ") == "adesina ola"
    assert normalise("ＡＤＥＳＩＮＡ") == "adesina"  # fullwidth compatibility letters
    assert normalise("٠٧٧٠٠ ٩٠٠١٢٣") == "07700 900123"  # Arabic-Indic digits
    assert normalise("Straße") == "strasse"
    assert normalise("أحمد نوري") == normalise("احمد نوری")  # hamza; Arabic and Persian yeh


def test_matching_by_script_phones_and_years() -> None:
    answers = {
        "name_latin": "Ana Li",
        "name_native": "林小梅",
        "pv_phone": "+44 7700 900123",
        "dob_claimed": {"year": 1994, "month": 3, "approximate": False},
        "pv_address_postcode": "CT20 1AA",
    }
    among = needles(answers, FORM)

    def hits(text: str) -> set[str]:
        return {n.field_id for n in found(text, among)}

    assert hits("She ate a banana in Lille.") == set()  # names match whole words only...
    assert hits("Met Li at the port.") == {"name_latin"}
    assert hits("她叫小梅") == {"name_native"}  # ...except in scripts written without spaces
    assert hits("Call 07700-900-123.") == {"pv_phone"}
    assert hits("Born 12/03/1994.") == {"dob_claimed"}
    assert hits("Paid 19940 pounds.") == set()
    assert hits("Stayed at ct20  1aa.") == {"pv_address_postcode"}


def test_a_short_reference_does_not_flag_every_number(people: list[dict[str, Any]]) -> None:
    record = declining(people, fr_reference="12", treatment="Worked 12 hours a day.")
    assert output_view(record, FORM, "duty_to_notify", ENGLAND)["withheld"] == []


def test_a_responder_who_shares_the_persons_name_can_still_sign(
    people: list[dict[str, Any]],
) -> None:
    record = declining(people, fr_first_name="Ola", fr_last_name="Adesina")
    view = output_view(record, FORM, "duty_to_notify", ENGLAND)
    assert view["withheld"] == [] and view["answers"]["fr_last_name"] == "Adesina"
