"""Errors the faces show to people: each says what happened and what to do next."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal or failure with a message fit to show a worker or council IT as it is."""


class NotProvisioned(ServiceError):
    """There is no vault in the data directory yet."""


class AlreadyProvisioned(ServiceError):
    """A vault already exists where a new one was to be created."""


class UnlockFailed(ServiceError):
    """The passphrase did not open the worker's key slot (or the slot was tampered with)."""


class BackoffActive(ServiceError):
    """Too many failed unlocks: the worker must wait before trying again."""

    def __init__(self, retry_in_s: float) -> None:
        self.retry_in_s = retry_in_s
        super().__init__(
            f"Too many wrong passphrases. Try again in {format_wait(retry_in_s)}, "
            "or ask a colleague or council IT to reset your passphrase."
        )


class PermissionDenied(ServiceError):
    """The unlocked worker's role does not allow this action."""


class TrustRejected(ServiceError):
    """A council trust bundle failed verification."""


class VaultDamaged(ServiceError):
    """The vault or keystore cannot be read as it is."""


class InvalidInput(ServiceError):
    """Something typed or chosen cannot be used (a weak passphrase, an unknown worker)."""


class SessionLocked(ServiceError):
    """The session was locked; unlock again to continue."""


def format_wait(seconds: float) -> str:
    """A wait as a person would say it: '30 s', '2 min', '15 min'."""
    whole = int(seconds + 0.999)
    if whole < 60:
        return f"{whole} s"
    minutes = (whole + 59) // 60
    return f"{minutes} min"


class CaseReadOnly(ServiceError):
    """The case is finalised: changes go through an amendment with a reason."""


class SaveConflict(ServiceError):
    """Someone saved the case in the meantime; reopen it to see their changes."""


class NotReadyToFinalise(ServiceError):
    """Some applicable output still lacks answers and has no recorded reason for the gap."""

    def __init__(self, gaps: list[str]) -> None:
        self.gaps = gaps
        listed = "; ".join(gaps[:8]) + (" ..." if len(gaps) > 8 else "")
        super().__init__(
            "The case cannot be finalised yet. Answer these or record why each is left "
            f"empty: {listed}"
        )
