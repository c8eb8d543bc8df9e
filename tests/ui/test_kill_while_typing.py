"""Kill the app with SIGKILL while a worker types a long answer: what was typed is in the vault.

Each round starts the real editor in its own process (tests/ui/typing_probe.py), lets it type
without pausing, kills it at a random moment, then opens the vault as the next start of the app
would. The saved answer must be exactly a prefix of what was typed, and must hold everything
typed more than SAVE_PROMISE_S before the kill. Rounds: 3, times FC_TEST_BUDGET.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from services.cases import create_case, open_case
from services.clock import FakeClock
from services.kdf_policy import enrolment_kdf
from services.paths import AppPaths
from services.session import Session, find_worker_id, unlock
from services.training import provision_training
from tests.conftest import budget
from tests.ui.conftest import PASSPHRASE
from tests.ui.typing_probe import WORKER_NAME, words

FIELD_ID = "how_it_started"
SAVE_PROMISE_S = 2.0
ROOT = Path(__file__).resolve().parents[2]


def _open(paths: AppPaths) -> Session:
    return unlock(paths, find_worker_id(paths, WORKER_NAME), PASSPHRASE, clock=FakeClock())


def _saved_text(paths: AppPaths, case_id: str) -> str:
    session = _open(paths)
    try:
        value = open_case(session, case_id).version.document["answers"].get(FIELD_ID, "")
        return str(value)
    finally:
        session.lock()


def _type_then_kill(paths: AppPaths, case_id: str, seed: int, after_s: float) -> tuple[list, float]:
    """Start the probe, let it type for `after_s` seconds, SIGKILL it; (typed words, kill time)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    probe = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.ui.typing_probe",
            str(paths.data_dir),
            case_id,
            FIELD_ID,
            str(seed),
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert probe.stdin is not None and probe.stdout is not None
    probe.stdin.write(PASSPHRASE + "\n")
    probe.stdin.flush()
    lines: list[dict[str, object]] = []
    ready = threading.Event()

    def read() -> None:
        assert probe.stdout is not None
        for line in probe.stdout:
            entry = json.loads(line)
            if entry.get("ready"):
                ready.set()
            else:
                lines.append(entry)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(90), (
            f"the editor did not start: {probe.stderr.read() if probe.poll() is not None else ''}"
        )
        time.sleep(after_s)  # typing goes on in the probe meanwhile
        assert probe.poll() is None, f"the editor died while typing: {probe.stderr.read()}"
        killed_at = time.monotonic()
        os.kill(probe.pid, signal.SIGKILL)
    finally:
        probe.kill()
        probe.wait(30)
        reader.join(10)
    return lines, killed_at


@pytest.mark.slow
def test_sigkill_while_typing_keeps_all_but_the_last_two_seconds(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "fc")
    clock = FakeClock()
    provision_training(
        paths,
        worker_name=WORKER_NAME,
        passphrase=PASSPHRASE,
        nation="england",
        clock=clock,
        kdf=enrolment_kdf(),
    )
    session = _open(paths)
    case_id = create_case(session, clock=clock).case_id
    session.lock()
    rng = random.Random(20261207)
    before = ""
    for round_number in range(3 * budget()):
        seed = rng.randrange(1 << 30)
        typed_words, killed_at = _type_then_kill(paths, case_id, seed, rng.uniform(2.5, 6.0))
        expected_words = words(seed)[: len(typed_words)]
        assert [w["word"] for w in typed_words] == expected_words
        typed = before + "".join(expected_words)
        promised = before + "".join(
            str(w["word"]) for w in typed_words if float(str(w["t"])) <= killed_at - SAVE_PROMISE_S
        )
        saved = _saved_text(paths, case_id)
        assert typed.startswith(saved), f"round {round_number}: the vault holds text never typed"
        assert len(saved) >= len(promised), (
            f"round {round_number}: lost {len(promised) - len(saved)} characters typed more than "
            f"{SAVE_PROMISE_S} s before the kill ({len(typed) - len(saved)} in all)"
        )
        assert len(typed_words) > 20, "the probe typed too little to mean anything"
        before = saved
