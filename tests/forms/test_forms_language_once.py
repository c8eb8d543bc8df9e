"""The language is asked once (the interpreting language) and the documents read that answer."""

from __future__ import annotations

from forms.definition import load_form
from forms.nations import load_nation
from forms.readiness import readiness
from tests.forms.forms_fixtures import record_with

FORM = load_form()
ENGLAND = load_nation("england")
REPEATS = (
    "languages",
    "first_language",
    "interpreter_needed_language",
    "consent_language",
    "info_pack_language",
)


def test_the_definition_asks_the_language_once() -> None:
    languages = [f.id for f in FORM.top_level() if f.list_id == "languages" and not f.same_as]
    assert languages == ["interpreter_language"]
    assert all(FORM.fields[f].same_as == "interpreter_language" for f in REPEATS)


def test_every_document_reads_the_one_answer() -> None:
    child = {"pv_under_18": "yes", "interpreter_used": "yes", "interpreter_language": "ar"}
    states = readiness(record_with(child), FORM, ENGLAND)
    for output_id in ("nrm", "childrens_services", "guardian", "missing_profile"):
        missing = {m.field_id for m in states[output_id].missing}
        assert not missing & {*REPEATS, "interpreter_needed"}, output_id


def test_an_answer_typed_in_a_repeat_wins() -> None:
    from forms.prefill import with_generated_text

    record = record_with(
        {"interpreter_used": "yes", "interpreter_language": "ar", "first_language": "ckb"}
    )
    answers = with_generated_text(record, FORM)
    assert answers["first_language"] == "ckb"
    assert answers["languages"] == ["ar"] and answers["interpreter_needed_language"] == "ar"
    # No interpreter: nothing is carried over.
    hidden = with_generated_text(record_with({"interpreter_language": "ar"}), FORM)
    assert "languages" not in hidden
