"""Issue 15, defect 6: a malformed X25519 share is a malformed header (10), not a decrypt
failure (12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bundle_fixtures import Keys, make_case, read, write

from bundles.errors import NotABundle


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
