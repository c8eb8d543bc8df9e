"""Worker key slots: round trip, wrong passphrase, binding to worker/vault/params, back-off."""

from __future__ import annotations

from dataclasses import replace

import pytest
from crypto_fixtures import Enrolled

from crypto.errors import (
    KeystoreCorrupt,
    SlotDisabled,
    SlotMismatch,
    WeakKdfParameters,
    WrongPassphrase,
)
from crypto.kdf import FLOOR_KDF, KdfParams
from crypto.keyslots import (
    backoff_seconds,
    create_slot,
    open_slot,
    rewrap_slot,
    slot_aad,
    unlock_allowed_at,
    with_failure,
    with_success,
)
from crypto.signing import generate_signing_key

# The AAD layout is a file format: changing it locks every existing worker out.
KNOWN_AAD = (
    b"first-contact/v1/keyslot\x00"
    b'{"format_version":1,"kdf":{"alg":"argon2id","m":65536,"p":4,'
    b'"salt":"AAAAAAAAAAAAAAAAAAAAAA==","t":3,"v":19},"purpose":"dek",'
    b'"slot_id":"slot-1","vault_id":"vault-1","worker_id":"worker-1"}'
)


def test_aad_encoding_is_fixed() -> None:
    aad = slot_aad(
        format_version=1,
        vault_id="vault-1",
        slot_id="slot-1",
        worker_id="worker-1",
        kdf=FLOOR_KDF,
        salt=bytes(16),
        purpose="dek",
    )
    assert aad == KNOWN_AAD


def test_open_returns_the_wrapped_keys(enrolled: Enrolled) -> None:
    dek, sign_sk = open_slot(enrolled.slot, enrolled.passphrase, enrolled.vault_id)
    assert bytes(dek) == enrolled.dek
    assert sign_sk == enrolled.sign_sk
    assert enrolled.slot.worker_sign_pk == enrolled.sign_pk


def test_secrets_are_not_in_repr(enrolled: Enrolled) -> None:
    text = repr(enrolled.slot)
    assert enrolled.slot.wrapped_dek.hex() not in text
    assert "salt=" not in text


def test_wrong_passphrase(enrolled: Enrolled) -> None:
    with pytest.raises(WrongPassphrase, match="not correct") as caught:
        open_slot(enrolled.slot, enrolled.passphrase + " ", enrolled.vault_id)
    assert enrolled.passphrase not in str(caught.value)


def test_slot_from_another_vault_is_refused(enrolled: Enrolled) -> None:
    with pytest.raises(WrongPassphrase, match="another"):
        open_slot(enrolled.slot, enrolled.passphrase, "vault-other")


def test_slot_copied_to_another_worker_is_refused(enrolled: Enrolled) -> None:
    copied = replace(enrolled.slot, worker_id="worker-2")
    with pytest.raises(WrongPassphrase):
        open_slot(copied, enrolled.passphrase, enrolled.vault_id)


def test_slot_id_is_bound(enrolled: Enrolled) -> None:
    with pytest.raises(WrongPassphrase):
        open_slot(replace(enrolled.slot, slot_id="x"), enrolled.passphrase, enrolled.vault_id)


def test_kdf_edited_below_floor_is_refused_before_derivation(enrolled: Enrolled) -> None:
    for weak in (
        replace(FLOOR_KDF, memory_kib=1024),
        replace(FLOOR_KDF, time_cost=1),
        replace(FLOOR_KDF, parallelism=1),
    ):
        with pytest.raises(WeakKdfParameters):
            open_slot(replace(enrolled.slot, kdf=weak), enrolled.passphrase, enrolled.vault_id)


def test_kdf_edited_upward_is_refused(enrolled: Enrolled) -> None:
    stronger = replace(enrolled.slot, kdf=replace(FLOOR_KDF, time_cost=4))
    with pytest.raises(WrongPassphrase):
        open_slot(stronger, enrolled.passphrase, enrolled.vault_id)


def test_dek_and_signing_wraps_cannot_be_swapped(enrolled: Enrolled) -> None:
    slot = enrolled.slot
    swapped = replace(
        slot,
        nonce_dek=slot.nonce_sign,
        wrapped_dek=slot.wrapped_sign_sk,
        nonce_sign=slot.nonce_dek,
        wrapped_sign_sk=slot.wrapped_dek,
    )
    with pytest.raises(WrongPassphrase):
        open_slot(swapped, enrolled.passphrase, enrolled.vault_id)


