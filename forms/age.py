"""The child presumption: every age answer feeds one age band, with the answers that decided it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

CHILD, ADULT, UNKNOWN = "child", "adult", "unknown"

# The guidance the worker is shown when a concluded assessment says adult but the answers do not
# (MSA 2015 s51(2); ICTG interim guidance; Merton): the app never settles age itself.
CONCLUDED_ADULT_GUIDANCE = (
    "The local authority's age assessment is recorded as concluded (adult), but other answers say "
    "they are under 18 or may be. The app does not decide age: they stay treated as a child here. "
    "The presumption (Modern Slavery Act 2015 s51) lasts until a local authority age assessment "
    "is carried out or their age is otherwise determined. If the assessment is complete and "
    "accepted, change 'Is the person under 18?' to No and check the other age answers; if it is "
    "being challenged, record it as Disputed and keep treating them as a child."
)
TURNING_18 = (
    "By what they say they are, or may be, 17. If their NRM decision has not been made by their "
    "18th birthday they must then consent to stay in the NRM (or withdraw), and say separately "
    "whether they want adult support (First Responder Toolkit, R12)."
)


@dataclass(frozen=True)
class AgePresumption:
    """The band, the answers that make it a child case, and conflicts to show the worker."""

    band: str
    because: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def child(self) -> bool:
        return self.band != ADULT


def _day(value: object) -> dt.date | None:
    """The date part of a date or datetime answer ("2026-11-28" or "2026-11-28T10:00")."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def dob_ages(dob: object, day: dt.date | None) -> tuple[int, int] | None:
    """The youngest and oldest age a stated (partial) date of birth allows on `day`."""
    if day is None or not isinstance(dob, Mapping):
        return None
    year, month = dob.get("year"), dob.get("month")
    if not isinstance(year, int) or isinstance(year, bool) or not 1 <= year <= day.year:
        return None
    months = (month, month) if isinstance(month, int) and 1 <= month <= 12 else (1, 12)
    first = dt.date(year, months[0], 1)
    after = dt.date(year + months[1] // 12, months[1] % 12 + 1, 1)
    last = after - dt.timedelta(days=1)
    return _age_on(last, day), _age_on(first, day)


def _dob_text(dob: Mapping[str, Any]) -> str:
    month = dob.get("month")
    text = f"{dob['year']}-{month:02d}" if isinstance(month, int) else str(dob["year"])
    return f"about {text}" if dob.get("approximate") else text


def age_presumption(answers: Mapping[str, Any], *, on: dt.date | None = None) -> AgePresumption:
    """child, adult or unknown (treated as a child), and why (MSA 2015 s51, R1/R2).

    Every age answer counts: "under 18?" Yes or Not sure, a stated age or date of birth under 18
    (judged on the day they were met, or `on` when that is not recorded), an uncertain age, facts
    that suggest a child, a concluded "child" assessment. Any one of them makes a child case;
    only an explicit "No" with nothing pointing the other way makes an adult. This is the
    protective presumption, not an age decision, which only a local authority can make.
    """
    under_18 = answers.get("pv_under_18")
    claimed = answers.get("age_claimed")
    day = _day(answers.get("met_at")) or on
    dob = answers.get("dob_claimed")
    ages = dob_ages(dob, day)
    child: list[str] = []  # answers saying under 18
    unsure: list[str] = []  # answers saying they may be
    if under_18 == "yes":
        child.append("'Is the person under 18?' is answered Yes")
    elif under_18 == "not_sure":
        unsure.append("'Is the person under 18?' is answered Not sure")
    if isinstance(claimed, int | float) and not isinstance(claimed, bool) and 0 <= claimed < 18:
        child.append(f"they say they are {claimed:g}")
    if ages is not None and isinstance(dob, Mapping):
        youngest, oldest = ages
        if oldest < 18:
            child.append(f"their stated date of birth ({_dob_text(dob)}) makes them {oldest}")
        elif youngest < 18:
            unsure.append(f"their stated date of birth ({_dob_text(dob)}) may make them 17")
    if answers.get("age_uncertain") == "yes":
        unsure.append("their age is recorded as uncertain")
    reasons = answers.get("reasons_may_be_child")
    if isinstance(reasons, str) and reasons.strip():
        unsure.append("facts are recorded that suggest they may be a child")
    if answers.get("age_assessment_status") == "concluded_child":
        child.append("a local authority age assessment concluded they are a child")

    because = tuple(child + unsure)
    if not because:
        return AgePresumption(ADULT if under_18 == "no" else UNKNOWN)
    warnings: list[str] = []
    if under_18 == "no":
        warnings.append(
            f"'Is the person under 18?' is answered No, but {'; '.join(because)}: they are "
            "treated as a child until a local authority assesses their age. If they may be under "
            "18, answer Not sure."
        )
    older = _adult_answers(claimed, ages)
    if under_18 in ("yes", "not_sure") and older:
        warnings.append(
            f"The age answers disagree ({older}); the answer pointing under 18 decides: they are "
            "treated as a child."
        )
    if answers.get("age_assessment_status") == "concluded_adult":
        warnings.append(CONCLUDED_ADULT_GUIDANCE)
    if claimed == 17 or (ages is not None and 17 in ages):
        warnings.append(TURNING_18)
    return AgePresumption(CHILD if child else UNKNOWN, because, tuple(warnings))


def _adult_answers(claimed: object, ages: tuple[int, int] | None) -> str:
    """Stated facts pointing to an adult, in words (empty when there are none)."""
    parts = []
    if isinstance(claimed, int | float) and not isinstance(claimed, bool) and claimed >= 18:
        parts.append(f"a stated age of {claimed:g}")
    if ages is not None and ages[0] >= 18:
        parts.append(f"a stated date of birth making them {ages[0]}")
    return " and ".join(parts)


def age_band(answers: Mapping[str, Any]) -> str:
    """child, adult or unknown; unknown is treated as a child everywhere."""
    return age_presumption(answers).band


def treated_as_child(answers: Mapping[str, Any]) -> bool:
    return age_band(answers) != ADULT


# Values conditions may test that are worked out rather than asked, with the fields they read.
AGE_FIELDS = (
    "met_at",
    "pv_under_18",
    "age_claimed",
    "dob_claimed",
    "age_uncertain",
    "reasons_may_be_child",
)
DERIVED: dict[str, tuple[tuple[str, ...], Callable[[Mapping[str, Any]], Any]]] = {
    "age_band": (AGE_FIELDS, age_band),
}
DERIVED_OPTIONS: dict[str, tuple[str, ...]] = {"age_band": (CHILD, ADULT, UNKNOWN)}


def derived_value(name: str, answers: Mapping[str, Any]) -> Any:
    return DERIVED[name][1](answers)
