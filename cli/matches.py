"""`council matches`: possible matches between stored cases, the report, and decisions.

The matcher (Splink and its dataframes) is imported only when a matches command runs, so
the laptop app and the other commands never load it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cli.options import add_store_option


def _archive(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--archive", type=Path, required=True, metavar="DIR")
    add_store_option(parser)


def register_council_actions(actions: Any) -> None:
    matches = actions.add_parser(
        "matches",
        help="list pairs of cases that may be the same person, and shared identifiers",
        description=(
            "Scores pairs of cases (latest revisions) with a probabilistic record-linkage "
            "model (Splink, Fellegi-Sunter) on the store's engine: names across scripts and "
            "spellings, year of birth or stated age (±2 years), nationality, languages, "
            "gender, aliases. Lists each proposed pair with the weight each field added or "
            "took away. Then the shared identifiers (same network, not same person): each "
            "phone, address, exploiter's phone or vehicle given in two or more cases, once, "
            "with the cases that give it. Pairs decided for the same revisions are left out. "
            "See docs/council-store.md, 'Matching'."
        ),
    )
    # Not required here: `council matches decide ... --archive DIR` gives it after the action.
    matches.add_argument("--archive", type=Path, metavar="DIR", help="the archive folder")
    add_store_option(matches)
    matches.add_argument(
        "--threshold", type=float, metavar="P", help="match probability to propose a pair at"
    )
    matches.add_argument("--report", type=Path, metavar="FILE.pdf", help="also write a PDF")
    matches.set_defaults(handler=_matches)
    sub = matches.add_subparsers(dest="matches_command", metavar="ACTION")
    decide = sub.add_parser(
        "decide",
        help="record a person's decision on a pair (audited; never merges records)",
        description=(
            "CASE_A and CASE_B are case ids or FC references. The decision applies to the "
            "cases' current revisions: if either changes, the pair may be proposed again."
        ),
    )
    decide.add_argument("case_a", metavar="CASE_A")
    decide.add_argument("case_b", metavar="CASE_B")
    decide.add_argument("decision", choices=("same", "not_same", "unsure"))
    decide.add_argument("--by", required=True, metavar="NAME", help="who decided")
    decide.add_argument("--reason", default="", metavar="TEXT", help="why (recommended)")
    _archive(decide)
    decide.set_defaults(handler=_decide)


def _matches(args: argparse.Namespace) -> int:
    from services import match_report, matches

    if args.archive is None:
        print("council matches: --archive DIR is required", file=sys.stderr)
        return 2

    result = matches.find_matches(args.archive, args.store, args.threshold)
    decided = f" ({result.already_decided} already decided, not shown)"
    if result.training:
        print(matches.PRACTICE_NOTICE)
    print(
        f"{result.cases} cases compared on the {result.store}; "
        f"{len(result.proposed)} possible match(es) at probability ≥ {result.threshold:.2f}"
        + (decided if result.already_decided else "")
    )
    for m in result.proposed:
        print(f"\n{m.probability:.3f}  {matches.side_label(m.a)}  ~  {matches.side_label(m.b)}")
        print(f"       {matches.why_line(m.fields)}")
    print(
        "\nSame network (shared identifiers, not same person): " + matches.network_summary(result)
    )
    for entry in result.network:
        print(f"  {matches.network_heading(entry)}")
        for side in entry.cases:
            print(f"    {matches.case_line(side)}")
        for note in entry.notes():
            print(f"    ({note})")
    for left in result.network_left_out:
        print(f"  {left.describe()}")
    if args.report is not None:
        size = match_report.write_report(result, args.report)
        print(f"\nReport written to {args.report} ({size // 1024} KiB)", file=sys.stderr)
    return 0


def _decide(args: argparse.Namespace) -> int:
    from services import matches

    a, b, made = matches.decide(
        args.archive, args.store, args.case_a, args.case_b, args.decision, args.by, args.reason
    )
    print(
        f"Recorded: {a} and {b}: {matches.DECISIONS[args.decision]} "
        f"(by {made.decided_by}, {made.decided_at}). Nothing was merged."
    )
    return 0
