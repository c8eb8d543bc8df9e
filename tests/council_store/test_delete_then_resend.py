"""After `council delete-case`, the bundle the case came in may be sent again (the device never
got its receipt) or its receipt re-issued: both give the receipt, acknowledging what was
received at import, and say which cases were deleted, when and by whom, without importing them
again; `council restore-deleted` brings a case deleted by mistake back from its bundle. Every
step is audited in ARCHIVE/deletions.jsonl. Real bundles, real receiver, both store engines."""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bundles.receipts import verify_receipt
from council_store import open_store
from services.council_cases import DELETIONS_FILE, delete_case, store_recorder
from services.receiver import ReceiveOutcome, receive_many, reissue_receipt, restore_deleted
from tests.council_store.store_fixtures import Council, case_of, people, record_for


def _receive(c: Council, spec: str | None, bundle: Path) -> ReceiveOutcome:
    with store_recorder(c.archive, spec) as recorder:
        (outcome,) = receive_many(
            [bundle], keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets,
            index=recorder,
        )  # fmt: skip
    return outcome


def _restore(c: Council, spec: str | None, bundle: Path) -> ReceiveOutcome:
    with store_recorder(c.archive, spec) as recorder:
        return restore_deleted(
            bundle, keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets,
            reason="deleted in error: it was the other case (ticket 311)", by="Ana Lopes",
            index=recorder,
        )  # fmt: skip


def _log(c: Council) -> list[dict[str, object]]:
    return [json.loads(x) for x in (c.archive / DELETIONS_FILE).read_text().splitlines()]


def _stored(c: Council, spec: str | None) -> set[str]:
    with open_store(spec, c.archive) as store:
        return store.case_ids()


@pytest.fixture
def council(tmp_path: Path) -> Council:
    return Council(tmp_path)


def test_resend_and_reissue_after_deletion_then_restore(
    council: Council, store_spec: str | None
) -> None:
    c, spec, p = council, store_spec, people()
    nguy, ahmd = str(uuid.uuid4()), str(uuid.uuid4())
    bundle = c.dover.bundle(c.out, [
        case_of(record_for(p["p02"], nguy), "FC-20261101-NGUY"),
        case_of(record_for(p["p04"], ahmd), "FC-20261101-AHMD"),
    ])  # fmt: skip
    first = _receive(c, spec, bundle)
    assert first.exit_code == 0 and first.received is not None
    bundle_id = first.received.manifest.bundle_id
    acknowledged = verify_receipt(first.received.receipt, c.dover.keys.receipt_pk).records

    delete_case(c.archive, spec, "FC-20261101-NGUY", reason="duplicate of FC-20261101-AHMD",
                actor="Sam Lee")  # fmt: skip
    today = datetime.now(UTC).strftime("%Y-%m-%d")

    # The device sends the bundle again: its receipt, the deleted case named, not imported.
    again = _receive(c, spec, bundle)
    assert again.exit_code == 4, again.message
    assert f"FC-20261101-NGUY (case {nguy}) was deleted on {today} by Sam Lee" in again.message
    assert "council restore-deleted" in again.message
    assert again.receipt is not None
    receipt = verify_receipt(again.receipt.read_bytes(), c.dover.keys.receipt_pk)
    assert receipt.records == acknowledged  # what was acknowledged at import
    assert not (c.archive / nguy).exists() and nguy not in _stored(c, spec)

    # The other case goes too: every folder that held the bundle's signed manifest is gone.
    delete_case(c.archive, spec, "FC-20261101-AHMD", reason="right to erasure request 2026-9",
                actor="Sam Lee")  # fmt: skip
    again.receipt.unlink()  # and the receipt file is lost: it must be made again
    reissued = reissue_receipt(
        bundle_id, keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets
    )
    assert reissued.exit_code == 4, reissued.message
    assert "FC-20261101-NGUY" in reissued.message and "FC-20261101-AHMD" in reissued.message
    assert reissued.receipt is not None
    made = verify_receipt(reissued.receipt.read_bytes(), c.dover.keys.receipt_pk)
    assert made.records == acknowledged and made.bundle_id == bundle_id

    # A deletion was a mistake: restore both from the bundle, audited.
    restored = _restore(c, spec, bundle)
    assert restored.exit_code == 0, restored.message
    assert "restored 2 deleted case(s)" in restored.message
    assert (c.archive / nguy / "rev-1" / "record.json").is_file()
    assert {nguy, ahmd} <= _stored(c, spec)
    events = [(e.get("event", "deleted"), e.get("case_id", "")) for e in _log(c)]
    assert events[:4] == [
        ("deleted", nguy), ("receipt_reissued", ""), ("deleted", ahmd), ("receipt_reissued", ""),
    ]  # fmt: skip
    assert sorted(events[4:]) == sorted([("restored", nguy), ("restored", ahmd)])
    assert all(e["by"] == "Ana Lopes" for e in _log(c) if e.get("event") == "restored")
    # Sent once more now: an ordinary re-issue, nothing deleted to mention.
    final = _receive(c, spec, bundle)
    assert final.exit_code == 4 and "deleted" not in final.message
    # Nothing left to restore.
    refused = _restore(c, spec, bundle)
    assert refused.exit_code == 19 and "nothing to restore" in refused.message


def test_a_case_missing_without_a_deletion_still_refuses_the_receipt(council: Council) -> None:
    c, p = council, people()
    case_id = str(uuid.uuid4())
    bundle = c.dover.bundle(c.out, [case_of(record_for(p["p02"], case_id), "FC-20261101-NGUY")])
    assert _receive(c, None, bundle).exit_code == 0
    shutil.rmtree(c.archive / case_id)  # lost, not deleted by a person
    again = _receive(c, None, bundle)
    assert again.exit_code == 19
    assert "no longer holds all of its cases" in again.message


def test_restore_deleted_refuses_a_bundle_never_imported(council: Council) -> None:
    c, p = council, people()
    bundle = c.dover.bundle(
        c.out, [case_of(record_for(p["p02"], str(uuid.uuid4())), "FC-20261101-NGUY")]
    )
    refused = _restore(c, None, bundle)
    assert refused.exit_code == 19 and "never imported" in refused.message
    assert not any(c.archive.glob("*-*-*-*-*"))  # nothing archived
