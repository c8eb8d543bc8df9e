"""kill -9 durability: every acknowledged save survives SIGKILL at a random point."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage.vault import Vault

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
WRITER = HERE / "kill_writer.py"
sys.path.insert(0, str(HERE))
from kill_writer import document_for  # noqa: E402

BASE_KILLS = 50


def _budget() -> int:
    return max(1, int(os.environ.get("FC_TEST_BUDGET", "1")))


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    # Keep the suite's PYTHONPATH (it carries the no-network sandbox) and put the repo first.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH")) if p)
    return env


def _run_and_kill(path: Path, key: bytearray, rng: random.Random) -> list[int]:
    """Start the writer, SIGKILL it at a random moment, return the revisions it acknowledged."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), "case-1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_child_env(),
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(key.hex().encode() + b"\n")
    proc.stdin.close()
    proc.stdin = None  # already closed; communicate() below must not flush it again
    first = b""
    if rng.random() < 0.8:
        # Mostly wait for the first save so the kill lands among saves and checkpoints;
        # otherwise kill during start-up and open.
        first = proc.stdout.readline()
        if not first:
            _, err = proc.communicate()
            pytest.fail(f"writer died before saving: {err.decode(errors='replace')[-2000:]}")
    time.sleep(rng.uniform(0.0, 0.06))
    proc.send_signal(signal.SIGKILL)
    rest, _ = proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    # Only whole lines count: a number cut off mid-write was never fully acknowledged.
    return [int(line) for line in (first + rest).split(b"\n")[:-1]]


@pytest.mark.slow
def test_acknowledged_saves_survive_kill_9(vault: Vault, vault_path: Path, key: bytearray) -> None:
    vault.cases.create(
        "case-1", "R-1", document_for(1), worker_id="w", summary={}, search_terms=["name 1"]
    )
    vault.close()
    rng = random.Random(int(os.environ.get("FC_TEST_SEED", "20240601")))
    acknowledged: set[int] = {1}
    kills = BASE_KILLS * _budget()
    for _ in range(kills):
        acked = _run_and_kill(vault_path, key, rng)
        acknowledged.update(acked)
        with Vault.open(vault_path, key) as reopened:
            assert reopened.integrity_check() == []
            current = reopened.cases.current("case-1")
            assert current.revision >= max(acknowledged)
            # Nothing partial: the pointer names a complete revision and history has no gaps.
            assert current.document == document_for(current.revision)
            assert reopened.cases.revisions("case-1") == list(range(1, current.revision + 1))
            for revision in acked:
                assert reopened.cases.version("case-1", revision).document == document_for(revision)
    assert len(acknowledged) > kills // 2  # the loop really saved, not just died at start-up
    with Vault.open(vault_path, key) as final:
        for revision in sorted(acknowledged):
            assert final.cases.version("case-1", revision).document == document_for(revision)
        # The index follows the pointer, which may be past the last acknowledgement (a save
        # can commit and be killed before it prints).
        latest = final.cases.current("case-1").revision
        assert latest >= max(acknowledged)
        assert final.search.query(f"name {latest}") == ["case-1"]
