"""NRM referral pre-fill, in the online form's question order with its question ids."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.documents import blocks
from reports.documents.context import CaseContext

OUTPUT_ID = "nrm"


def story(ctx: CaseContext) -> list[Flowable]:
    child = any(r.id == "nrm_child" for r in ctx.routes)
    return [
        *blocks.title(
            "NRM referral pre-fill",
            "For the First Responder to transcribe into, or upload with, the online NRM "
            "referral. Questions follow the online form's order; its question ids are in "
            "[brackets]. Each answer box of the online form holds up to 15,000 characters.",
        ),
        *blocks.note(
            "Child referral: no consent is needed, and children's services must have been "
            "contacted before the referral is completed."
            if child
            else "Adult referral, made with the person's informed consent."
        ),
        *blocks.answers_story(ctx, OUTPUT_ID, with_nrm_id=True),
    ]
