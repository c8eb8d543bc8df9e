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


# --- fingerprints with a check group, for what a person types in --------------------------

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_CHECK_DOMAIN = b"first-contact/v1/fingerprint-check\x00"
CHECKED_CHARS = FINGERPRINT_CHARS + GROUP


def _luhn_mod_32(text: str) -> str:
    # Luhn mod N: catches every single wrong character and most swapped neighbours for sure.
    total, factor = 0, 2
    for char in reversed(text):
        addend = factor * _ALPHABET.index(char)
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return _ALPHABET[(32 - total % 32) % 32]


def check_group(fingerprint_text: str) -> str:
    """Four characters that depend on all 24 of a fingerprint: one Luhn mod 32 character and
    three from a hash (any other typo slips through once in 32,768)."""
    digest = hashlib.sha256(_CHECK_DOMAIN + fingerprint_text.encode("ascii")).digest()
    hashed = base64.b32encode(digest).decode("ascii")[: GROUP - 1]
    return _luhn_mod_32(fingerprint_text) + hashed


def checked_fingerprint(public_key: bytes | bytearray | str) -> str:
    """fingerprint() plus a seventh group that catches a typo when it is typed in."""
    plain = _digest_text(public_key)[:FINGERPRINT_CHARS]
    return _grouped(plain + check_group(plain))


def with_check_group(stored: str) -> str:
    """The seven-group form of a stored six-group fingerprint (for messages)."""
    plain = normalise_fingerprint(stored)
    if len(plain) != FINGERPRINT_CHARS or any(ch not in _ALPHABET for ch in plain):
        return stored  # not a fingerprint we made: shown as stored
    return _grouped(plain + check_group(plain))


def parse_checked_fingerprint(typed: str) -> str:
    """The six-group fingerprint from a typed seven-group one; FingerprintTypo if the length
    is wrong or the check group does not match (a typo), so nothing wrong is ever stored."""
    from crypto.errors import FingerprintTypo

    text = normalise_fingerprint(typed)
    if len(text) != CHECKED_CHARS or any(ch not in _ALPHABET for ch in text):
        raise FingerprintTypo(
            f"A device fingerprint has seven groups of four letters and digits 2-7 (the last "
            f"group is a check); this has {len(text)} characters. Copy the whole line again."
        )
    plain, check = text[:FINGERPRINT_CHARS], text[FINGERPRINT_CHARS:]
    if not hmac.compare_digest(check.encode("ascii"), check_group(plain).encode("ascii")):
        raise FingerprintTypo(
            "The fingerprint's check group does not match: one of its characters was typed "
            "or read wrongly. Read it back from the device again."
        )
    return _grouped(plain)
