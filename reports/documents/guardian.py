"""Guardian referral for the nation's service (ICTG, Guardianship Scotland, NI IGS)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.documents import blocks
from reports.documents.context import CaseContext
from reports.flow import labelled_answer

OUTPUT_ID = "guardian"


def story(ctx: CaseContext) -> list[Flowable]:
    service = ctx.nation.guardian
    reason = next((r.reason for r in ctx.routes if r.id == "guardian"), "")
    return [
        *blocks.title(
            f"Guardian referral: {service.service}",
            f"{ctx.nation.name}. Who is eligible: {service.eligibility_text}",
        ),
        *blocks.heading("The service"),
        labelled_answer("Service", service.service),
        labelled_answer("Phone", service.phone),
        labelled_answer("How to refer", service.referral_route),
        labelled_answer("Why this child is referred", reason),
        *blocks.answers_story(ctx, OUTPUT_ID),
    ]
