"""Every character a case's documents would print that no shipped font has, by field."""

from __future__ import annotations

from reports.documents import blocks
from reports.documents.context import CaseContext
from reports.glyph_check import MissingGlyph, check


def missing_glyphs(ctx: CaseContext, output_ids: list[str]) -> list[MissingGlyph]:
    """Walk the answers each output prints (as documents print them) and report what cannot be.

    Checked on the same text the documents draw, so a field left out of an output (an
    anonymous Duty to Notify) is not reported for it. Each field and character is reported once.
    """
    found: dict[tuple[str, str], MissingGlyph] = {}
    for problem in check("reference", "Case reference", ctx.reference):
        found[(problem.field_id, problem.char)] = problem
    for output_id in output_ids:
        view = ctx.view(output_id)
        entries = {e["id"]: e for s in view["sections"] for e in s["fields"]}
        for section in ctx.form.sections:
            for f in section.fields:
                text = blocks.answer_text(f, entries.get(f.id))
                if not text:
                    continue
                for problem in check(f.id, f.label, text):
                    found.setdefault((problem.field_id, problem.char), problem)
    return list(found.values())
