"""Export then import: byte-identical entries, archive layout, idempotence, ledger and receipts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from bundle_fixtures import Keys, make_case, read, write

from bundles.archive import commit_to_archive, revision_folder
from bundles.errors import EXIT_FLAGGED, EXIT_OK, EXIT_RECEIPT_REISSUED, ReplayRejected
from bundles.import_ledger import (
    FLAG_CHAIN_FORK,
    FLAG_SEQUENCE_GAP,
    FileImportLedger,
    MemoryImportLedger,
)
from bundles.manifest import GENESIS_SHA256
from bundles.receipts import verify_receipt
from bundles.receiver import receive_bundle
from bundles.writer import NAME_BYTES


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_round_trip_is_byte_identical_and_commits(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    cases = [make_case(p, attachments=2) for p in people[:3]]
    written = write(keys, tmp_path / "stick", cases)

    assert [p.name for p in (tmp_path / "stick").iterdir()] == [written.path.name]
    assert len(written.path.stem) == 16 and written.path.suffix == ".age"
    assert len(written.path.stem) * 5 == NAME_BYTES * 8
    raw = written.path.read_bytes()
    for person in people[:3]:  # the stick holds ciphertext only
        assert str(person["name_native"]).encode() not in raw
        assert str(person["name_latin"]).encode() not in raw

    result = read(keys, written.path, tmp_path / "staging")
    assert result.file_sha256 == hashlib.sha256(raw).hexdigest()
    assert result.flags == ()
    assert result.manifest == written.manifest
    assert result.manifest_sha256 == written.manifest_sha256
    by_name = {s.entry.name: result.read_staged(s) for s in result.staged}
    for case in cases:
        assert by_name[f"r/{case.record_id}.json"] == case.record
        assert by_name[f"p/{case.pack_id}.pdf"] == case.pdf
        assert by_name[f"l/{case.record_id}.json"] == case.audit
        for blob in case.attachments:
            assert by_name[f"a/{hashlib.sha256(blob).hexdigest()}.bin"] == blob

    archive = tmp_path / "archive"
    outcome = commit_to_archive(result, archive)
    assert sorted(outcome.committed) == sorted((c.record_id, 1) for c in cases)
    assert list((tmp_path / "staging").iterdir()) == []
    for case, person in zip(cases, people, strict=False):
        folder = revision_folder(archive, case.record_id, 1)
        assert (folder / "record.json").read_bytes() == case.record
        assert json.loads(case.record)["person"] == person
        assert (folder / "packs" / f"{case.pack_id}.pdf").read_bytes() == case.pdf
        assert (folder / "audit.json").read_bytes() == case.audit
        stored = sorted(p.read_bytes() for p in (folder / "attachments").iterdir())
        assert stored == sorted(case.attachments)
        assert (folder / "bundle" / "manifest.json").read_bytes() == result.manifest_bytes

    # Reading the same bundle again (fresh ledger) and committing is a no-op.
    before = _tree(archive)
    again = read(keys, written.path, tmp_path / "staging")
    second = commit_to_archive(again, archive)
    assert second.committed == () and sorted(second.already_present) == sorted(outcome.committed)
    assert _tree(archive) == before
    assert list((tmp_path / "staging").iterdir()) == []


def test_same_revision_with_other_content_goes_to_conflicts(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    case = make_case(people[0])
    first = write(keys, tmp_path / "a", [case])
    commit_to_archive(read(keys, first.path, tmp_path / "st"), tmp_path / "archive")
    case.record = case.record.replace(b'"revision": 1', b'"revision": 1, "edited": true')
    second = write(keys, tmp_path / "b", [case], context=keys.context(seq=2))
    outcome = commit_to_archive(read(keys, second.path, tmp_path / "st"), tmp_path / "archive")
    assert outcome.conflicts == ((case.record_id, 1),)
    conflict_dirs = list((tmp_path / "archive" / "_conflicts" / case.record_id).iterdir())
    assert len(conflict_dirs) == 1
    assert (conflict_dirs[0] / "record.json").read_bytes() == case.record


def test_receive_records_ledger_rejects_replay_and_signs_receipt(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    cases = [make_case(p) for p in people[:2]]
    written = write(keys, tmp_path / "stick", cases)
    ledger = FileImportLedger(tmp_path / "ledger.json")
    common = {
        "identities": [keys.import_identity],
        "enrolled_devices": keys.enrolled,
        "archive_dir": tmp_path / "archive",
        "receipt_sk": keys.receipt_sk,
    }
    received = receive_bundle(written.path, ledger=ledger, **common)  # type: ignore[arg-type]
    assert received.exit_code == EXIT_OK
    receipt = verify_receipt(received.receipt, keys.receipt_pk)
    assert receipt.bundle_id == written.manifest.bundle_id
    assert receipt.device_id == keys.device_id
    assert sorted(receipt.records) == sorted((c.record_id, 1) for c in cases)

    archive_before = _tree(tmp_path / "archive")
    reloaded = FileImportLedger(tmp_path / "ledger.json")
    # Receiving it again changes nothing but hands back the same receipt (exit 4).
    again = receive_bundle(written.path, ledger=reloaded, **common)  # type: ignore[arg-type]
    assert again.reissued and again.exit_code == EXIT_RECEIPT_REISSUED
    assert again.receipt == received.receipt
    assert _tree(tmp_path / "archive") == archive_before
    assert list((tmp_path / "archive" / ".staging").iterdir()) == []

    # The next bundle in the chain is clean; skipping one is flagged, not refused.
    nxt = write(
        keys,
        tmp_path / "s2",
        [make_case(people[2])],
        context=keys.context(seq=2, prev=written.manifest_sha256),
    )
    assert receive_bundle(nxt.path, ledger=reloaded, **common).flags == ()  # type: ignore[arg-type]
    gap = write(
        keys,
        tmp_path / "s4",
        [make_case(people[3])],
        context=keys.context(seq=4, prev=nxt.manifest_sha256),
    )
    flagged = receive_bundle(gap.path, ledger=reloaded, **common)  # type: ignore[arg-type]
    assert flagged.flags == (FLAG_SEQUENCE_GAP,) and flagged.exit_code == EXIT_FLAGGED

    # An older sequence number than the head is a replay even if the bundle is new.
    old = write(keys, tmp_path / "s3", [make_case(people[4])], context=keys.context(seq=3))
    with pytest.raises(ReplayRejected):
        receive_bundle(old.path, ledger=reloaded, **common)  # type: ignore[arg-type]


def test_chain_fork_is_flagged(keys: Keys, people: list[dict[str, object]], tmp_path: Path) -> None:
    ledger = MemoryImportLedger()
    first = write(keys, tmp_path / "a", [make_case(people[0])])
    result = read(keys, first.path, tmp_path / "st", ledger)
    ledger.record(result.manifest, result.manifest_sha256, result.file_sha256)
    result.discard()
    forked = write(
        keys, tmp_path / "b", [make_case(people[1])], context=keys.context(seq=2, prev="ab" * 32)
    )
    assert read(keys, forked.path, tmp_path / "st", ledger).flags == (FLAG_CHAIN_FORK,)
    late_first = write(
        keys,
        tmp_path / "c",
        [make_case(people[2])],
        context=keys.context(seq=5, prev=GENESIS_SHA256),
    )
    assert read(keys, late_first.path, tmp_path / "st", MemoryImportLedger()).flags == (
        FLAG_SEQUENCE_GAP,
    )
