"""Make the golden bundle of the current format in tests/data/bundles/v<N>/ (throwaway keys).

Run once per released format version: `.venv/bin/python tests/bundles/make_bundle_golden.py`.
Never regenerate an existing version's files; add a new folder for a new format instead.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bundle_fixtures import make_case, make_keys, write

from bundles.manifest import FORMAT_ID
from crypto.fingerprints import fingerprint

ROOT = Path(__file__).resolve().parents[1] / "data"
OUT = ROOT / "bundles" / f"v{FORMAT_ID.rsplit('/', 1)[1]}"


def main() -> None:
    if (OUT / "golden.age").exists():
        raise SystemExit(f"{OUT} already holds a golden bundle; add a new version instead")
    OUT.mkdir(parents=True)
    people = json.loads((ROOT / "people.json").read_text(encoding="utf-8"))["people"]
    keys = make_keys()
    cases = [make_case(people[0]), make_case(people[1], attachments=2)]
    written = write(keys, OUT, cases, now=datetime(2025, 3, 1, 9, 30, tzinfo=UTC))
    written.path.rename(OUT / "golden.age")
    (OUT / "keys.json").write_text(
        json.dumps(
            {
                "about": "THROWAWAY test keys for the golden bundle; never used anywhere else.",
                "import_identity": keys.import_identity,
                "device_id": keys.device_id,
                "device_fingerprint": fingerprint(keys.device_pk),
            },
            indent=2,
        )
        + "\n"
    )
    expected = {
        "bundle_id": written.manifest.bundle_id,
        "manifest_sha256": written.manifest_sha256,
        "file_sha256": hashlib.sha256((OUT / "golden.age").read_bytes()).hexdigest(),
        "entries": [
            {"name": e.name, "kind": e.kind, "sha256": e.sha256, "size": e.size}
            for e in written.manifest.entries
        ],
        "records": {c.record_id: json.loads(c.record) for c in cases},
    }
    (OUT / "expected.json").write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
