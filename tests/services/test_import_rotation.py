"""Rotating the import key without re-provisioning, with a bundle on a stick (issue 18, 5)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.errors import InvalidInput
from services.export import export_cases
from services.import_keys import import_keys, rotate_import_key
from services.receiver import age_identity_text, open_council_secrets, receive_many
from services.trust_update import update_trust
from tests.conftest import budget
from tests.hostile_json import hostile
from tests.services.conftest import COUNCIL_PASSPHRASE
from tests.services.export_setup import Device, finalised_case, open_device

DAY = 86_400


@pytest.fixture
def device(provisioned: Any, tmp_path: Path) -> Device:
    return open_device(provisioned, tmp_path)


def _export(device: Device, stick: Path) -> Path:
    stick.mkdir()
    return export_cases(device.session, stick, clock=device.provisioned.clock).path


def test_rotate_while_a_bundle_is_on_a_stick_then_receive_it(
    device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    clock, keys = device.provisioned.clock, device.keys_dir
    finalised_case(device, people[0])
    in_transit = _export(device, tmp_path / "stick-1")  # encrypted to import-1

    clock.advance(30 * DAY)
    report = rotate_import_key(keys, passphrase=COUNCIL_PASSPHRASE, clock=clock)
    assert report.version == 2 and list(report.fingerprints) == ["import-2"]
    labels = [(k.label, k.retired is not None) for k in import_keys(keys)]
    assert labels == [("import-1", True), ("import-2", False)]
    bundle = update_trust(device.session, report.trust_bundle.read_bytes(), clock=clock)
    assert bundle.import_recipients == (report.fingerprints["import-2"],)

    finalised_case(device, people[1])
    after = _export(device, tmp_path / "stick-2")  # encrypted to import-2 only
    secrets = open_council_secrets(keys, COUNCIL_PASSPHRASE)
    assert len(secrets.identities) == 2
    outcomes = receive_many(
        [in_transit, after],
        keys_dir=keys,
        archive_dir=tmp_path / "archive",
        secrets=secrets,
        now=clock.now(),
    )
    assert [o.exit_code for o in outcomes] == [0, 0], [o.message for o in outcomes]
    # age-identity gives the current key.
    assert age_identity_text(keys, COUNCIL_PASSPHRASE) == secrets.identities[0]


def test_a_bundle_for_a_destroyed_retired_key_names_it(
    device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    clock, keys = device.provisioned.clock, device.keys_dir
    finalised_case(device, people[0])
    old = _export(device, tmp_path / "stick")
    clock.advance(10 * DAY)
    rotate_import_key(keys, passphrase=COUNCIL_PASSPHRASE, clock=clock)
    (keys / "import.key.json").unlink()  # the transition is over: import-1 destroyed
    secrets = open_council_secrets(keys, COUNCIL_PASSPHRASE)
    (outcome,) = receive_many([old], keys_dir=keys, archive_dir=tmp_path / "a", secrets=secrets)
    assert outcome.exit_code == 12
    assert "encrypted to retired key import-1 (retired on 2026-12-08)" in outcome.message


def test_labels_keep_increasing_and_a_damaged_list_is_refused(
    device: Device, tmp_path: Path
) -> None:
    keys, clock = device.keys_dir, device.provisioned.clock
    for _ in range(2):
        rotate_import_key(keys, passphrase=COUNCIL_PASSPHRASE, clock=clock)
    assert [k.label for k in import_keys(keys)] == ["import-1", "import-2", "import-3"]
    assert len(open_council_secrets(keys, COUNCIL_PASSPHRASE).identities) == 3
    path = keys / "import-keys.json"
    data = json.loads(path.read_bytes())
    data["keys"][2]["label"] = "import-2"
    path.write_text(json.dumps(data))
    with pytest.raises(InvalidInput, match="distinct and increasing"):
        import_keys(keys)


@settings(
    max_examples=40 * budget(),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_import_key_list_reader_raises_only_its_own_error(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("keys")
    valid = json.dumps(
        {
            "format": "first-contact/import-keys/1",
            "keys": [
                {
                    "file": "import.key.json",
                    "label": "import-1",
                    "recipient": "age1x",
                    "retired": "2027-01-01T00:00:00Z",
                },
                {
                    "file": "import-2.key.json",
                    "label": "import-2",
                    "recipient": "age1y",
                    "retired": None,
                },
            ],
        }
    ).encode()
    (folder / "import-keys.json").write_bytes(data.draw(hostile(valid)))
    with contextlib.suppress(InvalidInput):
        import_keys(folder)
