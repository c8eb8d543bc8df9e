"""Loading form definitions from TOML data files into checked, frozen dataclasses."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from forms.conditions import Condition, ConditionError, parse
from forms.definition_checks import DefinitionError, check_definition
from forms.model import (
    FIELD_TYPES,
    LONG_TEXT_LIMIT,
    TEXT_LIMIT,
    Check,
    Field,
    FormDefinition,
    Option,
    Output,
    Section,
)

__all__ = ["DefinitionError", "FormDefinition", "available_versions", "load_form", "load_form_file"]
_FILE = re.compile(r"^(?P<id>[a-z0-9-]+)\.v(?P<version>[0-9]+)\.toml$")
_FIXED_OPTIONS = {
    "yes_no": (Option("yes", "Yes"), Option("no", "No")),
    "yes_no_unsure": (Option("yes", "Yes"), Option("no", "No"), Option("not_sure", "Not sure")),
}


class _Where:
    """Names the file and the field in every error, as the issue asks."""

    def __init__(self, file: str) -> None:
        self.file = file

    def error(self, where: str, problem: str) -> DefinitionError:
        return DefinitionError(f"{self.file}: {where}: {problem}")


def _condition(raw: object, where: str, at: _Where) -> Condition | None:
    if raw is None:
        return None
    try:
        return parse(raw)
    except ConditionError as exc:
        raise at.error(where, f"bad condition: {exc}") from None


def _required(raw: object, where: str, at: _Where) -> Condition:
    condition = _condition(raw, where, at)
    if condition is None:
        raise at.error(where, "a check needs a 'require' condition")
    return condition


def _options(raw: Any, where: str, at: _Where) -> tuple[Option, ...]:
    if not isinstance(raw, list):
        raise at.error(where, "'options'/'items' must be a list of {id, label} tables")
    try:
        return tuple(
            Option(str(o["id"]), str(o["label"]), o.get("nrm_id"), o.get("group")) for o in raw
        )
    except (KeyError, TypeError):
        raise at.error(where, "every option needs an 'id' and a 'label'") from None


_KNOWN_KEYS = {
    "id",
    "type",
    "label",
    "help",
    "required_for",
    "outputs",
    "nrm_id",
    "options",
    "items",
    "list_id",
    "multiple",
    "max_items",
    "shown_when",
    "max_length",
    "min_value",
    "max_value",
    "sub_fields",
    "sensitive",
    "scale",
    "warning",
    "warning_when",
    "after_first_contact",
    "same_as",
}


def _field(
    raw: dict[str, Any], section: str, parent: str | None, ctx: tuple[Condition, ...], at: _Where
) -> Field:
    fid = raw.get("id")
    if not isinstance(fid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", fid):
        raise at.error(f"section '{section}'", f"field id {fid!r} is not snake_case")
    where = f"field '{fid}'"
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise at.error(where, f"unknown keys {sorted(unknown)}")
    ftype = raw.get("type")
    if ftype not in FIELD_TYPES:
        raise at.error(where, f"unknown type {ftype!r}")
    if not raw.get("label"):
        raise at.error(where, "has no label")
    options = _FIXED_OPTIONS.get(ftype, ())
    if "options" in raw or "items" in raw:
        options = _options(raw.get("options", raw.get("items")), where, at)
    shown_when = _condition(raw.get("shown_when"), where, at)
    default_max = {"long_text": LONG_TEXT_LIMIT}.get(ftype, TEXT_LIMIT)
    subs = tuple(
        _field(s, section, fid, (*ctx, *((shown_when,) if shown_when else ())), at)
        for s in raw.get("sub_fields", [])
    )
    return Field(
        id=fid,
        type=ftype,
        label=str(raw["label"]),
        help=str(raw.get("help", "")).strip(),
        required_for=tuple(raw.get("required_for", ())),
        outputs=tuple(raw.get("outputs", ())),
        nrm_id=raw.get("nrm_id"),
        options=options,
        list_id=raw.get("list_id"),
        multiple=bool(raw.get("multiple", False)),
        max_items=raw.get("max_items"),
        shown_when=shown_when,
        context_when=ctx,
        max_length=raw.get("max_length", default_max if ftype in ("text", "long_text") else None),
        min_value=raw.get("min_value"),
        max_value=raw.get("max_value"),
        sub_fields=subs,
        sensitive=bool(raw.get("sensitive", False)),
        section_id=section,
        parent_id=parent,
        scale=raw.get("scale"),
        warning=str(raw.get("warning", "")),
        warning_when=_condition(raw.get("warning_when"), where, at),
        after_first_contact=bool(raw.get("after_first_contact", False)),
        same_as=raw.get("same_as"),
    )


def _with_outputs(f: Field, default: tuple[str, ...]) -> Field:
    # A field appears on its section's outputs unless it says otherwise, and always on the
    # outputs that need it, so a required field can never be missing from its document.
    outputs = tuple(dict.fromkeys((*(f.outputs or default), *f.required_for)))
    subs = tuple(_with_outputs(s, outputs) for s in f.sub_fields)
    return Field(**{**f.__dict__, "outputs": outputs, "sub_fields": subs})


def _section(raw: dict[str, Any], at: _Where) -> Section:
    sid = raw.get("id")
    if not isinstance(sid, str):
        raise at.error("section", f"section id {sid!r} is missing")
    shown_when = _condition(raw.get("shown_when"), f"section '{sid}'", at)
    ctx = (shown_when,) if shown_when is not None else ()
    outputs = tuple(raw.get("outputs", ()))
    fields = tuple(_with_outputs(_field(f, sid, None, ctx, at), outputs) for f in raw["fields"])
    return Section(
        sid, str(raw["title"]), str(raw.get("help", "")).strip(), fields, shown_when, outputs
    )


def _output(raw: dict[str, Any], at: _Where) -> Output:
    oid = str(raw["id"])
    checks = tuple(
        Check(
            field_id=str(c["field"]),
            require=_required(c.get("require"), f"output '{oid}'", at),
            message=str(c["message"]),
            when=_condition(c.get("when"), f"output '{oid}'", at),
        )
        for c in raw.get("checks", [])
    )
    template = tuple(str(t) for t in raw.get("template", ()))
    return Output(
        oid,
        str(raw["title"]),
        tuple(raw.get("routes", ())),
        checks,
        template,
        anonymous_fields=tuple(str(f) for f in raw.get("anonymous_fields", ())),
        named_when=_condition(raw.get("named_when"), f"output '{oid}'", at),
    )


def parse_definition(data: dict[str, Any], file: str) -> FormDefinition:
    """A checked definition from parsed TOML; `file` names it in error messages."""
    at = _Where(file)
    try:
        sections = tuple(_section(s, at) for s in data["sections"])
        outputs = tuple(_output(o, at) for o in data["outputs"])
        form_id, version, title = str(data["id"]), int(data["version"]), str(data["title"])
    except KeyError as missing:
        raise at.error("(top level)", f"missing key {missing}") from None
    return check_definition(form_id, version, title, sections, outputs, file)


def load_form_file(path: str | Path) -> FormDefinition:
    """Load one definition file (tests use this for deliberately broken files)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"{path.name}: (file): not valid TOML: {exc}") from None
    return parse_definition(data, path.name)


def available_versions(form_id: str) -> list[int]:
    """The versions of a form shipped with the app, oldest first."""
    found = (_FILE.match(p.name) for p in files("forms.definitions").iterdir())
    return sorted(int(m["version"]) for m in found if m and m["id"] == form_id)


@cache
def load_form(form_id: str = "uk-first-contact", version: int | None = None) -> FormDefinition:
    """A shipped definition; the newest version unless a case asks for the one it was made with."""
    versions = available_versions(form_id)
    if not versions:
        raise DefinitionError(f"{form_id}: no definition files are installed for this form")
    chosen = versions[-1] if version is None else version
    if chosen not in versions:
        raise DefinitionError(
            f"{form_id}: version {chosen} is not installed (installed: {versions}); "
            "update the app to open this case"
        )
    name = f"{form_id}.v{chosen}.toml"
    data = tomllib.loads((files("forms.definitions") / name).read_text(encoding="utf-8"))
    form = parse_definition(data, name)
    if (form.id, form.version) != (form_id, chosen):
        raise DefinitionError(f"{name}: (top level): id/version do not match the file name")
    return form
