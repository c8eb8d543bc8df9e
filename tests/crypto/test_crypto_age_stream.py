"""Our age v1 stream encrypter and read-back decrypter against two independent
implementations: pyrage (rage) and, where installed, the `age` command-line tool."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pyrage
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyrage import x25519

from crypto import bech32
from crypto.age_envelope import encrypt_bytes, generate_age_identity
from crypto.age_stream import CHUNK, SEALED_CHUNK, AgeStreamDecryptor, AgeStreamEncryptor
from crypto.errors import AgeError

BUDGET = max(1, int(os.environ.get("FC_TEST_BUDGET", "1")))
AGE = shutil.which("age")
SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 17]
ALICE, ALICE_R = generate_age_identity()
BOB, BOB_R = generate_age_identity()


def seal(data: bytes, recipients: list[str], piece: int = 7_000) -> bytes:
    sealer = AgeStreamEncryptor(recipients)
    out = bytearray(sealer.preamble)
    for start in range(0, len(data), piece):
        out += sealer.update(data[start : start + piece])
    return bytes(out + sealer.finish())


def open_(sealed: bytes, identity: str, piece: int = 5_000) -> bytes:
    opener = AgeStreamDecryptor(identity)
    out = bytearray()
    for start in range(0, len(sealed), piece):
        out += opener.update(sealed[start : start + piece])
    return bytes(out + opener.finish())


def pyrage_open(sealed: bytes, identity: str) -> bytes:
    return bytes(pyrage.decrypt(sealed, [x25519.Identity.from_str(identity)]))


@pytest.mark.parametrize("size", SIZES)
def test_pyrage_decrypts_what_we_encrypt_for_each_recipient(size: int) -> None:
    data = os.urandom(size)
    sealed = seal(data, [ALICE_R, BOB_R])
    assert pyrage_open(sealed, ALICE) == data
    assert pyrage_open(sealed, BOB) == data
    # Whole chunks: 64 KiB + 16-byte tag each, the last one possibly shorter.
    chunks = max(1, -(-size // CHUNK))
    assert len(sealed) - sealed.index(b"\n---") > chunks * 16 + size


@pytest.mark.parametrize("size", SIZES)
def test_we_decrypt_what_pyrage_encrypts(size: int) -> None:
    data = os.urandom(size)
    assert open_(encrypt_bytes(data, [ALICE_R, BOB_R]), BOB) == data


@pytest.mark.skipif(AGE is None, reason="the age CLI is installed by .ci/run")
def test_the_age_cli_decrypts_what_we_encrypt(tmp_path: Path) -> None:
    data = os.urandom(3 * CHUNK + 5)
    (tmp_path / "key.txt").write_text(ALICE + "\n")
    (tmp_path / "file.age").write_bytes(seal(data, [BOB_R, ALICE_R]))
    out = subprocess.run(
        [str(AGE), "-d", "-i", str(tmp_path / "key.txt"), str(tmp_path / "file.age")],
        check=True,
        capture_output=True,
    ).stdout
    assert out == data


@settings(max_examples=40 * BUDGET, deadline=None)
@given(
    size=st.integers(0, 4 * CHUNK + 3),
    piece=st.integers(1, 2 * SEALED_CHUNK),
    seed=st.binary(min_size=1, max_size=1),
)
def test_any_write_pattern_gives_the_same_plaintext_back(
    size: int, piece: int, seed: bytes
) -> None:
    data = seed * size
    sealed = seal(data, [ALICE_R], piece=piece)
    assert pyrage_open(sealed, ALICE) == data
    assert open_(sealed, ALICE, piece=piece) == data


@settings(max_examples=40 * BUDGET, deadline=None)
@given(
    data=st.binary(max_size=3 * CHUNK + 9).map(lambda b: b * 3),
    cuts=st.lists(st.lists(st.integers(0, 3 * SEALED_CHUNK), max_size=6), max_size=5),
)
def test_lists_of_pieces_encrypt_as_if_joined(data: bytes, cuts: list[list[int]]) -> None:
    """The writer hands the encrypter views into the tar's own chunks, several per call (some
    empty, chunks straddling pieces and calls): the file must hold exactly the joined bytes."""
    sealer = AgeStreamEncryptor([ALICE_R])
    out = bytearray(sealer.preamble)
    view, at = memoryview(data), 0
    for call in cuts:
        pieces = []
        for length in call:
            pieces.append(view[at : at + length])
            at = min(len(data), at + length)
        out += sealer.update(pieces)
    out += sealer.update([view[at:]])
    sealed = bytes(out + sealer.finish())
    assert pyrage_open(sealed, ALICE) == data
    assert open_(sealed, ALICE) == data


def test_every_file_gets_fresh_keys_and_nonces() -> None:
    first, second = seal(b"same", [ALICE_R]), seal(b"same", [ALICE_R])
    assert first != second
    assert first.split(b"\n")[1] != second.split(b"\n")[1]  # a new ephemeral share per file


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


def test_any_change_truncation_or_extension_is_refused() -> None:
    data = os.urandom(2 * CHUNK + 100)
    sealed = seal(data, [ALICE_R])
    header_end = sealed.index(b"\n---") + 4
    body = len(sealed) - 2 * SEALED_CHUNK - 116  # where the first chunk starts
    damaged = {
        "header stanza": _flip(sealed, 30),
        "header MAC": _flip(sealed, header_end + 5),
        "share not base64": sealed[:40] + b"!" + sealed[41:],
        "MAC not base64": sealed[: header_end + 5] + b"!" + sealed[header_end + 6 :],
        "payload nonce": _flip(sealed, body - 3),
        "first chunk": _flip(sealed, body + 10),
        "final chunk": _flip(sealed, len(sealed) - 1),
        "final chunk dropped": sealed[: body + 2 * SEALED_CHUNK],
        "cut mid-chunk": sealed[:-50],
        "byte appended": sealed + b"\x00",
        "chunk appended": sealed + sealed[body : body + SEALED_CHUNK],
    }
    for what, bad in damaged.items():
        with pytest.raises(AgeError):
            open_(bad, ALICE)
            pytest.fail(f"{what} was accepted")
    assert open_(sealed, ALICE) == data


def test_a_file_for_someone_else_is_refused() -> None:
    with pytest.raises(AgeError, match="not addressed"):
        open_(seal(b"secret", [BOB_R]), ALICE)


def test_a_low_order_recipient_key_is_refused_with_our_error() -> None:
    # The all-zero point gives an all-zero shared secret; age forbids it.
    with pytest.raises(AgeError, match="not a usable X25519 key"):
        AgeStreamEncryptor([bech32.encode("age", bytes(32))])


def test_bech32_matches_the_keys_pyrage_makes() -> None:
    identity = x25519.Identity.generate()
    recipient = str(identity.to_public())
    raw = bech32.decode(recipient, "age")
    assert len(raw) == 32 and bech32.encode("age", raw) == recipient
    secret = bech32.decode(str(identity), "AGE-SECRET-KEY-")
    assert bech32.encode("AGE-SECRET-KEY-", secret).upper() == str(identity)


@pytest.mark.parametrize(
    "bad",
    [
        ALICE_R[:-1] + ("q" if ALICE_R[-1] != "q" else "p"),  # checksum
        ALICE_R[:5] + ALICE_R[5:].upper(),  # mixed case
        ALICE_R.replace("age1", "agf1"),  # another kind of key
        ALICE_R[:10] + "b" + ALICE_R[11:],  # 'b' is not a bech32 character
    ],
    ids=["checksum", "mixed-case", "other-kind", "bad-character"],
)
def test_bech32_refuses_damaged_keys(bad: str) -> None:
    with pytest.raises(AgeError):
        AgeStreamEncryptor([bad])


def test_finish_twice_or_update_after_finish_is_an_error() -> None:
    # A second finish() would seal another final chunk under the same key and nonce.
    _, recipient = generate_age_identity()
    sealer = AgeStreamEncryptor([recipient])
    sealer.update(b"x" * (CHUNK + 1))
    sealer.finish()
    with pytest.raises(AgeError):
        sealer.finish()
    with pytest.raises(AgeError):
        sealer.update(b"more")
