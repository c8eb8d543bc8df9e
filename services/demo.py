"""Filling a vault with fictional cases for evaluation, training and benchmarks."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from forms.readiness import can_finalise
from forms.samples import record_for_person
from services.cases import create_case, form_for, nation_for
from services.clock import Clock, iso
from services.demo_people import demo_people
from services.session import Session

Progress = Callable[[int, int, str], None]


def fill_demo(
    session: Session,
    count: int,
    *,
    clock: Clock,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Add `count` fictional cases; complete ones are marked ready. Returns how many were added."""
    added = 0
    for person in demo_people(count):
        if cancelled():
            break
        record = record_for_person(person, case_id=str(uuid.uuid4()), now=iso(clock.now()))
        version = create_case(session, clock=clock, record=record)
        ready, _gaps = can_finalise(record, form_for(record), nation_for(record))
        if ready:
            session.vault.cases.set_status(version.case_id, "ready")
        added += 1
        if progress is not None:
            progress(added, count, "Adding fictional cases")
    return added
