"""The form definition's frozen dataclasses: definition, section, field, option, output, check."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from forms.conditions import Condition

FIELD_TYPES = frozenset(
    {
        "text",
        "long_text",
        "date",
        "datetime",
        "partial_date",
        "single_choice",
        "multiple_choice",
        "yes_no",
        "yes_no_unsure",
        "number",
        "phone",
        "email",
        "controlled_list",
        "group",
        "photo",
        "attachment",
        "indicators",
    }
)
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice", "yes_no", "yes_no_unsure"})
TEXT_TYPES = frozenset({"text", "long_text", "phone", "email"})
# The official online form caps every box at 15,000 characters (domain-reference §0.3).
LONG_TEXT_LIMIT = 15_000
TEXT_LIMIT = 500


@dataclass(frozen=True)
class Option:
    """One answer of a choice, or one indicator of a checklist group."""

    id: str
    label: str
    nrm_id: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Field:
    """One question. `context_when` is the enclosing section's (and group's) condition."""

    id: str
    type: str
    label: str
    help: str = ""
    required_for: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    nrm_id: str | None = None
    options: tuple[Option, ...] = ()
    list_id: str | None = None
    multiple: bool = False
    max_items: int | None = None
    shown_when: Condition | None = None
    context_when: tuple[Condition, ...] = ()
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    sub_fields: tuple[Field, ...] = ()
    sensitive: bool = False
    section_id: str = ""
    parent_id: str | None = None
    scale: str | None = None
    warning: str = ""
    warning_when: Condition | None = None  # when the warning applies (None: always)
    # Belongs to a later, fuller interview (the person completing the NRM, the local
    # authority): sign-off offers "not asked at first contact" as its reason, which can change.
    after_first_contact: bool = False
    # Asked once elsewhere: left empty, documents and readiness read that question's answer.
    same_as: str | None = None

    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)

    def option_label(self, option_id: str) -> str:
        for option in self.options:
            if option.id == option_id:
                return option.label
        return option_id


@dataclass(frozen=True)
class Section:
    """A module of the assessment, shown as one page."""

    id: str
    title: str
    help: str
    fields: tuple[Field, ...]
    shown_when: Condition | None = None
    outputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    """A readiness rule beyond "answered": `require` must hold whenever `when` does."""

    field_id: str
    require: Condition
    message: str
    when: Condition | None = None


@dataclass(frozen=True)
class Output:
    """A document the case can produce, and the routes that make it apply (none: always)."""

    id: str
    title: str
    routes: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    template: tuple[str, ...] = ()  # headings of a blank part (Philomena Part 2)
    # An output that must not identify the person unless `named_when` holds carries only these
    # top-level fields (and their group members) until then: an allow-list, never a deny-list.
    anonymous_fields: tuple[str, ...] = ()
    named_when: Condition | None = None


@dataclass(frozen=True)
class FormDefinition:
    """A loaded, checked definition. `fields` holds every field, group members included."""

    id: str
    version: int
    title: str
    sections: tuple[Section, ...]
    fields: Mapping[str, Field]
    outputs: Mapping[str, Output]
    order: tuple[str, ...] = field(default=())  # top-level ids, each after what it depends on
    source: str = ""

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def top_level(self) -> tuple[Field, ...]:
        return tuple(f for s in self.sections for f in s.fields)
