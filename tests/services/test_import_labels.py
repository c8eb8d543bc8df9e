"""Distinct import key labels on the laptop (issue 18): the signed trust bundle names each key
as council IT does ("import-2"), and bundles from before rotation keep their old bytes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from crypto.council import load_council_private
from crypto.encoding import b64, canonical_json
from crypto.errors import TrustBundleError
from crypto.signing import DOMAIN_TRUST, sign
from crypto.trust import trust_bundle_fingerprints, verify_trust_bundle
from services.council import current_trust_bundle
from services.export import plan_export
from services.import_keys import rotate_import_key
from services.trust_update import update_trust
from tests.services.conftest import COUNCIL_PASSPHRASE
from tests.services.export_setup import Device, open_device


@pytest.fixture
def device(provisioned: Any, tmp_path: Path) -> Device:
    return open_device(provisioned, tmp_path)


def test_a_rotated_key_is_shown_by_its_label_on_the_laptop(device: Device) -> None:
    clock, keys = device.provisioned.clock, device.keys_dir
    first = json.loads((keys / "trust-bundle.json").read_text())
    assert "import_labels" not in first["bundle"]  # unchanged for bundles before rotation
    before = plan_export(device.session, clock=clock).recipients
    assert [r.name for r in before] == ["Test Council import-1"]

    report = rotate_import_key(keys, passphrase=COUNCIL_PASSPHRASE, clock=clock)
    bundle = update_trust(device.session, report.trust_bundle.read_bytes(), clock=clock)
    assert bundle.import_labels() == ("import-2",)
    assert list(trust_bundle_fingerprints(bundle))[:2] == ["root", "import-2"]
    after = plan_export(device.session, clock=clock).recipients
    assert [r.name for r in after] == ["Test Council import-2"]
    assert after[0].fingerprint != before[0].fingerprint


@pytest.mark.parametrize(
    "labels", [["import-2", "import-3"], ["import-0"], ["key-1"], [7], ["import-2\n"]]
)
def test_labels_that_do_not_name_each_key_once_are_refused(
    device: Device, labels: list[object]
) -> None:
    clock, keys = device.provisioned.clock, device.keys_dir
    rotate_import_key(keys, passphrase=COUNCIL_PASSPHRASE, clock=clock)
    current, raw = current_trust_bundle(keys, clock=clock)
    body = json.loads(raw)["bundle"]
    body["import_labels"] = labels
    root_sk = load_council_private(keys, "root", COUNCIL_PASSPHRASE)
    assert isinstance(root_sk, bytes)
    forged = canonical_json(
        {"bundle": body, "signature": b64(sign(root_sk, DOMAIN_TRUST, canonical_json(body)))}
    )
    with pytest.raises(TrustBundleError, match="import_labels"):
        verify_trust_bundle(forged, now=clock.now())
    assert replace(current, labels=None).import_labels() == ("import-1",)
