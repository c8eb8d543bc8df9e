"""Issue 15, defect 6: a malformed X25519 share is a malformed header (10), not a decrypt
failure (12); ids with a trailing newline are malformed."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from bundle_fixtures import Keys, entry_for, forged_manifest, make_case, read, write

from bundles.errors import ManifestInvalid, NotABundle
from bundles.manifest import parse_manifest


@pytest.mark.parametrize("share", [b"!" * 43, b"A" * 42, b"A" * 44, b"AAAA"])
def test_a_non_base64_or_wrong_size_x25519_share_is_a_malformed_header(
    keys: Keys, tmp_path: Path, share: bytes
) -> None:
    written = write(keys, tmp_path / "stick", [make_case({"name": "Ama"})])
    data = written.path.read_bytes()
    data = re.sub(rb"-> X25519 [A-Za-z0-9+/]{43}\n", b"-> X25519 " + share + b"\n", data, count=1)
    path = tmp_path / "bad.age"
    path.write_bytes(data)
    with pytest.raises(NotABundle):
        read(keys, path, tmp_path / "staging")


@pytest.mark.parametrize("field", ["bundle_id", "device_id", "worker_id", "record_id"])
def test_an_id_with_a_trailing_newline_is_refused(keys: Keys, field: str) -> None:
    # `$` in a Python pattern also matches before a final newline: "<hex>\n" passed as a
    # bundle id and would have named the receipt file "<hex>\n.receipt.json".
    record_id = "0b7d8c4e-5d1a-4f7e-9a55-2c1e3f4a5b6c"
    if field == "record_id":
        record_id += "\n"
    entry = entry_for(f"r/{record_id}.json", b"{}", "record", record_id, "application/json")
    manifest = forged_manifest(keys, [entry])
    if field != "record_id":
        manifest = replace(manifest, **{field: getattr(manifest, field) + "\n"})
    with pytest.raises(ManifestInvalid):
        parse_manifest(manifest.to_bytes())
