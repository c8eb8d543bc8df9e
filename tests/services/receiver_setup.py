"""Shared set-up for the council receiver tests: a key folder with one enrolled device and
bundles written by the real writer (no vault needed, so these tests stay quick)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bundles.manifest import GENESIS_SHA256
from crypto.fingerprints import checked_fingerprint
from services.enrolment import enrol_device
from services.receiver import CouncilSecrets
from tests.bundles.bundle_fixtures import Keys, make_case, make_keys, write


@dataclass(frozen=True)
class Council:
    keys: Keys
    keys_dir: Path
    archive: Path
    secrets: CouncilSecrets


def council(tmp_path: Path) -> Council:
    keys = make_keys()
    keys_dir = tmp_path / "council-keys"
    keys_dir.mkdir()
    enrol_device(
        keys_dir,
        keys.device_id,
        checked_fingerprint(keys.device_pk),
        receipt_sk=keys.receipt_sk,
        now="2026-11-28T09:00:00Z",
    )
    secrets = CouncilSecrets((keys.import_identity,), keys.receipt_sk)
    return Council(keys, keys_dir, tmp_path / "archive", secrets)


PERSON = {"name": "Ama Mensah", "note": "clear text that must never outlive a receive"}


def bundle(c: Council, out: Path, seq: int, *, cases: int = 2, prev: str = GENESIS_SHA256) -> Path:
    """A real bundle from the enrolled device, `cases` cases with one attachment each."""
    written = write(
        c.keys, out, [make_case(PERSON) for _ in range(cases)], context=c.keys.context(seq, prev)
    )
    return written.path
