"""`council rotate-root` (issue 18): laptops accept a new council root only when the root they
pin cross-signs it; later renewals from the new root then apply as usual."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from crypto.signing import generate_signing_key
from crypto.trust import cross_signed_trust_bundle, sign_trust_bundle, verify_trust_bundle
from tests.cli.faked_time import run_at
from tests.cli.setup_steps import at, council_init, provision, worker_args

COUNCIL_PASS = "granite meadow lantern orbit velvet"
NEW_ROOT_PASS = "saffron glacier tumble beacon quill"
WORKER_PASS = "harbour cactus pebble thistle walnut"
START = "2027-01-04 09:00:00"


def _laptop(keys: Path, folder: Path) -> list[str]:
    data = worker_args(folder, "Sam Okafor")
    provision(at(START), keys, data, "england", WORKER_PASS)
    return data


def _apply(when: str, data: list[str], update: Path) -> tuple[int, str]:
    done = run_at(when, "apply-trust", *data, str(update), stdin=f"{WORKER_PASS}\n")
    return done.returncode, done.stdout + done.stderr


def test_root_rotation_cross_signed_then_renewed_by_the_new_root(tmp_path: Path) -> None:
    keys, stick = tmp_path / "council", tmp_path / "stick"
    stick.mkdir()
    council_init(at(START), keys, COUNCIL_PASS)
    first = _laptop(keys, tmp_path / "laptop-a")
    missed = _laptop(keys, tmp_path / "laptop-b")
    v1 = json.loads((keys / "trust-bundle.json").read_text())

    rotation = stick / "rotation.json"
    rotated = run_at(
        "2027-02-01 09:00:00", "council", "rotate-root", "--keys", str(keys / "offline"),
        "--out", str(rotation), "--passphrase-stdin",
        stdin=f"{COUNCIL_PASS}\n{NEW_ROOT_PASS}\n",
    )  # fmt: skip
    assert rotated.returncode == 0, rotated.stderr
    assert "trust update version 2" in rotated.stdout
    update = json.loads(rotation.read_text())
    assert update["bundle"]["root_pk"] != v1["bundle"]["root_pk"] and "cross_signature" in update
    offline = {p.name for p in (keys / "offline").iterdir()}
    assert {"root.key.json", "root-retired-v1.key.json"} <= offline

    # A new root the pinned one did not vouch for is refused, with or without a cross-signature.
    pinned = verify_trust_bundle(
        rotation.read_bytes(), now=datetime(2027, 2, 1, 10, tzinfo=UTC), check_expiry=False
    )
    stranger_sk, stranger_pk = generate_signing_key()
    other_sk, _ = generate_signing_key()
    forged = replace(pinned, root_pk=stranger_pk, version=3)
    bare, crossed = stick / "bare.json", stick / "crossed.json"
    bare.write_bytes(sign_trust_bundle(stranger_sk, forged))
    crossed.write_bytes(cross_signed_trust_bundle(other_sk, stranger_sk, forged))
    code, text = _apply("2027-02-02 09:00:00", first, bare)
    assert code != 0 and "trusts root" in text
    code, text = _apply("2027-02-02 09:00:00", first, crossed)
    assert code != 0 and "not cross-signed by the root this device trusts" in text

    code, text = _apply("2027-02-02 10:00:00", first, rotation)
    assert code == 0 and "version 2 applied" in text, text

    # A year on, the new root renews; the old root's passphrase no longer opens root.key.json.
    renewal = stick / "renewal.json"
    wrong = run_at(
        "2028-01-01 09:00:00", "council", "renew-trust", "--keys", str(keys),
        "--passphrase-stdin", stdin=f"{COUNCIL_PASS}\n",
    )  # fmt: skip
    assert wrong.returncode != 0
    renewed = run_at(
        "2028-01-01 09:00:00", "council", "renew-trust", "--keys", str(keys),
        "--out", str(renewal), "--passphrase-stdin", stdin=f"{NEW_ROOT_PASS}\n",
    )  # fmt: skip
    assert renewed.returncode == 0, renewed.stderr
    code, text = _apply("2028-01-02 09:00:00", first, renewal)
    assert code == 0 and "version 3 applied" in text, text
    export = run_at(
        "2028-01-02 09:30:00", "export", *first, "--out", str(stick), stdin=f"{WORKER_PASS}\n"
    )
    assert "0 case(s) to export" in export.stdout and "expired" not in export.stderr

    # The laptop that missed the rotation refuses the new root's renewal until it applies it.
    code, text = _apply("2028-01-02 09:00:00", missed, renewal)
    assert code != 0 and "trusts root" in text
    code, text = _apply("2028-01-02 09:10:00", missed, rotation)
    assert code == 0, text
    code, text = _apply("2028-01-02 09:20:00", missed, renewal)
    assert code == 0 and "version 3 applied" in text, text

    prints = run_at("2028-01-02 10:00:00", "council", "fingerprints", "--keys", str(keys))
    assert "version 3" in prints.stdout
