"""A receive killed at any durable step (fsync, rename, replace) loses no receipt and, once the
next receive has run, leaves no case plaintext outside the case folders (defects 3 and 4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bundles.receipts import verify_receipt
from tests.bundles.bundle_fixtures import make_case, write
from tests.conftest import budget
from tests.services.receiver_setup import PERSON, Council, council

CHILD = Path(__file__).with_name("receive_child.py")
MARKER = PERSON["note"].encode()
CASE_FOLDER_FILES = {"record.json", "audit.json"}


def _spec(c: Council, bundles: list[Path], tmp_path: Path) -> Path:
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "keys": str(c.keys_dir),
                "archive": str(c.archive),
                "bundles": [str(b) for b in bundles],
                "identity": c.keys.import_identity,
                "receipt_sk": c.keys.receipt_sk.hex(),
            }
        )
    )
    return spec


def run_child(spec: Path, **env: int) -> subprocess.CompletedProcess[str]:
    environment = os.environ | {k: str(v) for k, v in env.items()}
    return subprocess.run(
        [sys.executable, str(CHILD), str(spec)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def plaintext_outside_case_folders(archive: Path, secrets: list[bytes]) -> list[Path]:
    """Files outside <archive>/<case>/rev-<n>/ (and _conflicts/) holding any case bytes."""
    found = []
    for path in archive.rglob("*"):
        if not path.is_file():
            continue
        parts = path.relative_to(archive).parts
        in_case = len(parts) >= 3 and parts[1].startswith("rev-") and not parts[0].startswith(".")
        if in_case or parts[0] == "_conflicts":
            continue
        data = path.read_bytes()
        if any(secret in data for secret in secrets):
            found.append(path)
    return found


def _case_secrets(c: Council, tmp_path: Path) -> tuple[Path, list[bytes]]:
    cases = [make_case(PERSON) for _ in range(2)]
    written = write(c.keys, tmp_path / "stick", cases)
    secrets = [MARKER] + [case.pdf[9:200] for case in cases]
    secrets += [blob[4:200] for case in cases for blob in case.attachments]
    return written.path, secrets


def _receipt_ok(c: Council, bundle_id: str, records: int) -> None:
    path = c.archive / "receipts" / f"{bundle_id}.receipt.json"
    assert path.is_file(), "the receipt was lost"
    receipt = verify_receipt(path.read_bytes(), c.keys.receipt_pk)
    assert receipt.bundle_id == bundle_id and len(receipt.records) == records


def _kill_points(steps: int) -> list[int]:
    # Always the first and last few steps (staging, ledger, receipt); more with FC_TEST_BUDGET.
    wanted = 6 * budget()
    if steps <= wanted:
        return list(range(1, steps + 1))
    middle = [1 + i * (steps - 1) // (wanted - 4) for i in range(wanted - 4)]
    return sorted({*middle, 1, 2, steps - 1, steps})


def test_a_receive_killed_at_any_step_loses_no_receipt_and_leaves_no_plaintext(
    tmp_path: Path,
) -> None:
    c = council(tmp_path)
    bundle, secrets = _case_secrets(c, tmp_path)
    counting = tmp_path / "count"
    counting.mkdir()
    probe = Council(c.keys, c.keys_dir, counting / "archive", c.secrets)
    clean = run_child(_spec(probe, [bundle], counting))
    assert clean.returncode == 0, clean.stderr
    steps = json.loads(clean.stdout)["steps"]
    receipts = list((probe.archive / "receipts").iterdir())
    assert len(receipts) == 1
    bundle_id = receipts[0].name.split(".")[0]
    for kill_at in _kill_points(steps):
        run = tmp_path / f"kill-{kill_at}"
        run.mkdir()
        victim = Council(c.keys, c.keys_dir, run / "archive", c.secrets)
        spec = _spec(victim, [bundle], run)
        killed = run_child(spec, KILL_AT=kill_at)
        assert killed.returncode == 137, (kill_at, killed.stderr)
        again = run_child(spec)
        assert again.returncode == 0, (kill_at, again.stderr)
        codes = json.loads(again.stdout)["codes"]
        assert codes[0] in (0, 4), (kill_at, codes)
        _receipt_ok(victim, bundle_id, records=2)
        assert plaintext_outside_case_folders(victim.archive, secrets) == [], kill_at
