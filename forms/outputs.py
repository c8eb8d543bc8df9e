"""What each document may show of a case, with data minimisation applied (Duty to Notify)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forms.conditions import effective_answers, evaluate
from forms.display import display
from forms.indicators import indicators_narrative
from forms.model import Field, FormDefinition
from forms.nations import NationConfig
from forms.prefill import with_generated_text
from forms.routes import compute_routes


def is_anonymous(output_id: str, answers: Mapping[str, Any]) -> bool:
    """A Duty to Notify identifies the adult only if they agreed to cooperate (MSA 2015 s52(3))."""
    return output_id == "duty_to_notify" and answers.get("will_cooperate") != "yes"


def _entry(f: Field, value: Any, output_id: str, anonymous: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": f.id,
        "label": f.label,
        "nrm_id": f.nrm_id,
        "type": f.type,
        "value": value,
        "display": display(f, value),
    }
    if f.type == "group" and isinstance(value, list):
        entry["items"] = [
            [
                _entry(sub, item.get(sub.id), output_id, anonymous)
                for sub in f.sub_fields
                if output_id in sub.outputs
                and not (anonymous and sub.sensitive)
                and evaluate(sub.shown_when, item)
                and item.get(sub.id) is not None
            ]
            for item in value
            if isinstance(item, dict)
        ]
        entry["value"] = [{e["id"]: e["value"] for e in row} for row in entry["items"]]
    return entry


def output_view(
    record: Mapping[str, Any], form: FormDefinition, output_id: str, nation_config: NationConfig
) -> dict[str, Any]:
    """The answers a document may show, in form order, for visible fields only.

    For a Duty to Notify without cooperation, every field marked sensitive (names, aliases, date
    of birth, phones, email, address, references that identify) is absent from the view
    altogether, even if it was entered: a template cannot print what it is never given.
    """
    output = form.outputs[output_id]
    seen = effective_answers(form, with_generated_text(record, form))
    anonymous = is_anonymous(output_id, seen)
    sections: list[dict[str, Any]] = []
    flat: dict[str, Any] = {}
    for section in form.sections:
        entries = []
        for f in section.fields:
            if output_id not in f.outputs or f.id not in seen or (anonymous and f.sensitive):
                continue
            entry = _entry(f, seen[f.id], output_id, anonymous)
            entries.append(entry)
            flat[f.id] = entry["value"]
        if entries:
            sections.append({"id": section.id, "title": section.title, "fields": entries})
    routes = compute_routes(record, form, nation_config)
    return {
        "output_id": output_id,
        "title": output.title,
        "case_id": record.get("case_id"),
        "form": {"id": form.id, "version": form.version},
        "nation": nation_config.id,
        "nation_name": nation_config.name,
        "anonymous": anonymous,
        "routes": [{"id": r.id, "title": r.title, "reason": r.reason} for r in routes],
        "answers": flat,
        "sections": sections,
        "indicators_narrative": indicators_narrative(record, form)
        if "indicators_details" in form.fields
        and output_id in form.fields["indicators_details"].outputs
        else "",
        "template": list(output.template),
        "childrens_services_term": nation_config.childrens_services_term,
        "guardian_service": nation_config.guardian.service,
        "guardian_phone": nation_config.guardian.phone,
        "support_providers": [
            {"name": p.name, "phone": p.phone, "serves": p.serves}
            for p in nation_config.support_providers
        ],
    }
