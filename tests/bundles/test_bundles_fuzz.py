"""Hypothesis fuzzing: hostile input may only raise the parsers' own typed errors."""

from __future__ import annotations

import contextlib
import json
import os
import uuid

from bundle_fixtures import entry_for, forged_manifest, make_keys, tar_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bundles.entries import RECORD, ManifestEntry
from bundles.errors import BundleError, ManifestInvalid, UnsupportedVersion
from bundles.manifest import parse_manifest
from bundles.member_check import MemberChecker
from bundles.receipts import verify_receipt
from bundles.tar_stream import TarStreamParser
from crypto.age_header import AgeHeaderError, inspect_age_header

BUDGET = max(1, int(os.environ.get("FC_TEST_BUDGET", "1")))
FUZZ = settings(
    max_examples=120 * BUDGET, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

KEYS = make_keys()
RID = str(uuid.uuid4())
DATA = b'{"case": 1}'
ENTRY = entry_for(f"r/{RID}.json", DATA, RECORD, RID, "application/json")
MANIFEST = forged_manifest(KEYS, [ENTRY])
VALID_MANIFEST = MANIFEST.to_bytes()
VALID_TAR = tar_of(
    [("manifest.json", VALID_MANIFEST), ("manifest.sig", bytes(64)), (ENTRY.name, DATA)]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


def _mutate(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for position, value in edits:
        out[position % len(out)] = value
    return bytes(out)


@FUZZ
@given(st.binary(max_size=2048))
def test_manifest_parser_on_random_bytes(data: bytes) -> None:
    with contextlib.suppress(ManifestInvalid, UnsupportedVersion):
        parse_manifest(data)


@FUZZ
@given(
    st.dictionaries(st.sampled_from(sorted(json.loads(VALID_MANIFEST))), json_values, max_size=6)
)
def test_manifest_parser_on_mutated_fields(changes: dict[str, object]) -> None:
    body = json.loads(VALID_MANIFEST)
    body.update(changes)
    data = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    try:
        parsed = parse_manifest(data)
    except (ManifestInvalid, UnsupportedVersion):
        return
    assert parsed.to_bytes() == data  # anything accepted is canonical and round-trips


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8))
def test_manifest_parser_on_byte_edits(edits: list[tuple[int, int]]) -> None:
    with contextlib.suppress(ManifestInvalid, UnsupportedVersion):
        parse_manifest(_mutate(VALID_MANIFEST, edits))


def _feed_tar(data: bytes, split: int) -> None:
    def on_manifest(_manifest: bytes, _signature: bytes) -> list[ManifestEntry]:
        return [ENTRY]

    class Discard:
        def write(self, chunk: bytes, /) -> int:
            return len(chunk)

        def close(self) -> None:
            pass

    parser = TarStreamParser(MemberChecker(on_manifest, lambda _i, _e: Discard()))
    try:
        parser.write(data[:split])
        parser.write(data[split:])
        parser.finish()
    except BundleError:
        pass


@FUZZ
@given(
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=6),
    st.integers(0, 5000),
)
def test_tar_reader_on_byte_edits(edits: list[tuple[int, int]], split: int) -> None:
    _feed_tar(_mutate(VALID_TAR, edits), split)


@FUZZ
@given(st.binary(max_size=4096), st.integers(0, 4096))
def test_tar_reader_on_random_bytes(data: bytes, split: int) -> None:
    _feed_tar(data, split)


@FUZZ
@given(st.binary(max_size=1024))
def test_age_header_check_on_random_bytes(data: bytes) -> None:
    with contextlib.suppress(AgeHeaderError):
        inspect_age_header(b"age-encryption.org/v1\n" + data)


@FUZZ
@given(st.binary(max_size=1024))
def test_receipt_parser_on_random_bytes(data: bytes) -> None:
    with contextlib.suppress(BundleError):
        verify_receipt(data, KEYS.receipt_pk)
