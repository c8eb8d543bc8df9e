"""Duty to Notify (formerly MS1): anonymous unless the adult agreed to be named in it."""

from __future__ import annotations

from reportlab.platypus import Flowable

from reports.documents import blocks
from reports.documents.context import CaseContext

OUTPUT_ID = "duty_to_notify"


def story(ctx: CaseContext) -> list[Flowable]:
    anonymous = bool(ctx.view(OUTPUT_ID)["anonymous"])
    explanation = (
        "Anonymous notification: the person has not agreed to be named, so nothing that could "
        "identify them is included: no name, date of birth, contact details, case or crime "
        "reference, or the town where they are staying now (Modern Slavery Act 2015, s52(3))."
        if anonymous
        else "The person agreed to be named in this notification, so their name and contact "
        "details are included."
    )
    return [
        *blocks.title(
            "Duty to Notify (formerly MS1)",
            "Notification to the Home Office by a public authority in England or Wales of an "
            "adult who may be a victim of modern slavery and declined the NRM referral.",
        ),
        *blocks.note(explanation),
        *blocks.answers_story(ctx, OUTPUT_ID),
    ]
