"""Record of first contact: presence, interpreter, consent and PIN, breaks, actions taken."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.documents import blocks
from reports.documents.context import CaseContext

OUTPUT_ID = "first_contact_record"


def story(ctx: CaseContext) -> list[Flowable]:
    return [
        *blocks.title(
            "Record of first contact",
            "What happened at first contact: who was present, the interpreter, consent and "
            "the Privacy Information Notice, breaks, and the actions taken.",
        ),
        *blocks.answers_story(ctx, OUTPUT_ID),
    ]
