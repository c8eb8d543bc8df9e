"""Fixtures for service tests: a council key set and a provisioned vault in temporary folders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from crypto.kdf import FLOOR_KDF
from services.clock import FakeClock
from services.council import init_council
from services.paths import AppPaths
from services.provisioning import ProvisionReport, provision

COUNCIL_PASSPHRASE = "granite meadow lantern orbit velvet"
ADMIN_PASSPHRASE = "harbour cactus pebble thistle walnut"


@dataclass(frozen=True)
class Council:
    directory: Path
    trust_raw: bytes


@dataclass(frozen=True)
class Provisioned:
    paths: AppPaths
    report: ProvisionReport
    clock: FakeClock
    council: Council


@pytest.fixture(scope="session")
def council(tmp_path_factory: pytest.TempPathFactory) -> Council:
    out = tmp_path_factory.mktemp("council")
    report = init_council(
        out / "keys",
        council_name="Test Council",
        passphrase=COUNCIL_PASSPHRASE,
        clock=FakeClock(),
        kdf=FLOOR_KDF,
    )
    return Council(out / "keys", report.trust_bundle.read_bytes())


@pytest.fixture
def provisioned(tmp_path: Path, council: Council) -> Provisioned:
    clock = FakeClock()
    paths = AppPaths(tmp_path / "device")
    report = provision(
        paths,
        council.trust_raw,
        worker_name="Sam Okafor",
        passphrase=ADMIN_PASSPHRASE,
        nation="england",
        clock=clock,
        kdf=FLOOR_KDF,
        fingerprint_confirmed=True,
    )
    return Provisioned(paths, report, clock, council)
