"""Time as a dependency, so back-off, retention and audit times can be tested with a fake clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Wall-clock time in UTC."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FakeClock:
    """A clock that only moves when told to (tests and benchmarks)."""

    current: datetime = field(default_factory=lambda: datetime(2026, 11, 28, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current = self.current + timedelta(seconds=seconds)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with seconds, the one timestamp format stored anywhere."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(moment: datetime) -> float:
    """Seconds since the epoch, as stored in key-slot failure counters."""
    return moment.timestamp()
