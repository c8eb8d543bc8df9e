"""The grouped indicator prompts and the NRM indicators paragraph written from the ticks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from forms.conditions import effective_answers, is_visible
from forms.model import Field, FormDefinition

HOW_OBSERVED = {
    "said": "they said so",
    "seen": "seen by the First Responder",
    "document": "shown in a document",
    "third_party": "reported by a third party",
}
# Risk-matrix answers; "not_known" is the neutral default and is never written into the paragraph.
RISK_ANSWERS = ("not_known", "suspected", "yes")


@dataclass(frozen=True)
class Tick:
    """One indicator noted: which prompt, how strongly (yes / suspected), how observed, a note."""

    group_id: str
    group_label: str
    item_id: str
    item_label: str
    answer: str
    how_observed: tuple[str, ...]
    note: str


def indicator_groups(form: FormDefinition) -> tuple[Field, ...]:
    """The checklist groups in the order the form shows them."""
    return tuple(f for f in form.top_level() if f.type == "indicators")


def _how(raw: object) -> tuple[str, ...]:
    values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    return tuple(str(v) for v in values if v in HOW_OBSERVED)


def ticks(answers: Mapping[str, Any], form: FormDefinition) -> list[Tick]:
    """Every indicator noted in a visible group (groups hidden by later answers are left out)."""
    seen = effective_answers(form, answers)
    found: list[Tick] = []
    for group in indicator_groups(form):
        value = seen.get(group.id)
        if not isinstance(value, dict) or not is_visible(group, seen):
            continue
        for item in group.options:
            entry = value.get(item.id)
            if not isinstance(entry, dict):
                continue
            answer = str(entry.get("answer", "yes"))
            if answer not in ("yes", "suspected"):
                continue
            note = entry.get("note")
            found.append(
                Tick(
                    group.id,
                    group.label,
                    item.id,
                    item.label,
                    answer,
                    _how(entry.get("how_observed")),
                    note.strip() if isinstance(note, str) else "",
                )
            )
    return found


def _sentence(tick: Tick) -> str:
    text = tick.item_label[0].lower() + tick.item_label[1:]
    if tick.answer == "suspected":
        text = f"suspected: {text}"
    if tick.how_observed:
        text += f" ({'; '.join(HOW_OBSERVED[h] for h in tick.how_observed)})"
    if tick.note:
        text += f": {tick.note.rstrip('.')}"
    return text


def indicators_narrative(record: Mapping[str, Any], form: FormDefinition) -> str:
    """The paragraph for the NRM's indicators box, built from the ticks; empty if none.

    It lists what the First Responder noticed or was told and how; it never scores, weighs or
    concludes, because the competent authority makes the decision (DOMAIN.md).
    """
    answers = record.get("answers", {})
    noted = ticks(answers if isinstance(answers, Mapping) else {}, form)
    if not noted:
        return ""
    lines = ["Indicators noted at first contact, with how each was observed:"]
    current = ""
    parts: list[str] = []
    for tick in noted:
        if tick.group_label != current and parts:
            lines.append(f"{current}: {'; '.join(parts)}.")
            parts = []
        current = tick.group_label
        parts.append(_sentence(tick))
    lines.append(f"{current}: {'; '.join(parts)}.")
    return "\n".join(lines)
