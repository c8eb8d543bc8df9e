"""Draft/ready status on save, supervisor sign-off, read-only finalised cases, amendments."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from crypto.errors import CryptoError
from crypto.kdf import FLOOR_KDF
from forms.samples import record_for_person
from services.case_lifecycle import (
    FINALISATION,
    amend_case,
    finalise_case,
    record_disclosure,
    save_draft,
    verify_sign_off,
)
from services.case_status import DRAFT, FINALISED, READY
from services.cases import blank_record, create_case, open_case
from services.disclosures import DisclosureEntry
from services.errors import (
    CaseReadOnly,
    InvalidInput,
    NotReadyToFinalise,
    PermissionDenied,
    SaveConflict,
    UnlockFailed,
)
from services.keystore_file import read_keystore
from services.session import Session, unlock
from services.workers import add_worker
from tests.services.conftest import ADMIN_PASSPHRASE, Provisioned

SUPERVISOR = "Priya Shah"
SUPERVISOR_PASSPHRASE = "copper lagoon mitten saddle tundra"


@pytest.fixture
def session(provisioned: Provisioned) -> Iterator[Session]:
    admin = unlock(
        provisioned.paths, provisioned.report.worker_id, ADMIN_PASSPHRASE, clock=provisioned.clock
    )
    add_worker(
        admin,
        display_name=SUPERVISOR,
        role="supervisor",
        passphrase=SUPERVISOR_PASSPHRASE,
        clock=provisioned.clock,
        kdf=FLOOR_KDF,
    )
    yield admin
    admin.lock()


def _complete_case(session: Session, provisioned: Provisioned, person: dict[str, Any]) -> str:
    record = record_for_person(
        person, case_id="c-" + person["id"], now="2026-11-28T10:00:00Z", nation="england"
    )
    create_case(
        session,
        clock=provisioned.clock,
        record=blank_record(provisioned.clock, nation="england") | {"case_id": record["case_id"]},
    )
    save_draft(session, record, clock=provisioned.clock)
    return str(record["case_id"])


def _status(session: Session, case_id: str) -> str:
    return session.vault.cases.summary(case_id).status


def test_empty_draft_stays_draft_and_complete_record_becomes_ready(
    session: Session, provisioned: Provisioned, people: list[dict[str, Any]]
) -> None:
    blank = blank_record(provisioned.clock, nation="england")
    create_case(session, clock=provisioned.clock, record=blank)
    save_draft(session, blank, clock=provisioned.clock)
    assert _status(session, blank["case_id"]) == DRAFT
    case_id = _complete_case(session, provisioned, people[0])
    assert _status(session, case_id) == READY


def test_stale_save_is_refused_not_overwritten(
    session: Session, provisioned: Provisioned, people: list[dict[str, Any]]
) -> None:
    case_id = _complete_case(session, provisioned, people[0])
    opened = open_case(session, case_id)
    with pytest.raises(SaveConflict):
        save_draft(session, opened.version.document, clock=provisioned.clock, expected_revision=1)
    assert session.vault.cases.current(case_id).revision == opened.version.revision


def test_finalise_signs_off_and_makes_case_read_only(
    session: Session, provisioned: Provisioned, people: list[dict[str, Any]]
) -> None:
    case_id = _complete_case(session, provisioned, people[0])
    version = finalise_case(
        session,
        case_id,
        supervisor_name=SUPERVISOR,
        supervisor_passphrase=SUPERVISOR_PASSPHRASE,
        clock=provisioned.clock,
    )
    assert _status(session, case_id) == FINALISED
    record = version.document
    assert verify_sign_off(session, record) == record[FINALISATION]["supervisor_id"]
    with pytest.raises(CaseReadOnly):
        save_draft(session, record, clock=provisioned.clock)
    tampered = copy.deepcopy(record)
    tampered["answers"]["name_latin"] = "Someone Else"
    with pytest.raises(CryptoError):
        verify_sign_off(session, tampered)
    events = [e.event for e in session.vault.audit.entries()]
    assert "case_finalised" in events


def test_sign_off_needs_another_supervisor_with_the_right_passphrase(
    session: Session, provisioned: Provisioned, people: list[dict[str, Any]]
) -> None:
    case_id = _complete_case(session, provisioned, people[0])
    with pytest.raises(PermissionDenied):
        finalise_case(
            session,
            case_id,
            supervisor_name="Sam Okafor",
            supervisor_passphrase=ADMIN_PASSPHRASE,
            clock=provisioned.clock,
        )
    with pytest.raises(UnlockFailed):
        finalise_case(
            session,
            case_id,
            supervisor_name=SUPERVISOR,
            supervisor_passphrase="wrong wrong wrong wrong",
            clock=provisioned.clock,
        )
    # The failed attempt counts towards the supervisor's own back-off, as at the unlock screen.
    slot = next(s for s in read_keystore(provisioned.paths).slots if s.display_name == SUPERVISOR)
    assert slot.failures == 1
    assert _status(session, case_id) == READY


def test_gaps_need_reasons_before_finalising(session: Session, provisioned: Provisioned) -> None:
    blank = blank_record(provisioned.clock, nation="england")
    create_case(session, clock=provisioned.clock, record=blank)
    with pytest.raises(NotReadyToFinalise) as refused:
        finalise_case(
            session,
            blank["case_id"],
            supervisor_name=SUPERVISOR,
            supervisor_passphrase=SUPERVISOR_PASSPHRASE,
            clock=provisioned.clock,
        )
    assert refused.value.gaps
    assert _status(session, blank["case_id"]) == DRAFT


def test_amendment_needs_reason_and_reopens_as_new_version(
    session: Session, provisioned: Provisioned, people: list[dict[str, Any]]
) -> None:
    case_id = _complete_case(session, provisioned, people[2])
    finalised = finalise_case(
        session,
        case_id,
        supervisor_name=SUPERVISOR,
        supervisor_passphrase=SUPERVISOR_PASSPHRASE,
        clock=provisioned.clock,
    )
    with pytest.raises(InvalidInput):
        amend_case(session, case_id, reason="   ", clock=provisioned.clock)
    amended = amend_case(
        session, case_id, reason="Interpreter corrected the spelling", clock=provisioned.clock
    )
    assert amended.revision == finalised.revision + 1
    assert FINALISATION not in amended.document
    assert amended.document["amendments"][-1]["reason"] == "Interpreter corrected the spelling"
    assert amended.document["amendments"][-1]["from_revision"] == finalised.revision
    assert _status(session, case_id) == READY
    # The signed version is still there, unchanged (versions are append-only).
    kept = session.vault.cases.version(case_id, finalised.revision).document
    assert verify_sign_off(session, kept)


def _entry(to: str) -> DisclosureEntry:
    return DisclosureEntry(
        what="Referral pack (print preview)",
        to=to,
        at="2026-11-28T11:00",
        why="Children's services referral",
        by="Test worker",
    )


def test_disclosure_log_grows_after_sign_off_without_breaking_it(
    session: Session, provisioned: Provisioned, people: list[dict[str, Any]]
) -> None:
    case_id = _complete_case(session, provisioned, people[0])
    record_disclosure(session, case_id, _entry("Before sign-off"), clock=provisioned.clock)
    finalise_case(
        session,
        case_id,
        supervisor_name=SUPERVISOR,
        supervisor_passphrase=SUPERVISOR_PASSPHRASE,
        clock=provisioned.clock,
    )
    after = record_disclosure(
        session, case_id, _entry("Kent children's services"), clock=provisioned.clock
    )
    record = after.document
    assert [e["disclosure_to"] for e in record["answers"]["disclosures"]][-2:] == [
        "Before sign-off",
        "Kent children's services",
    ]
    assert _status(session, case_id) == FINALISED
    assert verify_sign_off(session, record) == record[FINALISATION]["supervisor_id"]
    assert "disclosure_logged" in [e.event for e in session.vault.audit.entries()]
    # Entries that existed at sign-off are covered by the signature.
    rewritten = copy.deepcopy(record)
    rewritten["answers"]["disclosures"][-2]["disclosure_to"] = "Someone else"
    with pytest.raises(CryptoError):
        verify_sign_off(session, rewritten)
    # No audit entry names who it was for.
    assert not any("Kent" in e.detail for e in session.vault.audit.entries())


def test_disclosure_needs_who_and_why(
    session: Session, provisioned: Provisioned, people: list[dict[str, Any]]
) -> None:
    case_id = _complete_case(session, provisioned, people[0])
    before = session.vault.cases.current(case_id).revision
    with pytest.raises(InvalidInput):
        record_disclosure(session, case_id, _entry("   "), clock=provisioned.clock)
    assert session.vault.cases.current(case_id).revision == before


def test_disclosures_for_several_cases_are_all_or_nothing(
    session: Session, provisioned: Provisioned, people: list[dict[str, Any]]
) -> None:
    from services.case_editing import log_disclosures

    first = _complete_case(session, provisioned, people[0])
    second = _complete_case(session, provisioned, people[1])
    revisions = {c: session.vault.cases.current(c).revision for c in (first, second)}
    with pytest.raises(InvalidInput):
        log_disclosures(
            session, {first: _entry("Kent Police"), second: _entry("")}, clock=provisioned.clock
        )
    assert {c: session.vault.cases.current(c).revision for c in (first, second)} == revisions
    assert (
        log_disclosures(
            session,
            {first: _entry("Kent Police"), second: _entry("Kent Police")},
            clock=provisioned.clock,
        )
        == 2
    )
    for case_id in (first, second):
        log = session.vault.cases.current(case_id).document["answers"]["disclosures"]
        assert log[-1]["disclosure_to"] == "Kent Police"
