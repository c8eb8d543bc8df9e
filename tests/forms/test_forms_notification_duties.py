"""Each nation's duty to notify is stated as the law has it, with what is and is not in force."""

from __future__ import annotations

from importlib.resources import files

import pytest

from forms.definition import load_form
from forms.nations import NATION_IDS, load_nation
from forms.routes import compute_routes
from tests.forms.forms_fixtures import record_with

DECLINING_ADULT = {"pv_under_18": "no", "nrm_consent": "no", "fr_organisation": "eng_kent"}


@pytest.mark.parametrize("nation_id", NATION_IDS)
def test_every_nation_states_its_duty_with_a_source(nation_id: str) -> None:
    nation = load_nation(nation_id)
    assert len(nation.notification_duty) > 200 and "legislation.gov.uk" in (
        nation.notification_duty_source
    )
    # The app produces a notification exactly where it treats a duty as in force.
    assert nation.notification_duty_in_force == nation.dtn_available
    raw = (files("forms.nation_config") / f"{nation_id}.toml").read_text("utf-8")
    assert "no statutory duty to notify" not in raw.casefold()


def test_scotland_names_s38_and_says_it_is_not_treated_as_in_force() -> None:
    text = load_nation("scotland").notification_duty
    assert "s38" in text and "Police Scotland" in text and "s52" in text
    assert "does not treat the duty as in force" in text
    assert "asp/2015/12/section/38" in load_nation("scotland").notification_duty_source


def test_northern_ireland_names_s13_and_says_it_is_not_treated_as_in_force() -> None:
    text = load_nation("northern_ireland").notification_duty
    assert "s13" in text and "National Crime Agency" in text
    assert "does not treat the duty as in force" in text
    assert "nia/2015/2/section/13" in load_nation("northern_ireland").notification_duty_source


def test_england_and_wales_state_s52_in_force_and_no_duty_for_charities() -> None:
    for nation_id in ("england", "wales"):
        text = load_nation(nation_id).notification_duty
        assert "s52" in text and "1 November 2015" in text and "Charities" in text


@pytest.mark.parametrize("nation_id", ["scotland", "northern_ireland"])
def test_no_notification_is_produced_where_the_duty_is_not_in_force(nation_id: str) -> None:
    record = record_with({**DECLINING_ADULT, "fr_nation": nation_id}, nation_id)
    routes = compute_routes(record, load_form(), load_nation(nation_id))
    assert "duty_to_notify" not in [r.id for r in routes]


def test_the_help_says_the_same() -> None:
    text = " ".join(load_form().section("consent").help.split())
    assert "s38" in text and "s13" in text and "does not treat either as in force" in text
