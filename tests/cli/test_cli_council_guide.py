"""Two years of council IT from the command line, with the clock moved by libfaketime, and a
check that every command in docs/council-it.md is run by a test (issue 18, done-means).

Year one: set up, enrol, export/receive/receipt, expiry warnings, expiry, renewal. Then a
laptop is lost and revoked with a bundle still on a stick, the import key is rotated while the
second laptop's bundle is on a stick (and it is received), a worker on the second laptop is
recovered through a request file, and the trust bundle is renewed again in year two.
"""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crypto.kdf import FLOOR_KDF
from services.clock import FakeClock
from services.paths import AppPaths
from services.session import find_worker_id, unlock
from services.workers import add_worker
from tests.cli.faked_time import REPO, run_at
from tests.cli.setup_steps import (
    Run,
    council_init,
    device_info,
    enrol_laptop,
    provision,
    worker_args,
)
from tests.services.export_setup import SUPERVISOR, SUPERVISOR_PASSPHRASE, Device
from tests.services.export_setup import finalised_case as make

COUNCIL = "granite meadow lantern orbit velvet"
SAM = "harbour cactus pebble thistle walnut"
PRIYA = "meadow copper lantern biscuit orbit"
PRIYA_NEW = "quartz bramble falcon meadow tinsel"
START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
RAN: set[str] = set()


def day(n: float) -> str:
    return (START + timedelta(days=n)).strftime("%Y-%m-%d %H:%M:%S")


def ran_at(when: float) -> Run:
    """The command line at day `when`, noting each command for the guide check at the end."""

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        words = [a for a in args[:2] if not a.startswith("-")]
        RAN.add(" ".join(words[:2]) if words[0] in ("council", "audit") else words[0])
        if words[0] == "council" and len(words) > 1 and words[1] == "devices":
            RAN.add(" ".join(args[:3]))
        return run_at(day(when), *args, stdin=stdin)

    return run


def cli(when: float, *args: str, stdin: str = "", code: int = 0) -> str:
    done = ran_at(when)(*args, stdin=stdin)
    assert done.returncode == code, (args, done.stdout, done.stderr)
    return done.stdout + done.stderr


def finalised_case(data: Path, worker: str, passphrase: str, when: float, person: Any) -> None:
    """A signed-off case, made in process (the command line has no case editor)."""
    clock = FakeClock(START + timedelta(days=when))
    paths = AppPaths(data)
    session = unlock(paths, find_worker_id(paths, worker), passphrase, clock=clock)
    try:
        if SUPERVISOR not in [w.display_name for w in session.vault.workers.list()]:
            add_worker(
                session,
                display_name=SUPERVISOR,
                role="supervisor",
                passphrase=SUPERVISOR_PASSPHRASE,
                clock=clock,
                kdf=FLOOR_KDF,
            )
        holder = type("P", (), {"clock": clock})()
        make(Device(session, holder, data), person)  # type: ignore[arg-type]
    finally:
        session.lock()


