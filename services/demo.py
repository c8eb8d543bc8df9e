"""Filling a vault with fictional cases for evaluation, training and benchmarks."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from crypto.kdf import KdfParams
from forms.readiness import can_finalise
from forms.samples import record_for_person
from services.cases import create_case, form_for, nation_for
from services.clock import Clock, iso
from services.demo_people import demo_people, recorded_again
from services.device_identity import device_identity
from services.device_nation import check_nation
from services.errors import InvalidInput
from services.session import Session
from services.settings import device_nation

Progress = Callable[[int, int, str], None]


def require_training(session: Session) -> None:
    """Refuse a real vault: fictional cases and the demo supervisor (who shares the worker's
    passphrase) must never reach a real archive."""
    if not device_identity(session.vault).training:
        raise InvalidInput(
            "This is a real vault, not a training one: demo cases and the demo supervisor are "
            "only added to training vaults. Nothing was added. Give an empty --data-dir to "
            "create a training vault."
        )


def fill_demo(
    session: Session,
    count: int,
    *,
    clock: Clock,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    nation: str | None = None,
    again: bool = False,
) -> int:
    """Add `count` fictional cases in `nation` (default: the device's); complete ones are marked
    ready. Returns how many were added. Training vaults only. `again`: the same people as a
    second worker elsewhere would record them (other spellings, name order, age a year off),
    for rehearsing the council's possible-match check with two laptops."""
    require_training(session)
    chosen = check_nation(nation) if nation is not None else device_nation(session)
    if chosen is None:
        raise InvalidInput("This vault has no nation set: give the nation for the demo cases.")
    added = 0
    for listed in demo_people(count):
        if cancelled():
            break
        person = recorded_again(listed) if again else listed
        record = record_for_person(
            person, case_id=str(uuid.uuid4()), now=iso(clock.now()), nation=chosen
        )
        version = create_case(session, clock=clock, record=record)
        ready, _gaps = can_finalise(record, form_for(record), nation_for(record))
        if ready:
            session.vault.cases.set_status(version.case_id, "ready")
        added += 1
        if progress is not None:
            progress(added, count, "Adding fictional cases")
    return added


DEMO_SUPERVISOR = "Demo Supervisor"


def finalise_demo_cases(
    session: Session,
    count: int,
    *,
    supervisor_passphrase: str,
    clock: Clock,
    kdf: KdfParams | None = None,
) -> int:
    """Sign off up to `count` ready cases as a demo supervisor (added if missing, with the
    given passphrase), so a newcomer can try export, receive and receipt end to end.

    Only for demo vaults: the supervisor shares the demo worker's passphrase."""
    from services.case_lifecycle import finalise_case  # lifecycle imports cases; keep it lazy
    from services.worker_choices import list_workers
    from services.workers import add_worker

    require_training(session)
    if count <= 0:
        return 0
    if not any(w.display_name == DEMO_SUPERVISOR for w in list_workers(session.paths)):
        add_worker(
            session,
            display_name=DEMO_SUPERVISOR,
            role="supervisor",
            passphrase=supervisor_passphrase,
            clock=clock,
            **({} if kdf is None else {"kdf": kdf}),
        )
    done = 0
    for summary in session.vault.cases.list_summaries(status="ready"):
        if done >= count:
            break
        finalise_case(
            session,
            summary.case_id,
            supervisor_name=DEMO_SUPERVISOR,
            supervisor_passphrase=supervisor_passphrase,
            clock=clock,
        )
        done += 1
    return done
