"""Running the model: Splink on DuckDB (in memory, beside the embedded store) or on PostgreSQL
(in the store's own database, schema `linkage_work`), returning scored pairs."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from splink import DuckDBAPI, Linker

from linkage.model import WIDE_BLOCK_LIMIT, comparison_levels, settings
from linkage.rows import PersonRow, cap_wide_blocks

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


def predict_duckdb(rows: Sequence[PersonRow], threshold: float) -> list[ScoredPair]:
    """Score every blocked pair on an in-memory DuckDB database (the embedded store's engine).

    The store's own file is not used for Splink's working tables, so matching never writes to
    it and can run while the archive is read-only."""
    capped = cap_wide_blocks(rows, WIDE_BLOCK_LIMIT)
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


def postgres_api(connect: Callable[[], Any]) -> Any:
    """Splink's PostgreSQL backend over new connections to the store's database (`connect` is
    `CaseStore.new_connection`: the driver stays in council_store)."""
    from splink.backends.postgres import PostgresAPI
    from sqlalchemy import create_engine, event

    class _PostgresAPI(PostgresAPI):
        def _execute_sql_against_backend(self, final_sql: str, *args: Any, **kwargs: Any) -> Any:
            sql = materialise_ctes(final_sql)
            return super()._execute_sql_against_backend(sql, *args, **kwargs)

    engine = create_engine("postgresql+psycopg://", creator=connect)

    @event.listens_for(engine, "connect")
    def _search_path(dbapi_connection: Any, _record: Any) -> None:
        # Splink names its tables unqualified: every pooled connection looks in our schema.
        dbapi_connection.execute("SET search_path TO linkage_work, public")
        dbapi_connection.commit()

    return _PostgresAPI(engine=engine, schema="linkage_work")


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


def _load_postgres(api: Any, rows: Sequence[PersonRow]) -> None:
    """The rows into linkage_work.linkage_people with COPY (typed arrays, one round trip).

    Not Splink's own loader, which reaches for DuckDB's postgres extension (a download)."""
    names = ", ".join(n for n, _ in _PG_COLUMNS)
    raw = api._engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(f"DROP TABLE IF EXISTS linkage_work.{_TABLE}")
        cur.execute(
            f"CREATE TABLE linkage_work.{_TABLE} ("
            + ", ".join(f"{n} {t}" for n, t in _PG_COLUMNS)
            + ")"
        )
        with cur.copy(f"COPY linkage_work.{_TABLE} ({names}) FROM STDIN") as copy:
            for row in rows:
                values = row.splink_row()
                copy.write_row([values[n] for n, _ in _PG_COLUMNS])
        raw.commit()
    finally:
        raw.close()


def predict_postgres(
    rows: Sequence[PersonRow], connect: Callable[[], Any], threshold: float
) -> list[ScoredPair]:
    """Score every blocked pair inside the PostgreSQL database the store lives in (schema
    linkage_work: the input table and Splink's working tables)."""
    api = postgres_api(connect)
    try:
        _load_postgres(api, cap_wide_blocks(rows, WIDE_BLOCK_LIMIT))
        linker = Linker(_TABLE, settings(len(rows)), db_api=api, set_up_basic_logging=False)
        return _predict(linker, threshold)
    finally:
        api._engine.dispose()
