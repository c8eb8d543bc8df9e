"""Refusing broken definitions at load: unknown fields, lists or outputs, bad options, cycles."""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

from forms.age import DERIVED, DERIVED_OPTIONS
from forms.conditions import Condition, Equals, references
from forms.controlled_lists import list_ids
from forms.model import CHOICE_TYPES, Field, FormDefinition, Output, Section

ROUTE_IDS = frozenset(
    {
        "nrm_child",
        "nrm_adult",
        "duty_to_notify",
        "childrens_services",
        "guardian",
        "missing_profile",
    }
)

# The output every case has: what the first responder did and saw at the first meeting.
FIRST_CONTACT_RECORD = "first_contact_record"


class DefinitionError(ValueError):
    """A definition file that cannot be used; the message names the file, the field and why."""


def _all_fields(fields: Iterable[Field]) -> Iterable[Field]:
    for f in fields:
        yield f
        yield from _all_fields(f.sub_fields)


class _Checker:
    def __init__(self, file: str, sections: tuple[Section, ...], outputs: tuple[Output, ...]):
        self.file = file
        self.sections = sections
        self.output_ids = {o.id for o in outputs}
        self.fields: dict[str, Field] = {}
        self.lists = list_ids()

    def fail(self, where: str, problem: str) -> DefinitionError:
        return DefinitionError(f"{self.file}: {where}: {problem}")

    def collect(self) -> None:
        seen_sections: set[str] = set()
        for section in self.sections:
            if section.id in seen_sections:
                raise self.fail(f"section '{section.id}'", "duplicate section id")
            seen_sections.add(section.id)
            for f in _all_fields(section.fields):
                if f.id in self.fields or f.id in DERIVED:
                    raise self.fail(f"field '{f.id}'", "duplicate field id")
                self.fields[f.id] = f

    def check_field(self, f: Field) -> None:
        where = f"field '{f.id}'"
        for output in (*f.required_for, *f.outputs):
            if output not in self.output_ids:
                raise self.fail(where, f"unknown output '{output}'")
        if f.type == "controlled_list" and f.list_id not in self.lists:
            raise self.fail(where, f"unknown list '{f.list_id}'")
        if f.type in CHOICE_TYPES and not f.options:
            raise self.fail(where, "a choice needs options")
        if len(set(f.option_ids())) != len(f.options):
            raise self.fail(where, "duplicate option ids")
        if f.type == "indicators" and (not f.options or f.scale not in ("tick", "risk")):
            raise self.fail(where, "an indicator group needs items and scale 'tick' or 'risk'")
        if (f.type == "group") != bool(f.sub_fields):
            raise self.fail(where, "only a group has sub_fields, and a group needs them")
        if f.after_first_contact:
            self.check_after_first_contact(f, where)
        if f.same_as is not None:
            self.check_same_as(f, where)
        siblings = {s.id for s in self.fields.values() if s.parent_id == f.parent_id}
        self.check_condition(f.shown_when, where, siblings if f.parent_id else set())
        self.check_condition(f.warning_when, where, siblings if f.parent_id else set())

    def check_after_first_contact(self, f: Field, where: str) -> None:
        """Only a top-level question some document needs can be pre-marked for sign-off, and
        never one the record of first contact needs: that is what a first responder records."""
        if f.parent_id is not None:
            raise self.fail(where, "'after_first_contact' belongs on the top-level question")
        needed = {o for x in (f, *f.sub_fields) for o in x.required_for}
        if not needed:
            raise self.fail(where, "'after_first_contact' on a question no document needs")
        if FIRST_CONTACT_RECORD in needed:
            raise self.fail(
                where, "'after_first_contact' on a question of the first-contact record"
            )

    def check_same_as(self, f: Field, where: str) -> None:
        """`same_as` names another top-level question of the same kind that is asked itself."""
        source = self.fields.get(str(f.same_as))
        if f.parent_id is not None or source is None or source.parent_id is not None:
            raise self.fail(where, f"'same_as' needs a top-level question, not {f.same_as!r}")
        if source.id == f.id or source.same_as is not None:
            raise self.fail(where, f"'same_as' {source.id!r} must be answered, not derived")
        if (source.type, source.list_id, source.option_ids()) != (
            f.type,
            f.list_id,
            f.option_ids(),
        ):
            raise self.fail(where, f"'same_as' {source.id!r} is a different kind of question")

    def check_anonymous(self, output: Output) -> None:
        """An anonymous output's allow-list names only top-level questions that cannot identify
        the person (nothing sensitive, no member that is), and says how it becomes named."""
        where = f"output '{output.id}'"
        if output.anonymous_fields and output.named_when is None:
            raise self.fail(where, "an allow-list needs 'named_when' (the person's agreement)")
        self.check_condition(output.named_when, where, set())
        for field_id in output.anonymous_fields:
            f = self.fields.get(field_id)
            if f is None or f.parent_id is not None:
                raise self.fail(where, f"allow-list: unknown top-level field '{field_id}'")
            if any(x.sensitive for x in (f, *f.sub_fields)):
                raise self.fail(where, f"allow-list: '{field_id}' can identify the person")

    def check_condition(self, condition: Condition | None, where: str, local: set[str]) -> None:
        for leaf in references(condition):
            name = leaf.field
            if name in DERIVED:
                options: tuple[str, ...] = DERIVED_OPTIONS[name]
            elif name in self.fields and (self.fields[name].parent_id is None or name in local):
                target = self.fields[name]
                options = target.option_ids() if target.type in CHOICE_TYPES else ()
            else:
                raise self.fail(where, f"condition refers to unknown field '{name}'")
            tested = (leaf.value,) if isinstance(leaf, Equals) else getattr(leaf, "values", ())
            for value in tested:
                if options and value not in options:
                    raise self.fail(where, f"condition tests '{name}' for {value!r}, not an option")

    def dependencies(self, f: Field) -> set[str]:
        deps: set[str] = set()
        conditions = (*f.context_when, f.shown_when)
        conditions += tuple(s.shown_when for s in _all_fields(f.sub_fields))
        for leaf in (leaf for c in conditions for leaf in references(c)):
            if leaf.field in DERIVED:
                deps.update(DERIVED[leaf.field][0])
            elif self.fields[leaf.field].parent_id is None:
                deps.add(leaf.field)
        return deps & {x.id for x in self.top_level()}

    def top_level(self) -> list[Field]:
        return [f for s in self.sections for f in s.fields]

    def order(self) -> tuple[str, ...]:
        """Top-level field ids, each after the fields its visibility depends on; refuses cycles."""
        graph = {f.id: self.dependencies(f) for f in self.top_level()}
        done: list[str] = []
        state: dict[str, int] = {}

        def visit(node: str, path: list[str]) -> None:
            if state.get(node) == 2:
                return
            if state.get(node) == 1:
                cycle = " -> ".join([*path[path.index(node) :], node])
                raise self.fail(f"field '{node}'", f"conditions form a cycle: {cycle}")
            state[node] = 1
            for dep in sorted(graph[node]):
                visit(dep, [*path, node])
            state[node] = 2
            done.append(node)

        for node in graph:
            visit(node, [])
        return tuple(done)


def check_definition(
    form_id: str,
    version: int,
    title: str,
    sections: tuple[Section, ...],
    outputs: tuple[Output, ...],
    file: str,
) -> FormDefinition:
    """Cross-check a parsed definition and work out the evaluation order."""
    checker = _Checker(file, sections, outputs)
    checker.collect()
    for f in checker.fields.values():
        checker.check_field(f)
    for section in sections:
        checker.check_condition(section.shown_when, f"section '{section.id}'", set())
    for output in outputs:
        for route in output.routes:
            if route not in ROUTE_IDS:
                raise checker.fail(f"output '{output.id}'", f"unknown route '{route}'")
        for check in output.checks:
            if check.field_id not in checker.fields:
                raise checker.fail(f"output '{output.id}'", f"unknown field '{check.field_id}'")
            for condition in (check.when, check.require):
                checker.check_condition(condition, f"output '{output.id}'", set())
        checker.check_anonymous(output)
    return FormDefinition(
        id=form_id,
        version=version,
        title=title,
        sections=sections,
        fields=MappingProxyType(checker.fields),
        outputs=MappingProxyType({o.id: o for o in outputs}),
        order=checker.order(),
        source=file,
    )
