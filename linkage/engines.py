"""Running the model: Splink on DuckDB (in memory, beside the embedded store) or on PostgreSQL
(in the store's own database, in a schema of the run's own, `linkage_run_<8 hex>`), returning
scored pairs."""

from __future__ import annotations

import contextlib
import logging
import math
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from splink import DuckDBAPI, Linker

from linkage.model import OWN_PHONE_LIMIT, WIDE_BLOCK_LIMIT, comparison_levels, settings
from linkage.rows import PersonRow, cap_wide_blocks, drop_shared_own_phones

# Splink logs every step at INFO; the council commands print their own lines.
logging.getLogger("splink").setLevel(logging.WARNING)
_TABLE = "linkage_people"
_EMPTY = PersonRow("", 0, None, None, (), None, None, None, None, False, None, None, (), None)


@dataclass(frozen=True)
class FieldScore:
    field: str
    level: str  # the level's label, e.g. "within 2 years (stated ages)"
    weight: float  # log2 Bayes factor: positive agrees, negative differs, 0 missing


@dataclass(frozen=True)
class ScoredPair:
    case_a: str
    rev_a: int
    case_b: str
    rev_b: int
    probability: float
    weight: float
    fields: tuple[FieldScore, ...]


def frame(rows: Iterable[PersonRow]) -> pd.DataFrame:
    """The rows as the table Splink reads (typed columns even when every value is empty)."""
    df = pd.DataFrame.from_records([r.splink_row() for r in rows])
    if df.empty:
        df = pd.DataFrame(columns=list(_EMPTY.splink_row()))
    df["birth_year"] = df["birth_year"].astype("Int64")
    df["birth_month"] = df["birth_month"].astype("Int64")
    df["revision"] = df["revision"].astype("Int64")
    return df


def _pairs(table: pd.DataFrame) -> list[ScoredPair]:
    labels = {name: [lv.label for lv in levels] for name, levels in comparison_levels().items()}
    out: list[ScoredPair] = []
    for row in table.to_dict("records"):
        fields: list[FieldScore] = []
        for name, names in labels.items():
            gamma = int(row[f"gamma_{name}"])
            bf = float(row.get(f"bf_{name}", 1.0))
            label = names[0] if gamma < 0 else names[len(names) - 1 - gamma]
            fields.append(FieldScore(name, label, math.log2(bf) if bf > 0 else -99.0))
        a, b = (
            (str(row["unique_id_l"]), int(row["revision_l"])),
            (str(row["unique_id_r"]), int(row["revision_r"])),
        )
        (ca, ra), (cb, rb) = sorted((a, b))
        out.append(ScoredPair(ca, ra, cb, rb, float(row["match_probability"]),
                              float(row["match_weight"]), tuple(fields)))  # fmt: skip
    out.sort(key=lambda p: (-p.probability, p.case_a, p.case_b))
    return out


def _predict(linker: Linker, threshold: float) -> list[ScoredPair]:
    result = linker.inference.predict(threshold_match_probability=threshold)
    table: pd.DataFrame = result.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    return _pairs(table)


def capped_rows(rows: Sequence[PersonRow]) -> list[PersonRow]:
    """The rows as the model sees them: placeholder own phones emptied, then the wide blocks
    capped (linkage.model.OWN_PHONE_LIMIT, WIDE_BLOCK_LIMIT), the same on both engines."""
    return cap_wide_blocks(drop_shared_own_phones(rows, OWN_PHONE_LIMIT), WIDE_BLOCK_LIMIT)


def predict_duckdb(rows: Sequence[PersonRow], threshold: float) -> list[ScoredPair]:
    """Score every blocked pair on an in-memory DuckDB database (the embedded store's engine).

    The store's own file is not used for Splink's working tables, so matching never writes to
    it and can run while the archive is read-only."""
    capped = capped_rows(rows)
    linker = Linker(
        frame(capped), settings(len(rows)), db_api=DuckDBAPI(":memory:"), set_up_basic_logging=False
    )
    return _predict(linker, threshold)


