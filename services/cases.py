"""Case use cases: create, save a new version, open, list and search, all through a session."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from forms.definition import FormDefinition, load_form
from forms.nations import NATION_IDS, NationConfig, load_nation
from forms.record import case_nation_id, new_record, search_terms, summary
from services.clock import Clock, iso
from services.errors import InvalidInput
from services.my_details import with_my_details
from services.session import Session
from services.settings import device_nation
from storage.cases import CaseSummary, CaseVersion

DEFAULT_FORM = "uk-first-contact"
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read over a phone


@dataclass(frozen=True)
class OpenedCase:
    """A case's current version with the definition it was captured with."""

    version: CaseVersion
    form: FormDefinition
    nation: NationConfig


def new_reference(clock: Clock) -> str:
    """A case reference with no personal data in it, e.g. FC-20261128-7KQ4."""
    suffix = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(4))
    return f"FC-{clock.now():%Y%m%d}-{suffix}"


def form_for(record: dict[str, Any]) -> FormDefinition:
    """The exact definition version a record was captured with (old cases keep opening)."""
    form = record.get("form", {})
    return load_form(str(form.get("id", DEFAULT_FORM)), int(form.get("version", 0)) or None)


def nation_for(record: dict[str, Any]) -> NationConfig:
    """The case's own nation: the worker's answer, else the one it was opened in; no default."""
    return load_nation(case_nation_id(record))


def _index(record: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    form = form_for(record)
    return summary(record, form, nation_for(record)), search_terms(record)


def blank_record(clock: Clock, *, nation: str, form_id: str = DEFAULT_FORM) -> dict[str, Any]:
    """An empty record for a new case in `nation`, against the current definition."""
    record: dict[str, Any] = new_record(
        str(uuid.uuid4()), load_form(form_id), nation, iso(clock.now())
    )
    return record


def create_case(
    session: Session,
    *,
    clock: Clock,
    record: dict[str, Any] | None = None,
    nation: str | None = None,
) -> CaseVersion:
    """Store a new draft case (empty unless a prepared record is given) as revision 1.

    An empty case is opened in `nation`, or else in the nation set for this device at set-up;
    with neither there is nothing to route by, so the worker is asked to choose. It starts with
    the worker's own details (services.my_details) in the responder questions."""
    now = iso(clock.now())
    if record is None:
        chosen = nation or device_nation(session)
        if chosen not in NATION_IDS:
            raise InvalidInput(
                "This laptop has no nation set, and the nation decides a case's routes. An "
                "administrator chooses it under Administration, Policy: 'New cases open in'."
            )
        # The worker's own details, asked once, fill the responder questions; still editable.
        record = with_my_details(session, blank_record(clock, nation=str(chosen)))
    case_id = str(record["case_id"])
    case_summary, terms = _index(record)
    reference = new_reference(clock)
    with session.vault.transaction():
        version = session.vault.cases.create(
            case_id,
            reference,
            record,
            worker_id=session.worker_id,
            summary=case_summary,
            search_terms=terms,
            now=now,
        )
        session.vault.audit.append(
            "case_created",
            worker_id=session.worker_id,
            case_id=case_id,
            # The reference travels in the audit slice of every exported revision, so the
            # council store can map the FC reference printed on the PDFs to the case.
            detail=f"nation={case_summary['nation']},reference={reference}",
            now=now,
        )
    return version


def save_case(
    session: Session,
    record: dict[str, Any],
    *,
    clock: Clock,
    expected_revision: int | None = None,
) -> CaseVersion:
    """Append a new version of the record (saving is never blocked by missing answers)."""
    now = iso(clock.now())
    case_summary, terms = _index(record)
    case_id = str(record["case_id"])
    before = session.vault.cases.summary(case_id).summary.get("nation")
    # One commit (one fsync) for the version and its audit entry: both or neither.
    with session.vault.transaction():
        version = session.vault.cases.save_version(
            case_id,
            record,
            worker_id=session.worker_id,
            summary=case_summary,
            search_terms=terms,
            expected_revision=expected_revision,
            now=now,
        )
        session.vault.audit.append(
            "case_saved",
            worker_id=session.worker_id,
            case_id=case_id,
            detail=f"rev={version.revision}",
            now=now,
        )
        if before != case_summary["nation"]:
            # The nation decides the routes: who changed it, and when, belongs in the audit.
            session.vault.audit.append(
                "case_nation_changed",
                worker_id=session.worker_id,
                case_id=case_id,
                detail=f"from={before},to={case_summary['nation']}",
                now=now,
            )
    return version


def open_case(session: Session, case_id: str) -> OpenedCase:
    version = session.vault.cases.current(case_id)
    return OpenedCase(version, form_for(version.document), nation_for(version.document))


def list_cases(session: Session, status: str | None = None) -> list[CaseSummary]:
    return session.vault.cases.list_summaries(status=status)


def search_cases(session: Session, text: str) -> list[CaseSummary]:
    """Cases whose names or aliases contain `text`, in any script."""
    ids = session.vault.search.query(text)
    return [session.vault.cases.summary(case_id) for case_id in ids]


def add_attachment(
    session: Session, case_id: str, data: bytes, *, media_type: str, description: str, clock: Clock
) -> str:
    """Store a file's bytes inside the vault (never on disk); returns the attachment id."""
    info = session.vault.attachments.add(
        case_id, data, media_type=media_type, description=description, now=iso(clock.now())
    )
    session.vault.audit.append(
        "attachment_added", worker_id=session.worker_id, case_id=case_id, detail=info.sha256[:16]
    )
    return info.attachment_id
