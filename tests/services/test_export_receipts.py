"""Receipts the device must refuse, and the retention setting."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bundles.receipts import make_receipt
from crypto.signing import generate_signing_key
from services.case_status import EXPORTED
from services.device_identity import device_identity
from services.export import export_cases
from services.receipts import ReceiptRefused, import_receipt
from services.retention import DEFAULT_RETENTION_DAYS, retention_days, set_retention_days
from tests.services.conftest import Provisioned
from tests.services.export_setup import Device, finalised_case, open_device


@pytest.fixture
def device(provisioned: Provisioned, tmp_path: Path) -> Iterator[Device]:
    d = open_device(provisioned, tmp_path)
    yield d
    d.session.lock()


def _receipt(sk: bytes, device_id: str, bundle_id: str, case_id: str, rev: int = 3) -> bytes:
    return make_receipt(
        sk,
        bundle_id=bundle_id,
        device_id=device_id,
        device_seq=1,
        manifest_sha256="0" * 64,
        records=[(case_id, rev)],
    )


def test_forged_foreign_and_unknown_receipts_change_nothing(
    device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    session, clock = device.session, device.provisioned.clock
    case_id = finalised_case(device, people[0])
    result = export_cases(session, tmp_path, clock=clock, documents=lambda s, c: [])
    me = device_identity(session.vault).device_id
    forger_sk, _ = generate_signing_key()
    with pytest.raises(ReceiptRefused, match="not signed by the council receipt key"):
        import_receipt(session, _receipt(forger_sk, me, result.bundle_id, case_id), clock=clock)
    from crypto.council import load_council_private
    from tests.services.conftest import COUNCIL_PASSPHRASE

    real_sk = load_council_private(device.keys_dir, "receipt", COUNCIL_PASSPHRASE)
    assert isinstance(real_sk, bytes)
    with pytest.raises(ReceiptRefused, match="another laptop"):
        import_receipt(
            session, _receipt(real_sk, "d-someoneelse", result.bundle_id, case_id), clock=clock
        )
    with pytest.raises(ReceiptRefused, match="no record of exporting"):
        import_receipt(session, _receipt(real_sk, me, "f" * 32, case_id), clock=clock)
    assert session.vault.cases.summary(case_id).status == EXPORTED
    exported_rev = session.vault.ledger.get(result.bundle_id).cases[case_id]
    stale = import_receipt(
        session, _receipt(real_sk, me, result.bundle_id, case_id, exported_rev - 1), clock=clock
    )
    assert stale.confirmed == () and stale.unchanged == (case_id,)
    applied = import_receipt(
        session, _receipt(real_sk, me, result.bundle_id, case_id, exported_rev), clock=clock
    )
    assert applied.confirmed == (case_id,)


def test_retention_days_default_and_admin_setting(device: Device) -> None:
    session, clock = device.session, device.provisioned.clock
    assert retention_days(session) == DEFAULT_RETENTION_DAYS == 30
    set_retention_days(session, 7, clock=clock)
    assert retention_days(session) == 7
    assert session.vault.settings.get("retention_days") == 7


def test_export_logs_a_disclosure_and_receipt_survives_later_prints_not_amendments(
    device: Device, people: list[dict[str, Any]], tmp_path: Path
) -> None:
    from crypto.council import load_council_private
    from services.case_lifecycle import amend_case, record_disclosure, verify_sign_off
    from services.case_status import RECEIPT_CONFIRMED
    from services.disclosures import new_disclosure
    from tests.services.conftest import COUNCIL_PASSPHRASE

    session, clock = device.session, device.provisioned.clock
    printed, amended = finalised_case(device, people[0]), finalised_case(device, people[1])
    result = export_cases(
        session,
        tmp_path,
        clock=clock,
        documents=lambda s, c: [],
        disclosure_why="Hand-over for the NRM referral",
    )
    for case_id in (printed, amended):
        log = session.vault.cases.current(case_id).document["answers"]["disclosures"]
        assert result.bundle_id in log[-1]["disclosure_what"]
        assert log[-1]["disclosure_why"] == "Hand-over for the NRM referral"
        assert session.vault.cases.summary(case_id).status == EXPORTED
    entry = new_disclosure(session, what="", to="Kent police", why="Missing episode", clock=clock)
    version = record_disclosure(session, printed, entry, clock=clock)
    assert verify_sign_off(session, version.document)
    amend_case(session, amended, reason="Date of birth corrected", clock=clock)
    real_sk = load_council_private(device.keys_dir, "receipt", COUNCIL_PASSPHRASE)
    assert isinstance(real_sk, bytes)
    ledger = session.vault.ledger.get(result.bundle_id).cases
    receipt = make_receipt(
        real_sk,
        bundle_id=result.bundle_id,
        device_id=device_identity(session.vault).device_id,
        device_seq=1,
        manifest_sha256="0" * 64,
        records=sorted(ledger.items()),
    )
    applied = import_receipt(session, receipt, clock=clock)
    assert applied.confirmed == (printed,)
    assert applied.unchanged == (amended,)
    assert session.vault.cases.summary(printed).status == RECEIPT_CONFIRMED
