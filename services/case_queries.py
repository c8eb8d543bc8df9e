"""What the case list shows: one plain row per case, listed or found by name in any script."""

from __future__ import annotations

from dataclasses import dataclass

from services.case_status import RECEIPT_CONFIRMED, status_label
from services.retention import purge_date
from services.session import Session
from services.settings import retention_days
from storage.cases import CaseSummary

# Short names for the list's routes column; the editor's routes panel gives the full reasons.
ROUTE_SHORT_LABELS: dict[str, str] = {
    "childrens_services": "Children's services",
    "nrm_child": "NRM (child)",
    "guardian": "Guardian",
    "missing_profile": "Missing profile",
    "nrm_adult": "NRM (adult)",
    "duty_to_notify": "Duty to Notify",
}
AGE_BAND_LABELS: dict[str, str] = {
    "child": "Child",
    "adult": "Adult",
    "unknown": "Unknown (treated as child)",
}
SEARCH_LIMIT = 200


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list; names exactly as typed (the UI neutralises bidi on display)."""

    case_id: str
    reference: str
    name_native: str
    name_latin: str
    age_band: str
    routes: tuple[str, ...]
    status: str
    status_label: str
    last_saved: str  # ISO 8601 UTC
    worker: str  # who opened the case (the first-contact worker)


def _status_text(summary: CaseSummary, keep_days: int) -> str:
    label = status_label(summary.status)
    if summary.status != RECEIPT_CONFIRMED:
        return label
    # Shown so nobody is surprised when a confirmed case leaves this laptop.
    return f"{label}; purged from {purge_date(summary.updated_at, keep_days)}"


def _row(summary: CaseSummary, workers: dict[str, str], keep_days: int) -> CaseRow:
    data = summary.summary
    routes = data.get("routes", [])
    band = str(data.get("age_band") or "unknown")
    return CaseRow(
        case_id=summary.case_id,
        reference=summary.reference,
        name_native=str(data.get("name_native") or ""),
        name_latin=str(data.get("name_latin") or ""),
        age_band=AGE_BAND_LABELS.get(band, band),
        routes=tuple(
            ROUTE_SHORT_LABELS.get(str(r), str(r))
            for r in (routes if isinstance(routes, list) else [])
        ),
        status=summary.status,
        status_label=_status_text(summary, keep_days),
        last_saved=summary.updated_at,
        worker=workers.get(summary.worker_id, "a removed worker"),
    )


def _worker_names(session: Session) -> dict[str, str]:
    return {w.worker_id: w.display_name for w in session.vault.workers.list()}


def case_rows(session: Session, *, status: str | None = None) -> list[CaseRow]:
    """Every case (or those with one status), most recently saved first."""
    workers, keep = _worker_names(session), retention_days(session)
    return [_row(s, workers, keep) for s in session.vault.cases.list_summaries(status=status)]


def find_case_rows(session: Session, text: str, *, status: str | None = None) -> list[CaseRow]:
    """Cases whose names or aliases contain `text` in any script, best match first.

    Blank text lists every case, so clearing the search box brings the whole list back.
    """
    if not text.strip():
        return case_rows(session, status=status)
    workers, keep = _worker_names(session), retention_days(session)
    rows: list[CaseRow] = []
    for case_id in session.vault.search.query(text, limit=SEARCH_LIMIT):
        summary = session.vault.cases.summary(case_id)
        if status is None or summary.status == status:
            rows.append(_row(summary, workers, keep))
    return rows
