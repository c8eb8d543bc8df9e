"""What the assessment editor needs beyond saving: the case as opened, and disclosure logging."""

from __future__ import annotations

from dataclasses import dataclass

from services.case_lifecycle import SIGN_OFF_ROLES, status_for
from services.case_status import READ_ONLY
from services.cases import OpenedCase, open_case
from services.clock import Clock, iso
from services.session import Session


@dataclass(frozen=True)
class EditingCase:
    """A case opened for the editor: its version, status, reference and who can sign it off."""

    opened: OpenedCase
    status: str
    reference: str
    supervisors: tuple[str, ...]  # display names of other supervisors and administrators
    worker_name: str

    @property
    def read_only(self) -> bool:
        return self.status in READ_ONLY


def open_for_editing(session: Session, case_id: str) -> EditingCase:
    opened = open_case(session, case_id)
    summary = session.vault.cases.summary(case_id)
    supervisors = tuple(
        sorted(
            (
                w.display_name
                for w in session.vault.workers.list()
                if w.role in SIGN_OFF_ROLES and w.worker_id != session.worker_id
            ),
            key=str.casefold,
        )
    )
    return EditingCase(
        opened=opened,
        status=summary.status,
        reference=summary.reference,
        supervisors=supervisors,
        worker_name=session.worker.display_name or session.worker_id,
    )


def current_status(session: Session, case_id: str) -> str:
    return session.vault.cases.summary(case_id).status


def draft_status(record: dict[str, object]) -> str:
    """The status a save of this record will set (draft or ready)."""
    return status_for(dict(record))


def log_disclosure_for_read_only(session: Session, case_id: str, *, clock: Clock) -> None:
    """A finalised case cannot take a new version without breaking its sign-off, so a
    disclosure (previewing or printing the pack) is recorded in the audit trail only, with
    codes, never the names of who it was for."""
    session.vault.audit.append(
        "disclosure_logged",
        worker_id=session.worker_id,
        case_id=case_id,
        detail="pack_preview,read_only",
        now=iso(clock.now()),
    )
