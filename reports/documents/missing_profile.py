"""Missing-from-care profile: Philomena Part 1 with the photo, and a blank Part 2."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, PageBreak, Spacer

from reports.documents import blocks
from reports.documents.context import CaseContext
from reports.flow import labelled_answer

OUTPUT_ID = "missing_profile"
_PHOTO_BOX = (60 * mm, 75 * mm)
# Who they are comes first, beside the photo; who filled it in comes last.
_SECTIONS = ("person", "missing_profile", "age", "guardian", "first_responder")


def photo_flowable(photo: bytes) -> Flowable | None:
    """The photo scaled into its box keeping its shape, or None if the bytes are not an image."""
    try:
        width, height = ImageReader(io.BytesIO(photo)).getSize()
    except Exception:  # noqa: BLE001 - any decoder failure means "cannot print this photo"
        return None
    if width <= 0 or height <= 0:
        return None
    scale = min(_PHOTO_BOX[0] / width, _PHOTO_BOX[1] / height)
    image = Image(io.BytesIO(photo), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def _photo_story(ctx: CaseContext) -> list[Flowable]:
    story = blocks.heading("Photograph")
    image = photo_flowable(ctx.photo) if ctx.photo else None
    if image is not None:
        return [*story, image, Spacer(1, 3 * mm)]
    if ctx.photo:
        return [*story, labelled_answer("Recent photograph", "The stored photo could not be read.")]
    return [*story, labelled_answer("Recent photograph", None)]


def story(ctx: CaseContext) -> list[Flowable]:
    output = ctx.form.outputs[OUTPUT_ID]
    protocol = ctx.nation.missing_protocol
    part2: list[Flowable] = [
        PageBreak(),
        *blocks.title(
            "Part 2: when they go missing",
            f"Fill this in by hand at once if they go missing, and give both parts to the police "
            f"({protocol}).",
        ),
    ]
    for heading in output.template:
        part2 += blocks.blank_lines(heading)
    return [
        *blocks.title(
            "Missing-from-care profile (Philomena Part 1)",
            f"Prepared now so the police can start looking at once if they go missing "
            f"({protocol}). Keep it with the care record.",
        ),
        *_photo_story(ctx),
        *blocks.answers_story(ctx, OUTPUT_ID, sections=_SECTIONS),
        *part2,
    ]
