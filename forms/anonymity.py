"""An anonymous output (the Duty to Notify): its allow-list, and free text that would identify."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from forms.conditions import evaluate
from forms.identifiers import Needle, found, needles
from forms.model import Field, FormDefinition, Output

WITHHELD = (
    "Withheld: this answer contains something that could identify the person. Take it out in "
    "the case and print again."
)
_FREE_TEXT = frozenset({"text", "long_text"})
# The responder's own name is theirs, not the person's: a responder who shares a first name
# with the person must still be able to sign the notification.
_RESPONDER_NAME = frozenset({"fr_first_name", "fr_last_name"})


def is_anonymous(output: Output, answers: Mapping[str, Any]) -> bool:
    """Anonymous unless the adult explicitly agreed to be named (MSA 2015 s52(3)).

    Only an output with an allow-list can be anonymous; willingness to help an investigation is
    not agreement to be named, so nothing but `named_when` lifts it.
    """
    return bool(output.anonymous_fields) and not evaluate(output.named_when, answers)


def allowed(output: Output, answers: Mapping[str, Any], f: Field) -> bool:
    """Whether a top-level field may appear in this output for this case."""
    return not is_anonymous(output, answers) or f.id in output.anonymous_fields


def free_text(f: Field, value: Any) -> Iterator[str]:
    """Every piece of text a person typed inside one answer: the answer itself, the text members
    of a group, the notes of an indicator checklist."""
    if f.type in _FREE_TEXT and isinstance(value, str):
        yield value
    elif f.type == "group" and isinstance(value, list):
        for item in value:
            for sub in f.sub_fields:
                if isinstance(item, Mapping):
                    yield from free_text(sub, item.get(sub.id))
    elif f.type == "indicators" and isinstance(value, Mapping):
        for entry in value.values():
            if isinstance(entry, Mapping) and isinstance(entry.get("note"), str):
                yield entry["note"]


@dataclass(frozen=True)
class IdentifyingAnswer:
    """A free-text answer an anonymous output would carry that contains an identifying value."""

    field_id: str
    label: str
    section_id: str
    found_in: tuple[str, ...]  # labels of the questions whose answers were found, never values

    @property
    def message(self) -> str:
        what = "; ".join(self.found_in)
        return (
            "The Duty to Notify is anonymous: take out of this answer what could identify them "
            f"(found: {what}). Until then it is left out of the notification."
        )


def _labels(hits: list[Needle]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n.label for n in hits))


def identifying_answers(
    raw: Mapping[str, Any], seen: Mapping[str, Any], form: FormDefinition, output: Output
) -> list[IdentifyingAnswer]:
    """Allowed free-text answers of an anonymous output that contain an identifying value.

    `raw` are all answers (identifiers in hidden questions count too); `seen` the visible ones
    with the generated boxes filled, which are what the output would carry.
    """
    if not is_anonymous(output, seen):
        return []
    among = needles(raw, form)
    if not among:
        return []
    problems: list[IdentifyingAnswer] = []
    for f in form.top_level():
        if f.id not in output.anonymous_fields or f.id not in seen or f.id in _RESPONDER_NAME:
            continue
        hits = [n for text in free_text(f, seen[f.id]) for n in found(text, among)]
        if hits:
            problems.append(IdentifyingAnswer(f.id, f.label, f.section_id, _labels(hits)))
    return problems


def identifying_text(raw: Mapping[str, Any], form: FormDefinition, text: str) -> bool:
    """Whether generated text (the indicators narrative) contains an identifying value."""
    return bool(found(text, needles(raw, form)))
