"""The set-up commands as council IT and workers run them: council init, provision, recover."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.setup_steps import council_init, provision, worker_args

REPO = Path(__file__).resolve().parents[2]
COUNCIL_PASS = "granite meadow lantern orbit velvet"
WORKER_PASS = "harbour cactus pebble thistle walnut"


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=dict(os.environ, FC_KDF_PROFILE="floor"),
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def council_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "council"
    result = council_init(run_cli, out, COUNCIL_PASS)
    assert "Trust bundle for devices" in result.stdout
    return out


def test_council_init_writes_protected_keys_and_signed_bundle(council_dir: Path) -> None:
    names = sorted(p.name for p in council_dir.iterdir())
    assert "trust-bundle.json" in names and (council_dir / "offline" / "recovery.key.json").exists()
    for key_file in council_dir.glob("*/*.key.json"):
        assert key_file.stat().st_mode & 0o077 == 0
        assert "AGE-SECRET-KEY" not in key_file.read_text()
    assert "signature" in json.loads((council_dir / "trust-bundle.json").read_text())


def test_provision_prints_fingerprints_and_refuses_twice(council_dir: Path, tmp_path: Path) -> None:
    args = (
        "provision",
        "--trust",
        str(council_dir / "trust-bundle.json"),
        "--data-dir",
        str(tmp_path / "fc"),
        "--worker",
        "Sam Okafor",
        "--nation",
        "wales",
        "--passphrase-stdin",
    )
    first = run_cli(*args, stdin=f"{WORKER_PASS}\n")
    assert first.returncode == 0, first.stderr
    assert "Device check code (fingerprint):" in first.stdout and "root" in first.stdout
    assert "New cases open in: wales" in first.stdout
    second = run_cli(*args, stdin=f"{WORKER_PASS}\n")
    assert second.returncode != 0
    assert second.stderr.startswith("error: ") and second.stderr.count("\n") == 1


def test_provision_refuses_tampered_bundle(council_dir: Path, tmp_path: Path) -> None:
    data = json.loads((council_dir / "trust-bundle.json").read_text())
    data["bundle"]["version"] = 99
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = run_cli(
        "provision",
        "--trust",
        str(bad),
        "--data-dir",
        str(tmp_path / "fc"),
        "--worker",
        "Sam",
        "--nation",
        "england",
        "--passphrase-stdin",
        stdin=f"{WORKER_PASS}\n",
    )
    assert result.returncode == 1
    assert "signature" in result.stderr
    assert not (tmp_path / "fc" / "vault.db").exists()


def test_recover_enrols_new_passphrase(council_dir: Path, tmp_path: Path) -> None:
    data_dir = str(tmp_path / "fc")
    provision(run_cli, council_dir, worker_args(tmp_path / "fc", "Sam"), "scotland", WORKER_PASS)
    new_pass = "quartz bramble falcon meadow tinsel"
    result = run_cli(
        "recover",
        "--data-dir",
        data_dir,
        "--recovery-key",
        str(council_dir / "offline" / "recovery.key.json"),
        "--worker",
        "Sam",
        "--passphrase-stdin",
        stdin=f"{COUNCIL_PASS}\n{new_pass}\n",
    )
    assert result.returncode == 0, result.stderr
    demo = run_cli(
        "demo",
        "--data-dir",
        data_dir,
        "--cases",
        "3",
        "--worker",
        "Sam",
        "--passphrase-stdin",
        stdin=f"{new_pass}\n",
    )
    # A real vault: demo is refused (issue 18, finding 6), but the new passphrase unlocked it.
    assert demo.returncode == 1 and "not a training one" in demo.stderr
    audit = run_cli(
        "audit",
        "verify",
        "--data-dir",
        data_dir,
        "--worker",
        "Sam",
        "--passphrase-stdin",
        stdin=f"{new_pass}\n",
    )
    assert audit.returncode == 0, audit.stderr
    assert "Audit trail intact" in audit.stdout


def test_help_lists_every_command() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("council", "provision", "recover", "demo", "audit", "bench"):
        assert command in result.stdout