# The header of each common table expression in Splink's pipelined SQL (splink/internals/
# pipeline.py joins them as "WITH\n\nname as (" and ", \n\nname as (").
_CTE = re.compile(r"(\nWITH\n\n|, \n\n)(\w+) as \(")


def materialise_ctes(sql: str) -> str:
    """Splink's SQL with every CTE marked MATERIALIZED, for PostgreSQL.

    PostgreSQL (12+) inlines a CTE used once, substituting its expressions where they are used:
    each comparison's gamma CASE (with its levenshtein calls) is then repeated inside every
    bf_ CASE that tests it, and those inside the match weight and probability, so each pair's
    levels were computed dozens of times over; DuckDB computes them once. Materialised, each
    step runs once per pair, as Splink intends."""
    return _CTE.sub(r"\1\2 as MATERIALIZED (", sql)


def postgres_api(connect: Callable[[], Any], schema: str, search: Sequence[str] = ()) -> Any:
    """Splink's PostgreSQL backend over new connections to the store's database (`connect` is
    `CaseStore.new_connection`: the driver stays in council_store), working in `schema`, with
    `search` (e.g. where fuzzystrmatch lives) and public on the search path."""
    from splink.backends.postgres import PostgresAPI
    from sqlalchemy import create_engine, event

    class _PostgresAPI(PostgresAPI):
        def _execute_sql_against_backend(self, final_sql: str, *args: Any, **kwargs: Any) -> Any:
            sql = materialise_ctes(final_sql)
            return super()._execute_sql_against_backend(sql, *args, **kwargs)

    engine = create_engine("postgresql+psycopg://", creator=connect)
    path = ", ".join(dict.fromkeys([schema, *search, "public"]))

    @event.listens_for(engine, "connect")
    def _search_path(dbapi_connection: Any, _record: Any) -> None:
        # Splink names its tables unqualified: every pooled connection looks in our schema.
        dbapi_connection.execute(f"SET search_path TO {path}")
        dbapi_connection.commit()

    return _PostgresAPI(engine=engine, schema=schema, other_schemas_to_search=list(search))


# Concurrent runs (two staff running `council matches` on one store): each run copies its rows
# and lets Splink build its tables in a schema of its own, `linkage_run_<8 hex>`, dropped when
# the run ends. While the run lives, one of its connections holds a session advisory lock on
# (_RUN_LOCK, the schema's number), so a schema whose lock is free belongs to a run that died
# (killed, machine off): the next run drops it, names and all. Runs only read the store, so
# they need not wait for each other; a lock making the second person wait up to a quarter of
# an hour at regional scale would protect nothing.
_RUN_PREFIX = "linkage_run_"
_RUN_NAME = re.compile(r"^linkage_run_[0-9a-f]{8}$")
_RUN_LOCK = 1_604_201_617  # advisory lock class: "this linkage_run_ schema is in use"
_SETUP_LOCK = 1_604_201_618  # advisory lock: one run at a time sets up the shared pieces
_LEGACY = "linkage_work"  # the one shared schema of earlier releases


def run_lock_key(schema: str) -> tuple[int, int]:
    """The advisory lock (class, number) a live run holds for its schema."""
    return _RUN_LOCK, int(schema[len(_RUN_PREFIX) :], 16) - 2**31


def _fuzzystrmatch_schema(cur: Any) -> str | None:
    row = cur.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'fuzzystrmatch'"
    ).fetchone()
    return None if row is None else str(row[0])


def _shared_setup(holder: Any) -> str:
    """fuzzystrmatch (Splink's levenshtein) in public, created once, and the shared schema of
    earlier releases (a stale copy of the names) gone; returns the extension's schema."""
    with holder.transaction():
        holder.execute("SELECT pg_advisory_xact_lock(%s)", (_SETUP_LOCK,))
        where = _fuzzystrmatch_schema(holder)
        if where is None:
            holder.execute("CREATE EXTENSION fuzzystrmatch SCHEMA public")
            where = "public"
        elif where == _LEGACY:  # earlier releases let Splink create it in linkage_work
            holder.execute("ALTER EXTENSION fuzzystrmatch SET SCHEMA public")
            where = "public"
        # Only this release's runs can open the store (its schema version refuses older code),
        # so nothing uses the old shared schema any more.
        holder.execute(f"DROP SCHEMA IF EXISTS {_LEGACY} CASCADE")
    return where


