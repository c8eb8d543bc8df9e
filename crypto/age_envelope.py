"""age v1 X25519 identities, recipients and stream encryption (pyrage), readable by the age CLI."""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

import pyrage
from pyrage import x25519

from crypto.errors import AgeError

MAX_RECIPIENT_CHARS = 100
MAX_IDENTITY_CHARS = 100


def generate_age_identity() -> tuple[str, str]:
    """A new X25519 identity as ("AGE-SECRET-KEY-1…", "age1…")."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def _identity(identity: str) -> x25519.Identity:
    if not isinstance(identity, str) or len(identity) > MAX_IDENTITY_CHARS:
        raise AgeError("An age identity must be an AGE-SECRET-KEY-1… string.")
    try:
        return x25519.Identity.from_str(identity.strip())
    except pyrage.IdentityError:
        raise AgeError("This is not a valid age X25519 identity (AGE-SECRET-KEY-1…).") from None


def _recipient(recipient: str) -> x25519.Recipient:
    if not isinstance(recipient, str) or len(recipient) > MAX_RECIPIENT_CHARS:
        raise AgeError("An age recipient must be an age1… string.")
    try:
        return x25519.Recipient.from_str(recipient)
    except pyrage.RecipientError:
        raise AgeError(
            "This is not a valid age X25519 recipient (age1…); check the trust bundle."
        ) from None


def recipient_of(identity: str) -> str:
    """The public "age1…" recipient string of an identity."""
    return str(_identity(identity).to_public())


def check_recipient(recipient: str) -> str:
    """Return the recipient unchanged if it is a valid, canonical age X25519 recipient."""
    parsed = str(_recipient(recipient))
    if parsed != recipient:
        # Bech32 is case-insensitive; we insist on one spelling so fingerprints are stable.
        raise AgeError("The age recipient is not in canonical lower-case form.")
    return parsed


def encrypt_stream(source: BinaryIO, destination: BinaryIO, recipients: Sequence[str]) -> None:
    """Stream `source` to `destination` as a binary age file for these X25519 recipients."""
    if not recipients:
        raise AgeError("At least one recipient is needed; is a trust bundle pinned?")
    parsed = [_recipient(r) for r in recipients]
    try:
        pyrage.encrypt_io(source, destination, parsed)
    except pyrage.EncryptError as exc:
        raise AgeError(f"age encryption failed ({exc}); nothing usable was written.") from None


def decrypt_stream(source: BinaryIO, destination: BinaryIO, identities: Sequence[str]) -> None:
    """Stream-decrypt an age file; AgeError if no identity matches or the file was altered.

    Output may have been partly written before an error: write to staging and discard it.
    """
    parsed = [_identity(i) for i in identities]
    try:
        pyrage.decrypt_io(source, destination, parsed)
    except pyrage.DecryptError as exc:
        raise AgeError(f"age decryption failed ({exc}).") from None


def encrypt_bytes(data: bytes, recipients: Sequence[str]) -> bytes:
    """Small in-memory payloads (tests, receipts)."""
    if not recipients:
        raise AgeError("At least one recipient is needed; is a trust bundle pinned?")
    parsed = [_recipient(r) for r in recipients]
    try:
        return bytes(pyrage.encrypt(data, parsed))
    except pyrage.EncryptError as exc:
        raise AgeError(f"age encryption failed ({exc}).") from None


def decrypt_bytes(data: bytes, identities: Sequence[str]) -> bytes:
    """In-memory counterpart of decrypt_stream."""
    parsed = [_identity(i) for i in identities]
    try:
        return bytes(pyrage.decrypt(data, parsed))
    except pyrage.DecryptError as exc:
        raise AgeError(f"age decryption failed ({exc}).") from None
