"""Children's services safeguarding referral (made before the NRM referral is completed)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.documents import blocks
from reports.documents.context import CaseContext

OUTPUT_ID = "childrens_services"


def story(ctx: CaseContext) -> list[Flowable]:
    term = ctx.nation.childrens_services_term
    return [
        *blocks.title(
            f"Safeguarding referral to {term}",
            f"Children's services safeguarding referral ({ctx.nation.name}). The child is "
            "presumed to be a child until an age assessment says otherwise (Modern Slavery Act "
            "2015, s51).",
        ),
        *blocks.note(
            f"Contact {term} to keep the child safe before the NRM referral is completed, even "
            "if the child is in detention. Nothing here is an age decision."
        ),
        *blocks.answers_story(ctx, OUTPUT_ID),
    ]
