"""No receipt is ever lost (defect 4): a lost or damaged receipt is written again by receiving
the bundle again or by `council reissue-receipt`, and it is atomic and durable."""

from __future__ import annotations

import shutil
from pathlib import Path

from bundles.receipts import verify_receipt
from services.receiver import receive_many, reissue_receipt
from tests.services.receiver_setup import Council, bundle, council


def _receive(c: Council, path: Path) -> tuple[int, Path | None]:
    [outcome] = receive_many([path], keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets)
    return outcome.exit_code, outcome.receipt


def test_a_lost_receipt_is_written_again_by_receiving_the_bundle_again(tmp_path: Path) -> None:
    c = council(tmp_path)
    path = bundle(c, tmp_path / "stick", 1)
    code, receipt = _receive(c, path)
    assert code == 0 and receipt is not None
    original = receipt.read_bytes()
    receipt.unlink()
    code, again = _receive(c, path)
    assert code == 4 and again == receipt
    first, second = (verify_receipt(d, c.keys.receipt_pk) for d in (original, again.read_bytes()))
    assert (second.bundle_id, second.manifest_sha256, second.records) == (
        first.bundle_id,
        first.manifest_sha256,
        first.records,
    )


def test_a_truncated_receipt_is_replaced_by_a_valid_one(tmp_path: Path) -> None:
    c = council(tmp_path)
    path = bundle(c, tmp_path / "stick", 1)
    _, receipt = _receive(c, path)
    assert receipt is not None
    receipt.write_bytes(receipt.read_bytes()[:10])
    code, again = _receive(c, path)
    assert code == 4 and again is not None
    assert verify_receipt(again.read_bytes(), c.keys.receipt_pk).records


def test_reissue_receipt_needs_only_the_archive(tmp_path: Path) -> None:
    c = council(tmp_path)
    path = bundle(c, tmp_path / "stick", 1)
    _, receipt = _receive(c, path)
    assert receipt is not None
    bundle_id = receipt.name.split(".")[0]
    receipt.unlink()
    path.unlink()
    outcome = reissue_receipt(
        bundle_id, keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets
    )
    assert outcome.exit_code == 4 and outcome.receipt == receipt
    assert verify_receipt(receipt.read_bytes(), c.keys.receipt_pk).bundle_id == bundle_id
    unknown = reissue_receipt(
        "ab" * 16, keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets
    )
    assert unknown.exit_code == 19 and unknown.receipt is None


def test_no_receipt_for_cases_the_archive_no_longer_holds(tmp_path: Path) -> None:
    c = council(tmp_path)
    path = bundle(c, tmp_path / "stick", 1)
    _, receipt = _receive(c, path)
    assert receipt is not None
    receipt.unlink()
    case = next(p for p in c.archive.iterdir() if p.is_dir() and not p.name.startswith((".", "r")))
    shutil.rmtree(case)
    code, again = _receive(c, path)
    assert code == 19 and again is None
