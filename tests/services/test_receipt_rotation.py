"""Rotating the council receipt key without re-provisioning, with a receipt in transit
(issue 18): laptops that applied the update believe the new key and, for the transition, the
previous one; laptops that did not are told to apply the update first."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crypto.signing import public_key_of
from services.enrolment import device_register, open_receipt_key
from services.export import export_cases
from services.receipt_key_file import current_receipt_key
from services.receipt_keys import rotate_receipt_key
from services.receipts import ReceiptRefused, import_receipt
from services.receiver import open_council_secrets, receive_many
from services.trust_update import update_trust
from tests.services.conftest import COUNCIL_PASSPHRASE
from tests.services.export_setup import Device, finalised_case, open_device

DAY = 86_400


@pytest.fixture
def device(provisioned: Any, tmp_path: Path) -> Iterator[Device]:
    d = open_device(provisioned, tmp_path)
    yield d
    d.session.lock()


def _receive(device: Device, people: list[dict[str, Any]], n: int, tmp_path: Path) -> bytes:
    """Export one finalised case, receive it, and return the receipt's bytes."""
    finalised_case(device, people[n])
    stick = tmp_path / f"stick-{n}"
    stick.mkdir()
    path = export_cases(device.session, stick, clock=device.provisioned.clock).path
    keys = device.keys_dir
    (outcome,) = receive_many(
        [path],
        keys_dir=keys,
        archive_dir=tmp_path / "archive",
        secrets=open_council_secrets(keys, COUNCIL_PASSPHRASE),
        now=device.provisioned.clock.now(),
    )
    assert outcome.exit_code == 0 and outcome.receipt is not None, outcome.message
    return outcome.receipt.read_bytes()


def test_rotate_while_a_receipt_is_in_transit_then_import_it(
    device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    clock, keys = device.provisioned.clock, device.keys_dir
    in_transit = _receive(device, people, 0, tmp_path)  # signed by receipt-1
    old_pk = public_key_of(open_receipt_key(keys, COUNCIL_PASSPHRASE))

    clock.advance(5 * DAY)
    report = rotate_receipt_key(keys, passphrase=COUNCIL_PASSPHRASE, clock=clock)
    assert report.version == 2 and list(report.fingerprints) == ["receipt-2"]
    assert current_receipt_key(keys).label == "receipt-2"
    assert (keys / "receipt.key.json").exists()  # the old key file is kept
    new_pk = public_key_of(open_receipt_key(keys, COUNCIL_PASSPHRASE))
    assert new_pk != old_pk
    # The register is signed with the new key now, and no longer with the old one.
    assert device_register(keys, receipt_pk=new_pk)
    with pytest.raises(Exception, match="changed without the council receipt key"):
        device_register(keys, receipt_pk=old_pk)

    # Received after the rotation: the receipt is signed with receipt-2. This laptop has not
    # applied the update yet, so it refuses it and says what to do.
    after = _receive(device, people, 1, tmp_path)
    with pytest.raises(ReceiptRefused, match="apply their trust update first"):
        import_receipt(device.session, after, clock=clock)
    # ...while the old key still works for it until then.
    assert import_receipt(device.session, in_transit, clock=clock).confirmed

    bundle = update_trust(device.session, report.trust_bundle.read_bytes(), clock=clock)
    assert bundle.receipt_pk == new_pk
    assert bundle.previous_receipts is not None
    assert bundle.previous_receipts[0][0] == old_pk
    assert import_receipt(device.session, after, clock=clock).confirmed
    # A receipt written before the rotation still applies during the transition.
    assert import_receipt(device.session, in_transit, clock=clock).bundle_id


def test_the_previous_key_is_refused_after_the_transition(
    device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    clock, keys = device.provisioned.clock, device.keys_dir
    in_transit = _receive(device, people, 0, tmp_path)
    report = rotate_receipt_key(
        keys, passphrase=COUNCIL_PASSPHRASE, clock=clock, transition_days=10
    )
    update_trust(device.session, report.trust_bundle.read_bytes(), clock=clock)
    clock.advance(9 * DAY)
    assert import_receipt(device.session, in_transit, clock=clock).bundle_id
    clock.advance(2 * DAY)
    with pytest.raises(ReceiptRefused, match="not signed by the council receipt key"):
        import_receipt(device.session, in_transit, clock=clock)


def test_a_second_rotation_keeps_labels_increasing(device: Device) -> None:
    clock, keys = device.provisioned.clock, device.keys_dir
    rotate_receipt_key(keys, passphrase=COUNCIL_PASSPHRASE, clock=clock)
    second = rotate_receipt_key(keys, passphrase=COUNCIL_PASSPHRASE, clock=clock)
    assert list(second.fingerprints) == ["receipt-3"]
    assert second.version == 3
    bundle_keys = update_trust(
        device.session, second.trust_bundle.read_bytes(), clock=clock
    ).previous_receipts
    assert bundle_keys is not None and len(bundle_keys) == 2


def test_a_wrong_passphrase_changes_nothing(device: Device) -> None:
    keys, clock = device.keys_dir, device.provisioned.clock
    with pytest.raises(Exception, match="could not be opened"):
        rotate_receipt_key(keys, passphrase="not the passphrase at all", clock=clock)
    assert current_receipt_key(keys).label == "receipt-1"


def test_a_register_changed_by_hand_stops_the_rotation_before_any_key_is_written(
    device: Device,
) -> None:
    keys, clock = device.keys_dir, device.provisioned.clock
    register = keys / "enrolled-devices.json"
    register.write_text(register.read_text().replace('"enrolled":"2', '"enrolled":"1'))
    with pytest.raises(Exception, match="changed without the council receipt key"):
        rotate_receipt_key(keys, passphrase=COUNCIL_PASSPHRASE, clock=clock)
    assert current_receipt_key(keys).label == "receipt-1"
    assert not (keys / "receipt-2.key.json").exists()
