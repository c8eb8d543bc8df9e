"""Golden bundles of every released format version still read, byte for byte."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from bundles.archive import commit_to_archive, revision_folder
from bundles.import_ledger import MemoryImportLedger
from bundles.reader import read_bundle

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "bundles"
VERSIONS = sorted(p.name for p in GOLDEN.iterdir() if (p / "golden.age").exists())
# Format 1 did not sign the age header; such bundles still import, flagged for a person.
FLAGS = {"v1": ("header_unbound",)}


def test_there_is_a_golden_bundle_for_formats_v1_and_v2() -> None:
    assert {"v1", "v2"} <= set(VERSIONS)


@pytest.mark.parametrize("version", VERSIONS)
def test_golden_bundle_still_reads(version: str, tmp_path: Path) -> None:
    folder = GOLDEN / version
    keys = json.loads((folder / "keys.json").read_text())
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    bundle = tmp_path / "golden.age"  # read a copy: the reader never writes beside its input
    shutil.copyfile(folder / "golden.age", bundle)
    result = read_bundle(
        bundle,
        identities=[keys["import_identity"]],
        enrolled_devices={keys["device_id"]: keys["device_fingerprint"]},
        ledger=MemoryImportLedger(),
        staging_dir=tmp_path / "staging",
    )
    assert result.flags == FLAGS.get(version, ())
    assert result.manifest.bundle_id == expected["bundle_id"]
    assert result.manifest_sha256 == expected["manifest_sha256"]
    assert result.file_sha256 == expected["file_sha256"]
    staged = [
        {
            "name": s.entry.name,
            "kind": s.entry.kind,
            "size": len(result.read_staged(s)),
            "sha256": hashlib.sha256(result.read_staged(s)).hexdigest(),
        }
        for s in result.staged
    ]
    assert staged == expected["entries"]
    commit_to_archive(result, tmp_path / "archive")
    for record_id, record in expected["records"].items():
        stored = revision_folder(tmp_path / "archive", record_id, 1) / "record.json"
        assert json.loads(stored.read_text(encoding="utf-8")) == record
