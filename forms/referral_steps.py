"""Referral steps recorded as a yes/no answer, one per route that needs a call made.

When a route applies, its step joins the case's action checklist (the definition's output
checks add the rest, e.g. children's services before the NRM). The field ids belong to the
assessment, so they live here beside it rather than in the editor that shows the checklist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from forms.model import FormDefinition

DONE = "yes"  # the answer that marks a step as done


@dataclass(frozen=True)
class ReferralStep:
    route_id: str
    field_id: str
    text: str


REFERRAL_STEPS = (
    ReferralStep("childrens_services", "la_referral_made", "Children's services contacted"),
    ReferralStep("guardian", "guardian_referral_made", "Guardian referral made"),
)


def referral_steps(form: FormDefinition, route_ids: Iterable[str]) -> list[ReferralStep]:
    """The steps of these routes that this definition asks about, in route order."""
    by_route = {step.route_id: step for step in REFERRAL_STEPS}
    return [
        by_route[route_id]
        for route_id in route_ids
        if route_id in by_route and by_route[route_id].field_id in form.fields
    ]
