"""keystore.json: the vault's key slots and recovery slot, parsed strictly and saved atomically."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from crypto.atomic_file import write_atomic
from crypto.encoding import FieldReader, b64, parse_json_object
from crypto.errors import DuplicateWorker, KeystoreCorrupt, UnknownWorker
from crypto.kdf import SALT_BYTES, KdfParams
from crypto.keyslots import NONCE_BYTES, WRAPPED_BYTES, WorkerSlot
from crypto.keystore_format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_DISPLAY_NAME,
    MAX_KEYSTORE_BYTES,
    MAX_SLOTS,
    MAX_WORKER_ID,
)
from crypto.recovery import CIPHERTEXT_BYTES, ENC_BYTES, RecoverySlot
from crypto.signing import KEY_BYTES

_AEAD = "AES-256-GCM"
_HPKE = "X25519-HKDF-SHA256-AES-256-GCM"


@dataclass(frozen=True)
class Keystore:
    """Everything in keystore.json. Immutable: helpers return a changed copy."""

    vault_id: str
    slots: tuple[WorkerSlot, ...]
    recovery: RecoverySlot | None
    format_version: int = FORMAT_VERSION

    def __post_init__(self) -> None:
        workers = [s.worker_id for s in self.slots]
        slot_ids = [s.slot_id for s in self.slots]
        if len(set(workers)) != len(workers) or len(set(slot_ids)) != len(slot_ids):
            raise KeystoreCorrupt("The keystore lists the same worker or slot twice.")

    def slot_for(self, worker_id: str) -> WorkerSlot:
        """The slot of this worker; UnknownWorker if there is none."""
        for slot in self.slots:
            if slot.worker_id == worker_id:
                return slot
        raise UnknownWorker("No key slot exists for this worker on this device; enrol them first.")

    def add_slot(self, slot: WorkerSlot) -> Keystore:
        """A copy with a new worker's slot; DuplicateWorker if the worker already has one."""
        if any(s.worker_id == slot.worker_id or s.slot_id == slot.slot_id for s in self.slots):
            raise DuplicateWorker("This worker already has a key slot; replace it instead.")
        if len(self.slots) >= MAX_SLOTS:
            raise DuplicateWorker(f"A vault holds at most {MAX_SLOTS} workers.")
        return replace(self, slots=(*self.slots, slot))

    def replace_slot(self, slot: WorkerSlot) -> Keystore:
        """A copy with the same worker's slot swapped for `slot` (passphrase change, counters)."""
        self.slot_for(slot.worker_id)
        return replace(
            self, slots=tuple(slot if s.worker_id == slot.worker_id else s for s in self.slots)
        )

    def remove_slot(self, worker_id: str) -> Keystore:
        """A copy without this worker's slot (rotate the DEK if they may hold an old copy)."""
        self.slot_for(worker_id)
        return replace(self, slots=tuple(s for s in self.slots if s.worker_id != worker_id))

    def with_recovery(self, recovery: RecoverySlot | None) -> Keystore:
        """A copy with a new (or no) recovery slot."""
        return replace(self, recovery=recovery)


def _slot_to_dict(slot: WorkerSlot) -> dict[str, object]:
    return {
        "slot_id": slot.slot_id,
        "worker_id": slot.worker_id,
        "display_name": slot.display_name,
        "kdf": {**slot.kdf.to_dict(), "salt": b64(slot.salt)},
        "aead": _AEAD,
        "nonce_dek": b64(slot.nonce_dek),
        "wrapped_dek": b64(slot.wrapped_dek),
        "nonce_sign": b64(slot.nonce_sign),
        "wrapped_sign_sk": b64(slot.wrapped_sign_sk),
        "worker_sign_pk": b64(slot.worker_sign_pk),
        "created": slot.created,
        "failures": slot.failures,
        "last_failure_at": slot.last_failure_at,
        "disabled": slot.disabled,
    }


