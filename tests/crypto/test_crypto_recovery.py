"""The recovery slot: HPKE round trip, wrong key, wrong vault, tampering."""

from __future__ import annotations

from dataclasses import replace

import pytest
from crypto_fixtures import Enrolled

from crypto.errors import RecoveryError
from crypto.fingerprints import fingerprint
from crypto.recovery import (
    generate_recovery_key,
    recovery_public_key_of,
    unwrap_recovery,
    wrap_for_recovery,
)


def test_round_trip(enrolled: Enrolled) -> None:
    slot = wrap_for_recovery(enrolled.dek, enrolled.recovery_pk, enrolled.vault_id)
    assert slot.recovery_pk_fingerprint == fingerprint(enrolled.recovery_pk)
    assert (len(slot.enc), len(slot.ciphertext)) == (32, 48)
    assert bytes(unwrap_recovery(slot, enrolled.recovery_sk, enrolled.vault_id)) == enrolled.dek


def test_each_wrap_is_fresh(enrolled: Enrolled) -> None:
    first = wrap_for_recovery(enrolled.dek, enrolled.recovery_pk, enrolled.vault_id)
    second = wrap_for_recovery(enrolled.dek, enrolled.recovery_pk, enrolled.vault_id)
    assert first.enc != second.enc
    assert first.ciphertext != second.ciphertext


def test_public_key_derivation(enrolled: Enrolled) -> None:
    assert recovery_public_key_of(enrolled.recovery_sk) == enrolled.recovery_pk


def test_wrong_key_is_refused_with_both_fingerprints(enrolled: Enrolled) -> None:
    other_sk, other_pk = generate_recovery_key()
    slot = enrolled.keystore.recovery
    assert slot is not None
    with pytest.raises(RecoveryError) as caught:
        unwrap_recovery(slot, other_sk, enrolled.vault_id)
    assert fingerprint(other_pk) in str(caught.value)
    assert slot.recovery_pk_fingerprint in str(caught.value)


def test_wrong_key_with_forged_fingerprint_still_fails(enrolled: Enrolled) -> None:
    other_sk, other_pk = generate_recovery_key()
    slot = enrolled.keystore.recovery
    assert slot is not None
    forged = replace(slot, recovery_pk_fingerprint=fingerprint(other_pk))
    with pytest.raises(RecoveryError, match="another vault or was altered"):
        unwrap_recovery(forged, other_sk, enrolled.vault_id)


def test_other_vault_is_refused(enrolled: Enrolled) -> None:
    slot = enrolled.keystore.recovery
    assert slot is not None
    with pytest.raises(RecoveryError):
        unwrap_recovery(slot, enrolled.recovery_sk, "vault-elsewhere")


@pytest.mark.parametrize("field", ["enc", "ciphertext"])
def test_tampering_is_refused(enrolled: Enrolled, field: str) -> None:
    slot = enrolled.keystore.recovery
    assert slot is not None
    for index in (0, len(getattr(slot, field)) - 1):
        damaged = bytearray(getattr(slot, field))
        damaged[index] ^= 0x01
        with pytest.raises(RecoveryError):
            unwrap_recovery(replace(slot, **{field: bytes(damaged)}), enrolled.recovery_sk, "x")


def test_bad_sizes_are_refused(enrolled: Enrolled) -> None:
    with pytest.raises(RecoveryError):
        wrap_for_recovery(b"short", enrolled.recovery_pk, enrolled.vault_id)
    with pytest.raises(RecoveryError):
        wrap_for_recovery(enrolled.dek, b"short", enrolled.vault_id)
    with pytest.raises(RecoveryError):
        wrap_for_recovery(enrolled.dek, bytes(32), enrolled.vault_id)  # low-order point
    slot = enrolled.keystore.recovery
    assert slot is not None
    with pytest.raises(RecoveryError):
        unwrap_recovery(slot, b"short", enrolled.vault_id)
    with pytest.raises(RecoveryError):
        unwrap_recovery(replace(slot, enc=b"x"), enrolled.recovery_sk, enrolled.vault_id)
