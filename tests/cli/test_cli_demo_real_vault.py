"""`demo` on a real (non-training) vault is refused and adds nothing (issue 18, finding 6)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.faked_time import run_at
from tests.cli.setup_steps import at, council_init, enrol_laptop, provision, worker_args
from tests.reports.pdf_probe import pdftotext

COUNCIL_PASS = "granite meadow lantern orbit velvet"
WORKER_PASS = "harbour cactus pebble thistle walnut"
NOW = "2027-03-01 09:00:00"


def test_demo_refuses_a_real_vault(tmp_path: Path) -> None:
    keys, data = tmp_path / "keys", tmp_path / "laptop"
    council_init(at(NOW), keys, COUNCIL_PASS)
    worker = worker_args(data, "Sam Okafor")
    provision(at(NOW), keys, worker, "wales", WORKER_PASS)
    before = (data / "keystore.json").read_bytes()
    demo = run_at(NOW, "demo", *worker, "--cases", "3", stdin=f"{WORKER_PASS}\n")
    assert demo.returncode == 1
    assert "real vault, not a training one" in demo.stderr
    assert "Added" not in demo.stdout
    # No Demo Supervisor slot was added (the keystore is byte for byte the same).
    assert (data / "keystore.json").read_bytes() == before
    status = run_at(NOW, "export", *worker, "--out", str(tmp_path), stdin=f"{WORKER_PASS}\n")
    assert "0 case(s) to export" in status.stdout


def test_a_training_laptop_on_the_council_keys_takes_demo_cases(tmp_path: Path) -> None:
    """`provision --training` (council IT's rehearsals): demo fills it, its export says so."""
    keys, data = tmp_path / "keys", tmp_path / "laptop"
    council_init(at(NOW), keys, COUNCIL_PASS)
    worker = worker_args(data, "Sam Okafor")
    set_up = provision(at(NOW), keys, worker, "wales", WORKER_PASS, training=True)
    assert "TRAINING vault" in set_up.stdout
    demo = run_at(
        NOW, "demo", *worker, "--cases", "2", "--finalised", "1", stdin=f"{WORKER_PASS}\n"
    )
    assert demo.returncode == 0, demo.stderr
    out = tmp_path / "stick"
    out.mkdir()
    status = run_at(NOW, "export", *worker, "--out", str(out), stdin=f"{WORKER_PASS}\n")
    assert "1 case(s) to export (TRAINING)" in status.stdout, status.stdout + status.stderr
    _received_only_into_a_practice_archive(tmp_path, keys, worker, out)


def _received_only_into_a_practice_archive(
    tmp_path: Path, keys: Path, worker: list[str], out: Path
) -> None:
    """The training laptop's bundle decrypts on the council's real keys, but its practice
    cases are refused by the real archive (exit 35) and go only into a `--training` one,
    whose store cannot be pointed elsewhere."""
    enrol_laptop(at(NOW), keys, worker, WORKER_PASS, COUNCIL_PASS)
    (bundle,) = out.glob("*.age")
    receive = ["receive", str(bundle), "--keys", str(keys), "--passphrase-stdin"]
    real = tmp_path / "archive"

    refused = run_at(NOW, *receive, "--archive", str(real), stdin=f"{COUNCIL_PASS}\n")
    assert refused.returncode == 35, refused.stdout + refused.stderr
    assert "TRAINING laptop" in refused.stderr
    assert not list(real.glob("*/r*")) and not (real / "receipts").exists()

    practice = tmp_path / "practice"
    elsewhere = run_at(
        NOW, *receive, "--archive", str(practice), "--training",
        "--store", f"duckdb:{tmp_path / 'other.duckdb'}", stdin=f"{COUNCIL_PASS}\n",
    )  # fmt: skip
    assert elsewhere.returncode != 0 and "practice (training) archive" in elsewhere.stderr
    taken = run_at(NOW, *receive, "--archive", str(practice), "--training",
                   stdin=f"{COUNCIL_PASS}\n")  # fmt: skip
    assert taken.returncode == 0, taken.stdout + taken.stderr
    assert "imported 1 case revision(s)" in taken.stdout
    assert (practice / "TRAINING-ARCHIVE.txt").is_file()
    assert len(list((practice / "receipts").iterdir())) == 1
    report = tmp_path / "matches.pdf"
    listed = run_at(NOW, "council", "matches", "--archive", str(practice), "--report", str(report))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("TRAINING: a practice archive")
    text = pdftotext(report.read_bytes())
    assert "TRAINING" in text and "fictional person" in text
    found = run_at(NOW, "council", "cases", "search", "a", "--archive", str(practice))
    assert "TRAINING: a practice archive" in found.stderr
