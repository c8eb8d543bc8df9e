"""Provisioning from a council trust bundle: verification, pinning, fingerprints, refusals."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from crypto.council import generate_council_keys
from crypto.kdf import FLOOR_KDF
from crypto.trust import make_trust_bundle
from services.clock import FakeClock
from services.device_identity import device_identity, pinned_trust_bundle
from services.errors import AlreadyProvisioned, InvalidInput, TrustRejected
from services.paths import AppPaths
from services.provisioning import preview_trust_bundle, provision
from services.session import unlock
from tests.services.conftest import ADMIN_PASSPHRASE, Council, Provisioned


def _provision(paths: AppPaths, raw: bytes, clock: FakeClock | None = None) -> None:
    provision(
        paths,
        raw,
        worker_name="Ada",
        passphrase=ADMIN_PASSPHRASE,
        nation="england",
        clock=clock or FakeClock(),
        kdf=FLOOR_KDF,
    )


def test_provisioning_pins_trust_and_reports_fingerprints(provisioned: Provisioned) -> None:
    report = provisioned.report
    assert set(report.council_fingerprints) >= {"root", "recovery", "receipt"}
    assert report.device_fingerprint.count("-") >= 3
    session = unlock(provisioned.paths, report.worker_id, ADMIN_PASSPHRASE, clock=provisioned.clock)
    identity = device_identity(session.vault)
    assert identity.fingerprint == report.device_fingerprint
    assert identity.device_id == report.device_id
    assert not identity.training
    trust = pinned_trust_bundle(session.vault, provisioned.clock)
    assert trust.council_name == "Test Council"
    session.lock()


def test_vault_files_are_private(provisioned: Provisioned) -> None:
    for path in (provisioned.paths.vault_db, provisioned.paths.keystore):
        assert path.stat().st_mode & 0o077 == 0, path
    assert not provisioned.paths.vault_db.read_bytes().startswith(b"SQLite format 3")


def test_refuses_tampered_trust_bundle(tmp_path: Path, council: Council) -> None:
    data = json.loads(council.trust_raw)
    data["bundle"]["council_name"] = "Evil Council"
    with pytest.raises(TrustRejected, match="signature"):
        _provision(AppPaths(tmp_path / "d"), json.dumps(data).encode())
    assert not (tmp_path / "d" / "vault.db").exists()


def test_refuses_expired_trust_bundle(tmp_path: Path, council: Council) -> None:
    late = FakeClock()
    late.advance(timedelta(days=400).total_seconds())
    with pytest.raises(TrustRejected):
        _provision(AppPaths(tmp_path / "d"), council.trust_raw, late)


def test_refuses_second_provisioning(provisioned: Provisioned) -> None:
    with pytest.raises(AlreadyProvisioned):
        _provision(provisioned.paths, provisioned.council.trust_raw)


def test_refuses_weak_passphrase(tmp_path: Path, council: Council) -> None:
    with pytest.raises(InvalidInput, match="five unrelated words"):
        provision(
            AppPaths(tmp_path / "d"),
            council.trust_raw,
            worker_name="Ada",
            passphrase="123456",
            nation="england",
            clock=FakeClock(),
            kdf=FLOOR_KDF,
        )
    assert not (tmp_path / "d" / "keystore.json").exists()


def test_preview_shows_short_fingerprint_of_the_root_key(council: Council) -> None:
    preview = preview_trust_bundle(council.trust_raw, clock=FakeClock())
    assert preview.fingerprints["root"].startswith(preview.short_fingerprint)
    assert len(preview.short_fingerprint.split("-")) == 4


def test_trust_bundle_from_another_council_is_valid_on_its_own(tmp_path: Path) -> None:
    # A different council's bundle verifies on a fresh device (nothing pinned yet).
    keys = generate_council_keys()
    clock = FakeClock()
    raw = make_trust_bundle(
        keys, council_name="Other", version=3, expires=clock.now() + timedelta(days=30)
    )
    _provision(AppPaths(tmp_path / "d"), raw, clock)
    assert (tmp_path / "d" / "keystore.json").exists()
