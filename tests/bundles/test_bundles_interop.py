"""Interop with the standard age CLI in both directions."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from bundle_fixtures import Keys, entry_for, forged_manifest, make_case, read, tar_of, write

from bundles.entries import RECORD
from crypto.signing import DOMAIN_MANIFEST, sign

AGE = shutil.which("age")
pytestmark = pytest.mark.skipif(
    AGE is None, reason="the age CLI is not installed (./run test installs it)"
)


def _key_file(keys: Keys, tmp_path: Path) -> Path:
    path = tmp_path / "council.key"
    path.write_text(f"# throwaway test identity\n{keys.import_identity}\n")
    path.chmod(0o600)
    return path


def test_bundle_decrypts_with_the_age_cli(
    keys: Keys, people: list[dict[str, object]], tmp_path: Path
) -> None:
    cases = [make_case(p) for p in people[:2]]
    written = write(keys, tmp_path / "stick", cases)
    out = subprocess.run(
        [str(AGE), "-d", "-i", str(_key_file(keys, tmp_path)), str(written.path)],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(out), mode="r:") as tar:
        members = tar.getmembers()
        names = [m.name for m in members]
        assert names == [
            "manifest.json",
            "manifest.sig",
            *(e.name for e in written.manifest.entries),
        ]
        assert all(m.isreg() for m in members)
        manifest = tar.extractfile("manifest.json")
        assert manifest is not None and manifest.read() == written.manifest.to_bytes()
        record = tar.extractfile(f"r/{cases[0].record_id}.json")
        assert record is not None and record.read() == cases[0].record


def test_bundle_made_by_hand_with_tar_and_age_cli_is_accepted(keys: Keys, tmp_path: Path) -> None:
    # By hand, the age header is made after the manifest is signed, so only a format 1
    # manifest (no age_header_sha256) is possible: it is accepted, flagged for review.
    record_id = "0b7d8c4e-5d1a-4f7e-9a55-2c1e3f4a5b6c"
    data = b'{"case_id": "0b7d8c4e-5d1a-4f7e-9a55-2c1e3f4a5b6c", "revision": 1}'
    name = f"r/{record_id}.json"
    entry = entry_for(name, data, RECORD, record_id, "application/json")
    manifest = forged_manifest(keys, [entry], age_header_sha256=None)
    body = manifest.to_bytes()
    inner = tar_of(
        [
            ("manifest.json", body),
            ("manifest.sig", sign(keys.worker_sk, DOMAIN_MANIFEST, body)),
            (name, data),
        ]
    )
    (tmp_path / "inner.tar").write_bytes(inner)
    bundle = tmp_path / "HANDMADE00000000.age"
    subprocess.run(
        [str(AGE), "-r", keys.import_recipient, "-o", str(bundle), str(tmp_path / "inner.tar")],
        check=True,
    )
    result = read(keys, bundle, tmp_path / "staging")
    assert result.manifest.entries[0].name == name
    assert result.read_staged(result.staged[0]) == data
    assert result.flags == ("header_unbound",)
