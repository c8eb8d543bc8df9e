"""Each council key can have its own passphrase (issue 18, finding 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crypto.council import load_council_private
from crypto.errors import WrongPassphrase
from crypto.kdf import FLOOR_KDF
from services.clock import FakeClock
from services.council import init_council, renew_trust
from services.errors import InvalidInput
from services.import_keys import import_keys, rotate_import_key
from services.receiver import open_council_secrets

PASSES = {
    "root": "granite meadow lantern orbit velvet",
    "import": "harbour cactus pebble thistle walnut",
    "recovery": "quartz bramble falcon meadow tinsel",
    "receipt": "copper lagoon mitten saddle tundra",
}


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    folder = tmp_path / "keys"
    init_council(
        folder, council_name="Custody", passphrase=PASSES, clock=FakeClock(), kdf=FLOOR_KDF
    )
    return folder


def test_each_key_opens_only_with_its_own_passphrase(keys: Path) -> None:
    for role, secret in PASSES.items():
        load_council_private(keys, role, secret)
        other = PASSES["root" if role != "root" else "import"]
        with pytest.raises(WrongPassphrase):
            load_council_private(keys, role, other)


def test_the_same_passphrase_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="its own passphrase"):
        init_council(
            tmp_path / "k",
            council_name="C",
            passphrase={**PASSES, "receipt": PASSES["root"]},
            clock=FakeClock(),
            kdf=FLOOR_KDF,
        )
    assert not (tmp_path / "k" / "root.key.json").exists()


def test_receive_asks_for_the_receipt_passphrase_only_when_it_differs(keys: Path) -> None:
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return PASSES["receipt"]

    secrets = open_council_secrets(keys, PASSES["import"], ask=ask)
    assert asked == ["Passphrase of the council receipt key"] and len(secrets.identities) == 1
    with pytest.raises(InvalidInput, match="own passphrase"):
        open_council_secrets(keys, PASSES["import"])


def test_renewal_and_rotation_use_the_root_and_import_passphrases(keys: Path) -> None:
    clock = FakeClock()
    with pytest.raises(InvalidInput):
        renew_trust(keys, root_passphrase=PASSES["import"], clock=clock)
    assert renew_trust(keys, root_passphrase=PASSES["root"], clock=clock).version == 2
    report = rotate_import_key(
        keys, passphrase=PASSES["root"], clock=clock, ask=lambda _prompt: PASSES["import"]
    )
    assert report.version == 3
    # The new import key is under the import passphrase, so receive opens both with it.
    assert [k.label for k in import_keys(keys)] == ["import-1", "import-2"]
    secrets = open_council_secrets(keys, PASSES["import"], ask=lambda _p: PASSES["receipt"])
    assert len(secrets.identities) == 2
    with pytest.raises(InvalidInput, match="does not open the current import key"):
        rotate_import_key(
            keys, passphrase=PASSES["root"], clock=clock, ask=lambda _prompt: PASSES["recovery"]
        )
