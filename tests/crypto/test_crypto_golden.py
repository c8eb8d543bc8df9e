"""Golden files of format version 1 must keep opening: a silent format change fails here."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crypto.age_envelope import decrypt_bytes
from crypto.council import export_age_identity, load_council_private, load_council_public
from crypto.keyslots import open_slot
from crypto.keystore import keystore_bytes, load_keystore
from crypto.recovery import unwrap_recovery
from crypto.signing import read_worker_cert
from crypto.trust import trust_bundle_fingerprints, verify_trust_bundle

VERIFY_AT = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def expected(golden_dir: Path) -> dict[str, object]:
    return dict(json.loads((golden_dir / "expected.json").read_text()))


def test_golden_keystore_opens(golden_dir: Path, expected: dict[str, object]) -> None:
    keystore = load_keystore(golden_dir / "keystore.json")
    assert keystore.vault_id == expected["vault_id"]
    slot = keystore.slot_for(str(expected["worker_id"]))
    dek, sign_sk = open_slot(slot, str(expected["worker_passphrase"]), keystore.vault_id)
    assert bytes(dek).hex() == expected["dek"]
    assert sign_sk.hex() == expected["worker_sk"]
    # Writing it back reproduces the file byte for byte: the serialisation is stable too.
    assert keystore_bytes(keystore) == (golden_dir / "keystore.json").read_bytes()


def test_golden_recovery_with_golden_council_key(
    golden_dir: Path, expected: dict[str, object]
) -> None:
    keystore = load_keystore(golden_dir / "keystore.json")
    recovery_sk = load_council_private(
        golden_dir / "council", "recovery", str(expected["council_passphrase"])
    )
    assert isinstance(recovery_sk, bytes)
    assert keystore.recovery is not None
    assert (
        bytes(unwrap_recovery(keystore.recovery, recovery_sk, keystore.vault_id)).hex()
        == (expected["dek"])
    )


def test_golden_trust_bundle_and_fingerprints(
    golden_dir: Path, expected: dict[str, object]
) -> None:
    public = load_council_public(golden_dir / "council")
    bundle = verify_trust_bundle(
        (golden_dir / "trust-bundle.json").read_bytes(),
        now=VERIFY_AT,
        pinned_root_pk=public.root_pk,
        pinned_version=1,
    )
    assert trust_bundle_fingerprints(bundle) == expected["trust_fingerprints"]
    assert bundle.import_recipients == (public.import_recipient,)


def test_golden_import_identity_decrypts_golden_age_file(
    golden_dir: Path, expected: dict[str, object]
) -> None:
    identity = export_age_identity(golden_dir / "council", str(expected["council_passphrase"]))
    assert decrypt_bytes((golden_dir / "hello.age").read_bytes(), [identity]) == b"hello, council"


def test_golden_worker_cert(expected: dict[str, object]) -> None:
    cert = read_worker_cert(
        bytes.fromhex(str(expected["device_pk"])), str(expected["worker_cert"]).encode()
    )
    assert (cert.device_id, cert.worker_id) == ("device-golden", "worker-golden")
