"""Device policy an administrator sets: how soon an idle screen locks, how long cases are kept.

Kept inside the encrypted vault (never QSettings), so the policy cannot be loosened by editing a
file and travels with the vault when it is restored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.clock import Clock, iso
from services.device_nation import DEVICE_NATION_KEY, check_nation
from services.errors import InvalidInput

if TYPE_CHECKING:
    from services.session import Session

# The unlock screen's idle lock reads the defaults below before any vault is open, so this
# module stays light: the vault, crypto and worker services are imported when first used.

IDLE_TIMEOUT_KEY = "idle_timeout_s"
DEFAULT_IDLE_TIMEOUT_S = 5 * 60
# Under a minute locks mid-sentence while someone listens; over an hour leaves a screen open
# long after the worker has left the room.
MIN_IDLE_TIMEOUT_S = 60
MAX_IDLE_TIMEOUT_S = 60 * 60

# Fallback store for the retention period until services/retention.py owns it (same key).
RETENTION_KEY = "retention_days"
DEFAULT_RETENTION_DAYS = 30
MIN_RETENTION_DAYS = 1
MAX_RETENTION_DAYS = 3650


def _int_setting(session: Session, key: str, default: int, low: int, high: int) -> int:
    value = session.vault.settings.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    # A value outside the range can only come from an older build or a hand edit: clamp it
    # rather than refuse to start, so the screen still locks.
    return max(low, min(high, value))


def idle_timeout_s(session: Session) -> int:
    """Seconds without keyboard or mouse input before the screen locks (default 5 minutes)."""
    return _int_setting(
        session, IDLE_TIMEOUT_KEY, DEFAULT_IDLE_TIMEOUT_S, MIN_IDLE_TIMEOUT_S, MAX_IDLE_TIMEOUT_S
    )


def set_idle_timeout_s(session: Session, seconds: int, *, clock: Clock) -> None:
    """Administrators only; between one minute and one hour."""
    from services.roles import require_role

    require_role(session, "administrator")
    if not MIN_IDLE_TIMEOUT_S <= seconds <= MAX_IDLE_TIMEOUT_S:
        raise InvalidInput(
            f"Choose an idle time between {MIN_IDLE_TIMEOUT_S // 60} and "
            f"{MAX_IDLE_TIMEOUT_S // 60} minutes."
        )
    session.vault.settings.set(IDLE_TIMEOUT_KEY, int(seconds))
    session.vault.audit.append(
        "setting_changed",
        worker_id=session.worker_id,
        detail=IDLE_TIMEOUT_KEY,
        now=iso(clock.now()),
    )


def retention_days(session: Session) -> int:
    """Days a case is kept after council IT confirms receipt, before it is purged."""
    return _int_setting(
        session, RETENTION_KEY, DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS, MAX_RETENTION_DAYS
    )


def set_retention_days(session: Session, days: int, *, clock: Clock) -> None:
    """Administrators only; between one day and ten years."""
    from services.roles import require_role

    require_role(session, "administrator")
    if not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
        raise InvalidInput(
            f"Choose a retention period between {MIN_RETENTION_DAYS} and {MAX_RETENTION_DAYS} days."
        )
    session.vault.settings.set(RETENTION_KEY, int(days))
    session.vault.audit.append(
        "setting_changed", worker_id=session.worker_id, detail=RETENTION_KEY, now=iso(clock.now())
    )


# The nation new cases open in, chosen at set-up (provision, first run, demo). Each case keeps
# its own nation after that, in the worker's "nation you are working in" answer.
def device_nation(session: Session) -> str | None:
    """The nation set for this device at set-up; None on vaults set up before it was asked."""
    from forms.nations import NATION_IDS

    value = session.vault.settings.get(DEVICE_NATION_KEY)
    return value if isinstance(value, str) and value in NATION_IDS else None


def set_device_nation(session: Session, nation: str, *, clock: Clock) -> None:
    """Administrators only: the nation new cases on this device open in."""
    from services.roles import require_role

    require_role(session, "administrator")
    session.vault.settings.set(DEVICE_NATION_KEY, check_nation(nation))
    session.vault.audit.append(
        "setting_changed",
        worker_id=session.worker_id,
        detail=f"{DEVICE_NATION_KEY}={nation}",
        now=iso(clock.now()),
    )


def training_vault(session: Session) -> bool:
    """Whether this vault was made for training (so every screen can say so)."""
    from services.device_identity import TRAINING

    return bool(session.vault.settings.get(TRAINING, False))
