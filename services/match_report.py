"""The readable report of `council matches --report FILE.pdf`: each proposed pair side by side
with photographs and the weight of every field, then the network groups
(reports/documents/match_report.py lays it out)."""

from __future__ import annotations

from pathlib import Path

from crypto.atomic_file import write_atomic
from reports.documents import match_report
from services.council_search import country_label
from services.errors import InvalidInput
from services.matches import (
    PRACTICE_NOTICE,
    CaseSide,
    MatchesResult,
    language_label,
    network_heading,
    network_summary,
    side_name,
    side_reference,
)

_ROWS = (
    ("Name in Latin letters", "name_latin"),
    ("Name in their own script", "name_native"),
    ("Official given and family name", "official_name"),
    ("Other names and spellings", "aliases"),
    ("Stated age", "age"),
    ("Stated date of birth", "dob"),
    ("Gender", "gender"),
    ("Nationality", "nationality"),
    ("Languages", "languages"),
    ("Place of birth", "birthplace"),
    ("Family", "family"),
    ("Their phone", "own_phone"),
)
_FIELD_NAMES = {
    "name": "Names",
    "birth_year": "Year of birth",
    "birth_month": "Month of birth",
    "birthplace": "Place of birth",
    "family": "Family names",
    "own_phone": "Their phone",
    "nationality": "Nationality",
    "languages": "Languages",
    "gender": "Gender",
}
_MAX_PHOTO = 20 * 1024 * 1024


def _value(key: str, side: CaseSide) -> str:
    text = side.fields.get(key, "")
    if key == "nationality" and text:
        return country_label(text)
    if key == "languages" and text:
        return ", ".join(language_label(code.strip()) for code in text.split(","))
    return text


def _photo_bytes(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        with path.open("rb") as f:
            return f.read(_MAX_PHOTO + 1)
    except OSError:
        return None


def _heading(side: CaseSide) -> str:
    ref = side.reference or side.case_id
    return (
        f"{ref} (revision {side.revision}), device {side.device_id}, "
        f"received {side.received_at[:10]}"
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def report_pdf(result: MatchesResult) -> bytes:
    """The readable report of `result` (reports/documents/match_report.py) as PDF bytes."""
    pages = []
    for n, m in enumerate(result.proposed, start=1):
        pages.append(
            match_report.PairPage(
                title=f"Possible match {n}: probability {m.probability:.2f} "
                f"(match weight {m.weight:+.1f})",
                left=match_report.Side(_heading(m.a), _photo_bytes(m.a.photo)),
                right=match_report.Side(_heading(m.b), _photo_bytes(m.b.photo)),
                rows=[(label, _value(k, m.a), _value(k, m.b)) for label, k in _ROWS],
                weights=[(_FIELD_NAMES[f.field], f.level, f.weight) for f in m.fields],
                notes=[
                    "Record a decision: council matches decide "
                    f"{m.a.reference or m.a.case_id} {m.b.reference or m.b.case_id} "
                    "same|not_same|unsure --by NAME --reason TEXT. A decision never merges "
                    "records; the pair is not proposed again unless either case changes."
                ],
            )
        )
    network = [
        match_report.NetworkGroup(
            _capital(network_heading(entry)),
            [
                (side_reference(c), str(c.revision), side_name(c), c.device_id, c.received_at[:10])
                for c in entry.cases
            ],
            notes=[_capital(n) + "." for n in entry.notes()],
        )
        for entry in result.network
    ]
    left_out = [x.describe() for x in result.network_left_out]
    intro = [
        f"Store: {result.store}. {result.cases} cases compared; pairs proposed at match "
        f"probability {result.threshold:.2f} or more: {len(result.proposed)}; pairs already "
        f"decided for the same revisions (not shown): {result.already_decided}.",
        "A possible match is for a person to review: the two records side by side, and the "
        "weight each field added (agreed) or took away (differed). Nothing is merged.",
        "Blocking (only pairs sharing one of these are scored): "
        + "; ".join(result.blocking_rules),
    ]
    if result.training:
        intro.insert(0, PRACTICE_NOTICE)
    return match_report.match_report(
        intro,
        pages,
        network,
        left_out,
        network_summary=network_summary(result),
        footer=f"{result.cases} cases",
        training=result.training,
    )


def write_report(result: MatchesResult, out: Path) -> int:
    """Write the report to `out` (atomically); returns its size in bytes."""
    if out.exists() and out.is_dir():
        raise InvalidInput(f"--report {out} is a folder; name a PDF file.")
    data = report_pdf(result)
    write_atomic(out, data)
    return len(data)
