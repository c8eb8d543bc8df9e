"""The PostgreSQL engine marks every step of Splink's pipelined SQL MATERIALIZED (without it
PostgreSQL inlined the steps and recomputed each comparison many times per pair; 10,000
records took over 10 minutes). The pairs it gives are compared with DuckDB's in
test_matches_store.py; this checks the rewrite on the SQL Splink itself generates."""

from __future__ import annotations

import re

from splink.internals.pipeline import CTEPipeline

from linkage.engines import materialise_ctes


def test_every_cte_of_a_splink_pipeline_is_materialised() -> None:
    pipeline = CTEPipeline()
    pipeline.enqueue_sql("select 1 as gamma_name", "blocked_with_cols")
    pipeline.enqueue_sql("select gamma_name from blocked_with_cols", "__splink__df_comparison")
    pipeline.enqueue_sql("select gamma_name as bf from __splink__df_comparison", "__splink__x")
    pipeline.enqueue_sql("select bf, bf * 2 as weight from __splink__x", "__splink__df_predict")
    sql = pipeline.generate_cte_pipeline_sql()
    out = materialise_ctes(sql)
    headers = re.findall(r"(\w+) as (MATERIALIZED )?\(", out)
    assert [name for name, _ in headers] == [
        "blocked_with_cols",
        "__splink__df_comparison",
        "__splink__x",
    ]
    assert all(mark for _, mark in headers)
    assert out.replace(" as MATERIALIZED (", " as (") == sql  # nothing else changed