def keystore_bytes(keystore: Keystore) -> bytes:
    """The exact bytes save_keystore writes (indented for people inspecting the file)."""
    recovery = keystore.recovery
    document = {
        "format": FORMAT_NAME,
        "format_version": keystore.format_version,
        "vault_id": keystore.vault_id,
        "slots": [_slot_to_dict(s) for s in keystore.slots],
        "recovery": None
        if recovery is None
        else {
            "hpke": _HPKE,
            "recovery_pk_fingerprint": recovery.recovery_pk_fingerprint,
            "enc": b64(recovery.enc),
            "ciphertext": b64(recovery.ciphertext),
        },
    }
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _read_slot(reader: FieldReader) -> WorkerSlot:
    kdf_reader = reader.child("kdf")
    kdf = KdfParams.read(kdf_reader)
    salt = kdf_reader.raw_bytes("salt", length=SALT_BYTES)
    kdf_reader.finish()
    reader.exact("aead", _AEAD)
    created = reader.text("created", max_len=32)
    reader.timestamp("created")
    slot = WorkerSlot(
        slot_id=reader.text("slot_id", max_len=64),
        worker_id=reader.text("worker_id", max_len=MAX_WORKER_ID),
        display_name=reader.text("display_name", max_len=MAX_DISPLAY_NAME, allow_empty=True),
        kdf=kdf,
        salt=salt,
        nonce_dek=reader.raw_bytes("nonce_dek", length=NONCE_BYTES),
        wrapped_dek=reader.raw_bytes("wrapped_dek", length=WRAPPED_BYTES),
        nonce_sign=reader.raw_bytes("nonce_sign", length=NONCE_BYTES),
        wrapped_sign_sk=reader.raw_bytes("wrapped_sign_sk", length=WRAPPED_BYTES),
        worker_sign_pk=reader.raw_bytes("worker_sign_pk", length=KEY_BYTES),
        created=created,
        failures=reader.integer("failures", minimum=0, maximum=1_000_000_000),
        last_failure_at=reader.optional_number("last_failure_at", minimum=0, maximum=1e11),
        disabled=reader.boolean("disabled"),
    )
    reader.finish()
    return slot


def _read_recovery(reader: FieldReader) -> RecoverySlot:
    reader.exact("hpke", _HPKE)
    slot = RecoverySlot(
        recovery_pk_fingerprint=reader.text("recovery_pk_fingerprint", max_len=64),
        enc=reader.raw_bytes("enc", length=ENC_BYTES),
        ciphertext=reader.raw_bytes("ciphertext", length=CIPHERTEXT_BYTES),
    )
    reader.finish()
    return slot


def parse_keystore(data: bytes) -> Keystore:
    """Strictly parse keystore.json bytes; anything unexpected raises KeystoreCorrupt."""
    top = parse_json_object(
        data, max_bytes=MAX_KEYSTORE_BYTES, error=KeystoreCorrupt, what="keystore.json"
    )
    top.exact("format", FORMAT_NAME)
    version = top.integer("format_version", minimum=0, maximum=2**31)
    if version != FORMAT_VERSION:
        raise KeystoreCorrupt(
            f"keystore.json has format version {version}; this app reads version "
            f"{FORMAT_VERSION}. Use the app version that wrote it, or restore a backup."
        )
    vault_id = top.text("vault_id", max_len=128)
    slots = tuple(
        _read_slot(top.element(item, i, "slots"))
        for i, item in enumerate(top.items("slots", max_items=MAX_SLOTS))
    )
    recovery = None if top.is_null("recovery") else _read_recovery(top.child("recovery"))
    top.finish()
    return Keystore(vault_id=vault_id, slots=slots, recovery=recovery, format_version=version)


def load_keystore(path: Path) -> Keystore:
    """Read and strictly parse keystore.json; KeystoreCorrupt if it is unreadable or malformed."""
    try:
        with path.open("rb") as handle:
            # Read one byte past the cap so an oversized file is refused without loading it all.
            data = handle.read(MAX_KEYSTORE_BYTES + 1)
    except OSError as exc:
        raise KeystoreCorrupt(
            f"keystore.json could not be read ({exc.strerror or type(exc).__name__}); "
            "check the data folder and its permissions."
        ) from None
    return parse_keystore(data)


def save_keystore(path: Path, keystore: Keystore) -> None:
    """Atomically replace keystore.json (mode 0600); raises OSError with the old file intact."""
    write_atomic(path, keystore_bytes(keystore))
