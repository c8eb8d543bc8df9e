"""The case list shows when a confirmed case will be purged (issue 18, finding 7)."""

from __future__ import annotations

from services.case_queries import case_rows, find_case_rows
from services.cases import create_case
from services.retention import due_for_purge
from services.session import unlock
from services.settings import set_retention_days
from tests.services.conftest import ADMIN_PASSPHRASE, Provisioned

DAY = 86_400


def test_confirmed_cases_show_their_purge_date(provisioned: Provisioned) -> None:
    clock = provisioned.clock
    session = unlock(provisioned.paths, provisioned.report.worker_id, ADMIN_PASSPHRASE, clock=clock)
    try:
        confirmed = create_case(session, clock=clock).case_id
        draft = create_case(session, clock=clock).case_id
        session.vault.cases.set_status(confirmed, "receipt_confirmed", now="2027-03-01T10:00:00Z")
        labels = {row.case_id: row.status_label for row in case_rows(session)}
        assert labels[confirmed] == "Receipt confirmed; purged from 2027-03-31"
        assert labels[draft] == "Draft"
        set_retention_days(session, 7, clock=clock)
        (row,) = case_rows(session, status="receipt_confirmed")
        assert row.status_label.endswith("purged from 2027-03-08")
        assert [
            r.status_label for r in find_case_rows(session, "", status="receipt_confirmed")
        ] == [row.status_label]
        # The date shown is the one the purge uses.
        clock.current = clock.current.replace(year=2027, month=3, day=7, hour=23)
        assert due_for_purge(session, clock=clock) == []
        clock.current = clock.current.replace(day=8, hour=10, minute=0)
        assert due_for_purge(session, clock=clock) == [confirmed]
    finally:
        session.lock()
