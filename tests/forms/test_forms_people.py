"""Each fixture person can be captured as a complete, valid record and is routed correctly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from forms.definition import load_form
from forms.nations import load_nation
from forms.outputs import output_view
from forms.readiness import can_finalise
from forms.record import search_terms, summary
from forms.record_schema import record_schema
from forms.routes import compute_routes
from forms.samples import record_for_person
from forms.validation import validate
from tests.forms.forms_fixtures import NOW

FORM = load_form()
SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "record.schema.json").read_text("utf-8"))
CHILD_ROUTES = ["childrens_services", "nrm_child", "guardian", "missing_profile"]
EXPECTED = {
    "p05": ["duty_to_notify"],
    "p06": ["nrm_adult"],
    "p08": ["nrm_adult"],
    "p09": ["nrm_adult"],
    "p12": ["nrm_adult"],
}


def _record(person: dict[str, Any], nation: str = "england", **kwargs: Any) -> dict[str, Any]:
    return record_for_person(
        person, case_id=f"case-{person['id']}", now=NOW, nation=nation, **kwargs
    )


def test_every_person_becomes_a_complete_valid_correctly_routed_record(
    people: list[dict[str, Any]],
) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert len(people) == 12
    for person in people:
        record = _record(person)
        nation = load_nation(record["nation"])
        assert list(validator.iter_errors(record)) == [], person["id"]
        assert validate(FORM, record) == [], person["id"]
        routes = [r.id for r in compute_routes(record, FORM, nation)]
        assert routes == EXPECTED.get(person["id"], CHILD_ROUTES), person["id"]
        assert can_finalise(record, FORM, nation) == (True, []), person["id"]


def test_names_are_stored_and_searchable_exactly_as_typed(people: list[dict[str, Any]]) -> None:
    for person in people:
        record = json.loads(json.dumps(_record(person), ensure_ascii=False))
        assert record["answers"]["name_native"] == person["name_native"]  # no normalisation
        terms = search_terms(record)
        assert person["name_native"] in terms and person["name_latin"] in terms
        assert summary(record, FORM, load_nation("england"))["name_native"] == person["name_native"]


def test_the_declining_adult_gets_an_anonymous_duty_to_notify(people: list[dict[str, Any]]) -> None:
    p05 = next(p for p in people if p["id"] == "p05")
    view = output_view(_record(p05), FORM, "duty_to_notify", load_nation("england"))
    text = json.dumps(view, ensure_ascii=False)
    assert view["anonymous"] and p05["name_native"] not in text and "Adesina" not in text
    assert view["answers"]["pv_gender"] == "female" and view["answers"]["pv_nationality"] == "NG"
    named = output_view(_record(p05, consent=False), FORM, "nrm", load_nation("england"))
    assert named["answers"]["name_native"] == p05["name_native"]


@pytest.mark.parametrize("consent", [True, False])
def test_an_adult_follows_the_consent_given(people: list[dict[str, Any]], consent: bool) -> None:
    p06 = next(p for p in people if p["id"] == "p06")
    record = _record(p06, consent=consent)
    routes = [r.id for r in compute_routes(record, FORM, load_nation("england"))]
    assert routes == (["nrm_adult"] if consent else ["duty_to_notify"])
    assert can_finalise(record, FORM, load_nation("england"))[0]


def test_the_record_schema_is_the_one_generated_from_the_definition() -> None:
    assert record_schema(FORM) == SCHEMA, "run: python -m forms.record_schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    answers = SCHEMA["properties"]["answers"]["properties"]
    assert answers["pv_under_18"]["x-nrm-id"] == "pv-under-age"
    assert answers["name_native"]["x-nrm-id"] is None
