"""The Fellegi-Sunter model: comparisons, their levels, blocking rules and fixed parameters.

One model for both engines: every level is SQL that DuckDB and PostgreSQL both run (Levenshtein
rather than Jaro-Winkler, which PostgreSQL lacks, from PostgreSQL's fuzzystrmatch; array overlap
with `&&`, native on both), so a pair scores the same on the embedded store and on a
regional server.

Parameters are fixed, not trained per council (docs/council-store.md, "Matching"): a council
with a few hundred cases has too few duplicates for expectation maximisation to converge on
the same answer twice, and a model that moves with every import would propose and withdraw
pairs at random. `parameters.json` holds m and u per level, estimated once by `python -m
linkage.calibrate` on a generated population (u by random sampling of record pairs, except
nationality and languages, counted among blocked pairs of different people; m from the known
true pairs), and reviewed by hand; re-run it when a comparison changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator
from splink.blocking_rule_library import CustomRule
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

# The prior: how likely two cases picked at random are the same person. It falls with the number
# of cases (each case has about one other record of the same person, among N - 1 others), so it
# is 1 / N, held at 1 / 1,000 for smaller stores so a small council's scores stay steady.
MIN_PRIOR_CASES = 1_000


def prior(cases: int) -> float:
    return 1 / max(cases, MIN_PRIOR_CASES)


# The probability at which a pair is proposed. Chosen on generated populations (seeds 7 and
# 2027, neither the calibration's nor the quality test's held-out seed) as the lowest that keeps
# precision at 90%: a missed child costs more than a pair a person looks at and marks "not the
# same" (docs/council-store.md, "Matching"). Kept, not re-chosen, when the generator grew
# harder: precision 90% on those seeds now needs 0.7 and costs 13-15 points of recall.
DEFAULT_THRESHOLD = 0.35
LONG_NAME = 13  # letters and spaces of the sorted name key: "duc nguyen van" is 14

# Blocking: only pairs that share one of these are scored (all others count as non-matches).
# Keys are order-free (the smallest, middle and largest consonant skeleton of the name's
# tokens), so a swapped or reordered name still meets itself, and a three-word name with one
# word spelt differently still shares two of its three skeletons (block_middle is empty for
# names of one or two words). The last two rules catch a name with a word spelt beyond its
# skeleton (a consonant typo) when the person's sex agrees and the years of birth are within
# two (stated ages are often a year or two off). The last pairs cases that give the same own
# phone number, whatever their names (a name written beyond recognition). Every rule is an
# equality join on a key: the pairs it makes grow with the square of the commonest key's
# cases, not of the store (bench --matches reports the count), so 100,000 records stay in reach.
# The two wide rules (one skeleton, sex, years within two) skip a skeleton shared by more than
# this many cases (rows.cap_wide_blocks): at 100,000 records "ngyn" (Nguyen, 38% of Vietnamese
# family names) alone is about 9,000 cases, and the wide rules made 24 of 36 million pairs. No
# block reaches it below about 10,000 records, so smaller stores score exactly as before.
WIDE_BLOCK_LIMIT = 2_000
# A person is recorded two to four times (siblings may share the family's phone): a number given
# as their own by more cases than this is not one person's (rows.drop_shared_own_phones).
OWN_PHONE_LIMIT = 8
BLOCKING_RULES: tuple[str, ...] = (
    "l.name_key = r.name_key",
    "l.block_first = r.block_first AND l.block_last = r.block_last",
    "l.block_first = r.block_first AND l.block_middle = r.block_middle",
    "l.block_middle = r.block_middle AND l.block_last = r.block_last",
    "l.wide_first = r.wide_first AND l.gender = r.gender AND abs(l.birth_year - r.birth_year) <= 2",
    "l.wide_last = r.wide_last AND l.gender = r.gender AND abs(l.birth_year - r.birth_year) <= 2",
    "l.own_phone = r.own_phone",
)


@dataclass(frozen=True)
class Level:
    label: str  # as the report shows it, e.g. "names: 1-2 letters differ"
    creator: ComparisonLevelCreator
    is_null: bool = False


def _overlap(column: str) -> ComparisonLevelCreator:
    """The arrays share an element. `&&` is native on both engines; Splink's own
    ArrayIntersectLevel calls a SQL function on PostgreSQL that made scoring ~30x slower."""
    return cll.CustomLevel(f"{column}_l && {column}_r")


def _long(level: ComparisonLevelCreator) -> ComparisonLevelCreator:
    return cll.And(
        level, cll.CustomLevel(f"least(length(name_key_l), length(name_key_r)) >= {LONG_NAME}")
    )


def _year_within(years: int) -> ComparisonLevelCreator:
    return cll.CustomLevel(
        f"abs(birth_year_l - birth_year_r) <= {years}", label_for_charts=f"within {years}"
    )


def comparison_levels() -> dict[str, list[Level]]:
    """Each compared field's levels, strongest agreement first (a pair takes the first level
    it meets)."""
    return {
        "name": [
            Level("missing", cll.NullLevel("name_key"), is_null=True),
            Level("same name", cll.ExactMatchLevel("name_key")),
            Level("same name in another form or alias", _overlap("name_forms")),
            # A letter or two means less in a short name ("yang"/"wang" are two families):
            # long and short names have their own levels, so their weights differ.
            Level("1-2 letters differ, long name", _long(cll.LevenshteinLevel("name_key", 2))),
            Level("1 letter differs, short name", cll.LevenshteinLevel("name_key", 1)),
            Level("same consonants", cll.ExactMatchLevel("name_skeleton")),
            Level("2 letters differ, short name", cll.LevenshteinLevel("name_key", 2)),
            Level("consonants 1 apart", cll.LevenshteinLevel("name_skeleton", 1)),
            Level("3-4 letters differ", cll.LevenshteinLevel("name_key", 4)),
            Level("different", cll.ElseLevel()),
        ],
        "birth_year": [
            Level("missing", cll.NullLevel("birth_year"), is_null=True),
            Level(
                "same stated year of birth",
                cll.CustomLevel(
                    "birth_year_l = birth_year_r AND birth_year_stated_l AND birth_year_stated_r"
                ),
            ),
            Level("within 1 year", _year_within(1)),
            Level("within 2 years (stated ages)", _year_within(2)),
            Level("within 5 years", _year_within(5)),
            Level("different", cll.ElseLevel()),
        ],
        # The month only when both dates were stated, not approximate (linkage.evidence). Some
        # documents give 1 January for an unknown birthday, so January agrees more by chance.
        "birth_month": [
            Level("missing", cll.NullLevel("birth_month"), is_null=True),
            Level(
                "same month",
                cll.CustomLevel("birth_month_l = birth_month_r AND birth_month_l <> 1"),
            ),
            Level("both January (a default on some documents)", cll.ExactMatchLevel("birth_month")),
            Level("different", cll.ElseLevel()),
        ],
        "birthplace": [
            Level("missing", cll.NullLevel("birthplace_key"), is_null=True),
            Level("same places", cll.ExactMatchLevel("birthplace_key")),
            Level("a place in common", _overlap("birthplace_parts")),
            Level("a place spelt alike", _overlap("birthplace_skeletons")),
            Level("1-2 letters differ", cll.LevenshteinLevel("birthplace_key", 2)),
            Level("different", cll.ElseLevel()),
        ],
        "family": [
            Level("missing", cll.NullLevel("family_names"), is_null=True),
            Level("two or more family names in common", _overlap("family_pairs")),
            Level("one family name in common", _overlap("family_names")),
            Level("none in common", cll.ElseLevel()),
        ],
        "own_phone": [
            Level("missing", cll.NullLevel("own_phone"), is_null=True),
            Level("same number", cll.ExactMatchLevel("own_phone")),
            Level("different number", cll.ElseLevel()),
        ],
        "nationality": [
            Level("missing", cll.NullLevel("nationality"), is_null=True),
            Level("same", cll.ExactMatchLevel("nationality")),
            Level("same region (linkage/regions.py)", cll.ExactMatchLevel("nationality_region")),
            Level("different", cll.ElseLevel()),
        ],
        "languages": [
            Level("missing", cll.NullLevel("languages"), is_null=True),
            Level("a language in common", _overlap("languages")),
            Level("none in common", cll.ElseLevel()),
        ],
        "gender": [
            Level("missing", cll.NullLevel("gender"), is_null=True),
            Level("same", cll.ExactMatchLevel("gender")),
            Level("different", cll.ElseLevel()),
        ],
    }


@cache
def parameters() -> dict[str, dict[str, list[float]]]:
    """comparison -> level label -> [m, u], from parameters.json."""
    raw = (files("linkage") / "parameters.json").read_text(encoding="utf-8")
    data: dict[str, dict[str, list[float]]] = json.loads(raw)["levels"]
    return data


def _comparison(name: str, levels: list[Level], fixed: bool) -> ComparisonCreator:
    made: list[ComparisonLevelCreator | dict[str, Any]] = []
    for level in levels:
        creator = level.creator.configure(label_for_charts=level.label)
        if fixed and not level.is_null:
            m, u = parameters()[name][level.label]
            creator = creator.configure(m_probability=m, u_probability=u)
        made.append(creator)
    return cl.CustomComparison(output_column_name=name, comparison_levels=made)


def settings(cases: int, *, fixed: bool = True) -> SettingsCreator:
    """The model's settings for a store of `cases` cases: with the fixed parameters, or
    untrained (for calibration)."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[_comparison(n, lv, fixed) for n, lv in comparison_levels().items()],
        blocking_rules_to_generate_predictions=[CustomRule(rule) for rule in BLOCKING_RULES],
        probability_two_random_records_match=prior(cases),
        retain_matching_columns=True,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["revision"],
    )


def level_labels() -> dict[str, list[str]]:
    """comparison -> its level labels by comparison vector value (gamma), -1 for missing."""
    out: dict[str, list[str]] = {}
    for name, levels in comparison_levels().items():
        out[name] = [lv.label for lv in levels]
    return out


def describe_blocking() -> list[str]:
    return list(BLOCKING_RULES)


def as_json(levels: dict[str, dict[str, list[float]]]) -> str:
    return json.dumps({"levels": levels}, indent=2, sort_keys=False) + "\n"
