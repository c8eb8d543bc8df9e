"""crypto.age_header: the bounded age header check run before any decryption."""

from __future__ import annotations

import pytest

from crypto.age_envelope import encrypt_bytes, generate_age_identity
from crypto.age_header import (
    MAX_STANZAS,
    AgeHeaderError,
    AgeHeaderTooLarge,
    inspect_age_header,
)

INTRO = b"age-encryption.org/v1\n"
MAC = b"--- " + b"M" * 43 + b"\n"


def _stanza(kind: bytes = b"X25519", body: bytes = b"B" * 43) -> bytes:
    return b"-> " + kind + b" " + b"A" * 43 + b"\n" + body + b"\n"


def test_real_age_header_is_read() -> None:
    recipients = [generate_age_identity()[1] for _ in range(3)]
    data = encrypt_bytes(b"hello", recipients)
    header = inspect_age_header(data)
    assert header.x25519_count == 3
    assert data[header.length - len(MAC) : header.length].startswith(b"--- ")


def test_stanza_bodies_of_exactly_64_columns_continue() -> None:
    body = b"C" * 64 + b"\n" + b"D" * 10
    header = inspect_age_header(INTRO + _stanza(body=body) + _stanza(b"grease-x") + MAC)
    assert header.stanza_types == ("X25519", "grease-x") and header.x25519_count == 1


def test_stanza_limit() -> None:
    assert len(inspect_age_header(INTRO + _stanza() * MAX_STANZAS + MAC).stanza_types) == 32
    with pytest.raises(AgeHeaderTooLarge):
        inspect_age_header(INTRO + _stanza() * (MAX_STANZAS + 1) + MAC)


def test_header_length_limit() -> None:
    huge = INTRO + b"-> X25519 " + b"A" * 43 + b"\n" + (b"B" * 64 + b"\n") * 1100
    with pytest.raises(AgeHeaderTooLarge):
        inspect_age_header(huge)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"age-encryption.org/v2\n",
        INTRO + _stanza(),  # no MAC line
        INTRO + b"-> \n\n" + MAC,  # empty argument
        INTRO + _stanza(body=b"not base64!") + MAC,
        INTRO + _stanza() + b"--- short\n",
        INTRO + b"garbage\n" + MAC,
        b"-----BEGIN AGE ENCRYPTED FILE-----\n",
    ],
)
def test_malformed_headers(data: bytes) -> None:
    with pytest.raises(AgeHeaderError):
        inspect_age_header(data)
