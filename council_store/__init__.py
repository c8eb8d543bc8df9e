"""The council's case store: every received case revision, searchable, on DuckDB or PostgreSQL.

Qt-free, and the only package that imports the store's drivers (duckdb, psycopg) and ICU.
The archive folders stay the source of truth; the store is an index of them that
`council index` can always rebuild. Public API (docs/council-store.md):

    open_store(spec, archive) -> CaseStore
    CaseStore.kind, .case_records(), .record_match_decision(...), .match_decisions(),
    .duckdb_connection(), .connection_spec(), .close()
"""

from __future__ import annotations

from council_store.engines import create_database
from council_store.errors import StoreError, StoreSpecError, StoreUnavailable
from council_store.model import (
    DECISIONS,
    CaseRevision,
    CaseSummary,
    MatchDecision,
    SearchFilters,
    StoredRecord,
)
from council_store.spec import STORE_FILE, StoreSpec, parse_store_spec
from council_store.store import CaseStore, open_store

__all__ = [
    "DECISIONS",
    "STORE_FILE",
    "CaseRevision",
    "CaseStore",
    "CaseSummary",
    "MatchDecision",
    "SearchFilters",
    "StoreError",
    "StoreSpec",
    "StoreSpecError",
    "StoreUnavailable",
    "StoredRecord",
    "create_database",
    "open_store",
    "parse_store_spec",
]
