"""How long the pinned council trust bundle has left, and the warnings 60, 30 and 7 days out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from crypto.trust import TrustBundle, expiry_of
from services.clock import Clock
from services.device_identity import pinned_trust_bundle
from storage.vault import Vault

# The warning steps: the message gets more urgent as each is passed.
WARN_DAYS = (60, 30, 7)
_DAY_S = 86_400


@dataclass(frozen=True)
class TrustExpiry:
    """The pinned bundle's version and expiry; `warning` is None while more than 60 days are
    left. `stage` is the smallest step passed (60, 30, 7), 0 once expired."""

    version: int
    expires: str
    days_left: int
    stage: int | None
    warning: str | None


def _days_left(bundle: TrustBundle, now: datetime) -> int:
    seconds = (expiry_of(bundle) - now).total_seconds()
    # Whole days, rounded down, so "expires in 0 days" means today.
    return int(seconds // _DAY_S)


def expiry_for(bundle: TrustBundle, now: datetime) -> TrustExpiry:
    """The expiry state of one bundle at `now`."""
    left = _days_left(bundle, now)
    date = bundle.expires[:10]
    if now >= expiry_of(bundle):
        return TrustExpiry(
            bundle.version,
            bundle.expires,
            left,
            0,
            f"The council trust bundle expired on {date}: exports are refused until an "
            "administrator applies the renewal from council IT (Administration, Council trust, "
            "or `apply-trust`).",
        )
    passed = [step for step in WARN_DAYS if left <= step]
    if not passed:
        return TrustExpiry(bundle.version, bundle.expires, left, None, None)
    days = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
    return TrustExpiry(
        bundle.version,
        bundle.expires,
        left,
        min(passed),
        f"The council trust bundle expires {days} (on {date}). Ask council IT for the renewal "
        "and apply it (Administration, Council trust, or `apply-trust`) before then, or "
        "exports will stop.",
    )


def trust_expiry(vault: Vault, clock: Clock) -> TrustExpiry:
    """The expiry state of this laptop's pinned trust bundle (read even once expired)."""
    return expiry_for(pinned_trust_bundle(vault, clock, allow_expired=True), clock.now())
