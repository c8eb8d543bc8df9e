"""Case documents and the referral pack as PDF bytes, built in memory and never written out."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.platypus import Flowable, PageBreak

from forms.model import FormDefinition
from forms.nations import NationConfig
from reports.documents import (
    childrens_services,
    cover,
    duty_to_notify,
    first_contact,
    glyph_report,
    guardian,
    missing_profile,
    nrm,
)
from reports.documents.context import CaseContext
from reports.glyph_check import MissingGlyph
from reports.page import build_pdf

PACK_TITLE = "Referral pack"
# reportlab wraps image data in ASCII85 by default, in pure Python here: a third of the time of
# a pack with a photo went on it. Binary streams are valid PDF and smaller.
rl_config.useA85 = 0
_STORIES: dict[str, Callable[[CaseContext], list[Flowable]]] = {
    nrm.OUTPUT_ID: nrm.story,
    duty_to_notify.OUTPUT_ID: duty_to_notify.story,
    childrens_services.OUTPUT_ID: childrens_services.story,
    guardian.OUTPUT_ID: guardian.story,
    missing_profile.OUTPUT_ID: missing_profile.story,
    first_contact.OUTPUT_ID: first_contact.story,
}


@dataclass(frozen=True)
class BuiltDocument:
    output_id: str
    title: str
    pdf: bytes


def context(
    record: Mapping[str, Any],
    form: FormDefinition,
    nation: NationConfig,
    *,
    reference: str,
    photo: bytes | None,
) -> CaseContext:
    return CaseContext(record, form, nation, reference, photo)


def title_of(ctx: CaseContext, output_id: str) -> str:
    """A document's generic title (never a person's name: viewers show it in window titles)."""
    return ctx.form.outputs[output_id].title


def contents(ctx: CaseContext) -> list[str]:
    """The titles of the documents that apply, in pack order."""
    return [title_of(ctx, o) for o in ctx.applicable() if o in _STORIES]


def _pdf(
    ctx: CaseContext, story: list[Flowable], title: str, record_hash: str, training: bool
) -> bytes:
    return build_pdf(
        story, title=title, case_reference=ctx.reference, record_hash=record_hash, training=training
    )


def documents(ctx: CaseContext, *, record_hash: str, training: bool) -> list[BuiltDocument]:
    """Each applicable document as its own PDF, in pack order."""
    return [
        BuiltDocument(
            output_id,
            title_of(ctx, output_id),
            _pdf(ctx, _STORIES[output_id](ctx), title_of(ctx, output_id), record_hash, training),
        )
        for output_id in ctx.applicable()
        if output_id in _STORIES
    ]


def pack(ctx: CaseContext, *, record_hash: str, training: bool) -> bytes:
    """The cover sheet then every applicable document, each from a fresh page, as one PDF."""
    output_ids = [o for o in ctx.applicable() if o in _STORIES]
    story = cover.story(ctx, [title_of(ctx, o) for o in output_ids], record_hash)
    for output_id in output_ids:
        story += [PageBreak(), *_STORIES[output_id](ctx)]
    return _pdf(ctx, story, PACK_TITLE, record_hash, training)


def missing_glyphs(ctx: CaseContext) -> list[MissingGlyph]:
    """Characters the pack would print as [U+XXXX] markers, by field: tell the worker first."""
    return glyph_report.missing_glyphs(ctx, [o for o in ctx.applicable() if o in _STORIES])
