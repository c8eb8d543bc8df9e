"""Fingerprints: fixed-answer vectors, format, and read-back comparison."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crypto.errors import FingerprintTypo
from crypto.fingerprints import (
    checked_fingerprint,
    fingerprint,
    fingerprints_match,
    parse_checked_fingerprint,
    short_fingerprint,
)

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


# --- the check group (issue 18, finding 5) ---------------------------------------------------

_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def test_checked_form_is_the_fingerprint_plus_a_check_group() -> None:
    checked = checked_fingerprint(KNOWN_KEY)
    assert checked.startswith(KNOWN_FINGERPRINT + "-") and len(checked.split("-")) == 7
    assert parse_checked_fingerprint(checked) == KNOWN_FINGERPRINT
    assert parse_checked_fingerprint(checked.lower().replace("-", " ")) == KNOWN_FINGERPRINT


@given(st.binary(min_size=32, max_size=32), st.integers(0, 27), st.integers(1, 31))
def test_every_single_wrong_character_is_caught(key: bytes, where: int, shift: int) -> None:
    text = checked_fingerprint(key).replace("-", "")
    wrong = _B32[(_B32.index(text[where]) + shift) % 32]
    typo = text[:where] + wrong + text[where + 1 :]
    with pytest.raises(FingerprintTypo, match="check group"):
        parse_checked_fingerprint(typo)


@given(st.binary(min_size=32, max_size=32), st.integers(0, 22))
def test_swapped_neighbours_are_caught(key: bytes, where: int) -> None:
    text = checked_fingerprint(key).replace("-", "")
    if text[where] == text[where + 1]:
        return
    swapped = text[:where] + text[where + 1] + text[where] + text[where + 2 :]
    with pytest.raises(FingerprintTypo):
        parse_checked_fingerprint(swapped)


def test_a_six_group_fingerprint_is_refused_as_incomplete() -> None:
    with pytest.raises(FingerprintTypo, match="seven groups"):
        parse_checked_fingerprint(KNOWN_FINGERPRINT)
