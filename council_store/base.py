"""What every part of CaseStore shares: the engine, the archive, and turning driver errors
into StoreError (council_store/store.py puts the parts together)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from council_store.engines import Engine, driver_errors
from council_store.errors import StoreError
from council_store.spec import StoreSpec


def now() -> str:
    # Microseconds, so decisions and audit rows made in the same second keep their order.
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class StoreBase:
    """One open store's engine and archive."""

    def __init__(self, engine: Engine, spec: StoreSpec, archive: Path) -> None:
        self._db = engine
        self._spec = spec
        self.archive = archive
        self._errors = driver_errors()

    @property
    def kind(self) -> str:
        """ "duckdb" or "postgresql"."""
        return self._db.kind

    def describe(self) -> str:
        return f"{self.kind} store {self._spec.describe()}"

    def _guard(self, doing: str) -> Guard:
        return Guard(doing, self._errors, self.describe())


class Guard:
    """Turns a driver error into a StoreError naming what was being done."""

    def __init__(self, doing: str, errors: tuple[type[BaseException], ...], where: str) -> None:
        self._doing, self._errors, self._where = doing, errors, where

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, _tb: object
    ) -> None:
        if exc is not None and self._errors and isinstance(exc, self._errors):
            reason = " ".join(str(exc).split())[:300]
            raise StoreError(f"The {self._where} failed while {self._doing}: {reason}") from None