def test_two_years_of_council_it(tmp_path: Path, people: list[dict[str, Any]]) -> None:
    keys, archive, stick = tmp_path / "keys", tmp_path / "archive", tmp_path / "stick"
    a, b = tmp_path / "laptop-a", tmp_path / "laptop-b"
    for folder in (stick / "1", stick / "2", stick / "3"):
        folder.mkdir(parents=True)
    c = f"{COUNCIL}\n"
    council_init(ran_at(0), keys, COUNCIL, "--name", "Two Year Council")
    assert "Two Year Council: trust bundle version 1" in cli(
        0, "council", "fingerprints", "--keys", str(keys)
    )
    sam = worker_args(a, "Sam Okafor")
    provision(ran_at(0), keys, sam, "england", SAM)
    device_a, print_a = device_info(ran_at(0), sam, SAM)
    assert len(print_a.split("-")) == 7
    typo = print_a[:3] + ("A" if print_a[3] != "A" else "B") + print_a[4:]
    enrol = ["council", "enrol-device", "--keys", str(keys), "--device-id", device_a]
    assert "check group" in cli(
        0, *enrol, "--device-fingerprint", typo, "--passphrase-stdin", stdin=c, code=1
    )
    cli(0, *enrol, "--device-fingerprint", print_a, "--passphrase-stdin", stdin=c)
    assert f"{device_a}  {print_a}" in cli(0, "council", "devices", "list", "--keys", str(keys))
    cli(0, "council", "devices", "sign", "--keys", str(keys), "--passphrase-stdin", stdin=c)

    # Year one: a case goes to the council and its receipt comes back.
    finalised_case(a, "Sam Okafor", SAM, 9, people[0])
    cli(10, "export", *sam, "--out", str(stick / "1"), stdin=f"{SAM}\n")
    (first,) = (stick / "1").iterdir()
    receive = ["receive", "--keys", str(keys), "--archive", str(archive), "--passphrase-stdin"]
    cli(
        11,
        "council",
        "verify-bundle",
        str(first),
        "--keys",
        str(keys),
        "--passphrase-stdin",
        stdin=c,
    )
    identity = tmp_path / "identity.txt"  # the guide pipes it; a file keeps this test simple
    identity.write_text(
        cli(11, "council", "age-identity", "--keys", str(keys), "--passphrase-stdin", stdin=c)
    )
    opened = subprocess.run(
        ["age", "-d", "-i", str(identity), str(first)], capture_output=True, check=True
    )
    identity.unlink()
    assert b"manifest.json" in opened.stdout[:1024]
    cli(11, *receive[:1], str(first), *receive[1:], stdin=c)
    cli(
        11,
        "council",
        "accept-late",
        str(first),
        "--keys",
        str(keys),
        "--archive",
        str(archive),
        "--reason",
        "drill: already imported, so only the receipt is written",
        "--passphrase-stdin",
        stdin=c,
        code=4,
    )
    (receipt,) = (archive / "receipts").iterdir()
    cli(12, "import-receipt", *sam, str(receipt), stdin=f"{SAM}\n")
    cli(12, "audit", "verify", *sam, stdin=f"{SAM}\n")

    # The case is deleted in error; the stick is brought in again: the receipt is written
    # again and names the deletion; restore-deleted brings the case back from the bundle.
    (case_dir,) = [d for d in archive.iterdir() if re.fullmatch(r"[0-9a-f-]{36}", d.name)]
    on_archive = ["--archive", str(archive)]
    cli(12.5, "council", "delete-case", case_dir.name, "--reason", "drill: deleted in error",
        "--by", "Sam Okafor", *on_archive)  # fmt: skip
    assert not case_dir.exists()
    again = cli(12.6, *receive[:1], str(first), *receive[1:], stdin=c, code=4)
    assert "was deleted on" in again and "by Sam Okafor" in again, again
    restored = cli(12.7, "council", "restore-deleted", str(first), "--keys", str(keys),
                   *on_archive, "--reason", "drill: the deletion was a mistake", "--by",
                   "Ana Lopes", "--passphrase-stdin", stdin=c)  # fmt: skip
    assert "restored 1 deleted case(s)" in restored and case_dir.is_dir(), restored

    # Warnings, then expiry, then the renewal (the clock is 365 days after set-up).
    # Half a day early: the faked clock ticks while each command runs, and whole days round
    # down, so a busy machine must not turn 25 days into 24 days 23:59.
    assert "expires in 25 days" in cli(
        339.5, "export", *sam, "--out", str(stick), code=1, stdin=f"{SAM}\n"
    )
    finalised_case(a, "Sam Okafor", SAM, 366, people[1])
    refused = cli(366.1, "export", *sam, "--out", str(stick), code=30, stdin=f"{SAM}\n")
    assert "expired" in refused and ".)." not in refused  # exit 30, one full stop
    renewal = stick / "renewal-1.json"
    cli(
        366.2,
        "council",
        "renew-trust",
        "--keys",
        str(keys),
        "--out",
        str(renewal),
        "--passphrase-stdin",
        stdin=c,
    )
    assert "version 2 applied" in cli(366.3, "apply-trust", *sam, str(renewal), stdin=f"{SAM}\n")
    cli(366.4, "export", *sam, "--out", str(stick / "2"), stdin=f"{SAM}\n")
    (second,) = (stick / "2").iterdir()

    # Laptop A is lost with bundle 2 still on a stick: revoked, its bundle refused (28), and
    # the receipt of what it sent before can still be written again.
    cli(
        370,
        "council",
        "devices",
        "revoke",
        "--keys",
        str(keys),
        "--device-id",
        device_a,
        "--passphrase-stdin",
        stdin=c,
    )
    assert "device_revoked" in cli(371, receive[0], str(second), *receive[1:], stdin=c, code=28)
    receipt.unlink()
    cli(
        371,
        "council",
        "reissue-receipt",
        receipt.name.split(".")[0],
        "--keys",
        str(keys),
        "--archive",
        str(archive),
        "--passphrase-stdin",
        stdin=c,
        code=4,
    )

    # Laptop B, from the renewed bundle; demo is refused on it (a real vault).
    priya = worker_args(b, "Priya Shah")
    provision(ran_at(400), keys, priya, "wales", PRIYA)
    assert "not a training one" in cli(400, "demo", *priya, stdin=f"{PRIYA}\n", code=1)
    enrol_laptop(ran_at(400), keys, priya, PRIYA, COUNCIL)

    # The import key is rotated while laptop B's bundle (for import-1) is on a stick.
    finalised_case(b, "Priya Shah", PRIYA, 410, people[2])
    cli(410.1, "export", *priya, "--out", str(stick / "3"), stdin=f"{PRIYA}\n")
    (in_transit,) = (stick / "3").iterdir()
    update = stick / "rotation.json"
    assert "New import key import-2; trust update version 3" in cli(
        420,
        "council",
        "rotate-import",
        "--keys",
        str(keys),
        "--out",
        str(update),
        "--passphrase-stdin",
        stdin=c,
    )
    assert "version 3 applied" in cli(421, "apply-trust", *priya, str(update), stdin=f"{PRIYA}\n")
    assert "imported 1 case" in cli(422, receive[0], str(in_transit), *receive[1:], stdin=c)

    # Priya forgets her passphrase: request, answer on the council machine, apply.
    request, answer = stick / "request.json", stick / "answer.json"
    assert "No worker is called exactly" in cli(
        500,
        "recovery-request",
        "--data-dir",
        str(b),
        "--worker",
        "Priya Sha",
        "--out",
        str(request),
        "--passphrase-stdin",
        stdin=f"{PRIYA_NEW}\n",
        code=1,
    )
    asked = cli(
        500,
        "recovery-request",
        "--data-dir",
        str(b),
        "--worker",
        "Priya Shah",
        "--out",
        str(request),
        "--passphrase-stdin",
        stdin=f"{PRIYA_NEW}\n",
    )
    code = re.search(r"Check code \(read it to council IT\): (\S+)", asked)
    assert code is not None
    answered = cli(
        501,
        "council",
        "answer-recovery",
        str(request),
        "--recovery-key",
        str(keys / "offline" / "recovery.key.json"),
        "--out",
        str(answer),
        "--passphrase-stdin",
        stdin=c,
    )
    assert f"Check code: {code.group(1)}" in answered
    cli(
        502,
        "apply-recovery",
        "--data-dir",
        str(b),
        str(answer),
        "--passphrase-stdin",
        stdin=f"{PRIYA_NEW}\n",
    )
    cli(
        502,
        "device-info",
        "--data-dir",
        str(b),
        "--worker",
        "Priya Shah",
        "--passphrase-stdin",
        stdin=f"{PRIYA_NEW}\n",
    )

    # The rotation's update (version 3, day 420) expires on day 785: renewed before then.
    new = worker_args(b, "Priya Shah")
    assert "expires in" in cli(
        740, "export", *new, "--out", str(stick), code=1, stdin=f"{PRIYA_NEW}\n"
    )
    renewal2 = stick / "renewal-2.json"
    cli(
        741,
        "council",
        "renew-trust",
        "--keys",
        str(keys),
        "--out",
        str(renewal2),
        "--passphrase-stdin",
        stdin=c,
    )
    assert "version 4 applied" in cli(
        742, "apply-trust", *new, str(renewal2), stdin=f"{PRIYA_NEW}\n"
    )
    out = cli(800, "export", *new, "--out", str(stick), code=1, stdin=f"{PRIYA_NEW}\n")
    assert "warning" not in out and "expired" not in out

    # Every command the guide shows was run here or is run by the test named for it.
    store_cli = "tests/council_store/test_store_cli.py"
    elsewhere = {
        "recover": "tests/cli/test_cli_recovery.py",
        "council cases": store_cli,
        "council export": store_cli,
        "council index": store_cli,
        "council delete-case": store_cli,
        "council matches": "tests/linkage/test_matches_cli.py",
        "council rotate-root": "tests/cli/test_cli_root_rotation.py",
        "council rotate-receipt": "tests/cli/test_cli_receipt_rotation.py",
    }
    guide = (REPO / "docs" / "council-it.md").read_text()
    shown = set()
    for match in re.finditer(
        r"(?:python main\.py|\./run) ([a-z-]+)(?: ([a-z-]+))?(?: ([a-z]+))?", guide
    ):
        first, second, third = match.groups()
        if first in ("council", "audit"):
            name = f"{first} {second}"
            if second == "devices" and third:
                name += f" {third}"
        else:
            name = first
        shown.add(name)
    assert shown - RAN - set(elsewhere) == set()
    assert {"council renew-trust", "apply-trust", "council devices revoke"} <= shown
