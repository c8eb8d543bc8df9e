"""Estimate the model's m and u once, on a generated population, into parameters.json.

    .venv/bin/python -m linkage.calibrate [--people N] [--seed S] [--write]

u (how often two different people agree at a level) for the name by Splink's random sampling
of record pairs; m (how often two records of one person agree) from the population's known true
pairs (Splink's estimate from a label column). Prints the table; `--write` replaces
parameters.json.

u of the other comparisons (year of birth, nationality, languages, sex) is counted on the pairs
blocking lets through that are two different people, not on random pairs. Every pair the model
scores has a similar name, and a similar name already says "same culture": two people with
similar Vietnamese names are usually both Vietnamese and speak Vietnamese, while two random
cases usually are not. With u from random pairs a shared nationality and language added about
four bits to every pair of namesakes (Fellegi-Sunter counts the comparisons as independent,
and these are not); counted among similar-named pairs they add what they really tell apart.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
from splink import DuckDBAPI, Linker

from linkage.engines import frame
from linkage.generate import generate
from linkage.model import as_json, comparison_levels, settings
from linkage.rows import person_row

# No level is ever certain: a floor keeps every weight finite, so one field that differs (a
# mistyped year, another nationality given) lowers a pair's score without ruling it out.
_M_FLOOR = 0.005
_U_FLOOR = 1e-5


# Comparisons whose u is counted among blocked pairs of different people (see the docstring);
# the name's is not, since blocking chose those pairs by their names.
_U_FROM_BLOCKED = ("nationality", "languages", "birthplace", "family", "own_phone")


def _blocked_u(linker: Linker, person_of: dict[str, str]) -> dict[str, dict[str, float]]:
    """comparison -> level label -> share of blocked different-person pairs at that level
    (pairs with the field missing on either side left out, as Splink's u leaves them)."""
    table: pd.DataFrame = linker.inference.predict().as_pandas_dataframe()  # type: ignore[no-untyped-call]
    different = [
        person_of[str(a)] != person_of[str(b)]
        for a, b in zip(table["unique_id_l"], table["unique_id_r"], strict=True)
    ]
    table = table[different]
    out: dict[str, dict[str, float]] = {}
    for name, levels in comparison_levels().items():
        if name not in _U_FROM_BLOCKED:
            continue
        labels = [lv.label for lv in levels]
        counts = Counter(int(g) for g in table[f"gamma_{name}"] if int(g) >= 0)
        total = sum(counts.values())
        out[name] = {labels[len(labels) - 1 - g]: c / total for g, c in counts.items()}
    return out


def estimate(people: int, seed: int) -> dict[str, dict[str, list[float]]]:
    population = generate(people, seed=seed)
    rows = [person_row(r["case_id"], 1, r) for r in population.records]
    df = frame(rows)
    df["person_id"] = [population.person_of[str(u)] for u in df["unique_id"]]
    linker = Linker(df, settings(len(rows), fixed=False), db_api=DuckDBAPI(":memory:"))
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed)
    linker.training.estimate_m_from_label_column("person_id")
    model: dict[str, Any] = linker.misc.save_model_to_json()
    blocked = _blocked_u(linker, population.person_of)
    out: dict[str, dict[str, list[float]]] = {}
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        levels = {}
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m = max(float(level.get("m_probability") or 0.0), _M_FLOOR)
            u = float(level.get("u_probability") or 0.0)
            if name in blocked:
                u = blocked[name].get(level["label_for_charts"], 0.0)
            u = max(u, _U_FLOOR)
            levels[level["label_for_charts"]] = [round(m, 6), round(u, 6)]
        out[name] = levels
    expected = {
        n: [lv.label for lv in lvs if not lv.is_null] for n, lvs in comparison_levels().items()
    }
    assert {n: list(v) for n, v in out.items()} == expected, "labels drifted from the model"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1616)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    levels = estimate(args.people, args.seed)
    for name, table in levels.items():
        for label, (m, u) in table.items():
            print(f"{name:<12} {label:<40} m={m:<9} u={u}")
    if args.write:
        Path(__file__).with_name("parameters.json").write_text(as_json(levels), encoding="utf-8")


if __name__ == "__main__":
    main()
