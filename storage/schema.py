"""The vault's tables, as the DDL each schema version adds (applied in order by migrations.py)."""

from __future__ import annotations

# Bookkeeping table the migration runner creates before version 1; one row per applied version.
SCHEMA_VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
)

ROLES = ("worker", "supervisor", "administrator")

# Version 1: the core. Documents and summaries are canonical JSON stored as BLOBs so the
# bytes hashed are exactly the bytes kept. Big BLOB columns come last in each row so reading
# the small columns never walks a BLOB's overflow pages.
V1_CORE: tuple[str, ...] = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE cases (
        case_id TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        status TEXT NOT NULL,
        current_revision INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        summary BLOB NOT NULL)""",
    "CREATE INDEX cases_by_updated ON cases (updated_at)",
    "CREATE INDEX cases_by_status ON cases (status, updated_at)",
    """CREATE TABLE case_versions (
        case_id TEXT NOT NULL REFERENCES cases (case_id),
        revision INTEGER NOT NULL CHECK (revision >= 1),
        saved_at TEXT NOT NULL,
        worker_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        document BLOB NOT NULL,
        PRIMARY KEY (case_id, revision))""",
    # Versions are history: purge may delete them, nothing may rewrite them.
    """CREATE TRIGGER case_versions_append_only BEFORE UPDATE ON case_versions
        BEGIN SELECT RAISE(ABORT, 'case versions are append-only'); END""",
    """CREATE TABLE attachments (
        attachment_id TEXT PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (case_id),
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        media_type TEXT NOT NULL,
        description TEXT NOT NULL,
        added_at TEXT NOT NULL,
        data BLOB NOT NULL)""",
    "CREATE INDEX attachments_by_case ON attachments (case_id)",
    # Normalised search keys; the short-query fallback scans these and v2 indexes them.
    """CREATE TABLE search_terms (
        case_id TEXT NOT NULL REFERENCES cases (case_id),
        key TEXT NOT NULL)""",
    "CREATE INDEX search_terms_by_case ON search_terms (case_id)",
    """CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        worker_id TEXT NOT NULL,
        event TEXT NOT NULL,
        case_id TEXT,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL)""",
    "CREATE INDEX audit_by_case ON audit (case_id)",
    """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END""",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('json', 'bytes')),
        value BLOB NOT NULL)""",
    f"""CREATE TABLE workers (
        worker_id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN {ROLES!r}),
        added_at TEXT NOT NULL,
        sign_pk BLOB NOT NULL,
        cert BLOB NOT NULL)""",
)

# Version 2: full-text search. The trigram tokenizer matches any substring of 3+ characters in
# any script (Han names have no spaces to split on). Case folding is done by search.py, so the
# tokenizer must not fold differently. secure-delete removes a deleted row's tokens from the
# index at once, so a purged name leaves no trace in the FTS shadow tables.
V2_SEARCH: tuple[str, ...] = (
    """CREATE VIRTUAL TABLE case_search USING fts5 (
        case_id UNINDEXED, key, tokenize = 'trigram case_sensitive 1')""",
    "INSERT INTO case_search (case_search, rank) VALUES ('secure-delete', 1)",
    "INSERT INTO case_search (case_id, key) SELECT case_id, key FROM search_terms",
)

# Version 3: the export ledger (bundles written from this device and what each one carried).
V3_EXPORT_LEDGER: tuple[str, ...] = (
    """CREATE TABLE export_ledger (
        bundle_id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        status TEXT NOT NULL)""",
    """CREATE TABLE export_ledger_cases (
        bundle_id TEXT NOT NULL REFERENCES export_ledger (bundle_id),
        case_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        PRIMARY KEY (bundle_id, case_id))""",
    "CREATE INDEX export_ledger_by_case ON export_ledger_cases (case_id)",
)

# Version 4: each search term gets an explicit INTEGER PRIMARY KEY that its FTS row shares as
# rowid, so replacing a case's terms deletes FTS rows by rowid (an index lookup) instead of
# scanning the whole FTS table for an UNINDEXED case_id, which made every save slower as the
# vault grew. An explicit key (not the implicit rowid) survives VACUUM and re-keying copies.
# FTS5's own secure-delete is switched off: it cost ~20 ms per save at 10,000 cases. Old
# spellings only matter once a case is purged (its versions hold them until then anyway), and
# purge rewrites the index with 'optimize', which drops deleted entries, while the database's
# secure_delete zeroes the freed pages.
V4_SEARCH_ROWIDS: tuple[str, ...] = (
    """CREATE TABLE search_terms_v4 (
        term_id INTEGER PRIMARY KEY,
        case_id TEXT NOT NULL REFERENCES cases (case_id),
        key TEXT NOT NULL)""",
    "INSERT INTO search_terms_v4 (case_id, key) SELECT case_id, key FROM search_terms",
    "DROP TABLE search_terms",
    "ALTER TABLE search_terms_v4 RENAME TO search_terms",
    "CREATE INDEX search_terms_by_case ON search_terms (case_id)",
    "INSERT INTO case_search (case_search, rank) VALUES ('secure-delete', 0)",
    "DELETE FROM case_search",
    "INSERT INTO case_search (rowid, case_id, key) SELECT term_id, case_id, key FROM search_terms",
    "INSERT INTO case_search (case_search) VALUES ('optimize')",
)
