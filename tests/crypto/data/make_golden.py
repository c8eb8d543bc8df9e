"""Writes tests/crypto/data/golden-<version>/ once per released format version; never rerun."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from crypto.age_envelope import encrypt_bytes
from crypto.council import generate_council_keys, write_council_keys
from crypto.kdf import FLOOR_KDF
from crypto.keyslots import create_slot
from crypto.keystore import Keystore, save_keystore
from crypto.recovery import wrap_for_recovery
from crypto.signing import certify_worker, public_key_of
from crypto.trust import make_trust_bundle, trust_bundle_fingerprints, verify_trust_bundle

# Throwaway test keys: everything here is public test data, never a real council's keys.
VAULT_ID = "vault-golden-v1"
WORKER_PASSPHRASE = "golden vector passphrase one"
COUNCIL_PASSPHRASE = "golden council passphrase"
DEK = bytes(range(32))
WORKER_SK = bytes(range(32, 64))
DEVICE_SK = bytes(range(64, 96))


def main(out: Path) -> None:
    if out.exists():
        sys.exit(f"{out} exists: golden data of a released format must never be regenerated")
    out.mkdir(parents=True)
    council = generate_council_keys()
    write_council_keys(out / "council", council, COUNCIL_PASSPHRASE, params=FLOOR_KDF)
    slot = create_slot(
        vault_id=VAULT_ID,
        worker_id="worker-golden",
        display_name="Golden Worker",
        passphrase=WORKER_PASSPHRASE,
        dek=DEK,
        sign_sk=WORKER_SK,
        params=FLOOR_KDF,
    )
    recovery = wrap_for_recovery(DEK, council.public.recovery_pk, VAULT_ID)
    save_keystore(out / "keystore.json", Keystore(VAULT_ID, (slot,), recovery))
    bundle_bytes = make_trust_bundle(
        council,
        council_name="Golden Test Council",
        version=1,
        issued=datetime(2025, 1, 1, tzinfo=UTC),
        expires=datetime(2035, 1, 1, tzinfo=UTC),
    )
    (out / "trust-bundle.json").write_bytes(bundle_bytes)
    bundle = verify_trust_bundle(bundle_bytes, now=datetime(2030, 1, 1, tzinfo=UTC))
    (out / "hello.age").write_bytes(encrypt_bytes(b"hello, council", bundle.import_recipients))
    cert = certify_worker(
        DEVICE_SK,
        device_id="device-golden",
        worker_id="worker-golden",
        worker_pk=public_key_of(WORKER_SK),
        not_before="2025-01-01T00:00:00Z",
    )
    expected = {
        "vault_id": VAULT_ID,
        "worker_id": "worker-golden",
        "worker_passphrase": WORKER_PASSPHRASE,
        "council_passphrase": COUNCIL_PASSPHRASE,
        "dek": DEK.hex(),
        "worker_sk": WORKER_SK.hex(),
        "device_pk": public_key_of(DEVICE_SK).hex(),
        "worker_cert": cert.decode(),
        "trust_fingerprints": trust_bundle_fingerprints(bundle),
    }
    (out / "expected.json").write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(Path(__file__).parent / "golden-v1")
