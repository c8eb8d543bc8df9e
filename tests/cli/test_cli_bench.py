"""`main.py bench --quick` runs end to end and reports every figure the issues ask for.

Figures are not compared with targets here (machines are shared and noisy: the benchmark
reports, tests check correctness); this only keeps the benchmark itself from rotting.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXPECTED = [
    "startup.bare_window",
    "startup.app_to_unlock",
    "startup.ratio",
    "unlock.default_kdf",
    "save.new_version.p95",
    "open.case.p95",
    "search.latin.p95",
    "search.chinese.p95",
    "search.arabic_script.p95",
    "vault.size_per_1000_cases",
    "save.ratio_to_floor",
    "export: write+verify throughput",
    "receive: verify+archive throughput",
    "export+receive peak RSS, 100 MiB attachment",
    "pack.child_full.p95",
    "pack.batch.pages_per_s",
    "pack.glyph_check.p50",
]


@pytest.mark.slow
def test_quick_benchmark_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "bench", "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    figures = {figure["name"]: figure["value"] for figure in report["figures"]}
    missing = [name for name in EXPECTED if name not in figures]
    assert missing == []
    assert all(math.isfinite(figures[name]) and figures[name] > 0 for name in EXPECTED)
    # The table printed for a person carries the same figures.
    assert all(name in result.stdout for name in EXPECTED)
    if "age CLI encrypt throughput" in figures:  # the age CLI is installed by .ci/run
        assert figures["export / age speed ratio"] > 0
        # The export target is against age plus an fsync of its output.
        assert figures["export / (age + fsync) speed ratio"] > 0
        notes = {figure["name"]: figure["note"] for figure in report["figures"]}
        assert "target >= 0.75" in notes["export / (age + fsync) speed ratio"]
        assert "target" not in notes["export / age speed ratio"]


@pytest.mark.slow
def test_council_store_benchmark_reports_both_engines(tmp_path: Path) -> None:
    out = tmp_path / "store.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "bench", "--council-store", "--cases", "40",
         "--json", str(out)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    figures = {f["name"]: f["value"] for f in json.loads(out.read_text())["figures"]}
    for engine in ("DuckDB", "PostgreSQL"):  # ./run test installs the PostgreSQL server
        receive = f"council store ({engine}): receive 40 cases, archive + store"
        index = f"council store ({engine}): index 40 cases from the archive"
        assert figures[receive] > 0 and figures[index] > 0, sorted(figures)


def test_council_search_benchmark_reports_both_engines(tmp_path: Path) -> None:
    out = tmp_path / "search.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "bench", "--council-search", "300",
         "--json", str(out)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    figures = {f["name"]: f for f in json.loads(out.read_text())["figures"]}
    for engine in ("DuckDB", "PostgreSQL"):
        p50 = figures[f"council search ({engine}): search p50 at 300 cases"]
        p95 = figures[f"council search ({engine}): search p95 at 300 cases"]
        assert 0 < p50["value"] <= p95["value"], (p50, p95)
        assert "hits per query: median" in p50["note"]
