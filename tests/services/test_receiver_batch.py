"""`receive` with several bundles: one bundle's failure never stops the others (defect 1);
the enrolled-device list is read strictly."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bundles.manifest import GENESIS_SHA256
from crypto.fingerprints import with_check_group
from crypto.signing import generate_signing_key
from services.enrolment import enrol_device, enrolled_devices
from services.errors import InvalidInput
from services.receiver import receive_many
from tests.bundles.bundle_fixtures import entry_for, forge, forged_manifest
from tests.conftest import budget
from tests.hostile_json import hostile
from tests.services.receiver_setup import Council, bundle, council

RID = "5f0c3a8e-3d3e-4f7e-9b1a-2a7d5c9e8f10"
DATA = b'{"case_id": "x"}'


def _surrogate_cert_bundle(c: Council, folder: Path) -> Path:
    # Only public values are needed: the enrolled device's id and key and the council's
    # public recipient. The certificate's device id is a lone surrogate escape.
    keys = c.keys
    entry = entry_for(f"r/{RID}.json", DATA, "record", RID, "application/json")
    cert = keys.worker_cert.replace(keys.device_id.encode(), b"\\ud800")
    manifest = forged_manifest(keys, [entry], worker_cert=cert, device_seq=2)
    path = folder / "EVILEVILEVILEVIL.age"
    path.write_bytes(forge(keys, manifest, [(f"r/{RID}.json", DATA)]))
    return path


def test_a_crafted_certificate_is_refused_and_the_rest_of_the_batch_imports(
    tmp_path: Path,
) -> None:
    c = council(tmp_path)
    first = bundle(c, tmp_path / "stick1", 1)
    evil = _surrogate_cert_bundle(c, tmp_path)
    second = bundle(c, tmp_path / "stick2", 2, prev=GENESIS_SHA256)
    outcomes = receive_many(
        [first, evil, second], keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets
    )
    codes = [o.exit_code for o in outcomes]
    assert codes[0] == 0 and codes[1] == 15 and codes[2] in (0, 3)
    assert all(o.receipt is not None and o.receipt.is_file() for o in (outcomes[0], outcomes[2]))


def test_a_damaged_enrolled_device_list_is_refused_with_its_message(tmp_path: Path) -> None:
    c = council(tmp_path)
    path = c.keys_dir / "enrolled-devices.json"
    path.write_bytes(path.read_bytes().replace(b'"devices":{', b'"devices":{"\\ud800":"x",'))
    with pytest.raises(InvalidInput, match="damaged"):
        receive_many(
            [tmp_path / "none.age"], keys_dir=c.keys_dir, archive_dir=c.archive, secrets=c.secrets
        )


@settings(
    max_examples=60 * budget(),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_enrolled_device_reader_raises_only_its_own_error(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("keys")
    receipt_sk, receipt_pk = generate_signing_key()
    enrol_device(
        folder,
        "d-0123456789abcdef",
        with_check_group("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"),
        receipt_sk=receipt_sk,
        now="2026-11-28T09:00:00Z",
    )
    path = folder / "enrolled-devices.json"
    path.write_bytes(data.draw(hostile(path.read_bytes())))
    with contextlib.suppress(InvalidInput):
        enrolled_devices(folder, receipt_pk=receipt_pk)
