"""Shared fixtures for the crypto tests: real keys at the Argon2 floor, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from crypto_fixtures import Enrolled

from crypto.council import CouncilKeys, generate_council_keys
from crypto.kdf import FLOOR_KDF
from crypto.keyslots import create_slot, generate_dek
from crypto.keystore import Keystore
from crypto.recovery import generate_recovery_key, wrap_for_recovery
from crypto.signing import generate_signing_key

GOLDEN_DIR = Path(__file__).parent / "data" / "golden-v1"


@pytest.fixture(scope="session")
def enrolled() -> Enrolled:
    vault_id = "vault-0a1b2c3d"
    passphrase = "plover quartz mango tundra velvet"
    dek = bytes(generate_dek())
    sign_sk, sign_pk = generate_signing_key()
    recovery_sk, recovery_pk = generate_recovery_key()
    slot = create_slot(
        vault_id=vault_id,
        worker_id="worker-1",
        display_name="Ama Mensah",
        passphrase=passphrase,
        dek=dek,
        sign_sk=sign_sk,
        params=FLOOR_KDF,
    )
    keystore = Keystore(
        vault_id=vault_id,
        slots=(slot,),
        recovery=wrap_for_recovery(dek, recovery_pk, vault_id),
    )
    return Enrolled(
        vault_id, passphrase, dek, sign_sk, sign_pk, recovery_sk, recovery_pk, slot, keystore
    )


@pytest.fixture(scope="session")
def council() -> CouncilKeys:
    return generate_council_keys()


@pytest.fixture(scope="session")
def golden_dir() -> Path:
    return GOLDEN_DIR
