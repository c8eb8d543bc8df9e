"""`bench`: measure start-up, unlock, and save/open/search at scale; print a table and JSON."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from services.bench_council_store import measure_council_store
from services.bench_export import measure_export
from services.bench_report import table, write_json
from services.bench_reports import measure_reports
from services.bench_startup import measure_frozen_startup, measure_startup
from services.bench_vault import measure_cases, measure_unlock
from services.program import is_frozen


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "bench",
        help="run the benchmark suite (figures and ratios; also written as JSON)",
        description=(
            "Measures app start-up beside a bare PySide6 window, unlock at the default Argon2id "
            "cost, and with 10,000 fictional cases: save, open and search p50/p95 beside bare "
            "SQLCipher inserts and lookups, vault size, and referral packs (a full child pack "
            "p50/p95, pages per second over 100 cases, peak memory). Uses a throwaway training "
            "vault in a temporary folder."
        ),
    )
    parser.add_argument("--quick", action="store_true", help="1,000 cases and fewer repeats")
    parser.add_argument("--cases", type=int, default=None, help="override the number of cases")
    parser.add_argument(
        "--matches",
        type=int,
        default=None,
        metavar="N",
        help=(
            "only `council matches` over N generated records (100000 for the issue's figure), "
            "on DuckDB and on PostgreSQL (a throwaway cluster), with precision and recall"
        ),
    )
    parser.add_argument(
        "--council-store",
        action="store_true",
        help="only the council store: receive and index 1,000 cases into DuckDB and PostgreSQL",
    )
    parser.add_argument(
        "--council-search",
        type=int,
        default=None,
        metavar="N",
        help=(
            "only `council cases search` in a store of N generated cases (100000 for the "
            "figure at scale): p50/p95 on DuckDB and on PostgreSQL (a throwaway cluster)"
        ),
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=Path("bench-results.json"),
        metavar="FILE",
        help="where to write the figures as JSON (default: bench-results.json)",
    )
    parser.add_argument(
        "--frozen",
        type=Path,
        default=None,
        metavar="EXE",
        help="only time start-up of a built app (dist/first-contact/first-contact) beside main.py",
    )
    parser.set_defaults(handler=_bench)


def _bench(args: argparse.Namespace) -> int:
    if is_frozen():
        # The benchmarks start Python modules of the checkout as separate processes
        # (`python -m ui.bare_window`, `python main.py`); an installed build has neither.
        print(
            "error: bench is a development command: run it from a source checkout "
            "(./run bench); an installed build has no Python to start its benchmark processes",
            file=sys.stderr,
        )
        return 2
    if args.frozen is not None:
        return _bench_frozen(args)
    if args.matches is not None:
        return _bench_matches(args)
    if args.council_store:
        return _council_store_only(args)
    if args.council_search is not None:
        return _council_search_only(args)
    cases = args.cases or (1_000 if args.quick else 10_000)
    repeats = 3 if args.quick else 7
    samples = 50 if args.quick else 200
    with tempfile.TemporaryDirectory(prefix="fc-bench-") as tmp:
        workdir = Path(tmp)
        print("measuring unlock…", flush=True)
        unlock_figures, paths = measure_unlock(workdir, repeats)
        # Start-up is timed to the unlock screen of that provisioned vault (an empty folder
        # would show the first-run screen instead, which is not what a worker starts to).
        print("measuring start-up…", flush=True)
        figures = measure_startup(paths.data_dir, repeats)
        figures += unlock_figures
        figures += measure_cases(paths, workdir, cases, samples, lambda m: print(m, flush=True))
        figures += measure_export(
            workdir / "export", quick=args.quick, say=lambda m: print(m, flush=True)
        )
    figures += measure_reports(quick=args.quick, say=lambda m: print(m, flush=True))
    with tempfile.TemporaryDirectory(prefix="fc-bench-store-") as tmp:
        figures += measure_council_store(Path(tmp), cases=1_000, say=lambda m: print(m, flush=True))
    print(table(figures))
    write_json(args.json, figures, settings={"cases": cases, "quick": args.quick})
    print(f"figures written to {args.json}")
    return 0


def _bench_matches(args: argparse.Namespace) -> int:
    """Possible-match detection at scale, alone (minutes at 100,000 records)."""
    from services.bench_matches import measure_matches

    figures = measure_matches(args.matches, lambda m: print(m, flush=True))
    print(table(figures))
    write_json(args.json, figures, settings={"matches_records": args.matches})
    print(f"figures written to {args.json}")
    return 0


def _council_store_only(args: argparse.Namespace) -> int:
    cases = args.cases or 1_000
    with tempfile.TemporaryDirectory(prefix="fc-bench-store-") as tmp:
        figures = measure_council_store(Path(tmp), cases=cases, say=lambda m: print(m, flush=True))
    print(table(figures))
    write_json(args.json, figures, settings={"cases": cases, "council_store_only": True})
    print(f"figures written to {args.json}")
    return 0


def _council_search_only(args: argparse.Namespace) -> int:
    """Name search at scale, alone (a few minutes at 100,000 cases: most of it filling)."""
    from services.bench_search import measure_search

    with tempfile.TemporaryDirectory(prefix="fc-bench-search-") as tmp:
        figures = measure_search(
            Path(tmp), cases=args.council_search, say=lambda m: print(m, flush=True)
        )
    print(table(figures))
    write_json(args.json, figures, settings={"council_search_cases": args.council_search})
    print(f"figures written to {args.json}")
    return 0


def _bench_frozen(args: argparse.Namespace) -> int:
    repeats = 5 if args.quick else 15
    with tempfile.TemporaryDirectory(prefix="fc-bench-") as tmp:
        print("provisioning a vault…", flush=True)
        _unlock, paths = measure_unlock(Path(tmp), 1)
        print("measuring start-up of the build beside main.py…", flush=True)
        figures = measure_frozen_startup(args.frozen.resolve(), paths.data_dir, repeats)
    print(table(figures))
    write_json(args.json, figures, settings={"frozen": str(args.frozen), "quick": args.quick})
    print(f"figures written to {args.json}")
    return 0
