"""`demo` on a real (non-training) vault is refused and adds nothing (issue 18, finding 6)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.faked_time import run_at

COUNCIL_PASS = "granite meadow lantern orbit velvet"
WORKER_PASS = "harbour cactus pebble thistle walnut"
NOW = "2027-03-01 09:00:00"


def test_demo_refuses_a_real_vault(tmp_path: Path) -> None:
    keys, data = tmp_path / "keys", tmp_path / "laptop"
    assert (
        run_at(
            NOW,
            "council",
            "init",
            "--out",
            str(keys),
            "--passphrase-stdin",
            stdin=f"{COUNCIL_PASS}\n",
        ).returncode
        == 0
    )
    set_up = run_at(
        NOW,
        "provision",
        "--trust",
        str(keys / "trust-bundle.json"),
        "--data-dir",
        str(data),
        "--worker",
        "Sam Okafor",
        "--nation",
        "wales",
        "--passphrase-stdin",
        stdin=f"{WORKER_PASS}\n",
    )
    assert set_up.returncode == 0, set_up.stderr
    before = (data / "keystore.json").read_bytes()
    demo = run_at(
        NOW,
        "demo",
        "--data-dir",
        str(data),
        "--worker",
        "Sam Okafor",
        "--cases",
        "3",
        "--passphrase-stdin",
        stdin=f"{WORKER_PASS}\n",
    )
    assert demo.returncode == 1
    assert "real vault, not a training one" in demo.stderr
    assert "Added" not in demo.stdout
    # No Demo Supervisor slot was added (the keystore is byte for byte the same).
    assert (data / "keystore.json").read_bytes() == before
    status = run_at(
        NOW,
        "export",
        "--data-dir",
        str(data),
        "--worker",
        "Sam Okafor",
        "--out",
        str(tmp_path),
        "--passphrase-stdin",
        stdin=f"{WORKER_PASS}\n",
    )
    assert "0 case(s) to export" in status.stdout


def test_a_training_laptop_on_the_council_keys_takes_demo_cases(tmp_path: Path) -> None:
    """`provision --training` (council IT's rehearsals): demo fills it, its export says so."""
    keys, data = tmp_path / "keys", tmp_path / "laptop"
    init = run_at(
        NOW, "council", "init", "--out", str(keys), "--passphrase-stdin", stdin=f"{COUNCIL_PASS}\n"
    )
    assert init.returncode == 0, init.stderr
    worker = ["--data-dir", str(data), "--worker", "Sam Okafor", "--passphrase-stdin"]
    set_up = run_at(
        NOW,
        "provision",
        "--trust",
        str(keys / "trust-bundle.json"),
        "--nation",
        "wales",
        "--training",
        *worker,
        stdin=f"{WORKER_PASS}\n",
    )
    assert set_up.returncode == 0, set_up.stderr
    assert "TRAINING vault" in set_up.stdout
    demo = run_at(
        NOW, "demo", *worker, "--cases", "2", "--finalised", "1", stdin=f"{WORKER_PASS}\n"
    )
    assert demo.returncode == 0, demo.stderr
    out = tmp_path / "stick"
    out.mkdir()
    status = run_at(NOW, "export", *worker, "--out", str(out), stdin=f"{WORKER_PASS}\n")
    assert "1 case(s) to export (TRAINING)" in status.stdout, status.stdout + status.stderr
