"""Render one sample page per script family to docs/samples/script-*.png for people to check.

Run by hand: .venv/bin/python -m tests.reports.make_script_samples (fictional names only).
"""

from __future__ import annotations

import re
import subprocess

from reportlab.platypus import Flowable

from reports.flow import labelled_answer, user_text
from reports.page import build_pdf
from tests.reports.make_samples import OUT
from tests.reports.script_samples import SCRIPT_NAMES


def family_story(family: str) -> list[Flowable]:
    """Each script of the family as a name answer, in its own-script field, and in a sentence."""
    story: list[Flowable] = [*user_text(f"Script sample: {family}", size=15, bold=True)]
    for fam, script, name in SCRIPT_NAMES:
        if fam != family:
            continue
        story.append(labelled_answer(f"Name ({script})", name))
        story += user_text("Name in their own script (own-script field)", bold=True)
        story += user_text(name, indent=12, own_script=True)
        story += user_text(f"{name} said she was brought here by lorry, in 2025.", indent=12)
    return story


def slug(family: str) -> str:
    return re.sub(r"[^a-z]+", "-", family.lower()).strip("-")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for family in dict.fromkeys(fam for fam, _, _ in SCRIPT_NAMES):
        pdf = build_pdf(
            family_story(family),
            title="Script sample",
            case_reference="FC-SAMPLE-0001",
            record_hash="sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        )
        png = subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout
        (OUT / f"script-{slug(family)}.png").write_bytes(png)


if __name__ == "__main__":
    main()
