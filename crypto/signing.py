"""Ed25519 signing with domain separation, and device-issued worker certificates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from crypto.encoding import b64, canonical_json, parse_json_object
from crypto.errors import BadSignature, CryptoError

# The cryptography library is imported where it is used: reading keystore.json (the unlock
# screen's worker list) needs only this module's sizes and types, and the desktop app's
# first screen appears sooner without loading it.
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

DOMAIN_TRUST = b"first-contact/v1/trust-bundle"
# The old root vouching for a trust bundle that names a new root (`council rotate-root`).
DOMAIN_ROOT_ROTATION = b"first-contact/v1/trust-root-rotation"
DOMAIN_WORKER_CERT = b"first-contact/v1/worker-cert"
DOMAIN_MANIFEST = b"first-contact/v1/manifest"
DOMAIN_RECEIPT = b"first-contact/v1/receipt"
DOMAIN_DEVICES = b"first-contact/v1/enrolled-devices"

KEY_BYTES = 32
SIGNATURE_BYTES = 64
MAX_CERT_BYTES = 4096


def _private(sk: bytes | bytearray) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if len(sk) != KEY_BYTES:
        raise CryptoError(f"An Ed25519 private key must be {KEY_BYTES} bytes, not {len(sk)}.")
    return Ed25519PrivateKey.from_private_bytes(bytes(sk))


def generate_signing_key() -> tuple[bytes, bytes]:
    """A new Ed25519 key pair as (raw private 32 bytes, raw public 32 bytes)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw = serialization.Encoding.Raw
    key = Ed25519PrivateKey.generate()
    sk = key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return sk, key.public_key().public_bytes(raw, serialization.PublicFormat.Raw)


def public_key_of(sk: bytes | bytearray) -> bytes:
    """The raw public key belonging to a raw Ed25519 private key."""
    from cryptography.hazmat.primitives import serialization

    raw = serialization.Encoding.Raw
    return _private(sk).public_key().public_bytes(raw, serialization.PublicFormat.Raw)


def _framed(domain: bytes, message: bytes) -> bytes:
    # The NUL ends the domain, so no (domain, message) pair can collide with another.
    if not domain or b"\x00" in domain:
        raise ValueError("a signing domain must be non-empty and contain no NUL byte")
    return domain + b"\x00" + message


def sign(sk: bytes | bytearray, domain: bytes, message: bytes) -> bytes:
    """Ed25519 signature over domain + NUL + message."""
    return _private(sk).sign(_framed(domain, message))


def verify(pk: bytes, domain: bytes, message: bytes, signature: bytes) -> None:
    """Raise BadSignature unless signature is pk's over domain + NUL + message."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    framed = _framed(domain, message)
    if len(pk) != KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        raise BadSignature("The signature or public key has the wrong length; refused.")
    try:
        Ed25519PublicKey.from_public_bytes(bytes(pk)).verify(bytes(signature), framed)
    except (InvalidSignature, ValueError):
        raise BadSignature(
            "The signature does not match: the data was altered or signed by another key."
        ) from None


@dataclass(frozen=True)
class WorkerCert:
    """What a device key vouches for: this worker id owns this signing key, from this time."""

    device_id: str
    worker_id: str
    worker_pk: bytes
    not_before: str


def _cert_body(cert: WorkerCert) -> dict[str, object]:
    return {
        "device_id": cert.device_id,
        "worker_id": cert.worker_id,
        "worker_pk": b64(cert.worker_pk),
        "not_before": cert.not_before,
    }


def certify_worker(
    device_sk: bytes | bytearray,
    *,
    device_id: str,
    worker_id: str,
    worker_pk: bytes,
    not_before: str,
) -> bytes:
    """Canonical JSON {"cert": {...}, "signature": base64} signed by the device key."""
    if len(worker_pk) != KEY_BYTES:
        raise CryptoError(f"A worker public key must be {KEY_BYTES} bytes.")
    body = _cert_body(WorkerCert(device_id, worker_id, bytes(worker_pk), not_before))
    signature = sign(device_sk, DOMAIN_WORKER_CERT, canonical_json(body))
    return canonical_json({"cert": body, "signature": b64(signature)})


def read_worker_cert(device_pk: bytes, cert: bytes) -> WorkerCert:
    """Parse and verify a worker certificate; BadSignature on any problem."""
    outer = parse_json_object(cert, max_bytes=MAX_CERT_BYTES, error=BadSignature, what="cert")
    body = outer.child("cert")
    parsed = WorkerCert(
        device_id=body.text("device_id"),
        worker_id=body.text("worker_id"),
        worker_pk=body.raw_bytes("worker_pk", length=KEY_BYTES),
        not_before=body.text("not_before", max_len=64),
    )
    body.finish()
    signature = outer.raw_bytes("signature", length=SIGNATURE_BYTES)
    outer.finish()
    verify(device_pk, DOMAIN_WORKER_CERT, canonical_json(_cert_body(parsed)), signature)
    return parsed


def verify_worker_cert(device_pk: bytes, cert: bytes) -> tuple[str, bytes]:
    """(worker_id, worker_pk) from a certificate the device key signed; BadSignature otherwise."""
    parsed = read_worker_cert(device_pk, cert)
    return parsed.worker_id, parsed.worker_pk