def test_tampered_signing_wrap_is_a_slot_mismatch(enrolled: Enrolled) -> None:
    wrapped = bytearray(enrolled.slot.wrapped_sign_sk)
    wrapped[0] ^= 1
    tampered = replace(enrolled.slot, wrapped_sign_sk=bytes(wrapped))
    with pytest.raises(SlotMismatch):
        open_slot(tampered, enrolled.passphrase, enrolled.vault_id)


def test_swapped_public_key_is_a_slot_mismatch(enrolled: Enrolled) -> None:
    _, other_pk = generate_signing_key()
    with pytest.raises(SlotMismatch, match="does not match"):
        open_slot(
            replace(enrolled.slot, worker_sign_pk=other_pk), enrolled.passphrase, enrolled.vault_id
        )


def test_slot_fields_have_fixed_lengths(enrolled: Enrolled) -> None:
    with pytest.raises(KeystoreCorrupt, match="nonce_dek"):
        replace(enrolled.slot, nonce_dek=b"short")


def test_rewrap_keeps_keys_and_retires_old_passphrase(enrolled: Enrolled) -> None:
    new_passphrase = "harbour lantern orbit ribbon saffron"
    tried = with_failure(enrolled.slot, at=1000.0)
    rewrapped = rewrap_slot(
        tried,
        vault_id=enrolled.vault_id,
        old_passphrase=enrolled.passphrase,
        new_passphrase=new_passphrase,
        params=FLOOR_KDF,
    )
    assert rewrapped.slot_id == enrolled.slot.slot_id
    assert rewrapped.salt != enrolled.slot.salt
    assert (rewrapped.failures, rewrapped.last_failure_at) == (0, None)
    dek, sign_sk = open_slot(rewrapped, new_passphrase, enrolled.vault_id)
    assert (bytes(dek), sign_sk) == (enrolled.dek, enrolled.sign_sk)
    with pytest.raises(WrongPassphrase):
        open_slot(rewrapped, enrolled.passphrase, enrolled.vault_id)


def test_rewrap_with_wrong_old_passphrase_is_refused(enrolled: Enrolled) -> None:
    with pytest.raises(WrongPassphrase):
        rewrap_slot(
            enrolled.slot,
            vault_id=enrolled.vault_id,
            old_passphrase="nope",
            new_passphrase="whatever else entirely",
            params=FLOOR_KDF,
        )


def test_create_refuses_weak_params_and_bad_key_sizes(enrolled: Enrolled) -> None:
    def create(dek: bytes, params: KdfParams) -> None:
        create_slot(
            vault_id="v",
            worker_id="w",
            display_name="W",
            passphrase="p",
            dek=dek,
            sign_sk=enrolled.sign_sk,
            params=params,
        )

    with pytest.raises(WeakKdfParameters):
        create(enrolled.dek, replace(FLOOR_KDF, time_cost=2))
    with pytest.raises(SlotMismatch):
        create(b"short", FLOOR_KDF)


def test_failure_bookkeeping_and_backoff(enrolled: Enrolled) -> None:
    slot = enrolled.slot
    for attempt in range(5):
        slot = with_failure(slot, at=100.0 + attempt)
    assert slot.failures == 5
    assert unlock_allowed_at(slot) == 104.0 + 30.0
    assert [backoff_seconds(n) for n in (0, 4, 5, 6, 7, 10, 1000)] == [
        0.0,
        0.0,
        30.0,
        60.0,
        120.0,
        900.0,
        900.0,
    ]
    reset = with_success(slot)
    assert (reset.failures, reset.last_failure_at, unlock_allowed_at(reset)) == (0, None, 0.0)


def test_disable_policy_blocks_opening(enrolled: Enrolled) -> None:
    slot = enrolled.slot
    for attempt in range(3):
        slot = with_failure(slot, at=float(attempt), disable_after=3)
    assert slot.disabled
    with pytest.raises(SlotDisabled, match="re-enrol"):
        open_slot(slot, enrolled.passphrase, enrolled.vault_id)
    assert not with_failure(enrolled.slot, at=1.0, disable_after=3).disabled
