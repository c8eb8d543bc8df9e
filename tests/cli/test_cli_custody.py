"""Custody (issue 18): `council init` keeps the offline keys apart from the receiving machine's,
and each council command says which folder it needs when given the other one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.clock import SystemClock
from services.council import init_council
from tests.cli.setup_steps import council_init
from tests.cli.test_cli_setup import COUNCIL_PASS, run_cli


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("custody") / "council"
    made = council_init(run_cli, out, COUNCIL_PASS)
    assert str(out / "offline") in made.stdout and str(out / "receiving") in made.stdout
    return out


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_init_separates_offline_keys_from_the_receiving_machines(council: Path) -> None:
    offline, receiving = _names(council / "offline"), _names(council / "receiving")
    assert {"root.key.json", "recovery.key.json", "public.json", "trust-bundle.json"} <= offline
    assert not {"import.key.json", "receipt.key.json"} & offline
    assert {"import.key.json", "receipt.key.json", "public.json", "trust-bundle.json"} <= receiving
    assert not {"root.key.json", "recovery.key.json"} & receiving
    for folder in (council / "offline", council / "receiving"):
        assert folder.stat().st_mode & 0o077 == 0
    laptops = json.loads((council / "trust-bundle.json").read_text())
    assert laptops == json.loads((council / "receiving" / "trust-bundle.json").read_text())


@pytest.mark.parametrize(
    ("command", "folder", "needed"),
    [
        (("council", "age-identity"), "offline", "receiving folder"),
        (("council", "devices", "list"), "offline", "receiving folder"),
        (("council", "renew-trust"), "receiving", "offline folder"),
    ],
)
def test_the_wrong_folder_is_named_before_any_passphrase(
    council: Path, command: tuple[str, ...], folder: str, needed: str
) -> None:
    given = council / folder
    refused = run_cli(*command, "--keys", str(given), "--passphrase-stdin", stdin="")
    assert refused.returncode != 0
    line = " ".join(refused.stderr.split())
    assert str(given) in line and needed in line and "Passphrase" not in line


def test_receive_at_the_offline_folder_names_the_receiving_one(council: Path) -> None:
    refused = run_cli(
        "receive",
        str(council / "nothing.age"),
        "--keys",
        str(council / "offline"),
        "--archive",
        str(council.parent / "archive"),
    )
    assert refused.returncode != 0
    assert "`receive` needs the receiving folder" in " ".join(refused.stderr.split())
    assert not (council.parent / "archive").exists()


def test_commands_given_the_init_folder_pick_their_half(council: Path) -> None:
    prints = run_cli("council", "fingerprints", "--keys", str(council))
    assert prints.returncode == 0 and "version 1" in prints.stdout
    listed = run_cli("council", "devices", "list", "--keys", str(council))
    assert listed.returncode == 0, listed.stderr
    identity = run_cli(
        "council", "age-identity", "--keys", str(council / "receiving"), "--passphrase-stdin",
        stdin=f"{COUNCIL_PASS}\n",
    )  # fmt: skip
    assert identity.returncode == 0 and identity.stdout.startswith("AGE-SECRET-KEY-1")


def test_rotate_import_signs_offline_and_puts_the_key_on_the_receiving_side(
    tmp_path: Path,
) -> None:
    out = tmp_path / "council"
    council_init(run_cli, out, COUNCIL_PASS)
    # The two folders apart, as on two machines.
    offline, receiving = tmp_path / "safe", tmp_path / "receiver"
    (out / "offline").rename(offline)
    (out / "receiving").rename(receiving)
    alone = run_cli(
        "council", "rotate-import", "--keys", str(offline), "--passphrase-stdin", stdin=""
    )
    assert alone.returncode != 0 and "--receiving" in alone.stderr
    update = tmp_path / "update.json"
    rotated = run_cli(
        "council", "rotate-import", "--keys", str(offline), "--receiving", str(receiving),
        "--out", str(update), "--passphrase-stdin", stdin=f"{COUNCIL_PASS}\n",
    )  # fmt: skip
    assert rotated.returncode == 0, rotated.stderr
    assert (receiving / "import-2.key.json").exists()
    assert not (offline / "import-2.key.json").exists()
    assert json.loads((offline / "trust-bundle.json").read_text())["bundle"]["version"] == 2
    assert json.loads((receiving / "trust-bundle.json").read_text())["bundle"]["version"] == 2
    prints = run_cli("council", "fingerprints", "--keys", str(receiving))
    assert prints.returncode == 0 and "version 2" in prints.stdout


def test_a_single_folder_from_before_the_split_still_works(tmp_path: Path) -> None:
    old = tmp_path / "old-keys"
    init_council(old, council_name="Council", passphrase=COUNCIL_PASS, clock=SystemClock())
    identity = run_cli(
        "council", "age-identity", "--keys", str(old), "--passphrase-stdin",
        stdin=f"{COUNCIL_PASS}\n",
    )  # fmt: skip
    assert identity.returncode == 0 and identity.stdout.startswith("AGE-SECRET-KEY-1")
    renewed = run_cli(
        "council", "renew-trust", "--keys", str(old), "--passphrase-stdin",
        stdin=f"{COUNCIL_PASS}\n",
    )  # fmt: skip
    assert renewed.returncode == 0, renewed.stderr
