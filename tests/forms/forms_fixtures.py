"""Shared builders for the forms tests: a record from answers, and hypothesis strategies."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from forms.definition import load_form
from forms.record import new_record

NOW = "2026-11-28T10:00:00+00:00"
CANARY = "ZQXNAME"  # marks names so a test can look for them anywhere in an output


def record_with(answers: dict[str, Any], nation: str = "england") -> dict[str, Any]:
    record = new_record("case-1", load_form(), nation, NOW)
    record["answers"].update({k: v for k, v in answers.items() if v is not None})
    return record


def maybe(values: list[Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from([None, *values])


_TEXT = st.text(min_size=1, max_size=12)
_ORGS = [
    "uk_border_force",
    "metropolitan_police_service",
    "eng_kent",
    "the_salvation_army",
    "migrant_help",
    "national_crime_agency",
]


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """Records with the answers that decide routes varied, and identifying details filled in."""
    nation = draw(st.sampled_from(["england", "wales", "scotland", "northern_ireland"]))
    name = CANARY + draw(_TEXT)
    answers = {
        "pv_under_18": draw(maybe(["yes", "no", "not_sure"])),
        "age_claimed": draw(st.none() | st.integers(min_value=0, max_value=90)),
        "age_uncertain": draw(maybe(["yes", "no"])),
        "reasons_may_be_child": draw(maybe(["Said she is 16", "  "])),
        "nrm_consent": draw(maybe(["yes", "no"])),
        "will_cooperate": draw(maybe(["yes", "no"])),
        "dtn_named_consent": draw(maybe(["yes", "no"])),
        "fr_nation": draw(st.sampled_from([nation, nation, "england", "scotland"])),
        "fr_organisation": draw(maybe(_ORGS)),
        "person_with_pr_in_uk": draw(maybe(["yes", "no", "not_sure"])),
        "guardian_area": draw(maybe(["england:Kent", "not_an_ictg_area"])),
        "missing_profile_wanted": draw(maybe(["yes", "no"])),
        "name_native": name,
        "name_latin": name + " latin",
        "pv_first_name": name + " first",
        "pv_last_name": name + " last",
        "aliases": [{"alias_text": name + " alias"}],
        "dob_claimed": {"year": 2001, "month": None, "approximate": True},
        "pv_phone": "+44 7700 900123",
        "support_contact_route": "own_phone",
        "wants_support": "yes",
        "decision_recipient": "person",
        "pv_contact_methods": ["email", "post"],
        "pv_email": name.casefold() + "@example.org",
        "pv_address_street": name + " street",
        "pv_address_postcode": "ZZ1 1ZZ",
        "ho_reference_exists": "yes",
        "ho_reference_detail": name + " ref",
    }
    return record_with(answers, nation)
