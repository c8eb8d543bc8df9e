"""Render sample pages of the referral documents to docs/samples/ for people to look at.

Run by hand: .venv/bin/python -m tests.reports.make_document_samples (fictional people only).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from forms.samples import record_for_person
from services.documents import documents_for_record, pack_for_record
from services.record_hash import record_hash
from tests.reports.documents_vault import person, photo_png

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "samples"
NOW = "2026-11-28T09:00:00Z"


def png(pdf: bytes, page: int, dpi: int = 80) -> bytes:
    return subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    child = record_for_person(person("p04"), case_id="sample-p04", now=NOW, nation="england")
    child["answers"]["aliases"] = [{"alias_text": "林小梅", "alias_note": "Name on a document"}]
    common = {"reference": "FC-20261128-SMPL", "record_hash": record_hash(child), "training": True}
    pack = pack_for_record(child, photo=photo_png(), **common)
    (OUT / "pack-cover-child.png").write_bytes(png(pack, 1))
    docs = {d.output_id: d for d in documents_for_record(child, photo=photo_png(), **common)}
    (OUT / "missing-profile-arabic-script.png").write_bytes(png(docs["missing_profile"].pdf, 1))
    adult = record_for_person(person("p05"), case_id="sample-p05", now=NOW, nation="england")
    adult["answers"].update(pv_phone="+44 7700 900111", pv_address_street="12 Harbour Lane")
    dtn = next(
        d
        for d in documents_for_record(
            adult, photo=None, **{**common, "record_hash": record_hash(adult)}
        )
        if d.output_id == "duty_to_notify"
    )
    (OUT / "duty-to-notify-anonymous.png").write_bytes(png(dtn.pdf, 1))


if __name__ == "__main__":
    main()
