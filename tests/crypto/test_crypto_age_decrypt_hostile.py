"""The receiver's age decryptor (crypto.age_stream.AgeStreamDecryptor) is hardened exactly like
pyrage: on every damaged, truncated, extended or crafted file the two agree (both refuse, or
both give the same plaintext), only AgeError escapes, and it reads what the `age` CLI writes."""

from __future__ import annotations

import base64
import hmac
import os
import shutil
import subprocess
from hashlib import sha256
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyrage import x25519

from crypto.age_envelope import encrypt_bytes, generate_age_identity
from crypto.age_stream import (
    CHUNK,
    SEALED_CHUNK,
    AgeStreamDecryptor,
    AgeTrailingData,
    _hkdf,
    _stanza,
    recipient_key,
)
from crypto.errors import AgeError
from tests.conftest import budget

AGE = shutil.which("age")
ALICE, ALICE_R = generate_age_identity()
BOB, BOB_R = generate_age_identity()
SAMPLE = os.urandom(2 * CHUNK + 333)
SEALED = encrypt_bytes(SAMPLE, [BOB_R, ALICE_R])


def ours(sealed: bytes, identities: list[str], piece: int = 40_000) -> bytes:
    opener = AgeStreamDecryptor(identities)
    out = bytearray()
    for start in range(0, len(sealed), piece):
        out += opener.update(sealed[start : start + piece])
    return bytes(out + opener.finish())


def theirs(sealed: bytes, identity: str) -> bytes | None:
    try:
        return bytes(pyrage.decrypt(sealed, [x25519.Identity.from_str(identity)]))
    except pyrage.DecryptError:
        return None


def agree(sealed: bytes) -> None:
    """Our decryptor and pyrage give the same answer; nothing but AgeError escapes ours."""
    expected = theirs(sealed, ALICE)
    try:
        got: bytes | None = ours(sealed, [ALICE])
    except AgeError:
        got = None
    assert got == expected


@settings(max_examples=60 * budget(), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(at=st.integers(0, len(SEALED) - 1), bit=st.integers(0, 7))
def test_any_flipped_bit_is_refused_by_both(at: int, bit: int) -> None:
    damaged = bytearray(SEALED)
    damaged[at] ^= 1 << bit
    agree(bytes(damaged))


@settings(max_examples=40 * budget(), deadline=None)
@given(cut=st.integers(0, len(SEALED) - 1))
def test_any_truncation_is_refused_by_both(cut: int) -> None:
    agree(SEALED[:cut])


def test_truncation_at_every_chunk_boundary_is_refused() -> None:
    body = len(SEALED) - (2 * SEALED_CHUNK + 333 + 16)
    for cut in (body, body + SEALED_CHUNK, body + 2 * SEALED_CHUNK, body + 2 * SEALED_CHUNK + 1):
        with pytest.raises(AgeError):
            ours(SEALED[:cut], [ALICE])
        assert theirs(SEALED[:cut], ALICE) is None


@settings(max_examples=30 * budget(), deadline=None)
@given(extra=st.binary(min_size=1, max_size=SEALED_CHUNK + 20))
def test_data_after_the_end_is_refused_by_both(extra: bytes) -> None:
    agree(SEALED + extra)


def test_a_whole_extra_chunk_after_a_full_final_chunk_is_named_as_trailing_data() -> None:
    sealed = encrypt_bytes(os.urandom(2 * CHUNK), [ALICE_R])
    with pytest.raises(AgeTrailingData):
        ours(sealed + os.urandom(SEALED_CHUNK), [ALICE])
    assert theirs(sealed + os.urandom(SEALED_CHUNK), ALICE) is None


def test_any_of_several_identities_opens_and_a_stranger_does_not() -> None:
    assert ours(SEALED, [generate_age_identity()[0], BOB]) == SAMPLE
    with pytest.raises(AgeError, match="not addressed"):
        ours(SEALED, [generate_age_identity()[0]])


def _craft(
    chunks: list[tuple[bytes, bool]], *, share: bytes | None = None, extra: bytes = b""
) -> bytes:
    """An age file for ALICE with payload chunks sealed as given (plaintext, last flag)."""
    file_key = os.urandom(16)
    stanza = _stanza(file_key, recipient_key(ALICE_R))
    if share is not None:
        _, rest = stanza.split(b"\n", 1)
        stanza = b"-> X25519 " + base64.b64encode(share).rstrip(b"=") + b"\n" + rest
    header = b"age-encryption.org/v1\n" + extra + stanza + b"---"
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, sha256).digest()
    nonce = os.urandom(16)
    out = header + b" " + base64.b64encode(mac).rstrip(b"=") + b"\n" + nonce
    aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    for counter, (plain, last) in enumerate(chunks):
        out += aead.encrypt(counter.to_bytes(11, "big") + bytes([last]), plain, None)
    return out


