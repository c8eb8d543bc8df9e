"""Fingerprints: fixed-answer vectors, format, and read-back comparison."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from crypto.fingerprints import fingerprint, fingerprints_match, short_fingerprint

# SHA-256(bytes 0..31) in RFC 4648 base32 starts MMG42KLGYQZWNEISKRELXMS3...
KNOWN_KEY = bytes(range(32))
KNOWN_FINGERPRINT = "MMG4-2KLG-YQZW-NEIS-KREL-XMS3"
KNOWN_RECIPIENT = "age1x0jj30v5u0zy8m22e95qevzm5e0g8zum36zlmwze2fsyvykmr4cqer98dz"
KNOWN_RECIPIENT_FINGERPRINT = "GZQV-6L3X-3GYK-BZQT-NDMH-DLWU"
FORMAT = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){5}$")


def test_known_vectors() -> None:
    assert fingerprint(KNOWN_KEY) == KNOWN_FINGERPRINT
    assert fingerprint(bytearray(KNOWN_KEY)) == KNOWN_FINGERPRINT
    assert short_fingerprint(KNOWN_KEY) == "MMG4-2KLG-YQZW-NEIS"
    assert fingerprint(KNOWN_RECIPIENT) == KNOWN_RECIPIENT_FINGERPRINT


@given(st.binary(min_size=1, max_size=64) | st.text(min_size=1, max_size=80))
def test_format(key: bytes | str) -> None:
    full = fingerprint(key)
    assert FORMAT.match(full)
    assert full.startswith(short_fingerprint(key))
    assert len(short_fingerprint(key)) == 19


def test_read_back_matching_is_forgiving_about_form_but_not_content() -> None:
    assert fingerprints_match("mmg4 2klg yqzw neis", KNOWN_FINGERPRINT)
    assert fingerprints_match("MMG4-2KLG-YQZW-NEIS-KREL-XMS3", KNOWN_FINGERPRINT)
    # Read aloud, a base32 "O", "I" or "B" is easily typed as 0, 1 or 8.
    assert fingerprints_match("GZQV-6L3X-3GYK-8ZQT", KNOWN_RECIPIENT_FINGERPRINT)
    assert not fingerprints_match("MMG4-2KLG-YQZW-NEIT", KNOWN_FINGERPRINT)
    assert not fingerprints_match("MMG4-2KLG", KNOWN_FINGERPRINT)  # too short to prove much
    assert not fingerprints_match(KNOWN_FINGERPRINT + "-AAAA", KNOWN_FINGERPRINT)
    assert not fingerprints_match("ММG4-2KLG-YQZW-NEIS", KNOWN_FINGERPRINT)  # Cyrillic М
