"""`council rotate-root`: replace the council root key without re-provisioning any laptop.

The new root signs the next trust bundle as usual, and the old root cross-signs it
(crypto.trust.cross_signed_trust_bundle): a laptop applies it only because the root it pins
vouches for the new one. Later renewals are signed by the new root alone. The old root key
file is kept, renamed `root-retired-vN.key.json` (N: the last version it signed).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from crypto.council import (
    load_council_private,
    load_council_public,
    replace_public_keys,
    write_root_key,
)
from crypto.errors import CryptoError
from crypto.signing import generate_signing_key
from crypto.trust import cross_signed_trust_bundle, trust_bundle_fingerprints, verify_trust_bundle
from services.clock import Clock, iso
from services.council import MAX_VALID_DAYS, RenewalReport, current_trust_bundle, publish_issued
from services.custody import receiving_sibling
from services.errors import InvalidInput
from services.kdf_policy import enrolment_kdf
from services.passphrase_policy import require_strong


def rotate_root(
    offline_dir: Path,
    *,
    passphrase: str,
    new_passphrase: str,
    clock: Clock,
    valid_days: int = 365,
    out: Path | None = None,
) -> RenewalReport:
    """Make a new root key, issue the trust update it signs and the old root cross-signs."""
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise InvalidInput(f"--valid-days must be between 1 and {MAX_VALID_DAYS}.")
    require_strong(new_passphrase)
    if new_passphrase == passphrase:
        raise InvalidInput("Give the new root key a new passphrase; it was the old one.")
    current, _raw = current_trust_bundle(offline_dir, clock=clock)
    try:
        old_sk = load_council_private(offline_dir, "root", passphrase)
        public = load_council_public(offline_dir)
    except CryptoError as exc:
        raise InvalidInput(f"The council root key could not be opened: {exc}") from None
    if not isinstance(old_sk, bytes):  # pragma: no cover - the root role is raw bytes
        raise InvalidInput("The council root key file is damaged.")
    retired = offline_dir / f"root-retired-v{current.version}.key.json"
    staged = offline_dir / "root-next.key.json"
    for path in (retired, staged):
        if path.exists():
            raise InvalidInput(f"{path} already exists; move it aside after checking it.")
    new_sk, new_pk = generate_signing_key()
    now = clock.now()
    updated = replace(
        current,
        version=current.version + 1,
        root_pk=new_pk,
        issued=iso(now),
        expires=iso(now + timedelta(days=valid_days)),
    )
    raw = cross_signed_trust_bundle(old_sk, new_sk, updated)
    # Checked exactly as a laptop pinning the old root will check it.
    bundle = verify_trust_bundle(raw, now=now, pinned=current)
    try:
        write_root_key(staged, new_sk, new_passphrase, params=enrolment_kdf())
    except CryptoError as exc:
        raise InvalidInput(f"The new root key could not be written: {exc}") from None
    (offline_dir / "root.key.json").replace(retired)
    staged.replace(offline_dir / "root.key.json")
    new_public = replace(public, root_pk=new_pk)
    replace_public_keys(offline_dir, new_public)
    receiving = receiving_sibling(offline_dir)
    if receiving is not None:
        replace_public_keys(receiving, new_public)
    target = publish_issued(offline_dir, bundle, raw, out=out)
    return RenewalReport(target, bundle.version, bundle.expires, trust_bundle_fingerprints(bundle))
