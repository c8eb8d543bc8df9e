"""Visibility conditions as structured data (all, any, not, equals, in, answered); never eval."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from forms.age import DERIVED, derived_value


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


@dataclass(frozen=True)
class Equals:
    field: str
    value: Any


@dataclass(frozen=True)
class In:
    field: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Answered:
    field: str
    answered: bool = True


Leaf = Equals | In | Answered
Condition = All | AnyOf | Not | Leaf


class ConditionError(ValueError):
    """A condition table that is not one of the known shapes."""


class HasConditions(Protocol):
    @property
    def shown_when(self) -> Condition | None: ...


class _Conditioned(HasConditions, Protocol):
    @property
    def context_when(self) -> tuple[Condition, ...]: ...


class FieldTable(Protocol):
    """What visibility needs of a form (forms.model.FormDefinition is one).

    A protocol rather than an import: forms.model builds on these conditions, so importing it
    here would make the two modules import each other."""

    @property
    def order(self) -> tuple[str, ...]: ...

    @property
    def fields(self) -> Mapping[str, _Conditioned]: ...


def parse(raw: object) -> Condition:
    """A condition from its TOML table, e.g. {field = "pv_under_18", in = ["yes", "not_sure"]}."""
    if not isinstance(raw, Mapping):
        raise ConditionError(f"a condition must be a table, not {raw!r}")
    keys = set(raw)
    if keys == {"all"} or keys == {"any"}:
        items = raw["all"] if "all" in raw else raw["any"]
        if not isinstance(items, list) or not items:
            raise ConditionError("'all' and 'any' need a non-empty list of conditions")
        parsed = tuple(parse(item) for item in items)
        return All(parsed) if "all" in raw else AnyOf(parsed)
    if keys == {"not"}:
        return Not(parse(raw["not"]))
    field = raw.get("field")
    if not isinstance(field, str):
        raise ConditionError(f"a condition needs 'field' and one test: {dict(raw)!r}")
    if keys == {"field", "equals"}:
        return Equals(field, raw["equals"])
    if keys == {"field", "in"} and isinstance(raw["in"], list):
        return In(field, tuple(raw["in"]))
    if keys == {"field", "answered"} and isinstance(raw["answered"], bool):
        return Answered(field, raw["answered"])
    raise ConditionError(f"unknown condition shape {sorted(keys)} (use equals, in or answered)")


def references(condition: Condition | None) -> Iterator[Leaf]:
    """Every leaf test in a condition (each has a `.field`)."""
    if condition is None:
        return
    if isinstance(condition, All | AnyOf):
        for item in condition.items:
            yield from references(item)
    elif isinstance(condition, Not):
        yield from references(condition.item)
    else:
        yield condition


def is_answered(value: object) -> bool:
    """Empty strings, lists and tables count as unanswered; False and 0 are answers."""
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    if isinstance(value, list | dict | tuple):
        return len(value) > 0
    return True


def _value(field: str, answers: Mapping[str, Any]) -> Any:
    if field in DERIVED:
        return derived_value(field, answers)
    return answers.get(field)


def evaluate(condition: Condition | None, answers: Mapping[str, Any]) -> bool:
    """Whether a condition holds; on a list answer, equals means contains and in means overlaps."""
    if condition is None:
        return True
    if isinstance(condition, All):
        return all(evaluate(item, answers) for item in condition.items)
    if isinstance(condition, AnyOf):
        return any(evaluate(item, answers) for item in condition.items)
    if isinstance(condition, Not):
        return not evaluate(condition.item, answers)
    value = _value(condition.field, answers)
    if isinstance(condition, Answered):
        return is_answered(value) == condition.answered
    wanted = (condition.value,) if isinstance(condition, Equals) else condition.values
    if isinstance(value, list):
        return any(item in wanted for item in value)
    return value in wanted


def effective_answers(form: FieldTable, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers with those of hidden fields left out (a changed answer can hide earlier ones)."""
    kept: dict[str, Any] = {}
    for field_id in form.order:
        if field_id not in answers:
            continue
        field = form.fields[field_id]
        conditions = (*field.context_when, field.shown_when)
        if all(evaluate(condition, kept) for condition in conditions):
            kept[field_id] = answers[field_id]
    return kept


def is_visible(
    item: HasConditions, answers: Mapping[str, Any], *, form: FieldTable | None = None
) -> bool:
    """Whether a field or section is shown. Pass `form` to ignore answers of hidden fields."""
    seen = effective_answers(form, answers) if form is not None else answers
    context: tuple[Condition, ...] = getattr(item, "context_when", ())
    return all(evaluate(c, seen) for c in (*context, item.shown_when))
