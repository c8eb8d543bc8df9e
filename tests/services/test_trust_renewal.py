"""Yearly renewal of the council trust bundle, with a fake clock on both sides (issue 18, 1)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from crypto.kdf import FLOOR_KDF
from services.clock import FakeClock
from services.council import init_council, renew_trust
from services.errors import InvalidInput, TrustRejected
from services.export import ExportFailed, describe, plan_export
from services.paths import AppPaths
from services.provisioning import provision
from services.session import Session, unlock
from services.trust_expiry import trust_expiry
from services.trust_update import update_trust
from tests.services.conftest import ADMIN_PASSPHRASE, COUNCIL_PASSPHRASE

DAY = 86_400


@dataclass
class Setup:
    keys: Path
    paths: AppPaths
    worker_id: str
    council_clock: FakeClock
    laptop_clock: FakeClock

    def session(self) -> Session:
        return unlock(self.paths, self.worker_id, ADMIN_PASSPHRASE, clock=self.laptop_clock)

    def advance(self, days: float) -> None:
        self.council_clock.advance(days * DAY)
        self.laptop_clock.advance(days * DAY)


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    council_clock, laptop_clock = FakeClock(), FakeClock()
    keys = tmp_path / "keys"
    report = init_council(
        keys,
        council_name="Renewal Council",
        passphrase=COUNCIL_PASSPHRASE,
        clock=council_clock,
        kdf=FLOOR_KDF,
    )
    paths = AppPaths(tmp_path / "laptop")
    provisioned = provision(
        paths,
        report.trust_bundle.read_bytes(),
        worker_name="Sam Okafor",
        passphrase=ADMIN_PASSPHRASE,
        nation="england",
        clock=laptop_clock,
        kdf=FLOOR_KDF,
    )
    return Setup(keys, paths, provisioned.worker_id, council_clock, laptop_clock)


def _renew(setup: Setup, **kwargs: object) -> bytes:
    report = renew_trust(
        setup.keys,
        root_passphrase=COUNCIL_PASSPHRASE,
        clock=setup.council_clock,
        **kwargs,  # type: ignore[arg-type]
    )
    return report.trust_bundle.read_bytes()


def test_warnings_at_60_30_and_7_days_then_expiry(setup: Setup) -> None:
    session = setup.session()
    try:
        stages = []
        for day in (300, 305.5, 335.5, 358.5, 364.9):
            setup.laptop_clock.current = FakeClock().current
            setup.laptop_clock.advance(day * DAY)
            stages.append(trust_expiry(session.vault, setup.laptop_clock).stage)
        assert stages == [None, 60, 30, 7, 7]
        assert "expires today" in str(trust_expiry(session.vault, setup.laptop_clock).warning)
        setup.laptop_clock.advance(0.2 * DAY)
        expired = trust_expiry(session.vault, setup.laptop_clock)
        assert expired.stage == 0 and "expired on" in str(expired.warning)
    finally:
        session.lock()


def test_export_warns_before_and_refuses_after_expiry(setup: Setup) -> None:
    session = setup.session()
    try:
        setup.laptop_clock.advance(340 * DAY)
        plan = plan_export(session, clock=setup.laptop_clock)
        assert plan.trust_warning is not None and "in 25 days" in plan.trust_warning
        assert "warning: The council trust bundle expires in 25 days" in describe(plan)
        setup.laptop_clock.advance(26 * DAY)
        with pytest.raises(ExportFailed, match="expired"):
            plan_export(session, clock=setup.laptop_clock)
    finally:
        session.lock()


def test_renewal_applies_after_expiry_and_export_works_again(setup: Setup) -> None:
    setup.advance(366)
    renewed = _renew(setup)
    body = json.loads(renewed)["bundle"]
    assert body["version"] == 2 and body["expires"].startswith("2028-11-")
    original = json.loads((setup.keys / "issued-trust" / "trust-bundle-v1.json").read_bytes())
    # The same keys: only version, issued and expires change.
    for field in ("root_pk", "import_recipients", "recovery_pk", "receipt_pk", "council_name"):
        assert body[field] == original["bundle"][field]
    session = setup.session()
    try:
        with pytest.raises(ExportFailed, match="expired"):
            plan_export(session, clock=setup.laptop_clock)
        bundle = update_trust(session, renewed, clock=setup.laptop_clock)
        assert bundle.version == 2
        plan = plan_export(session, clock=setup.laptop_clock)
        assert plan.trust_warning is None
        assert trust_expiry(session.vault, setup.laptop_clock).stage is None
        # Rolling back to version 1 is refused, and so is applying version 2 twice over a v3.
        with pytest.raises(TrustRejected):
            update_trust(
                session,
                (setup.keys / "issued-trust" / "trust-bundle-v1.json").read_bytes(),
                clock=setup.laptop_clock,
            )
    finally:
        session.lock()


def test_a_second_renewal_goes_one_version_higher(setup: Setup) -> None:
    setup.advance(200)
    assert json.loads(_renew(setup))["bundle"]["version"] == 2
    setup.advance(300)
    third = _renew(setup, valid_days=30)
    assert json.loads(third)["bundle"]["version"] == 3
    assert sorted(p.name for p in (setup.keys / "issued-trust").iterdir()) == [
        "trust-bundle-v1.json",
        "trust-bundle-v2.json",
        "trust-bundle-v3.json",
    ]


def test_tampered_renewal_is_refused_and_nothing_changes(setup: Setup) -> None:
    setup.advance(366)
    data = json.loads(_renew(setup))
    data["bundle"]["expires"] = "2099-01-01T00:00:00Z"
    session = setup.session()
    try:
        with pytest.raises(TrustRejected, match="signature"):
            update_trust(session, json.dumps(data).encode(), clock=setup.laptop_clock)
        assert trust_expiry(session.vault, setup.laptop_clock).version == 1
    finally:
        session.lock()


def test_renewal_needs_the_root_passphrase_and_a_sane_lifetime(setup: Setup) -> None:
    with pytest.raises(InvalidInput, match="root key could not be opened"):
        renew_trust(setup.keys, root_passphrase="wrong", clock=setup.council_clock)
    with pytest.raises(InvalidInput, match="valid-days"):
        renew_trust(
            setup.keys,
            root_passphrase=COUNCIL_PASSPHRASE,
            clock=setup.council_clock,
            valid_days=0,
        )
    assert json.loads((setup.keys / "trust-bundle.json").read_bytes())["bundle"]["version"] == 1
