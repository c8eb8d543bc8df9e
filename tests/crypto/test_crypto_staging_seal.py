"""Sealed staging (crypto.staging_seal): what the receiver leaves on disk mid-receive opens only
with the key in that receive's memory, and any change on disk is refused."""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crypto.staging_seal import CHUNK, TAG, StagingKey, StagingSealBroken, sealed_size
from tests.conftest import budget


def stage(key: StagingKey, number: int, data: bytes, piece: int = 300_000) -> bytes:
    out = bytearray()
    writer = key.sealer(number, out.extend)
    for start in range(0, len(data), piece):
        writer.write(data[start : start + piece])
    writer.close()
    return bytes(out)


def unstage(key: StagingKey, number: int, size: int, sealed: bytes) -> bytes:
    return b"".join(key.opened(number, size, io.BytesIO(sealed).read))


@settings(max_examples=25 * budget(), deadline=None)
@given(
    size=st.sampled_from([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 7]),
    piece=st.integers(1, 3 * CHUNK),
)
def test_any_write_pattern_round_trips_and_has_the_promised_size(size: int, piece: int) -> None:
    key = StagingKey()
    data = os.urandom(size)
    sealed = stage(key, 5, data, piece)
    assert len(sealed) == sealed_size(size)
    assert size < 64 or data[:64] not in sealed
    assert unstage(key, 5, size, sealed) == data


def test_another_receive_key_cannot_open_staging() -> None:
    # The key of a killed receive died with it; the next receive has a fresh one.
    data = b"record of a child: name, address" * 1000
    sealed = stage(StagingKey(), 0, data)
    with pytest.raises(StagingSealBroken):
        unstage(StagingKey(), 0, len(data), sealed)


def test_any_change_on_disk_is_refused() -> None:
    key = StagingKey()
    data = os.urandom(2 * CHUNK + 10)
    sealed = stage(key, 1, data)
    other = stage(key, 2, data)
    damaged = {
        "flipped": sealed[:100] + bytes([sealed[100] ^ 1]) + sealed[101:],
        "truncated to whole chunks": sealed[: 2 * (CHUNK + TAG)],
        "cut short": sealed[:-1],
        "extended": sealed + b"\0",
        "chunks swapped": sealed[CHUNK + TAG : 2 * (CHUNK + TAG)]
        + sealed[: CHUNK + TAG]
        + sealed[2 * (CHUNK + TAG) :],
        "from another file": other,
    }
    for what, bad in damaged.items():
        with pytest.raises(StagingSealBroken):
            unstage(key, 1, len(data), bad)
            pytest.fail(f"{what} was accepted")
    with pytest.raises(StagingSealBroken):
        unstage(key, 1, len(data) - 1, sealed)  # the manifest's size is what counts
    assert unstage(key, 1, len(data), sealed) == data


def test_a_file_number_is_used_once_and_a_closed_writer_takes_nothing() -> None:
    key = StagingKey()
    writer = key.sealer(7, lambda _: None)
    writer.close()
    with pytest.raises(StagingSealBroken):
        writer.write(b"more")
    with pytest.raises(StagingSealBroken):
        key.sealer(7, lambda _: None)
