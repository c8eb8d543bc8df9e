"""`council cases search|show` and `council export`: finding cases in the council store and
handing them to the council's own case management system (columns: docs/council-store.md)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from council_store import CaseSummary, SearchFilters, StoreError
from forms.controlled_lists import load_list
from services.council_cases import open_case_store
from services.errors import InvalidInput

# The export's columns, in order (docs/council-store.md describes each).
EXPORT_COLUMNS = (
    "case_id",
    "reference",
    "revision",
    "revisions",
    "device_id",
    "received_at",
    "name_native",
    "name_latin",
    "aliases",
    "gender",
    "nationality",
    "nationality_2",
    "age",
    "dob",
    "folder",
    "pdfs",
)
FORMATS = ("csv", "json")


def _country(text: str) -> str:
    """A country given by its code (VN) or its English name (Vietnam) -> its code."""
    countries = load_list("countries")
    wanted = text.strip().casefold()
    for entry in countries.entries:
        if wanted in (entry.id.casefold(), entry.label.casefold()) or wanted in (
            a.casefold() for a in entry.aliases
        ):
            return entry.id
    raise InvalidInput(
        f"--nationality {text!r} is not a country code or name from the country list "
        "(e.g. VN or Vietnam)."
    )


def _day(text: str | None, option: str) -> str | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidInput(f"{option} takes a date as YYYY-MM-DD, not {text!r}.") from None


def make_filters(
    *,
    nationality: str | None = None,
    age_from: int | None = None,
    age_to: int | None = None,
    received_from: str | None = None,
    received_to: str | None = None,
) -> SearchFilters:
    for value, option in ((age_from, "--age-from"), (age_to, "--age-to")):
        if value is not None and not 0 <= value <= 120:
            raise InvalidInput(f"{option} is an age in years, 0 to 120.")
    return SearchFilters(
        nationality=_country(nationality) if nationality else None,
        age_from=age_from,
        age_to=age_to,
        received_from=_day(received_from, "--received-from"),
        received_to=_day(received_to, "--received-to"),
    )


def search_cases(
    archive: Path, spec: str | None, text: str, filters: SearchFilters
) -> list[CaseSummary]:
    if not text.strip():
        raise InvalidInput("Give a name (or part of one) to search for, in any script.")
    with open_case_store(archive, spec) as store:
        try:
            return store.search(text, filters)
        except StoreError as exc:
            raise InvalidInput(str(exc)) from None


def show_case(archive: Path, spec: str | None, case: str) -> CaseSummary:
    with open_case_store(archive, spec) as store:
        try:
            found = store.find(case)
        except StoreError as exc:
            raise InvalidInput(str(exc)) from None
    if found is None:
        raise InvalidInput(
            f"No case {case!r} in the store: give a case id or the FC reference printed on its "
            "documents (`council cases search NAME` finds it by name; `council index` rebuilds "
            "the store from the archive)."
        )
    return found


def country_label(code: str) -> str:
    return load_list("countries").label(code) if code else ""


def summary_lines(case: CaseSummary) -> list[str]:
    """What `council cases show` prints."""
    nationality = ", ".join(
        f"{country_label(c)} ({c})" for c in (case.nationality, case.nationality_2) if c
    )
    lines = [
        f"Case {case.case_id}",
        f"  reference:    {case.reference or '(none recorded)'}",
        f"  revision:     {case.revision} ({case.revisions} revision(s) received)",
        f"  device:       {case.device_id}",
        f"  received:     {case.received_at}",
        f"  name:         {case.name_native or '-'}",
        f"  in Latin:     {case.name_latin or '-'}",
        f"  aliases:      {'; '.join(case.aliases) or '-'}",
        f"  gender:       {case.gender or '-'}",
        f"  nationality:  {nationality or '-'}",
        f"  age (stated): {case.age if case.age is not None else '-'}",
        f"  born:         {case.dob or '-'}",
        f"  folder:       {case.folder}",
    ]
    lines += [f"  pdf:          {p}" for p in case.pdfs] or ["  pdf:          (none)"]
    return lines


def search_line(case: CaseSummary) -> str:
    """One line per hit of `council cases search`."""
    names = " / ".join(n for n in (case.name_native, case.name_latin) if n) or "(no name)"
    extra = f" aka {'; '.join(case.aliases)}" if case.aliases else ""
    age = f"age {case.age}" if case.age is not None else "age ?"
    return (
        f"{case.reference or case.case_id}  {names}{extra}  {case.nationality or '?'}  {age}  "
        f"received {case.received_at[:10]}  {case.case_id}"
    )


def _row(case: CaseSummary, archive: Path) -> dict[str, Any]:
    return {
        "case_id": case.case_id,
        "reference": case.reference,
        "revision": case.revision,
        "revisions": case.revisions,
        "device_id": case.device_id,
        "received_at": case.received_at,
        "name_native": case.name_native,
        "name_latin": case.name_latin,
        "aliases": list(case.aliases),
        "gender": case.gender,
        "nationality": case.nationality,
        "nationality_2": case.nationality_2,
        "age": case.age,
        "dob": case.dob,
        "folder": case.folder.relative_to(archive).as_posix(),
        "pdfs": [p.relative_to(archive).as_posix() for p in case.pdfs],
    }


def _csv_cell(value: Any) -> str:
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    text = "" if value is None else str(value)
    # A cell a spreadsheet would run as a formula is quoted with a leading apostrophe.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_cases(archive: Path, spec: str | None, fmt: str, out: TextIO) -> int:
    """Write every case's latest revision as CSV or JSON to `out`; returns the case count."""
    if fmt not in FORMATS:
        raise InvalidInput(f"--format is one of {', '.join(FORMATS)}.")
    with open_case_store(archive, spec) as store:
        rows: Iterator[dict[str, Any]] = (_row(c, archive) for c in store.summaries())
        count = 0
        if fmt == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(EXPORT_COLUMNS)
            for row in rows:
                writer.writerow([_csv_cell(row[c]) for c in EXPORT_COLUMNS])
                count += 1
            return count
        out.write('{"format": "first-contact-council-export", "version": 1, "cases": [')
        for row in rows:
            out.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
            count += 1
        out.write("\n]}\n")
        return count


def export_text(archive: Path, spec: str | None, fmt: str) -> str:
    buffer = io.StringIO()
    export_cases(archive, spec, fmt, buffer)
    return buffer.getvalue()
