"""`demo --recorded-again`: the fixture people as a second worker elsewhere records them, so
council IT can rehearse the possible-match check on two training laptops. Every person is
still the same person (id, phone) under another spelling, and every record can be signed off."""

from __future__ import annotations

from forms.readiness import can_finalise
from forms.samples import record_for_person
from services.cases import form_for, nation_for
from services.demo_people import demo_people, fixture_people, recorded_again


def test_every_fixture_person_is_recorded_again_differently_and_stays_finalisable() -> None:
    for person in fixture_people():
        again = recorded_again(person)
        assert again["id"] == person["id"]
        assert again["name_latin"] != person["name_latin"], person["id"]
        assert again["name_native"] == person["name_native"]
        if isinstance(person.get("age_claimed"), int):
            assert abs(again["age_claimed"] - person["age_claimed"]) <= 2
        first = record_for_person(
            person, case_id="c1", now="2026-12-08T10:00:00Z", nation="england"
        )
        second = record_for_person(
            again, case_id="c2", now="2026-12-08T10:00:00Z", nation="england"
        )
        assert second["answers"]["name_latin"] == again["name_latin"]
        assert second["answers"].get("pv_phone") == first["answers"].get("pv_phone")
        ready, gaps = can_finalise(second, form_for(second), nation_for(second))
        assert ready, (person["id"], gaps)


def test_generated_people_come_back_in_the_other_order_a_year_older() -> None:
    generated = list(demo_people(14))[12:]
    for person in generated:
        again = recorded_again(person)
        assert again["name_latin"].split() == list(reversed(person["name_latin"].split()))
        assert again["age_claimed"] == person["age_claimed"] + 1


def test_demo_people_have_distinct_phones() -> None:
    phones = [
        record_for_person(p, case_id=str(i), now="2026-12-08T10:00:00Z", nation="england")[
            "answers"
        ].get("pv_phone")
        for i, p in enumerate(demo_people(40))
    ]
    given = [p for p in phones if p]
    assert len(given) >= 10 and len(set(given)) == len(given)
