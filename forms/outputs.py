"""What each document may show of a case, with data minimisation applied (Duty to Notify)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forms import anonymity
from forms.conditions import effective_answers, evaluate
from forms.display import display
from forms.indicators import indicators_narrative
from forms.model import Field, FormDefinition
from forms.nations import NationConfig
from forms.prefill import with_generated_text
from forms.routes import compute_routes


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

    An anonymous output (a Duty to Notify the adult has not agreed to be named in) is built from
    its allow-list: any other field is absent from the view altogether, even if it was entered,
    so a template cannot print what it is never given. An allowed free-text answer that contains
    one of the person's identifiers (names, aliases, date of birth, phones, addresses,
    references) is replaced by a notice and listed under "withheld".
    """
    output = form.outputs[output_id]
    seen = effective_answers(form, with_generated_text(record, form))
    raw = record.get("answers", {})
    raw = raw if isinstance(raw, Mapping) else {}
    anonymous = anonymity.is_anonymous(output, seen)
    withheld = {p.field_id: p for p in anonymity.identifying_answers(raw, seen, form, output)}
    sections: list[dict[str, Any]] = []
    flat: dict[str, Any] = {}
    for section in form.sections:
        entries = []
        for f in section.fields:
            if output_id not in f.outputs or f.id not in seen:
                continue
            if not anonymity.allowed(output, seen, f):
                continue
            if f.id in withheld:
                entry = {**_entry(f, None, output_id, anonymous), "withheld": True}
                entry.update(value=anonymity.WITHHELD, display=anonymity.WITHHELD, items=[])
            else:
                entry = _entry(f, seen[f.id], output_id, anonymous)
            entries.append(entry)
            flat[f.id] = entry["value"]
        if entries:
            sections.append({"id": section.id, "title": section.title, "fields": entries})
    narrative = (
        indicators_narrative(record, form)
        if "indicators_details" in form.fields
        and output_id in form.fields["indicators_details"].outputs
        else ""
    )
    if anonymous and narrative and anonymity.identifying_text(raw, form, narrative):
        narrative = anonymity.WITHHELD
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
        "indicators_narrative": narrative,
        "withheld": [
            {"field_id": p.field_id, "label": p.label, "message": p.message}
            for p in withheld.values()
        ],
        "template": list(output.template),
        "childrens_services_term": nation_config.childrens_services_term,
        "notification_duty": nation_config.notification_duty,
        "notification_duty_source": nation_config.notification_duty_source,
        "guardian_service": nation_config.guardian.service,
        "guardian_phone": nation_config.guardian.phone,
        "support_providers": [
            {"name": p.name, "phone": p.phone, "serves": p.serves}
            for p in nation_config.support_providers
        ],
    }
