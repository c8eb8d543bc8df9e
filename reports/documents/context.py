"""Everything a document is built from: the record, its definition and nation, and the view."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from forms.conditions import effective_answers
from forms.model import FormDefinition
from forms.nations import NationConfig
from forms.outputs import output_view
from forms.prefill import with_generated_text
from forms.routes import Route, compute_routes

# Pack order: children's services must be contacted before the NRM referral is completed.
DOCUMENT_ORDER = (
    "childrens_services",
    "nrm",
    "duty_to_notify",
    "guardian",
    "missing_profile",
    "first_contact_record",
)


@dataclass(frozen=True)
class CaseContext:
    """One record version as documents see it; computed views are cached per instance."""

    record: Mapping[str, Any]
    form: FormDefinition
    nation: NationConfig
    reference: str
    photo: bytes | None = None

    @cached_property
    def seen(self) -> dict[str, Any]:
        """Visible answers, with the generated boxes (indicators, interview context) filled."""
        return effective_answers(self.form, with_generated_text(self.record, self.form))

    @cached_property
    def routes(self) -> list[Route]:
        return compute_routes(self.record, self.form, self.nation)

    def view(self, output_id: str) -> dict[str, Any]:
        return output_view(self.record, self.form, output_id, self.nation)

    def applicable(self) -> list[str]:
        """Outputs that apply to this case, in pack order (outputs with no route always apply)."""
        route_ids = {r.id for r in self.routes}
        out = []
        for output_id in DOCUMENT_ORDER:
            output = self.form.outputs.get(output_id)
            if output is not None and (not output.routes or route_ids & set(output.routes)):
                out.append(output_id)
        return out
