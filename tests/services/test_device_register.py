"""The signed device register: typos caught when typed, hand edits refused, revocation with
its own exit code, mismatches that show both fingerprints (issue 18, finding 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crypto.fingerprints import checked_fingerprint, fingerprint
from crypto.signing import generate_signing_key
from services.enrolment import (
    ENROLLED_FILE,
    device_register,
    enrol_device,
    revoke_device,
    sign_register,
    unverified_register,
)
from services.errors import InvalidInput
from services.receiver import receive_many, reissue_receipt
from services.receiver_verify import verify_only
from tests.services.receiver_setup import bundle, council

NOW = "2027-02-01T10:00:00Z"
REVOKED, UNKNOWN = 28, 14


def _typo(text: str, where: int) -> str:
    wrong = "A" if text[where] != "A" else "B"
    return text[:where] + wrong + text[where + 1 :]


def test_a_mistyped_fingerprint_is_refused_when_typed(tmp_path: Path) -> None:
    c = council(tmp_path)
    before = (c.keys_dir / ENROLLED_FILE).read_bytes()
    good = checked_fingerprint(c.keys.device_pk)
    for where in (0, 7, 20, 33):
        with pytest.raises(InvalidInput, match="check group"):
            enrol_device(
                c.keys_dir, "d-new", _typo(good, where), receipt_sk=c.keys.receipt_sk, now=NOW
            )
    with pytest.raises(InvalidInput, match="seven groups"):
        enrol_device(
            c.keys_dir,
            "d-new",
            fingerprint(c.keys.device_pk),
            receipt_sk=c.keys.receipt_sk,
            now=NOW,
        )
    assert (c.keys_dir / ENROLLED_FILE).read_bytes() == before


def test_a_device_added_by_hand_is_refused_and_nothing_is_received(tmp_path: Path) -> None:
    c = council(tmp_path)
    path = c.keys_dir / ENROLLED_FILE
    data = json.loads(path.read_bytes())
    data["devices"]["d-intruder"] = dict(data["devices"][c.keys.device_id])
    path.write_text(json.dumps(data))
    one = bundle(c, tmp_path / "stick", 1)
    with pytest.raises(InvalidInput, match="changed without the council receipt key"):
        receive_many([one], keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets)
    assert not (c.archive / "import-ledger.json").exists()
    # After a person checks the list, signing accepts it as it is.
    devices, signed = unverified_register(c.keys_dir)
    assert "d-intruder" in devices and signed
    sign_register(c.keys_dir, receipt_sk=c.keys.receipt_sk)
    assert "d-intruder" in device_register(c.keys_dir, receipt_pk=c.secrets.receipt_pk)


def test_another_receipt_key_cannot_sign_the_register(tmp_path: Path) -> None:
    c = council(tmp_path)
    other_sk, _pk = generate_signing_key()
    with pytest.raises(InvalidInput, match="changed without"):
        enrol_device(
            c.keys_dir, "d-new", checked_fingerprint(c.keys.device_pk), receipt_sk=other_sk, now=NOW
        )


def test_the_old_unsigned_register_must_be_checked_and_signed(tmp_path: Path) -> None:
    c = council(tmp_path)
    old = {
        "format": "first-contact/enrolled-devices/1",
        "devices": {c.keys.device_id: fingerprint(c.keys.device_pk)},
    }
    (c.keys_dir / ENROLLED_FILE).write_text(json.dumps(old))
    one = bundle(c, tmp_path / "stick", 1)
    with pytest.raises(InvalidInput, match="old unsigned format"):
        receive_many([one], keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets)
    devices, signed = unverified_register(c.keys_dir)
    assert not signed and list(devices) == [c.keys.device_id]
    sign_register(c.keys_dir, receipt_sk=c.keys.receipt_sk)
    outcomes = receive_many([one], keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets)
    assert outcomes[0].exit_code == 0


def test_a_revoked_device_is_refused_with_its_own_code_and_earlier_imports_stay(
    tmp_path: Path,
) -> None:
    c = council(tmp_path)
    common = {"keys_dir": c.keys_dir, "archive_dir": c.archive, "secrets": c.secrets}
    first = bundle(c, tmp_path / "s1", 1)
    (imported,) = receive_many([first], **common)
    assert imported.exit_code == 0 and imported.received is not None
    bundle_id = imported.received.manifest.bundle_id

    revoked = revoke_device(c.keys_dir, c.keys.device_id, receipt_sk=c.keys.receipt_sk, now=NOW)
    assert revoked.revoked == NOW
    second = bundle(c, tmp_path / "s2", 2)
    (refused,) = receive_many([second], **common)
    assert refused.exit_code == REVOKED
    assert "device_revoked" in refused.message and "revoked on 2027-02-01" in refused.message
    assert verify_only(second, keys_dir=c.keys_dir, secrets=c.secrets).exit_code == REVOKED
    # What it sent before stays: its receipt can still be written again.
    assert reissue_receipt(bundle_id, **common).exit_code == 4
    listed = device_register(c.keys_dir, receipt_pk=c.secrets.receipt_pk)
    assert listed[c.keys.device_id].revoked == NOW
    # Enrolling it again (a laptop found) lifts the revocation.
    enrol_device(
        c.keys_dir,
        c.keys.device_id,
        checked_fingerprint(c.keys.device_pk),
        receipt_sk=c.keys.receipt_sk,
        now=NOW,
    )
    assert receive_many([second], **common)[0].exit_code in (0, 3)


def test_a_key_mismatch_shows_expected_and_received_fingerprints(tmp_path: Path) -> None:
    c = council(tmp_path)
    _sk, other_pk = generate_signing_key()
    enrol_device(
        c.keys_dir,
        c.keys.device_id,
        checked_fingerprint(other_pk),
        receipt_sk=c.keys.receipt_sk,
        now=NOW,
    )
    one = bundle(c, tmp_path / "stick", 1)
    (outcome,) = receive_many([one], keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets)
    assert outcome.exit_code == UNKNOWN
    assert f"sent key {checked_fingerprint(c.keys.device_pk)}" in outcome.message
    assert f"enrolled with {checked_fingerprint(other_pk)}" in outcome.message
