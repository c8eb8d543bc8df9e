"""The child presumption: one age band derived from the answers, shared by conditions and routes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

CHILD, ADULT, UNKNOWN = "child", "adult", "unknown"


def age_band(answers: Mapping[str, Any]) -> str:
    """child, adult or unknown; unknown is treated as a child everywhere (MSA 2015 s51, R1/R2).

    Only an explicit "No" to "under 18?" makes an adult, and any recorded fact pointing the other
    way (a stated age under 18, or an uncertain age with reasons they may be a child) wins: this is
    the protective presumption, not an age decision, which only a local authority can make.
    """
    under_18 = answers.get("pv_under_18")
    claimed = answers.get("age_claimed")
    if under_18 == "yes" or (isinstance(claimed, int | float) and 0 <= claimed < 18):
        return CHILD
    reasons = answers.get("reasons_may_be_child")
    if answers.get("age_uncertain") == "yes" and isinstance(reasons, str) and reasons.strip():
        return CHILD
    if under_18 == "no":
        return ADULT
    return UNKNOWN


def treated_as_child(answers: Mapping[str, Any]) -> bool:
    return age_band(answers) != ADULT


# Values conditions may test that are worked out rather than asked, with the fields they read.
DERIVED: dict[str, tuple[tuple[str, ...], Callable[[Mapping[str, Any]], Any]]] = {
    "age_band": (("pv_under_18", "age_claimed", "age_uncertain", "reasons_may_be_child"), age_band),
}
DERIVED_OPTIONS: dict[str, tuple[str, ...]] = {"age_band": (CHILD, ADULT, UNKNOWN)}


def derived_value(name: str, answers: Mapping[str, Any]) -> Any:
    return DERIVED[name][1](answers)
