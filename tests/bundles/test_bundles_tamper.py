"""Ciphertext tampering: every-byte flips, truncation at chunk boundaries, chunk swap and copy."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bundle_fixtures import Keys, make_case, read, write

from bundles.errors import BundleError, DecryptFailed
from crypto.age_header import MAX_HEADER_BYTES, inspect_age_header

CHUNK = 64 * 1024
SEALED_CHUNK = CHUNK + 16  # ChaCha20-Poly1305 tag per chunk
NONCE = 16


def _budget() -> int:
    return max(1, int(os.environ.get("FC_TEST_BUDGET", "1")))


def _assert_refused(keys: Keys, data: bytes, tmp_path: Path) -> BundleError:
    path, staging = tmp_path / "hostile.age", tmp_path / "staging"
    path.write_bytes(data)
    with pytest.raises(BundleError) as caught:
        read(keys, path, staging)
    assert not staging.exists() or list(staging.iterdir()) == []
    return caught.value


def test_every_byte_flip_is_refused(keys: Keys, tmp_path: Path) -> None:
    case = make_case({"name_latin": "Flip Test"}, attachments=0)
    written = write(keys, tmp_path / "stick", [case])
    data = written.path.read_bytes()
    header_end = inspect_age_header(data[: MAX_HEADER_BYTES + 1]).length
    # Every header and nonce byte always; the payload every 3rd byte unless given more budget.
    stride = 1 if _budget() > 1 else 3
    offsets = [*range(header_end + NONCE), *range(header_end + NONCE, len(data), stride)]
    assert len(data) > 4000 and len(offsets) > 2000
    path, staging = tmp_path / "flipped.age", tmp_path / "staging"
    accepted = []
    for offset in offsets:
        flipped = bytearray(data)
        flipped[offset] ^= 0x01  # the low bit: also catches lax base64 in the header
        path.write_bytes(flipped)
        try:
            read(keys, path, staging)
        except BundleError:
            continue
        accepted.append(offset)
    assert accepted == []
    assert list(staging.iterdir()) == []


@pytest.fixture
def large_bundle(keys: Keys, tmp_path: Path) -> tuple[bytes, int]:
    case = make_case({"name_latin": "Large"}, attachments=0)
    case.attachments = [os.urandom(200 * 1024)]
    written = write(keys, tmp_path / "stick", [case])
    data = written.path.read_bytes()
    assert len(data) > 3 * CHUNK
    return data, inspect_age_header(data[: MAX_HEADER_BYTES + 1]).length


def test_truncation_at_every_chunk_boundary_is_refused(
    keys: Keys, tmp_path: Path, large_bundle: tuple[bytes, int]
) -> None:
    data, header_end = large_bundle
    payload = header_end + NONCE
    cuts = {header_end - 1, header_end, header_end + 1, payload - 1, payload, payload + 1}
    boundary = payload + SEALED_CHUNK
    while boundary < len(data) + 1:
        cuts.update({boundary - 1, boundary, boundary + 1})
        boundary += SEALED_CHUNK
    cuts.update({len(data) - 1, len(data) - 17})
    cuts.discard(len(data))
    age_cli = shutil.which("age")
    identity = tmp_path / "council.key"
    identity.write_text(keys.import_identity + "\n")
    for cut in sorted(c for c in cuts if 0 < c < len(data)):
        _assert_refused(keys, data[:cut], tmp_path)
        if age_cli:
            cli = subprocess.run(
                [age_cli, "-d", "-i", str(identity), str(tmp_path / "hostile.age")],
                capture_output=True,
            )
            assert cli.returncode != 0


def test_chunk_swap_and_duplication_are_refused(
    keys: Keys, tmp_path: Path, large_bundle: tuple[bytes, int]
) -> None:
    data, header_end = large_bundle
    start = header_end + NONCE
    chunks = [
        data[start + i : start + i + SEALED_CHUNK] for i in range(0, 3 * SEALED_CHUNK, SEALED_CHUNK)
    ]
    rest = data[start + 3 * SEALED_CHUNK :]
    head = data[:start]
    variants = [
        head + chunks[1] + chunks[0] + chunks[2] + rest,  # swap
        head + chunks[0] + chunks[0] + chunks[1] + chunks[2] + rest,  # duplicate
        head + chunks[0] + chunks[2] + rest,  # drop a middle chunk
        head + chunks[0] + chunks[1] + chunks[2] + rest + rest,  # repeat the final chunk
    ]
    for variant in variants:
        assert isinstance(_assert_refused(keys, variant, tmp_path), DecryptFailed)
