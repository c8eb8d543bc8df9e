"""Precision and recall on generated populations, as docs/council-store.md ("Quality") reports them.

    .venv/bin/python -m linkage.quality_table 400:31337 1000:4242 [--dob R] [--birthplace R]
        [--family R]

For each PEOPLE:SEED: the records, precision and recall at the default threshold, and the best
recall at any threshold of a fixed grid where precision stays at 90% or more. `--dob`,
`--birthplace` and `--family` change how often a device records those facts (linkage.generate.
Rates; the defaults are the test set's): they answer "what if workers recorded more", and are
never what the quality test measures.
"""

from __future__ import annotations

import argparse

from linkage.engines import predict_duckdb
from linkage.generate import Rates, generate
from linkage.model import DEFAULT_THRESHOLD
from linkage.quality import Quality, measure
from linkage.rows import person_row

GRID = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
TARGET_PRECISION = 0.90


def best_recall(qualities: list[Quality]) -> Quality | None:
    """The highest-recall point with precision >= 90%, or None."""
    ok = [q for q in qualities if q.precision >= TARGET_PRECISION]
    return max(ok, key=lambda q: (q.recall, q.threshold)) if ok else None


def line(people: int, seed: int, rates: Rates) -> str:
    population = generate(people, seed=seed, rates=rates)
    rows = [person_row(r["case_id"], 1, r) for r in population.records]
    pairs = predict_duckdb(rows, min(GRID))
    truth = population.true_pairs()
    at_default = measure(pairs, truth, DEFAULT_THRESHOLD)
    best = best_recall([measure(pairs, truth, t) for t in GRID])
    best_text = f"{best.recall:.1%} at {best.threshold}" if best else "none"
    return (
        f"{people} people, seed {seed}, {len(rows)} records: {at_default.line()}; "
        f"best recall at precision >= 90%: {best_text}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("populations", nargs="+", help="PEOPLE:SEED")
    defaults = Rates()
    parser.add_argument("--dob", type=float, default=defaults.dob)
    parser.add_argument("--birthplace", type=float, default=defaults.birthplace)
    parser.add_argument("--family", type=float, default=defaults.family)
    args = parser.parse_args()
    rates = Rates(dob=args.dob, birthplace=args.birthplace, family=args.family)
    print(f"recording rates: {rates}")
    for spec in args.populations:
        people, seed = (int(x) for x in spec.split(":"))
        print(line(people, seed, rates), flush=True)


if __name__ == "__main__":
    main()
