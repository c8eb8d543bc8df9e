"""A scripted working session for the canary scan, run as its own process.

python -m tests.security.canary_session SANDBOX

Sets up a council and a device inside SANDBOX, unlocks, creates cases whose every free-text
answer (top level, inside repeatable groups, indicator notes, gap reasons) holds a unique
canary, adds an attachment holding one, saves new versions, searches by canary, builds the
referral PDFs in memory, locks. The canaries go to standard output as JSON (a pipe, never a
file) so the parent test can scan everything this process wrote.
"""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path
from typing import Any

from crypto.kdf import FLOOR_KDF
from forms.definition import load_form
from forms.model import Field
from services.case_lifecycle import save_draft
from services.cases import add_attachment, blank_record, create_case, open_case, search_cases
from services.clock import FakeClock
from services.council import init_council
from services.paths import AppPaths
from services.provisioning import provision
from services.session import unlock

COUNCIL_PASSPHRASE = "granite meadow lantern orbit velvet"
WORKER_PASSPHRASE = "harbour cactus pebble thistle walnut"
TEXT_TYPES = {"text", "long_text", "phone", "email"}
# Each canary mixes scripts so a leak in any encoding of any script shows up.
SCRIPTS = ("林小梅", "محمد", "ተስፋ", "Nguyễn", "Ольга")


class Canaries:
    def __init__(self) -> None:
        self.all: list[str] = []

    def new(self) -> str:
        script = SCRIPTS[len(self.all) % len(SCRIPTS)]
        canary = f"CNRY{secrets.token_hex(6)}{script}"
        self.all.append(canary)
        return canary


def _fill(fields: tuple[Field, ...], canaries: Canaries) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for f in fields:
        if f.type in TEXT_TYPES:
            answers[f.id] = canaries.new()
        elif f.type == "group":
            answers[f.id] = [_fill(f.sub_fields, canaries) for _ in range(2)]
        elif f.type == "indicators":
            answers[f.id] = {
                option_id: {"answer": "yes", "how_observed": ["said"], "note": canaries.new()}
                for option_id in f.option_ids()[:3]
            }
    return answers


def main(sandbox: Path) -> None:
    clock = FakeClock()
    council = init_council(
        sandbox / "council",
        council_name="Canary Council",
        passphrase=COUNCIL_PASSPHRASE,
        clock=clock,
        kdf=FLOOR_KDF,
    )
    paths = AppPaths(sandbox / "device")
    report = provision(
        paths,
        council.trust_bundle.read_bytes(),
        worker_name="Canary Worker",
        passphrase=WORKER_PASSPHRASE,
        nation="england",
        clock=clock,
        kdf=FLOOR_KDF,
        fingerprint_confirmed=True,
    )
    session = unlock(paths, report.worker_id, WORKER_PASSPHRASE, clock=clock)
    canaries = Canaries()
    form = load_form()
    searched: list[str] = []
    for nation in ("england", "scotland"):
        record = blank_record(clock, nation=nation)
        create_case(session, clock=clock, record=record)
        for _revision in range(2):
            clock.advance(60)
            for section in form.sections:
                record["answers"].update(_fill(section.fields, canaries))
            record["gap_reasons"] = {
                output: {"name_latin": canaries.new()} for output in form.outputs
            }
            save_draft(session, record, clock=clock)
        secret_file = ("attachment " + canaries.new()).encode("utf-8")
        add_attachment(
            session,
            record["case_id"],
            secret_file,
            media_type="text/plain",
            description=canaries.new(),
            clock=clock,
        )
        name = str(record["answers"]["name_latin"])
        found = search_cases(session, name)
        assert [s.case_id for s in found] == [record["case_id"]], "search by canary failed"
        searched.append(name)
        open_case(session, record["case_id"])
        _build_documents(session, record["case_id"])
    session.lock()
    json.dump({"canaries": canaries.all, "searched": searched}, sys.stdout, ensure_ascii=False)


def _build_documents(session: Any, case_id: str) -> None:
    """The referral PDFs are built in memory only; building them must write nothing."""
    from services.documents import case_pack

    pdf = case_pack(session, case_id)
    assert pdf.startswith(b"%PDF"), "the pack is not a PDF"


if __name__ == "__main__":
    main(Path(sys.argv[1]))
