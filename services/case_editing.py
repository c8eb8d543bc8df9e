"""What the assessment editor needs beyond saving: the case as opened, and disclosure logging."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from services.case_lifecycle import SIGN_OFF_ROLES, record_disclosure, status_for
from services.case_status import READ_ONLY
from services.cases import OpenedCase, open_case
from services.clock import Clock
from services.disclosures import DisclosureEntry
from services.session import Session
from storage.cases import CaseVersion

ADMINISTRATOR = "administrator"  # the role that enrols workers (services.workers)


@dataclass(frozen=True)
class EditingCase:
    """A case opened for the editor: its version, status, reference and who can sign it off."""

    opened: OpenedCase
    status: str
    reference: str
    supervisors: tuple[str, ...]  # display names of other supervisors and administrators
    worker_name: str
    # Who can enrol a supervisor when there is none: this worker, or the administrators named.
    worker_is_administrator: bool = False
    administrators: tuple[str, ...] = ()

    @property
    def read_only(self) -> bool:
        return self.status in READ_ONLY


def open_for_editing(session: Session, case_id: str) -> EditingCase:
    opened = open_case(session, case_id)
    summary = session.vault.cases.summary(case_id)
    others = [w for w in session.vault.workers.list() if w.worker_id != session.worker_id]

    def names(roles: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(sorted((w.display_name for w in others if w.role in roles), key=str.casefold))

    return EditingCase(
        opened=opened,
        status=summary.status,
        reference=summary.reference,
        supervisors=names(SIGN_OFF_ROLES),
        worker_name=session.worker.display_name or session.worker_id,
        worker_is_administrator=session.role == ADMINISTRATOR,
        administrators=names((ADMINISTRATOR,)),
    )


def current_status(session: Session, case_id: str) -> str:
    return session.vault.cases.summary(case_id).status


def draft_status(record: dict[str, object]) -> str:
    """The status a save of this record will set (draft or ready)."""
    return status_for(dict(record))


def log_disclosure(
    session: Session, case_id: str, entry: DisclosureEntry, *, clock: Clock
) -> CaseVersion:
    """Record who the pack is shown or printed for, and why, in the case's disclosure log.

    Works for finalised and exported cases too: the log may grow after sign-off."""
    return record_disclosure(session, case_id, entry, clock=clock)


def log_disclosures(
    session: Session, entries: Mapping[str, DisclosureEntry], *, clock: Clock
) -> int:
    """One disclosure-log entry per case (case id -> entry), all recorded or none."""
    with session.vault.transaction():
        for case_id, entry in entries.items():
            record_disclosure(session, case_id, entry, clock=clock)
    return len(entries)
