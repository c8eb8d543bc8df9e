"""The referral pack's cover sheet: reference, marking, routes and why, contents."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from reports.documents import blocks
from reports.documents.context import CaseContext
from reports.flow import labelled_answer, user_text
from reports.page import MARKING, short_hash


def story(ctx: CaseContext, titles: list[str], record_hash: str) -> list[Flowable]:
    """No name of the person on the cover: it is the page anyone handling the pack sees first."""
    story: list[Flowable] = [
        *user_text(MARKING, size=20, bold=True),
        Spacer(1, 3 * mm),
        *blocks.title("Referral pack"),
        labelled_answer("Case reference", ctx.reference),
        labelled_answer("Record version", short_hash(record_hash)),
        labelled_answer("Nation", ctx.nation.name),
        *blocks.heading("Referrals that apply, and why"),
    ]
    if not ctx.routes:
        story += blocks.note("No referral route applies yet on the answers recorded so far.")
    for number, route in enumerate(ctx.routes, start=1):
        story.append(labelled_answer(f"{number}. {route.title}", route.reason))
    story += blocks.heading("Contents")
    for number, title in enumerate(titles, start=1):
        story += user_text(f"{number}. {title}", indent=12)
    story += [
        Spacer(1, 4 * mm),
        *blocks.note(
            "Handle as OFFICIAL-SENSITIVE: share only with those who need it to keep this "
            "person safe, and record each disclosure in the case's disclosure log."
        ),
    ]
    return story
