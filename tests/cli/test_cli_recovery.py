"""Recovery from the command line: a typo never creates a worker; request, answer, apply."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.faked_time import run_at
from tests.cli.setup_steps import at, council_init, provision, worker_args

COUNCIL_PASS = "granite meadow lantern orbit velvet"
WORKER_PASS = "harbour cactus pebble thistle walnut"
NEW_PASS = "quartz bramble falcon meadow tinsel"
NOW = "2027-03-01 09:00:00"


@pytest.fixture(scope="module")
def laptop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("recovery")
    keys, data = base / "keys", base / "laptop"
    council_init(at(NOW), keys, COUNCIL_PASS)
    provision(at(NOW), keys, worker_args(data, "Priya Shah"), "england", WORKER_PASS)
    return keys, data


def test_recover_with_a_typo_creates_nobody(laptop: tuple[Path, Path], tmp_path: Path) -> None:
    keys, data = laptop
    renamed = tmp_path / "officer-copy.json"
    shutil.copy(keys / "offline" / "recovery.key.json", renamed)
    before = (data / "keystore.json").read_bytes()
    typo = run_at(
        NOW,
        "recover",
        "--data-dir",
        str(data),
        "--recovery-key",
        str(renamed),
        "--worker",
        "Priya Sha",
        "--passphrase-stdin",
        stdin=f"{COUNCIL_PASS}\n{NEW_PASS}\n",
    )
    assert typo.returncode == 1
    assert "No worker is called exactly 'Priya Sha'" in typo.stderr
    assert "'Priya Shah'" in typo.stderr and "Recovered" not in typo.stdout
    assert (data / "keystore.json").read_bytes() == before


def test_request_answer_apply(laptop: tuple[Path, Path], tmp_path: Path) -> None:
    keys, data = laptop
    request, answer = tmp_path / "request.json", tmp_path / "answer.json"
    asked = run_at(
        NOW,
        "recovery-request",
        "--data-dir",
        str(data),
        "--worker",
        "Priya Shah",
        "--out",
        str(request),
        "--passphrase-stdin",
        stdin=f"{NEW_PASS}\n",
    )
    assert asked.returncode == 0, asked.stderr
    code = asked.stdout.split("Check code (read it to council IT): ")[1].split()[0]
    answered = run_at(
        NOW,
        "council",
        "answer-recovery",
        str(request),
        "--recovery-key",
        str(keys / "offline" / "recovery.key.json"),
        "--out",
        str(answer),
        "--passphrase-stdin",
        stdin=f"{COUNCIL_PASS}\n",
    )
    assert answered.returncode == 0, answered.stderr
    assert f"Check code: {code}" in answered.stdout
    applied = run_at(
        NOW,
        "apply-recovery",
        "--data-dir",
        str(data),
        str(answer),
        "--passphrase-stdin",
        stdin=f"{NEW_PASS}\n",
    )
    assert applied.returncode == 0, applied.stderr
    assert "can unlock with the new passphrase" in applied.stdout
    info = run_at(
        NOW,
        "device-info",
        "--data-dir",
        str(data),
        "--worker",
        "Priya Shah",
        "--passphrase-stdin",
        stdin=f"{NEW_PASS}\n",
    )
    assert info.returncode == 0, info.stderr
    assert "Device id:" in info.stdout
