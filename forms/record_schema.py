"""The case record's JSON Schema, generated from the definition: python -m forms.record_schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from forms.definition import load_form
from forms.model import Field, FormDefinition

SCHEMA_ID = "https://first-contact.invalid/record.schema.json"
_PARTIAL_DATE = {
    "type": "object",
    "required": ["year"],
    "properties": {
        "year": {"type": "integer"},
        "month": {"type": ["integer", "null"], "minimum": 1, "maximum": 12},
        "approximate": {"type": "boolean"},
    },
    "additionalProperties": False,
}
_FILE = {
    "type": "object",
    "required": ["attachment_id"],
    "description": "A file kept inside the vault; the record holds only its reference and hash.",
    "properties": {
        "attachment_id": {"type": "string"},
        "file_name": {"type": "string"},
        "media_type": {"type": "string"},
        "size": {"type": "integer", "minimum": 0},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    },
}
_TICK = {
    "type": "object",
    "properties": {
        "answer": {"enum": ["yes", "suspected", "not_known"]},
        "how_observed": {
            "type": "array",
            "items": {"enum": ["said", "seen", "document", "third_party"]},
        },
        "note": {"type": "string"},
    },
    "additionalProperties": False,
}

_FINALISATION = {
    "type": "object",
    "description": (
        "Supervisor sign-off: an Ed25519 signature (domain first-contact/sign-off/v1) over the "
        "canonical JSON of the record without this block, with only the first "
        "disclosures_signed entries of the disclosure log (entries appended after sign-off, "
        "when the pack is printed or exported, are outside the signature)."
    ),
    "required": ["finalised_at", "finalised_by", "supervisor_id", "content_sha256", "signature"],
    "properties": {
        "finalised_at": {"type": "string"},
        "finalised_by": {"type": "string"},
        "supervisor_id": {"type": "string"},
        "content_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "signature": {"type": "string"},
        "disclosures_signed": {"type": "integer", "minimum": 0},
    },
    "additionalProperties": False,
}
_AMENDMENT = {
    "type": "object",
    "description": "Why a finalised case was re-opened; it is signed off again afterwards.",
    "required": ["at", "by", "reason", "from_revision"],
    "properties": {
        "at": {"type": "string"},
        "by": {"type": "string"},
        "reason": {"type": "string", "maxLength": 2000},
        "from_revision": {"type": "integer", "minimum": 1},
        "previous_status": {"type": "string"},
        "previous_supervisor_id": {"type": "string"},
    },
    "additionalProperties": False,
}


def _value_schema(f: Field) -> dict[str, Any]:
    if f.type in ("text", "long_text", "phone", "email"):
        return {"type": "string", "maxLength": f.max_length} if f.max_length else {"type": "string"}
    if f.type == "date":
        return {"type": "string", "format": "date"}
    if f.type == "datetime":
        return {"type": "string", "description": "ISO 8601 date and time"}
    if f.type == "partial_date":
        return {"$ref": "#/$defs/partial_date"}
    if f.type == "number":
        return {"type": "integer"}
    if f.type in ("single_choice", "yes_no", "yes_no_unsure"):
        return {"enum": list(f.option_ids())}
    if f.type == "multiple_choice":
        return {"type": "array", "items": {"enum": list(f.option_ids())}, "uniqueItems": True}
    if f.type == "controlled_list":
        one = {"type": "string", "description": f"An entry id of the '{f.list_id}' list"}
        return (
            {"type": "array", "items": one, "maxItems": f.max_items or 100} if f.multiple else one
        )
    if f.type in ("photo", "attachment"):
        return {"$ref": "#/$defs/file"}
    if f.type == "indicators":
        return {
            "type": "object",
            "propertyNames": {"enum": list(f.option_ids())},
            "additionalProperties": {"$ref": "#/$defs/indicator_tick"},
        }
    items = {
        "type": "object",
        "properties": {s.id: _field_schema(s) for s in f.sub_fields},
        "additionalProperties": False,
    }
    schema: dict[str, Any] = {"type": "array", "items": items}
    if f.max_items:
        schema["maxItems"] = f.max_items
    return schema


def _field_schema(f: Field) -> dict[str, Any]:
    schema = {"title": f.label, **_value_schema(f)}
    schema["x-field-type"] = f.type
    schema["x-nrm-id"] = f.nrm_id  # the official online NRM form's id, beside ours
    if f.required_for:
        schema["x-required-for"] = list(f.required_for)
    if f.sensitive:
        schema["x-sensitive"] = True
    option_ids = {o.id: o.nrm_id for o in f.options if o.nrm_id}
    if option_ids:
        schema["x-nrm-option-ids"] = option_ids
    return schema


def record_schema(form: FormDefinition) -> dict[str, Any]:
    """The schema of records captured with `form`; answers are keyed by our field ids."""
    answers = {f.id: _field_schema(f) for f in form.top_level()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"First Contact case record ({form.id} v{form.version})",
        "description": (
            "A case record. Text is stored exactly as typed (any script, combining marks, "
            "zero-width joiners); display code neutralises bidirectional controls. `nation` is "
            "the nation configuration used for routing; `answers.fr_nation` is the official "
            "form's answer. Group members are addressed as group[index].sub_field in "
            "gap_reasons. x-nrm-id gives the official online NRM form's field id."
        ),
        "type": "object",
        "required": [
            "record_format",
            "case_id",
            "form",
            "nation",
            "answers",
            "gap_reasons",
            "created_at",
        ],
        "properties": {
            "record_format": {"const": 1},
            "case_id": {"type": "string", "minLength": 1},
            "form": {
                "type": "object",
                "required": ["id", "version"],
                "properties": {
                    "id": {"const": form.id},
                    "version": {"type": "integer", "minimum": 1},
                },
            },
            "nation": {"enum": ["england", "wales", "scotland", "northern_ireland"]},
            "answers": {"type": "object", "properties": answers, "additionalProperties": False},
            "gap_reasons": {
                "type": "object",
                "description": "output id -> field id -> why the field is left empty",
                "propertyNames": {"enum": list(form.outputs)},
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                },
            },
            "created_at": {"type": "string", "description": "ISO 8601 date and time"},
            "finalisation": _FINALISATION,
            "amendments": {"type": "array", "items": _AMENDMENT},
        },
        "additionalProperties": False,
        "$defs": {"partial_date": _PARTIAL_DATE, "file": _FILE, "indicator_tick": _TICK},
    }


def schema_text(form: FormDefinition) -> str:
    return json.dumps(record_schema(form), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    """Write docs/record.schema.json (or the path given) for the newest definition."""
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/record.schema.json")
    target.write_text(schema_text(load_form()), encoding="utf-8")


if __name__ == "__main__":
    main()
