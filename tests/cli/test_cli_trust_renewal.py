"""`council renew-trust` and `apply-trust` from the command line, a year apart (issue 18, 1)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.faked_time import run_at
from tests.cli.setup_steps import at, council_init, provision, worker_args

COUNCIL_PASS = "granite meadow lantern orbit velvet"
WORKER_PASS = "harbour cactus pebble thistle walnut"
START = "2027-01-04 09:00:00"


def test_a_year_later_renew_and_apply_from_the_command_line(tmp_path: Path) -> None:
    keys, laptop = tmp_path / "keys", tmp_path / "laptop"
    stick = tmp_path / "stick"
    stick.mkdir()
    council_init(at(START), keys, COUNCIL_PASS)
    data = worker_args(laptop, "Sam Okafor")
    provision(at(START), keys, data, "wales", WORKER_PASS)
    export = ["export", *data, "--out", str(stick)]

    early = run_at("2027-11-01 09:00:00", *export, stdin=f"{WORKER_PASS}\n")
    assert early.returncode != 0 and "no finalised cases" in early.stderr
    assert "warning" not in early.stdout
    warned = run_at("2027-12-10 08:00:00", *export, stdin=f"{WORKER_PASS}\n")
    assert "warning: The council trust bundle expires in 25 days (on 2028-01-04)" in warned.stdout

    late = run_at("2028-01-10 09:00:00", *export, stdin=f"{WORKER_PASS}\n")
    assert late.returncode != 0 and "expired" in late.stderr

    renewal = tmp_path / "renewal.json"
    renewed = run_at(
        "2028-01-10 10:00:00",
        "council",
        "renew-trust",
        "--keys",
        str(keys),
        "--out",
        str(renewal),
        "--passphrase-stdin",
        stdin=f"{COUNCIL_PASS}\n",
    )
    assert renewed.returncode == 0, renewed.stderr
    assert "version 2, valid until 2029-01-09T10:00" in renewed.stdout
    assert json.loads(renewal.read_bytes()) == json.loads((keys / "trust-bundle.json").read_bytes())

    applied = run_at(
        "2028-01-10 11:00:00", "apply-trust", *data, str(renewal), stdin=f"{WORKER_PASS}\n"
    )
    assert applied.returncode == 0, applied.stderr
    assert "version 2 applied; valid until 2029-01-09T10:00" in applied.stdout
    again = run_at("2028-01-10 11:05:00", *export, stdin=f"{WORKER_PASS}\n")
    assert "expired" not in again.stderr and "warning" not in again.stdout
    assert "0 case(s) to export" in again.stdout

    # The version 1 file is refused as a roll-back, with a one-line reason.
    old = run_at(
        "2028-01-10 11:10:00",
        "apply-trust",
        *data,
        str(keys / "offline" / "issued-trust" / "trust-bundle-v1.json"),
        stdin=f"{WORKER_PASS}\n",
    )
    assert old.returncode == 1 and "refused" in old.stderr
