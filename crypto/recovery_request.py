"""Recovery by request file: the council recovery key never comes to the laptop.

The laptop writes a request holding its recovery slot (the vault key HPKE-wrapped to the
council recovery key) and a one-time reply key. Council IT opens the slot on its own machine
and wraps the vault key again to the reply key: the answer. The reply key's private half stays
on the laptop sealed under the worker's new passphrase (Argon2id, AES-256-GCM), so the answer
file alone opens nothing, and the pending file alone holds no vault key.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from crypto.encoding import FieldReader, b64, canonical_json, parse_json_object
from crypto.errors import RecoveryError, WrongPassphrase
from crypto.fingerprints import fingerprint
from crypto.kdf import SALT_BYTES, KdfParams, derive_kek, zeroize
from crypto.recovery import (
    CIPHERTEXT_BYTES,
    DEK_BYTES,
    ENC_BYTES,
    X25519_BYTES,
    RecoverySlot,
    generate_recovery_key,
    unwrap_recovery,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.hpke import Suite

REQUEST_FORMAT = "first-contact/recovery-request/1"
ANSWER_FORMAT = "first-contact/recovery-answer/1"
PENDING_FORMAT = "first-contact/recovery-pending/1"
MAX_FILE_BYTES = 16 * 1024
NONCE_BYTES = 12
_ANSWER_INFO = b"first-contact/v1/recovery-answer\x00"
_PENDING_AAD = b"first-contact/v1/recovery-pending\x00"
_ID_LEN = 64


@dataclass(frozen=True)
class RecoveryRequest:
    """What the laptop sends: which vault and worker, its recovery slot, the reply key."""

    request_id: str
    vault_id: str
    worker_id: str
    created: str
    reply_pk: bytes
    slot: RecoverySlot = field(repr=False)


@dataclass(frozen=True)
class RecoveryAnswer:
    """What council IT sends back: the vault key wrapped to the request's reply key."""

    request_id: str
    vault_id: str
    worker_id: str
    enc: bytes = field(repr=False)
    ciphertext: bytes = field(repr=False)


@dataclass(frozen=True)
class PendingRequest:
    """Kept on the laptop until the answer arrives: the request and the sealed reply key."""

    request: RecoveryRequest
    kdf: KdfParams
    salt: bytes = field(repr=False)
    nonce: bytes = field(repr=False)
    sealed_reply_sk: bytes = field(repr=False)


def check_code(data: bytes) -> str:
    """Six groups to read out on the phone: council IT compares them before answering."""
    return fingerprint(data)


def _suite() -> Suite:
    from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

    return Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)


def _answer_info(request_id: str, vault_id: str, worker_id: str) -> bytes:
    return _ANSWER_INFO + canonical_json([request_id, vault_id, worker_id])


def _request_body(request: RecoveryRequest) -> dict[str, object]:
    return {
        "format": REQUEST_FORMAT,
        "request_id": request.request_id,
        "vault_id": request.vault_id,
        "worker_id": request.worker_id,
        "created": request.created,
        "reply_pk": b64(request.reply_pk),
        "recovery_pk_fingerprint": request.slot.recovery_pk_fingerprint,
        "enc": b64(request.slot.enc),
        "ciphertext": b64(request.slot.ciphertext),
    }


def _read_request(top: FieldReader) -> RecoveryRequest:
    top.exact("format", REQUEST_FORMAT)
    request = RecoveryRequest(
        request_id=top.text("request_id", max_len=_ID_LEN),
        vault_id=top.text("vault_id", max_len=_ID_LEN),
        worker_id=top.text("worker_id", max_len=_ID_LEN),
        created=top.text("created", max_len=32),
        reply_pk=top.raw_bytes("reply_pk", length=X25519_BYTES),
        slot=RecoverySlot(
            recovery_pk_fingerprint=top.text("recovery_pk_fingerprint", max_len=64),
            enc=top.raw_bytes("enc", length=ENC_BYTES),
            ciphertext=top.raw_bytes("ciphertext", length=CIPHERTEXT_BYTES),
        ),
    )
    top.finish()
    return request


def make_request(
    *,
    vault_id: str,
    worker_id: str,
    created: str,
    slot: RecoverySlot,
    new_passphrase: str,
    kdf: KdfParams,
) -> tuple[bytes, PendingRequest]:
    """The request file's bytes and what the laptop keeps until the answer comes."""
    reply_sk, reply_pk = generate_recovery_key()
    request = RecoveryRequest(secrets.token_hex(16), vault_id, worker_id, created, reply_pk, slot)
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    kek = derive_kek(new_passphrase, salt, kdf)
    try:
        aad = _PENDING_AAD + canonical_json(_request_body(request))
        sealed = AESGCM(bytes(kek)).encrypt(nonce, reply_sk, aad)
    finally:
        zeroize(kek)
    return canonical_json(_request_body(request)), PendingRequest(request, kdf, salt, nonce, sealed)


