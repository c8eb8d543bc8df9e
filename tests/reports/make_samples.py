"""Render sample pages of every fixture name to docs/samples/ for people to look at.

Run by hand: .venv/bin/python -m tests.reports.make_samples (fictional people only).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak

from reports.flow import labelled_answer, user_text
from reports.page import build_pdf

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "samples"


def sample_story() -> list[Flowable]:
    with (ROOT / "tests" / "data" / "people.json").open(encoding="utf-8") as f:
        people = json.load(f)["people"]
    story: list[Flowable] = [
        *user_text("Names in every script (fictional people)", size=15, bold=True)
    ]
    for person in people:
        label = f"Name: {person['name_native']} ({person['script']})"
        story.append(labelled_answer(label, f"{person['name_latin']}  ·  {person['name_native']}"))
    story.append(PageBreak())
    story += user_text("Mixed direction, wrapping and hostile input", size=15, bold=True)
    story.append(
        labelled_answer(
            "Latin label, then an Arabic-script name",
            "Name: احمد شاه نوری (16), from Kabul. Kurdish: ئارام کەریم. Amharic: አበበ ከበደ.",
        )
    )
    story.append(
        labelled_answer(
            "Right-to-left answer that wraps (Dari)",
            "احمد شاه نوری یک پسر ۱۶ ساله از کابل است. او گفت که نامش Ahmad است و در سال 2023"
            " به انگلستان رسید. " * 3,
        )
    )
    story.append(
        labelled_answer(
            "Markup and bidi controls print literally",
            "<b>x</b> & <font size=40> &amp; \u202eSIHT\u202c evil \u2067رسید\u2069 done",
        )
    )
    story.append(
        labelled_answer(
            "Decomposed Yoruba marks",
            "O\u0323la\u0301 Ade\u0301s\u0323i\u0301na\u0300, s\u0323\u0301",
        )
    )
    story.append(labelled_answer("Unanswered question", ""))
    story.append(
        labelled_answer(
            "Characters no shipped font has (reported first)", "Phoenician \U00010900, 🫠"
        )
    )
    return story


def main() -> None:
    pdf = build_pdf(
        sample_story(),
        title="Referral pack",
        case_reference="FC-SAMPLE-0001",
        record_hash="sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        training=True,
    )
    OUT.mkdir(parents=True, exist_ok=True)
    for page in (1, 2):
        png = subprocess.run(
            ["pdftoppm", "-png", "-r", "100", "-f", str(page), "-l", str(page), "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout
        (OUT / f"scripts-sample-p{page}.png").write_bytes(png)


if __name__ == "__main__":
    main()
