"""`council index | delete-case | cases search | cases show | export`: the council case store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cli.options import add_store_option
from services.council_cases import DELETIONS_FILE, delete_case, index_archive
from services.council_search import (
    FORMATS,
    export_cases,
    make_filters,
    search_cases,
    search_line,
    show_case,
    summary_lines,
)
from services.errors import InvalidInput
from services.practice_archive import is_practice_archive

SEARCH_LIMIT = 50  # cases a search prints unless --limit says otherwise


def _archive(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--archive", type=Path, required=True, metavar="DIR")
    add_store_option(parser)


def register_council_actions(actions: Any) -> None:
    index = actions.add_parser(
        "index",
        help="rebuild the case store from the archive (safe to run any time)",
        description=(
            "Records every case revision in the archive in the case store (again), drops cases "
            "the archive no longer holds, and rewrites ARCHIVE/index.csv. Idempotent: for an "
            "existing archive, a lost store, or a new PostgreSQL store (--store)."
        ),
    )
    _archive(index)
    index.set_defaults(handler=_index)

    delete = actions.add_parser(
        "delete-case",
        help="delete a case from the archive and the store (erasure, duplicate, in error)",
        description=(
            "Removes every revision of CASE (case id or FC reference) from the archive and the "
            f"case store. Audited: a line in ARCHIVE/{DELETIONS_FILE} (who, when, why) and a "
            "row in the store's store_audit table. Receipts and the import ledger keep only ids."
        ),
    )
    delete.add_argument("case", metavar="CASE")
    delete.add_argument("--reason", required=True, metavar="TEXT", help="why (10-500 chars)")
    delete.add_argument("--by", required=True, metavar="NAME", help="who is deleting it")
    _archive(delete)
    delete.set_defaults(handler=_delete)

    cases = actions.add_parser("cases", help="find cases in the case store")
    sub = cases.add_subparsers(dest="cases_command", metavar="ACTION", required=True)
    search = sub.add_parser(
        "search",
        help="find cases by a name or alias, in any script",
        description=(
            "Matches every word of TEXT against the start of a word of each name and alias, "
            "after transliterating both to Latin letters without diacritics (ICU), so "
            "'nguyen' finds Nguyễn and 'Ahmad' finds احمد. Exact spellings come first."
        ),
    )
    search.add_argument("text", metavar="TEXT")
    search.add_argument("--nationality", metavar="COUNTRY", help="code (VN) or name (Vietnam)")
    search.add_argument("--age-from", type=int, metavar="YEARS", help="stated age at least")
    search.add_argument("--age-to", type=int, metavar="YEARS", help="stated age at most")
    search.add_argument("--received-from", metavar="YYYY-MM-DD")
    search.add_argument("--received-to", metavar="YYYY-MM-DD")
    search.add_argument(
        "--limit",
        type=int,
        default=SEARCH_LIMIT,
        metavar="N",
        help=f"show the first N cases, best first (default {SEARCH_LIMIT}; 0 shows all)",
    )
    _archive(search)
    search.set_defaults(handler=_search)

    show = sub.add_parser(
        "show",
        help="print a case's summary and the paths of its PDFs",
        description="CASE is a case id (or its first 8+ characters) or the FC reference.",
    )
    show.add_argument("case", metavar="CASE")
    _archive(show)
    show.set_defaults(handler=_show)

    export = actions.add_parser(
        "export",
        help="write every case (latest revision) as CSV or JSON for case management",
        description="Columns: docs/council-store.md. Writes to --out, or standard output.",
    )
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--out", type=Path, metavar="FILE", help="default: standard output")
    _archive(export)
    export.set_defaults(handler=_export)


def _index(args: argparse.Namespace) -> int:
    report = index_archive(args.archive, args.store)
    print(
        f"Indexed {report.revisions} case revision(s) of {report.cases} case(s); "
        f"removed {report.removed} case(s) no longer in the archive. "
        f"Reference index: {report.index_file}"
    )
    return 0


def _delete(args: argparse.Namespace) -> int:
    done = delete_case(args.archive, args.store, args.case, reason=args.reason, actor=args.by)
    label = f"{done.reference} " if done.reference else ""
    print(
        f"Deleted case {label}({done.case_id}): {done.revisions} revision(s) from the store "
        f"and its folders from the archive. Logged in {done.log}."
    )
    return 0


def _search(args: argparse.Namespace) -> int:
    filters = make_filters(
        nationality=args.nationality,
        age_from=args.age_from,
        age_to=args.age_to,
        received_from=args.received_from,
        received_to=args.received_to,
    )
    hits = search_cases(args.archive, args.store, args.text, filters)
    if is_practice_archive(args.archive):
        print("TRAINING: a practice archive; these are fictional people.", file=sys.stderr)
    if args.limit < 0:
        raise InvalidInput("--limit is a number of cases: 0 or more (0 shows all).")
    shown = hits if args.limit == 0 else hits[: args.limit]
    for case in shown:
        print(search_line(case))
    if len(shown) < len(hits):
        # A common name finds thousands of cases at regional scale: a screenful, best first,
        # and how to narrow it, rather than scrolling past what matters.
        print(
            f"{len(hits)} case(s) found; the first {len(shown)} shown. Narrow the search with "
            "more of the name, --nationality, --age-from/--age-to or --received-from/"
            "--received-to, or show all with --limit 0.",
            file=sys.stderr,
        )
    else:
        print(f"{len(hits)} case(s) found.", file=sys.stderr)
    return 0


def _show(args: argparse.Namespace) -> int:
    print("\n".join(summary_lines(show_case(args.archive, args.store, args.case))))
    return 0


def _export(args: argparse.Namespace) -> int:
    if args.out is None:
        count = export_cases(args.archive, args.store, args.format, sys.stdout)
    else:
        with args.out.open("w", encoding="utf-8", newline="") as out:
            count = export_cases(args.archive, args.store, args.format, out)
    print(f"Exported {count} case(s).", file=sys.stderr)
    return 0