def _drop_stale(holder: Any, own: str) -> None:
    rows = holder.execute("SELECT nspname FROM pg_namespace").fetchall()
    for (name,) in rows:
        if name == own or not _RUN_NAME.match(str(name)):
            continue
        key = run_lock_key(str(name))
        if holder.execute("SELECT pg_try_advisory_lock(%s, %s)", key).fetchone()[0]:
            try:
                holder.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
            finally:
                holder.execute("SELECT pg_advisory_unlock(%s, %s)", key)


@contextlib.contextmanager
def work_schema(connect: Callable[[], Any]) -> Iterator[tuple[str, str]]:
    """A new schema for one run, locked as in use while the run lasts and dropped after; the
    schemas of runs that died are dropped first. Yields (the schema, fuzzystrmatch's schema)."""
    holder = connect()
    holder.autocommit = True
    try:
        schema = _RUN_PREFIX + secrets.token_hex(4)
        holder.execute("SELECT pg_advisory_lock(%s, %s)", run_lock_key(schema))
        extension = _shared_setup(holder)
        _drop_stale(holder, schema)
        holder.execute(f"CREATE SCHEMA {schema}")
        try:
            yield schema, extension
        finally:
            holder.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    finally:
        holder.close()  # ends the session: its advisory lock goes with it


_PG_COLUMNS = (
    ("unique_id", "text PRIMARY KEY"),
    ("revision", "integer"),
    ("name_key", "text"),
    ("name_skeleton", "text"),
    ("name_forms", "text[]"),
    ("block_first", "text"),
    ("block_middle", "text"),
    ("block_last", "text"),
    ("birth_year", "integer"),
    ("birth_year_stated", "boolean"),
    ("nationality", "text"),
    ("nationality_region", "text"),
    ("languages", "text[]"),
    ("gender", "text"),
    ("birth_month", "integer"),
    ("birthplace_key", "text"),
    ("birthplace_parts", "text[]"),
    ("birthplace_skeletons", "text[]"),
    ("family_names", "text[]"),
    ("family_pairs", "text[]"),
    ("own_phone", "text"),
    ("wide_first", "text"),
    ("wide_last", "text"),
)


def _input_table(schema: str) -> str:
    """The run's input table, named after its schema: Splink looks a table's columns up in
    information_schema by table name alone (splink/internals/postgres/dataframe.py), so two
    runs' tables of one name in two schemas would give it every column twice."""
    return f"{_TABLE}_{schema[len(_RUN_PREFIX) :]}"


def _load_postgres(api: Any, schema: str, rows: Sequence[PersonRow]) -> None:
    """The rows into SCHEMA.linkage_people_<hex> with COPY (typed arrays, one round trip).

    Not Splink's own loader, which reaches for DuckDB's postgres extension (a download)."""
    names = ", ".join(n for n, _ in _PG_COLUMNS)
    raw = api._engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(
            f"CREATE TABLE {schema}.{_input_table(schema)} ("
            + ", ".join(f"{n} {t}" for n, t in _PG_COLUMNS)
            + ")"
        )
        with cur.copy(f"COPY {schema}.{_input_table(schema)} ({names}) FROM STDIN") as copy:
            for row in rows:
                values = row.splink_row()
                copy.write_row([values[n] for n, _ in _PG_COLUMNS])
        raw.commit()
    finally:
        raw.close()


def predict_postgres(
    rows: Sequence[PersonRow], connect: Callable[[], Any], threshold: float
) -> list[ScoredPair]:
    """Score every blocked pair inside the PostgreSQL database the store lives in (a schema of
    this run's own holds the input table and Splink's working tables; see work_schema)."""
    with work_schema(connect) as (schema, extension):
        api = postgres_api(connect, schema, [extension])
        try:
            _load_postgres(
                api,
                schema,
                capped_rows(rows),
            )
            linker = Linker(
                _input_table(schema), settings(len(rows)), db_api=api, set_up_basic_logging=False
            )
            return _predict(linker, threshold)
        finally:
            api._engine.dispose()
