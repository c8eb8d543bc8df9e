"""Real bundles of fictional people (tests/data/people.json) in the record's own shape, and
what the store tests need to receive them into an archive."""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bundles.manifest import GENESIS_SHA256
from council_store import CaseRevision
from crypto.fingerprints import fingerprint
from forms.controlled_lists import load_list
from services.enrolment import enrol_device
from services.receiver import CouncilSecrets
from tests.bundles.bundle_fixtures import Case, Keys, make_keys, write

PEOPLE = Path(__file__).resolve().parent.parent / "data" / "people.json"


def people() -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in json.loads(PEOPLE.read_text(encoding="utf-8"))["people"]}


def country_code(name: str) -> str:
    return next(e.id for e in load_list("countries").entries if e.label == name)


def record_for(
    person: dict[str, Any],
    case_id: str,
    *,
    native: bool = True,
    latin: bool = True,
    aliases: Sequence[str] = (),
    age: int | None = None,
) -> dict[str, Any]:
    """A case record as a device exports it (docs/record.md), with this person's answers."""
    answers: dict[str, Any] = {
        "pv_gender": person["gender"],
        "pv_nationality": country_code(person["nationality"]),
    }
    if native:
        answers["name_native"] = person["name_native"]
    if latin:
        answers["name_latin"] = person["name_latin"]
    stated = person["age_claimed"] if age is None else age
    if stated is not None:
        answers["age_claimed"] = stated
    if aliases:
        answers["aliases"] = [{"alias_text": a, "alias_note": ""} for a in aliases]
    return {
        "record_format": 1,
        "case_id": case_id,
        "form": {"id": "uk-first-contact", "version": 1},
        "nation": "england",
        "created_at": "2026-11-20T10:00:00Z",
        "answers": answers,
        "gap_reasons": {},
    }


def case_of(record: dict[str, Any], reference: str, *, revision: int = 1) -> Case:
    case_id = str(record["case_id"])
    audit = [
        {
            "seq": 1,
            "event": "case_created",
            "case_id": case_id,
            "detail": f"nation=england,reference={reference}",
        }
    ]
    pdf = b"%PDF-1.7\n" + secrets.token_bytes(300) + b"\n%%EOF\n"
    return Case(
        case_id,
        revision,
        json.dumps(record, ensure_ascii=False, sort_keys=True).encode(),
        str(uuid.uuid4()),
        pdf,
        [],
        json.dumps(audit).encode(),
    )


def new_reference() -> str:
    return "FC-20261120-" + secrets.token_hex(2).upper()


class Device:
    """One enrolled device writing real, chained bundles."""

    def __init__(self, keys_dir: Path, device_id: str, base: Keys | None = None) -> None:
        fresh = make_keys(device_id=device_id)
        if base is not None:  # same council keys, this device's own signing key
            from dataclasses import replace

            fresh = replace(
                fresh,
                import_identity=base.import_identity,
                import_recipient=base.import_recipient,
                receipt_sk=base.receipt_sk,
                receipt_pk=base.receipt_pk,
            )
        self.keys = fresh
        self.seq = 0
        self.prev = GENESIS_SHA256
        enrol_device(keys_dir, device_id, fingerprint(fresh.device_pk))

    def bundle(self, out: Path, cases: Sequence[Case]) -> Path:
        self.seq += 1
        written = write(self.keys, out, cases, context=self.keys.context(self.seq, self.prev))
        self.prev = written.manifest_sha256
        return written.path


class Council:
    def __init__(self, tmp: Path) -> None:
        self.keys_dir = tmp / "council-keys"
        self.keys_dir.mkdir()
        self.archive = tmp / "archive"
        self.out = tmp / "stick"
        self.dover = Device(self.keys_dir, "d-00000000000d0e01")
        self.brum = Device(self.keys_dir, "d-00000000000b0b02", base=self.dover.keys)
        keys = self.dover.keys
        self.secrets = CouncilSecrets((keys.import_identity,), keys.receipt_sk)


def revision(case_id: str, rev: int, record: dict[str, Any], **kw: Any) -> CaseRevision:
    """A revision handed straight to the store (the API tests need no bundle)."""
    return CaseRevision(
        case_id=case_id,
        revision=rev,
        reference=kw.get("reference", f"FC-20261120-{case_id[:4].upper()}"),
        device_id=kw.get("device_id", "d-0123456789abcdef"),
        bundle_id=kw.get("bundle_id", "0" * 32),
        received_at=kw.get("received_at", "2026-11-21T09:00:00Z"),
        folder=f"{case_id}/rev-{rev}",
        record=record,
        record_sha256="0" * 64,
        pdfs=kw.get("pdfs", ()),
    )
