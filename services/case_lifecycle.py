"""Saving drafts, supervisor sign-off and amendments: how a case moves through its statuses.

A finalised record is read-only. Its sign-off travels inside the record: the supervisor's
Ed25519 signature over the canonical JSON of everything else, so council IT can check who
signed off exactly which content. An amendment appends a version with a reason and takes the
case back to draft; it must be signed off again before it can be exported again.

The one thing that still grows after sign-off is the disclosure log: printing or saving the
pack of a finalised case is a disclosure and must be recorded with the case. The signature
covers the entries that existed at sign-off (their count is in the sign-off block); later
entries are appended without touching the assessment or its signature.
"""

from __future__ import annotations

import base64
import copy
import hashlib
from typing import Any

from crypto.encoding import canonical_json
from crypto.signing import sign, verify
from forms.readiness import can_finalise
from services.case_status import DRAFT, FINALISED, READ_ONLY, READY
from services.cases import form_for, nation_for, save_case
from services.clock import Clock, iso
from services.disclosures import DISCLOSURES, DisclosureEntry
from services.errors import (
    CaseReadOnly,
    InvalidInput,
    NotReadyToFinalise,
    PermissionDenied,
    SaveConflict,
)
from services.session import Session, find_worker_id, open_worker_slot
from storage.cases import CaseVersion
from storage.errors import StaleRevision

FINALISATION = "finalisation"
AMENDMENTS = "amendments"
SIGN_OFF_DOMAIN = b"first-contact/sign-off/v1"
SIGN_OFF_ROLES = ("supervisor", "administrator")
MAX_REASON_CHARS = 2000


def status_for(record: dict[str, Any]) -> str:
    """Draft, or ready when every applicable output has its answers or a reason for the gap."""
    ok, _gaps = can_finalise(record, form_for(record), nation_for(record))
    return READY if ok else DRAFT


def _refuse_if_read_only(session: Session, case_id: str) -> None:
    if session.vault.cases.summary(case_id).status in READ_ONLY:
        raise CaseReadOnly(
            "This case is finalised and can no longer be edited. Use Amend and give a reason."
        )


def save_draft(
    session: Session,
    record: dict[str, Any],
    *,
    clock: Clock,
    expected_revision: int | None = None,
) -> CaseVersion:
    """Append a version of an editable case and set its status (draft or ready).

    Saving is never blocked by missing answers; it is refused only for finalised cases and
    when someone else saved in the meantime (expected_revision), so nothing is overwritten.
    """
    case_id = str(record["case_id"])
    vault = session.vault
    with vault.transaction():
        _refuse_if_read_only(session, case_id)
        try:
            version = save_case(session, record, clock=clock, expected_revision=expected_revision)
        except StaleRevision as exc:
            raise SaveConflict(
                "This case was saved elsewhere meanwhile. Close it and open it again; "
                "nothing saved has been lost."
            ) from exc
        vault.cases.set_status(case_id, status_for(record), now=iso(clock.now()))
    return version


def _disclosures(record: dict[str, Any]) -> list[Any]:
    entries = record.get("answers", {}).get(DISCLOSURES)
    return list(entries) if isinstance(entries, list) else []


def signed_content(record: dict[str, Any], signed_disclosures: int | None = None) -> bytes:
    """The bytes a supervisor signs: the record without its own sign-off block.

    With `signed_disclosures`, only that many disclosure-log entries are included: the ones
    that existed at sign-off. Entries appended later leave the signature valid.
    """
    body = {k: v for k, v in record.items() if k != FINALISATION}
    answers = body.get("answers")
    if isinstance(answers, dict) and DISCLOSURES in answers:
        answers = dict(answers)
        signed = _disclosures(record)[:signed_disclosures]
        # An empty log and no log sign the same, so the first entry after sign-off is allowed.
        if signed:
            answers[DISCLOSURES] = signed
        else:
            del answers[DISCLOSURES]
        body["answers"] = answers
    return canonical_json(body)


