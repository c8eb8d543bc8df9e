"""The store's schema as numbered migrations, the same for DuckDB and PostgreSQL.

Portable SQL only (TEXT, INTEGER, BIGINT, composite keys, no sequences: ids are UUIDs made in
Python), so one list serves both engines. `schema_version` holds every migration applied; a
store newer than this code is refused rather than written with an old layout.
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "case revisions, cases, name keys, match decisions, store audit",
        (
            """CREATE TABLE case_revisions (
                case_id TEXT NOT NULL,
                revision INTEGER NOT NULL,
                reference TEXT NOT NULL,
                device_id TEXT NOT NULL,
                bundle_id TEXT NOT NULL,
                received_at TEXT NOT NULL,
                folder TEXT NOT NULL,
                record_sha256 TEXT NOT NULL,
                record_json TEXT NOT NULL,
                PRIMARY KEY (case_id, revision)
            )""",
            """CREATE TABLE cases (
                case_id TEXT PRIMARY KEY,
                revision INTEGER NOT NULL,
                revisions INTEGER NOT NULL,
                reference TEXT NOT NULL,
                device_id TEXT NOT NULL,
                received_at TEXT NOT NULL,
                first_received_at TEXT NOT NULL,
                folder TEXT NOT NULL,
                name_native TEXT NOT NULL,
                name_latin TEXT NOT NULL,
                aliases TEXT NOT NULL,
                gender TEXT NOT NULL,
                nationality TEXT NOT NULL,
                nationality_2 TEXT NOT NULL,
                age INTEGER,
                dob TEXT NOT NULL,
                pdfs TEXT NOT NULL
            )""",
            """CREATE TABLE name_keys (
                case_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                latin_key TEXT NOT NULL,
                skeleton TEXT NOT NULL,
                compact TEXT NOT NULL
            )""",
            "CREATE INDEX name_keys_case ON name_keys (case_id)",
            "CREATE INDEX cases_reference ON cases (reference)",
            """CREATE TABLE match_decisions (
                decision_id TEXT PRIMARY KEY,
                case_a TEXT NOT NULL,
                rev_a INTEGER NOT NULL,
                case_b TEXT NOT NULL,
                rev_b INTEGER NOT NULL,
                decision TEXT NOT NULL,
                decided_by TEXT NOT NULL,
                reason TEXT NOT NULL,
                decided_at TEXT NOT NULL
            )""",
            """CREATE TABLE store_audit (
                audit_id TEXT PRIMARY KEY,
                happened_at TEXT NOT NULL,
                action TEXT NOT NULL,
                case_id TEXT NOT NULL,
                actor TEXT NOT NULL,
                detail TEXT NOT NULL
            )""",
        ),
    ),
    (
        2,
        "name_tokens: name search through an index instead of a LIKE scan",
        (
            # field: 'w' a word of the latin key, 's' a word of the skeleton, 'c' an ending
            # (4+ letters) of the key run together; key_no: which name of the case.
            """CREATE TABLE name_tokens (
                token TEXT NOT NULL,
                field TEXT NOT NULL,
                case_id TEXT NOT NULL,
                key_no INTEGER NOT NULL
            )""",
            "CREATE INDEX name_tokens_lookup ON name_tokens (field, token, case_id, key_no)",
            "CREATE INDEX name_tokens_case ON name_tokens (case_id)",
        ),
    ),
)

# Migrations whose rows Python makes from existing data, run after their statements in the
# same transaction (by council_store.writes.StoreWrites.migrate): version -> what to run.
BACKFILLS = {2: "name_tokens"}

LATEST = MIGRATIONS[-1][0]

VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""
