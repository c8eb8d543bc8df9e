"""A receive killed at any step (every write, fsync, syncfs, rename and replace) loses no
receipt; at the moment of the kill no case plaintext is anywhere outside the committed case
folders except in the one case folder the commit was about to rename into place (staging holds
only ciphertext under a key that died with the process); and once the next receive has run
there is none at all (defects 3 and 4)."""

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
    secrets = [MARKER, PERSON["name"].encode(), b"%PDF-"]
    secrets += [case.record[:64] for case in cases] + [case.pdf[9:200] for case in cases]
    secrets += [blob[4:200] for case in cases for blob in case.attachments]
    return written.path, secrets


def _receipt_ok(c: Council, bundle_id: str, records: int) -> None:
    path = c.archive / "receipts" / f"{bundle_id}.receipt.json"
    assert path.is_file(), "the receipt was lost"
    receipt = verify_receipt(path.read_bytes(), c.keys.receipt_pk)
    assert receipt.bundle_id == bundle_id and len(receipt.records) == records


def _kill_points(labels: list[str]) -> list[int]:
    """Every first step of a phase and of a kind of call within it (after staging, the
    first commit write, the first rename, the syncfs, the receipt, the ledger…), the last
    steps, and evenly spaced ones in between (more with FC_TEST_BUDGET)."""
    steps = len(labels)
    firsts = {i + 1 for i, label in enumerate(labels) if i == 0 or labels[i - 1] != label}
    wanted = 12 * budget()
    middle = {1 + i * (steps - 1) // wanted for i in range(wanted)}
    return sorted(firsts | middle | {steps - 1, steps})


def _only_the_case_being_renamed(archive: Path, found: list[Path]) -> bool:
    """All plaintext found lies in one case folder under .incoming/<token>/ (the case the
    commit was writing or about to rename); none in staging or anywhere else."""
    folders = set()
    for path in found:
        parts = path.relative_to(archive).parts
        if parts[0] != ".incoming" or len(parts) < 4 or parts[2] == "_provenance":
            return False
        folders.add(parts[:3])
    return len(folders) <= 1


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
    labels = json.loads(clean.stdout)["steps"]
    phases = {label.split(":")[0] for label in labels}
    assert {"read", "commit", "receipt", "ledger"} <= phases, phases
    receipts = list((probe.archive / "receipts").iterdir())
    assert len(receipts) == 1
    bundle_id = receipts[0].name.split(".")[0]
    staged_seen = False
    for kill_at in _kill_points(labels):
        run = tmp_path / f"kill-{kill_at}"
        run.mkdir()
        victim = Council(c.keys, c.keys_dir, run / "archive", c.secrets)
        spec = _spec(victim, [bundle], run)
        killed = run_child(spec, KILL_AT=kill_at)
        assert killed.returncode == 137, (kill_at, killed.stderr)
        staging = [p for p in (victim.archive / ".staging").rglob("*") if p.is_file()]
        staged_seen |= any(p.stat().st_size > 0 for p in staging)
        left = plaintext_outside_case_folders(victim.archive, secrets)
        assert _only_the_case_being_renamed(victim.archive, left), (labels[kill_at - 1], left)
        again = run_child(spec)
        assert again.returncode == 0, (kill_at, again.stderr)
        codes = json.loads(again.stdout)["codes"]
        assert codes[0] in (0, 4), (kill_at, codes)
        _receipt_ok(victim, bundle_id, records=2)
        assert plaintext_outside_case_folders(victim.archive, secrets) == [], kill_at
    # The scan above really looked at staged entries (killed while they were on disk).
    assert staged_seen
