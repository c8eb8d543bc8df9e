"""Short, human-comparable fingerprints of public keys (read over the phone or from paper)."""

from __future__ import annotations

import base64
import hashlib
import hmac

FINGERPRINT_CHARS = 24
GROUP = 4
SHORT_GROUPS = 4


def _digest_text(public_key: bytes | bytearray | str) -> str:
    # age recipients are compared as the exact "age1…" string the council prints.
    data = public_key.encode("utf-8") if isinstance(public_key, str) else bytes(public_key)
    digest = hashlib.sha256(data).digest()
    return base64.b32encode(digest).decode("ascii").rstrip("=")


def _grouped(text: str) -> str:
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def fingerprint(public_key: bytes | bytearray | str) -> str:
    """SHA-256 of the key, RFC 4648 base32, first 24 characters as six groups of four."""
    return _grouped(_digest_text(public_key)[:FINGERPRINT_CHARS])


def short_fingerprint(public_key: bytes | bytearray | str) -> str:
    """The first four groups of fingerprint(): what a person reads out on the phone."""
    return _grouped(_digest_text(public_key)[: GROUP * SHORT_GROUPS])


# Base32 has no 0, 1 or 8, so when these are read out or typed they can only mean O, I, B.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


def normalise_fingerprint(text: str) -> str:
    """Upper-case, look-alike digits mapped, separators and spaces dropped (for read-back)."""
    kept = "".join(ch for ch in text.upper() if ch not in "- \t")
    return kept.translate(_LOOKALIKES)


def fingerprints_match(typed: str, expected: str) -> bool:
    """Whether a fingerprint typed by a person equals the expected one (full or short form).

    The typed form must cover at least the short fingerprint; fewer characters prove little.
    """
    got, want = normalise_fingerprint(typed), normalise_fingerprint(expected)
    if len(got) < GROUP * SHORT_GROUPS or len(got) > len(want):
        return False
    return hmac.compare_digest(got.encode("ascii", "replace"), want[: len(got)].encode("ascii"))
