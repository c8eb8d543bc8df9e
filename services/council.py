"""Council IT's side of trust: create the council key set and the signed trust bundle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from crypto.council import generate_council_keys, write_council_keys
from crypto.kdf import KdfParams
from crypto.trust import make_trust_bundle, trust_bundle_fingerprints, verify_trust_bundle
from services.clock import Clock
from services.errors import AlreadyProvisioned
from services.kdf_policy import enrolment_kdf
from services.passphrase_policy import require_strong

TRUST_BUNDLE_FILE = "trust-bundle.json"


@dataclass(frozen=True)
class CouncilInitReport:
    """Where the trust bundle is, and the fingerprints council IT reads out to devices."""

    trust_bundle: Path
    fingerprints: dict[str, str]


def init_council(
    out_dir: Path,
    *,
    council_name: str,
    passphrase: str,
    clock: Clock,
    valid_days: int = 365,
    kdf: KdfParams | None = None,
) -> CouncilInitReport:
    """Create the council key set (private keys passphrase-protected) and a signed trust bundle."""
    if out_dir.exists() and any(out_dir.iterdir()):
        raise AlreadyProvisioned(
            f"{out_dir} is not empty. Council keys are created once, in an empty folder."
        )
    require_strong(passphrase)
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    keys = generate_council_keys()
    write_council_keys(out_dir, keys, passphrase, params=kdf or enrolment_kdf())
    raw = make_trust_bundle(
        keys,
        council_name=council_name,
        version=1,
        issued=clock.now(),
        expires=clock.now() + timedelta(days=valid_days),
    )
    target = out_dir / TRUST_BUNDLE_FILE
    target.write_bytes(raw)
    bundle = verify_trust_bundle(raw, now=clock.now())
    return CouncilInitReport(target, trust_bundle_fingerprints(bundle))
