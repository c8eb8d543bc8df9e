"""The worker's own details: asked once, copied into each new case, editable per case."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services.cases import create_case, open_case, save_case
from services.clock import FakeClock
from services.errors import InvalidInput
from services.my_details import my_details, save_my_details
from services.session import Session, unlock
from tests.services.conftest import ADMIN_PASSPHRASE, Provisioned

DETAILS = {
    "fr_first_name": "Sam",
    "fr_last_name": "Okafor",
    "fr_role": "Border Force officer",
    "fr_organisation": "uk_border_force",
    "fr_phone": "01304 555123",
    "fr_email": "sam.okafor@example.gov.uk",
    "fr_alt_contact_email": "dover-safeguarding@example.gov.uk",
}


@pytest.fixture
def session(provisioned: Provisioned) -> Iterator[Session]:
    worker = unlock(
        provisioned.paths, provisioned.report.worker_id, ADMIN_PASSPHRASE, clock=provisioned.clock
    )
    yield worker
    worker.lock()


@pytest.fixture
def clock(provisioned: Provisioned) -> FakeClock:
    return provisioned.clock


def test_details_asked_once_fill_every_new_case(session: Session, clock: FakeClock) -> None:
    before = create_case(session, clock=clock).document
    assert "fr_first_name" not in before["answers"]
    save_my_details(session, {**DETAILS, "fr_role": "  Border Force officer  "}, clock=clock)
    assert my_details(session) == DETAILS  # trimmed, as kept
    first = create_case(session, clock=clock).document
    second = create_case(session, clock=clock).document
    for record in (first, second):
        assert {k: record["answers"][k] for k in DETAILS} == DETAILS
    # Editable per case: changing one case changes neither the profile nor the other case.
    first["answers"]["fr_phone"] = "07700 900123"
    save_case(session, first, clock=clock, expected_revision=1)
    assert my_details(session)["fr_phone"] == "01304 555123"
    kept = open_case(session, second["case_id"]).version.document["answers"]["fr_phone"]
    assert kept == "01304 555123"
    # The case opened before the details were given is left as it was.
    assert "fr_first_name" not in open_case(session, before["case_id"]).version.document["answers"]


def test_only_the_workers_own_questions_are_kept(session: Session, clock: FakeClock) -> None:
    with pytest.raises(InvalidInput, match="name_latin"):
        save_my_details(session, {"name_latin": "Someone else"}, clock=clock)
    save_my_details(session, {"fr_first_name": "Sam", "fr_role": "   "}, clock=clock)
    assert my_details(session) == {"fr_first_name": "Sam"}  # blanks are not kept
