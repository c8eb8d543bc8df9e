"""Forward-only schema migrations: an ordered list, each taking the vault from version N-1 to N."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storage.database import Database
from storage.encoding import utc_timestamp
from storage.errors import SchemaTooNew
from storage.schema import (
    SCHEMA_VERSION_TABLE,
    V1_CORE,
    V2_SEARCH,
    V3_EXPORT_LEDGER,
    V4_SEARCH_ROWIDS,
)


@dataclass(frozen=True)
class Migration:
    """One step: `apply` runs inside the transaction that also records `version`."""

    version: int
    name: str
    apply: Callable[[Database], None]


def _statements(statements: tuple[str, ...]) -> Callable[[Database], None]:
    # Statements run one by one: executescript() would COMMIT the surrounding transaction.
    def apply(db: Database) -> None:
        for statement in statements:
            db.execute(statement)

    return apply


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core tables", _statements(V1_CORE)),
    Migration(2, "trigram full-text search", _statements(V2_SEARCH)),
    Migration(3, "export ledger", _statements(V3_EXPORT_LEDGER)),
    Migration(4, "search rows addressed by rowid", _statements(V4_SEARCH_ROWIDS)),
)

LATEST_VERSION = MIGRATIONS[-1].version


def current_version(db: Database) -> int:
    """The schema version recorded in the file (0 for a brand-new, empty vault)."""
    exists = db.scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    )
    if not exists:
        return 0
    return int(db.scalar("SELECT coalesce(max(version), 0) FROM schema_version"))


def migrate(db: Database, target: int | None = None) -> int:
    """Apply every missing migration up to `target` (default: latest); return the new version.

    Each step commits on its own, so a crash leaves the file at a whole version and the next
    open carries on from there.
    """
    goal = LATEST_VERSION if target is None else target
    if not 0 <= goal <= LATEST_VERSION:
        raise ValueError(f"schema target {goal} is outside 0..{LATEST_VERSION}")
    version = current_version(db)
    if version > LATEST_VERSION:
        raise SchemaTooNew(
            f"this vault uses schema version {version} but this app only knows up to "
            f"{LATEST_VERSION}; update the app before opening it"
        )
    for migration in MIGRATIONS[version:goal]:
        with db.transaction():
            db.execute(SCHEMA_VERSION_TABLE)
            migration.apply(db)
            db.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (migration.version, utc_timestamp()),
            )
    return max(version, goal)
