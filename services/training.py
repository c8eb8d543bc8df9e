"""Training vaults: a throwaway council key so a newcomer can try everything without real keys."""

from __future__ import annotations

from datetime import timedelta

from crypto.council import generate_council_keys
from crypto.kdf import KdfParams
from crypto.trust import make_trust_bundle
from services.clock import Clock
from services.paths import AppPaths
from services.provisioning import ProvisionReport, provision

TRAINING_COUNCIL_NAME = "TRAINING council (not real)"


def provision_training(
    paths: AppPaths,
    *,
    worker_name: str,
    passphrase: str,
    nation: str,
    clock: Clock,
    kdf: KdfParams,
) -> ProvisionReport:
    """Create a vault marked as training, trusting a council key made up on the spot.

    Bundles from it are encrypted to that throwaway key, so they can never be opened by a real
    council; every screen, PDF and bundle says TRAINING.
    """
    keys = generate_council_keys()
    raw = make_trust_bundle(
        keys,
        council_name=TRAINING_COUNCIL_NAME,
        version=1,
        issued=clock.now(),
        expires=clock.now() + timedelta(days=3650),
    )
    return provision(
        paths,
        raw,
        worker_name=worker_name,
        passphrase=passphrase,
        nation=nation,
        clock=clock,
        kdf=kdf,
        training=True,
        fingerprint_confirmed=False,
    )