def finalise_case(
    session: Session,
    case_id: str,
    *,
    supervisor_name: str,
    supervisor_passphrase: str,
    clock: Clock,
    gap_reasons: dict[str, dict[str, str]] | None = None,
) -> CaseVersion:
    """Sign off the case's current version with a supervisor's own passphrase on this screen.

    The supervisor must be a different person from the worker finalising (a second pair of
    eyes) with the supervisor or administrator role. Gap reasons given here are stored in the
    record first, so the signature covers them.
    """
    vault = session.vault
    _refuse_if_read_only(session, case_id)
    supervisor_id = find_worker_id(session.paths, supervisor_name)
    supervisor = vault.workers.get(supervisor_id)
    if supervisor.role not in SIGN_OFF_ROLES:
        raise PermissionDenied(f"{supervisor.display_name} is not a supervisor on this laptop.")
    if supervisor_id == session.worker_id:
        raise PermissionDenied(
            "A different supervisor must sign off the case: ask a colleague to enter their "
            "own passphrase."
        )
    current = vault.cases.current(case_id)
    record = copy.deepcopy(current.document)
    for output_id, reasons in (gap_reasons or {}).items():
        merged = dict(record.setdefault("gap_reasons", {}).get(output_id, {}))
        merged.update({k: v.strip() for k, v in reasons.items() if v.strip()})
        record["gap_reasons"][output_id] = merged
    ok, gaps = can_finalise(record, form_for(record), nation_for(record))
    if not ok:
        raise NotReadyToFinalise(gaps)
    opened = open_worker_slot(session.paths, supervisor_id, supervisor_passphrase, clock=clock)
    opened.dek[:] = bytes(len(opened.dek))  # only the supervisor's signing key is needed
    now = iso(clock.now())
    record.pop(FINALISATION, None)
    content = signed_content(record)
    record[FINALISATION] = {
        "finalised_at": now,
        "finalised_by": session.worker_id,
        "supervisor_id": supervisor_id,
        "content_sha256": hashlib.sha256(content).hexdigest(),
        "disclosures_signed": len(_disclosures(record)),
        "signature": base64.b64encode(sign(opened.sign_sk, SIGN_OFF_DOMAIN, content)).decode(),
    }
    with vault.transaction():
        version = save_case(session, record, clock=clock, expected_revision=current.revision)
        vault.cases.set_status(case_id, FINALISED, now=now)
        vault.audit.append(
            "case_finalised",
            worker_id=session.worker_id,
            case_id=case_id,
            detail=f"rev={version.revision},supervisor={supervisor_id}",
            now=now,
        )
    return version


def verify_sign_off(session: Session, record: dict[str, Any]) -> str:
    """Check a finalised record's supervisor signature; returns the supervisor's worker id."""
    block = record.get(FINALISATION)
    if not isinstance(block, dict):
        raise InvalidInput("This record has not been signed off.")
    supervisor = session.vault.workers.get(str(block.get("supervisor_id", "")))
    signature = base64.b64decode(str(block.get("signature", "")))
    count = block.get("disclosures_signed")
    content = signed_content(record, count if isinstance(count, int) else None)
    verify(supervisor.sign_pk, SIGN_OFF_DOMAIN, content, signature)
    return supervisor.worker_id


def record_disclosure(
    session: Session, case_id: str, entry: DisclosureEntry, *, clock: Clock
) -> CaseVersion:
    """Append one entry to the case's disclosure log as a new version, whatever its status.

    A finalised or exported case keeps its status and its sign-off (see signed_content); an
    editable case is re-assessed as draft or ready as on any save. The audit entry carries
    ids and codes only, never who the disclosure was for.
    """
    clean = entry.checked()
    vault = session.vault
    now = iso(clock.now())
    with vault.transaction():
        current = vault.cases.current(case_id)
        status = vault.cases.summary(case_id).status
        record = copy.deepcopy(current.document)
        answers = record.setdefault("answers", {})
        answers[DISCLOSURES] = [*_disclosures(record), clean.as_answer()]
        version = save_case(session, record, clock=clock, expected_revision=current.revision)
        if status not in READ_ONLY:
            vault.cases.set_status(case_id, status_for(record), now=now)
        vault.audit.append(
            "disclosure_logged",
            worker_id=session.worker_id,
            case_id=case_id,
            detail=f"rev={version.revision},status={status}",
            now=now,
        )
    return version


def amend_case(session: Session, case_id: str, *, reason: str, clock: Clock) -> CaseVersion:
    """Re-open a finalised case for changes, recording why; it must be signed off again."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Say why the case is being amended; the reason is kept with it.")
    if len(reason) > MAX_REASON_CHARS:
        raise InvalidInput(f"Keep the reason under {MAX_REASON_CHARS} characters.")
    vault = session.vault
    current = vault.cases.current(case_id)
    status = vault.cases.summary(case_id).status
    if status not in READ_ONLY:
        raise InvalidInput("Only a finalised case needs an amendment; this one can be edited.")
    record = copy.deepcopy(current.document)
    now = iso(clock.now())
    previous = record.pop(FINALISATION, None)
    record.setdefault(AMENDMENTS, []).append(
        {
            "at": now,
            "by": session.worker_id,
            "reason": reason,
            "from_revision": current.revision,
            "previous_status": status,
            "previous_supervisor_id": (previous or {}).get("supervisor_id", ""),
        }
    )
    with vault.transaction():
        version = save_case(session, record, clock=clock, expected_revision=current.revision)
        vault.cases.set_status(case_id, status_for(record), now=now)
        vault.audit.append(
            "case_amended",
            worker_id=session.worker_id,
            case_id=case_id,
            detail=f"rev={version.revision}",
            now=now,
        )
    return version
