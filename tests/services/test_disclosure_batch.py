"""services.case_editing.log_disclosures: one disclosure-log entry per case, all or nothing.

Batch printing from the case list records the worker's answer (for whom, why) for every case
printed; a failure for one case must leave every case as it was, audit trail included.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from forms.samples import record_for_person
from services.case_editing import log_disclosures
from services.case_lifecycle import save_draft
from services.cases import blank_record, create_case
from services.disclosures import DisclosureEntry
from services.errors import InvalidInput
from services.session import Session, unlock
from tests.services.conftest import ADMIN_PASSPHRASE, Provisioned


@pytest.fixture
def session(provisioned: Provisioned) -> Iterator[Session]:
    admin = unlock(
        provisioned.paths, provisioned.report.worker_id, ADMIN_PASSPHRASE, clock=provisioned.clock
    )
    yield admin
    admin.lock()


@pytest.fixture
def case_ids(session: Session, provisioned: Provisioned, people: list[dict[str, Any]]) -> list[str]:
    ids = []
    for person in people[:3]:
        record = record_for_person(
            person, case_id="c-" + person["id"], now="2026-11-28T10:00:00Z", nation="england"
        )
        create_case(
            session,
            clock=provisioned.clock,
            record=blank_record(provisioned.clock, nation="england")
            | {"case_id": record["case_id"]},
        )
        save_draft(session, record, clock=provisioned.clock)
        ids.append(str(record["case_id"]))
    return ids


def _entry(case_id: str, to: str = "Kent Police, MASH") -> DisclosureEntry:
    return DisclosureEntry(
        what=f"Referral pack for case {case_id} (batch print)",
        to=to,
        at="2026-11-28T11:00",
        why="NRM referrals",
        by="Test worker",
    )


def _state(session: Session, case_ids: list[str]) -> dict[str, tuple[int, list[Any]]]:
    """Each case's revision and disclosure log."""
    state = {}
    for case_id in case_ids:
        current = session.vault.cases.current(case_id)
        state[case_id] = (
            current.revision,
            list(current.document["answers"].get("disclosures") or []),
        )
    return state


def _logged(session: Session) -> list[str]:
    return [
        e.case_id or "" for e in session.vault.audit.entries() if e.event == "disclosure_logged"
    ]


def test_every_case_gets_its_own_entry(
    session: Session, provisioned: Provisioned, case_ids: list[str]
) -> None:
    before = _state(session, case_ids)
    count = log_disclosures(session, {c: _entry(c) for c in case_ids}, clock=provisioned.clock)
    assert count == len(case_ids)
    after = _state(session, case_ids)
    for case_id in case_ids:
        revision, log = after[case_id]
        assert revision == before[case_id][0] + 1
        assert log[:-1] == before[case_id][1]  # appended, nothing earlier rewritten
        assert log[-1]["disclosure_to"] == "Kent Police, MASH"
        assert log[-1]["disclosure_what"] == f"Referral pack for case {case_id} (batch print)"
    assert sorted(_logged(session)) == sorted(case_ids)  # one audit event per case


@pytest.mark.parametrize("bad", [0, 2], ids=["first", "last"])
def test_an_invalid_entry_changes_no_case(
    session: Session, provisioned: Provisioned, case_ids: list[str], bad: int
) -> None:
    before = _state(session, case_ids)
    entries = {c: _entry(c) for c in case_ids}
    entries[case_ids[bad]] = _entry(case_ids[bad], to="")  # who it was for is required
    with pytest.raises(InvalidInput):
        log_disclosures(session, entries, clock=provisioned.clock)
    assert _state(session, case_ids) == before
    assert _logged(session) == []
    # The same batch, corrected, goes through afterwards.
    assert log_disclosures(session, {c: _entry(c) for c in case_ids}, clock=provisioned.clock) == 3
