"""`council rotate-receipt` end to end (issue 18): a receipt written before the rotation is on
its way back to the laptop when council IT rotates the receipt key; it still applies after the
laptop applies the trust update, and a receipt signed by the new key is refused (with what to
do) until then."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.faked_time import run_at
from tests.cli.setup_steps import council_init, enrol_laptop, provision, worker_args
from tests.cli.test_cli_council_guide import (
    COUNCIL,
    SAM,
    cli,
    day,
    finalised_case,
    ran_at,
)


def test_rotate_the_receipt_key_while_a_receipt_is_in_transit(
    tmp_path: Path, people: list[dict[str, Any]]
) -> None:
    keys, archive, stick = tmp_path / "keys", tmp_path / "archive", tmp_path / "stick"
    laptop = tmp_path / "laptop"
    for folder in (stick / "1", stick / "2"):
        folder.mkdir(parents=True)
    c = f"{COUNCIL}\n"
    council_init(ran_at(0), keys, COUNCIL)
    sam = worker_args(laptop, "Sam Okafor")
    provision(ran_at(0), keys, sam, "england", SAM)
    enrol_laptop(ran_at(0), keys, sam, SAM, COUNCIL)
    receive = ["--keys", str(keys), "--archive", str(archive), "--passphrase-stdin"]

    # A case is received; its receipt (signed by receipt-1) is still on the stick.
    finalised_case(laptop, "Sam Okafor", SAM, 9, people[0])
    cli(10, "export", *sam, "--out", str(stick / "1"), stdin=f"{SAM}\n")
    (first,) = (stick / "1").iterdir()
    cli(11, "receive", str(first), *receive, stdin=c)
    (in_transit,) = (archive / "receipts").iterdir()
    on_stick = stick / "old.receipt.json"
    on_stick.write_bytes(in_transit.read_bytes())

    v1 = json.loads((keys / "trust-bundle.json").read_text())["bundle"]
    # Council IT rotates the receipt key: root from the offline folder, new key to receiving.
    update = stick / "receipt-update.json"
    rotated = cli(
        20, "council", "rotate-receipt", "--keys", str(keys / "offline"),
        "--receiving", str(keys / "receiving"), "--out", str(update), "--passphrase-stdin",
        stdin=c,
    )  # fmt: skip
    assert "New receipt key receipt-2; trust update version 2" in rotated
    assert (keys / "receiving" / "receipt-2.key.json").exists()
    assert not (keys / "offline" / "receipt-2.key.json").exists()
    body = json.loads(update.read_text())["bundle"]
    (previous,) = body["previous_receipt_keys"]
    assert previous["receipt_pk"] == v1["receipt_pk"] != body["receipt_pk"]
    assert previous["accepted_until"].startswith("2027-04-24T09:00")  # 90 days on

    # The receiver signs with the new key (the register, re-signed, still verifies).
    finalised_case(laptop, "Sam Okafor", SAM, 21, people[1])
    cli(22, "export", *sam, "--out", str(stick / "2"), stdin=f"{SAM}\n")
    (second,) = (stick / "2").iterdir()
    cli(23, "receive", str(second), *receive, stdin=c)
    (new_receipt,) = [p for p in (archive / "receipts").iterdir() if p.name != in_transit.name]

    # Not applied yet: the new key's receipt is refused, saying what to do.
    early = run_at(day(24), "import-receipt", *sam, str(new_receipt), stdin=f"{SAM}\n")
    assert early.returncode != 0
    assert "apply their trust update first" in early.stdout + early.stderr

    cli(25, "apply-trust", *sam, str(update), stdin=f"{SAM}\n")
    cli(26, "import-receipt", *sam, str(on_stick), stdin=f"{SAM}\n")  # written before
    cli(26, "import-receipt", *sam, str(new_receipt), stdin=f"{SAM}\n")
