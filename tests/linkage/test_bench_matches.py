"""`bench --matches N` runs end to end on both engines and reports every figure (figures are
not compared with targets here: machines are shared; this keeps the benchmark from rotting)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_matches_benchmark_reports_both_engines(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "bench", "--matches", "300", "--json", str(out)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "blocking rules: l.name_key = r.name_key" in done.stdout
    figures = {f["name"]: f for f in json.loads(out.read_text(encoding="utf-8"))["figures"]}
    for engine in ("duckdb", "postgresql"):
        for name in ("wall", "peak_rss", "rows", "splink_predict", "precision", "recall",
                     "network_groups", "network_left_out"):  # fmt: skip
            assert f"matches.{engine}.{name}" in figures, (engine, name, done.stdout)
        assert 0.5 < figures[f"matches.{engine}.precision"]["value"] <= 1.0
        assert 0.5 < figures[f"matches.{engine}.recall"]["value"] <= 1.0
    assert (
        figures["matches.duckdb.blocked_pairs"]["value"] > figures["matches.duckdb.recall"]["value"]
    )
    # The generator's networks share phones and plates: groups, the same on both engines.
    groups = figures["matches.duckdb.network_groups"]["value"]
    assert groups > 0 and groups == figures["matches.postgresql.network_groups"]["value"]
    # One model on both engines: the same pairs, so the same precision and recall.
    assert (
        figures["matches.duckdb.recall"]["value"] == figures["matches.postgresql.recall"]["value"]
    )
