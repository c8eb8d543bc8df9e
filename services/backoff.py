"""How long the unlock screen must wait, from the failure counter persisted in the key slot."""

from __future__ import annotations

from dataclasses import dataclass

from crypto.keyslots import WorkerSlot, backoff_seconds, unlock_allowed_at


@dataclass(frozen=True)
class BackoffState:
    """What the unlock screen needs to know before it lets someone try again."""

    failures: int
    retry_in_s: float

    @property
    def blocked(self) -> bool:
        return self.retry_in_s > 0


def backoff_state(slot: WorkerSlot, now: float) -> BackoffState:
    """After 5 failures wait 30 s, doubling, capped at 15 min (schedule in crypto.keyslots)."""
    if slot.last_failure_at is not None and now < slot.last_failure_at:
        # The clock went backwards (or the file was edited): wait the full delay, not none.
        return BackoffState(slot.failures, backoff_seconds(slot.failures))
    return BackoffState(slot.failures, max(0.0, unlock_allowed_at(slot) - now))
