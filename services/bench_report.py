"""Benchmark figures: percentiles, the printed table and the JSON file."""

from __future__ import annotations

import json
import platform
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path

# Benchmarks time the same cases every run; England's rules are as heavy as any nation's.
BENCH_NATION = "england"


@dataclass(frozen=True)
class Figure:
    """One measured number, with what it is compared against where there is a yardstick."""

    name: str
    value: float
    unit: str
    note: str = ""


def percentile(samples: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank) of samples."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def median(samples: list[float]) -> float:
    return statistics.median(samples) if samples else float("nan")


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def table(figures: list[Figure]) -> str:
    """A plain-text table for the terminal."""
    width = max((len(f.name) for f in figures), default=10)
    lines = [f"{'figure':<{width}}  {'value':>12}  unit    note", "-" * (width + 40)]
    lines += [f"{f.name:<{width}}  {f.value:>12.3f}  {f.unit:<6}  {f.note}" for f in figures]
    return "\n".join(lines)


def write_json(path: Path, figures: list[Figure], *, settings: dict[str, object]) -> None:
    """The figures with the machine and settings they were measured on."""
    payload = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
        },
        "settings": settings,
        "figures": [asdict(f) for f in figures],
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
