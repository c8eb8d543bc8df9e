"""`bench --matches N`: `council matches` over N generated records, on DuckDB and PostgreSQL.

Each engine runs in a child process (`python -m services.bench_matches`), so its peak memory
(ru_maxrss) is that engine's alone. The records are the linkage generator's (fictional people,
each recorded 1-4 times by different devices), turned into person rows, scored with the default
threshold, and measured against the generator's truth (precision and recall).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from council_store import open_store
from council_store.engines import create_database
from linkage.engines import predict_duckdb, predict_postgres
from linkage.generate import generate
from linkage.model import DEFAULT_THRESHOLD, describe_blocking
from linkage.network import network_groups
from linkage.quality import blocked_pairs, measure
from linkage.rows import person_row
from services.bench_report import Figure
from services.throwaway_postgres import available, start_cluster, stop_cluster

_PEOPLE_PER_RECORD = 0.42  # the generator records a person 2.4 times on average


def run_engine(records: int, spec: str | None, workdir: Path) -> dict[str, Any]:
    """In the child: what `council matches` does after reading the store, timed: the records
    become person rows, Splink scores the blocked pairs on the engine, the network links are
    found. (Filling a store with 100,000 revisions through `put_revisions` is the store's own
    benchmark; here the records are handed over as `case_records()` would hand them.)"""
    population = generate(max(2, round(records * _PEOPLE_PER_RECORD)), seed=100_000)
    chosen = population.records[:records]
    start = time.perf_counter()
    rows = [person_row(str(r["case_id"]), 1, r, "2026-12-01T09:00:00Z") for r in chosen]
    rows_s = time.perf_counter() - start
    start = time.perf_counter()
    if spec is None:
        pairs = predict_duckdb(rows, DEFAULT_THRESHOLD)
        engine = "duckdb"
    else:
        with open_store(spec, workdir) as store:  # the matcher connects as the store does
            pairs = predict_postgres(rows, store.new_connection, DEFAULT_THRESHOLD)
        engine = "postgresql"
    predict_s = time.perf_counter() - start
    start = time.perf_counter()
    links = network_groups(rows)
    network_s = time.perf_counter() - start
    kept = {str(r["case_id"]) for r in chosen}
    truth = {(a, b) for a, b in population.true_pairs() if a in kept and b in kept}
    quality = measure(pairs, truth, DEFAULT_THRESHOLD)
    blocked = blocked_pairs(rows) if spec is None else []  # the same on both engines
    return {
        "blocked_pairs": sum(n for _rule, n in blocked),
        "blocked_by_rule": blocked,
        "engine": engine,
        "records": len(chosen),
        "rows_s": rows_s,
        "predict_s": predict_s,
        "network_s": network_s,
        "matches_s": rows_s + predict_s + network_s,
        "proposed": quality.proposed,
        "network_groups": len(links.groups),
        "network_left_out": len(links.left_out),
        "precision": quality.precision,
        "recall": quality.recall,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _figures(out: dict[str, Any]) -> list[Figure]:
    engine, n = str(out["engine"]), int(out["records"])
    note = f"{n} records, threshold {DEFAULT_THRESHOLD}, 2 cores"

    def fig(name: str, key: str, unit: str, what: str, digits: int = 2) -> Figure:
        return Figure(f"matches.{engine}.{name}", round(float(out[key]), digits), unit, what)

    return [
        fig("wall", "matches_s", "s", note),
        fig("peak_rss", "peak_rss_mib", "MiB", "the engine's child process", 1),
        fig("rows", "rows_s", "s", "records to person rows (names through ICU)"),
        fig("splink_predict", "predict_s", "s", "blocking and scoring"),
        fig("network", "network_s", "s", "shared identifiers"),
        fig("precision", "precision", "ratio", f"{out['proposed']} pairs proposed", 4),
        fig("recall", "recall", "ratio", "against the generator's truth", 4),
        fig("network_groups", "network_groups", "groups", "identifiers shared by 2-50 cases", 0),
        fig("network_left_out", "network_left_out", "identifiers", "in more than 50 cases", 0),
        *(
            [
                fig(
                    "blocked_pairs",
                    "blocked_pairs",
                    "pairs",
                    "record pairs blocking lets through",
                    0,
                )
            ]
            if out.get("blocked_pairs")
            else []
        ),
    ]


def _child(records: int, spec: str | None, say: Callable[[str], None]) -> list[Figure]:
    say(f"measuring council matches over {records} records on {spec or 'DuckDB'}…")
    with tempfile.TemporaryDirectory(prefix="fc-bench-matches-") as tmp:
        command = [sys.executable, "-m", "services.bench_matches", "--records", str(records),
                   "--workdir", tmp, *(["--store", spec] if spec else [])]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        say(f"  failed: {' '.join(done.stderr.strip().splitlines()[-1:])}")
        return []
    return _figures(json.loads(done.stdout.strip().splitlines()[-1]))


def measure_matches(records: int, say: Callable[[str], None]) -> list[Figure]:
    """Both engines, each in its own process: DuckDB, then PostgreSQL in a throwaway cluster
    (Unix socket only) when Debian's server is installed."""
    say("blocking rules: " + "; ".join(describe_blocking()))
    figures = _child(records, None, say)
    if not available():
        say("PostgreSQL is not installed: DuckDB only.")
        return figures
    cluster = start_cluster()
    try:
        figures += _child(records, create_database(cluster.conninfo(), "fc_bench_matches"), say)
    finally:
        stop_cluster(cluster)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--store", default=None)
    args = parser.parse_args()
    print(json.dumps(run_engine(args.records, args.store, args.workdir)))


if __name__ == "__main__":
    main()