def test_the_crafting_helper_makes_valid_files() -> None:
    good = _craft([(b"a" * CHUNK, False), (b"end", True)])
    assert ours(good, [ALICE]) == theirs(good, ALICE) == b"a" * CHUNK + b"end"


@pytest.mark.parametrize(
    "chunks",
    [
        [(b"a" * CHUNK, False), (b"", True)],  # empty last chunk after a full one
        [(b"a" * CHUNK, True), (b"b", True)],  # a last chunk in the middle
        [(b"a" * CHUNK, False), (b"b", False)],  # no last chunk at all
        [(b"a" * 100, False)],  # a short chunk not marked last
        [(b"a" * 100, True), (b"b", True)],  # a short chunk before the end
    ],
    ids=["empty-final", "final-in-middle", "no-final", "short-not-final", "short-middle"],
)
def test_last_chunk_rules_are_enforced_like_pyrage(chunks: list[tuple[bytes, bool]]) -> None:
    crafted = _craft(chunks)
    with pytest.raises(AgeError):
        ours(crafted, [ALICE])
    assert theirs(crafted, ALICE) is None


@pytest.mark.parametrize("point", [bytes(32), (1).to_bytes(32, "little")], ids=["zero", "one"])
def test_low_order_shares_are_refused(point: bytes) -> None:
    crafted = _craft([(b"x", True)], share=point)
    with pytest.raises(AgeError):
        ours(crafted, [ALICE])
    assert theirs(crafted, ALICE) is None


def test_other_stanza_types_are_skipped_and_malformed_bodies_refused() -> None:
    grease = b"-> some-grease arg\n" + base64.b64encode(b"x" * 10).rstrip(b"=") + b"\n"
    crafted = _craft([(b"x", True)], extra=grease)
    assert ours(crafted, [ALICE]) == theirs(crafted, ALICE) == b"x"
    long_line = b"-> grease\n" + b"A" * 65 + b"\n\n"
    crafted = _craft([(b"x", True)], extra=long_line)
    with pytest.raises(AgeError):
        ours(crafted, [ALICE])
    assert theirs(crafted, ALICE) is None


@pytest.mark.skipif(AGE is None, reason="the age CLI is installed by ./run test")
@pytest.mark.parametrize("size", [0, 1, CHUNK, CHUNK + 1, 3 * CHUNK + 5])
def test_we_decrypt_what_the_age_cli_encrypts(tmp_path: Path, size: int) -> None:
    data = os.urandom(size)
    (tmp_path / "plain").write_bytes(data)
    subprocess.run(
        [
            str(AGE),
            "-r",
            ALICE_R,
            "-r",
            BOB_R,
            "-o",
            str(tmp_path / "f.age"),
            str(tmp_path / "plain"),
        ],
        check=True,
    )
    sealed = (tmp_path / "f.age").read_bytes()
    assert ours(sealed, [ALICE], piece=7_777) == data
    assert ours(sealed, [BOB]) == data