def parse_request(data: bytes) -> RecoveryRequest:
    """A request file, strictly parsed (RecoveryError for anything unexpected)."""
    top = parse_json_object(
        data, max_bytes=MAX_FILE_BYTES, error=RecoveryError, what="recovery request"
    )
    return _read_request(top)


def answer_request(request: RecoveryRequest, recovery_sk: bytes | bytearray) -> bytes:
    """Council side: open the request's recovery slot and wrap the vault key to its reply key."""
    dek = unwrap_recovery(request.slot, recovery_sk, request.vault_id)
    try:
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

        try:
            public = X25519PublicKey.from_public_bytes(request.reply_pk)
        except ValueError:
            raise RecoveryError(
                "The request's reply key is not usable; ask for a new request."
            ) from None
        info = _answer_info(request.request_id, request.vault_id, request.worker_id)
        sealed = _suite().encrypt(bytes(dek), public, info=info)
    finally:
        zeroize(dek)
    return canonical_json(
        {
            "format": ANSWER_FORMAT,
            "request_id": request.request_id,
            "vault_id": request.vault_id,
            "worker_id": request.worker_id,
            "enc": b64(sealed[:ENC_BYTES]),
            "ciphertext": b64(sealed[ENC_BYTES:]),
        }
    )


def parse_answer(data: bytes) -> RecoveryAnswer:
    """An answer file, strictly parsed (RecoveryError for anything unexpected)."""
    top = parse_json_object(
        data, max_bytes=MAX_FILE_BYTES, error=RecoveryError, what="recovery answer"
    )
    top.exact("format", ANSWER_FORMAT)
    answer = RecoveryAnswer(
        request_id=top.text("request_id", max_len=_ID_LEN),
        vault_id=top.text("vault_id", max_len=_ID_LEN),
        worker_id=top.text("worker_id", max_len=_ID_LEN),
        enc=top.raw_bytes("enc", length=ENC_BYTES),
        ciphertext=top.raw_bytes("ciphertext", length=CIPHERTEXT_BYTES),
    )
    top.finish()
    return answer


def open_answer(pending: PendingRequest, answer: RecoveryAnswer, new_passphrase: str) -> bytearray:
    """Laptop side: the vault key, using the reply key sealed under the new passphrase."""
    request = pending.request
    if (answer.request_id, answer.vault_id, answer.worker_id) != (
        request.request_id,
        request.vault_id,
        request.worker_id,
    ):
        raise RecoveryError(
            "This answer is for another recovery request (or another laptop); use the answer "
            "council IT made for the request this laptop wrote last."
        )
    kek = derive_kek(new_passphrase, pending.salt, pending.kdf)
    try:
        aad = _PENDING_AAD + canonical_json(_request_body(request))
        reply_sk = AESGCM(bytes(kek)).decrypt(pending.nonce, pending.sealed_reply_sk, aad)
    except InvalidTag:
        raise WrongPassphrase(
            "That is not the new passphrase chosen when the request was made."
        ) from None
    finally:
        zeroize(kek)
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    key = X25519PrivateKey.from_private_bytes(reply_sk)
    info = _answer_info(request.request_id, request.vault_id, request.worker_id)
    try:
        dek = _suite().decrypt(answer.enc + answer.ciphertext, key, info=info)
    except (InvalidTag, ValueError):
        raise RecoveryError(
            "The answer did not open: it was altered. Ask council IT again."
        ) from None
    if len(dek) != DEK_BYTES:  # pragma: no cover - the AEAD fixes the length
        raise RecoveryError("The answer holds a key of the wrong size.")
    return bytearray(dek)


def pending_bytes(pending: PendingRequest) -> bytes:
    """The pending file (kept 0600 in the data folder; nothing in it opens the vault alone)."""
    return canonical_json(
        {
            "format": PENDING_FORMAT,
            "request": _request_body(pending.request),
            "kdf": {**pending.kdf.to_dict(), "salt": b64(pending.salt)},
            "nonce": b64(pending.nonce),
            "sealed_reply_sk": b64(pending.sealed_reply_sk),
        }
    )


def parse_pending(data: bytes) -> PendingRequest:
    """The pending file, strictly parsed."""
    top = parse_json_object(
        data, max_bytes=MAX_FILE_BYTES, error=RecoveryError, what="pending recovery request"
    )
    top.exact("format", PENDING_FORMAT)
    request = _read_request(top.child("request"))
    kdf_reader = top.child("kdf")
    kdf = KdfParams.read(kdf_reader)
    salt = kdf_reader.raw_bytes("salt", length=SALT_BYTES)
    kdf_reader.finish()
    pending = PendingRequest(
        request,
        kdf,
        salt,
        top.raw_bytes("nonce", length=NONCE_BYTES),
        top.raw_bytes("sealed_reply_sk", length=X25519_BYTES + 16),
    )
    top.finish()
    return pending
