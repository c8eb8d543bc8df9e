"""One nation per case, chosen by the worker: routes, guardian, support and documents follow it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from forms.outputs import output_view
from forms.routes import compute_routes
from services.case_lifecycle import save_draft
from services.cases import create_case, nation_for, open_case
from services.demo import fill_demo
from services.device_identity import TRAINING
from services.device_nation import DEVICE_NATION_KEY
from services.documents import case_documents
from services.errors import InvalidInput
from services.session import Session, unlock
from services.settings import device_nation, set_device_nation
from tests.services.conftest import ADMIN_PASSPHRASE, Provisioned

NATIONS = ("england", "wales", "scotland", "northern_ireland")
GUARDIANS = {
    "england": "Independent Child Trafficking Guardians",
    "wales": "Independent Child Trafficking Guardians",
    "scotland": "Guardianship Scotland",
    "northern_ireland": "Independent Guardian Service",
}
SUPPORT = {
    "england": "0800 808 3733",
    "wales": "0800 808 3733",
    "scotland": "0141 884 7900",
    "northern_ireland": "028 9244 8449",
}
# An adult who declines, met by a police officer: a Duty to Notify only in England and Wales.
DECLINING = {"pv_under_18": "no", "nrm_consent": "no", "fr_organisation": "eng_kent"}
SEPARATED_CHILD = {"pv_under_18": "yes", "person_with_pr_in_uk": "no", "accompanied": "no"}


@pytest.fixture
def session(provisioned: Provisioned) -> Iterator[Session]:
    admin = unlock(
        provisioned.paths, provisioned.report.worker_id, ADMIN_PASSPHRASE, clock=provisioned.clock
    )
    yield admin
    admin.lock()


def _answer(session: Session, case_id: str, answers: dict[str, Any], clock: Any) -> None:
    record = copy.deepcopy(open_case(session, case_id).version.document)
    record["answers"].update(answers)
    save_draft(session, record, clock=clock)


def _routes(session: Session, case_id: str) -> list[str]:
    opened = open_case(session, case_id)
    return [r.id for r in compute_routes(opened.version.document, opened.form, opened.nation)]


@pytest.mark.parametrize("nation", NATIONS)
def test_a_case_opened_in_each_nation_routes_by_that_nation(
    session: Session, provisioned: Provisioned, nation: str
) -> None:
    clock = provisioned.clock
    adult = create_case(session, clock=clock, nation=nation).case_id
    assert open_case(session, adult).version.document["answers"]["fr_nation"] == nation
    _answer(session, adult, DECLINING, clock)
    assert ("duty_to_notify" in _routes(session, adult)) == (nation in ("england", "wales"))
    assert session.vault.cases.summary(adult).summary["nation"] == nation

    child = create_case(session, clock=clock, nation=nation).case_id
    _answer(session, child, SEPARATED_CHILD, clock)
    opened = open_case(session, child)
    routes = compute_routes(opened.version.document, opened.form, opened.nation)
    assert GUARDIANS[nation] in next(r.title for r in routes if r.id == "guardian")
    view = output_view(opened.version.document, opened.form, "nrm", opened.nation)
    assert view["guardian_service"].startswith(GUARDIANS[nation])
    assert SUPPORT[nation] in [p["phone"] for p in view["support_providers"]]
    titles = {d.output_id for d in case_documents(session, adult)}
    assert ("duty_to_notify" in titles) == (nation in ("england", "wales"))


def test_defect_1_the_workers_nation_answer_decides_and_its_change_is_audited(
    session: Session, provisioned: Provisioned
) -> None:
    clock = provisioned.clock
    case_id = create_case(session, clock=clock).case_id  # the device's nation: England
    assert nation_for(open_case(session, case_id).version.document).id == "england"
    # A Police Scotland officer corrects the nation; the adult declines the NRM.
    _answer(session, case_id, {**DECLINING, "fr_nation": "scotland"}, clock)
    opened = open_case(session, case_id)
    assert opened.nation.id == "scotland"
    assert "duty_to_notify" not in _routes(session, case_id)
    assert {d.output_id for d in case_documents(session, case_id)}.isdisjoint({"duty_to_notify"})
    changes = [e for e in session.vault.audit.entries() if e.event == "case_nation_changed"]
    assert [(e.case_id, e.detail) for e in changes] == [(case_id, "from=england,to=scotland")]
    # Saving again without a change adds no second entry.
    _answer(session, case_id, {"will_cooperate": "no"}, clock)
    assert sum(e.event == "case_nation_changed" for e in session.vault.audit.entries()) == 1


def test_new_cases_open_in_the_device_nation_set_at_set_up(
    session: Session, provisioned: Provisioned
) -> None:
    clock = provisioned.clock
    assert device_nation(session) == "england"
    assert provisioned.report.nation == "england"
    set_device_nation(session, "northern_ireland", clock=clock)
    case_id = create_case(session, clock=clock).case_id
    assert open_case(session, case_id).nation.id == "northern_ireland"
    with pytest.raises(InvalidInput):
        set_device_nation(session, "mercia", clock=clock)


def test_a_vault_without_a_nation_asks_instead_of_assuming_england(
    session: Session, provisioned: Provisioned
) -> None:
    session.vault.settings.set(TRAINING, True)  # demo cases go only into training vaults
    session.vault.settings.delete(DEVICE_NATION_KEY)  # a vault set up before it was asked
    with pytest.raises(InvalidInput, match="no nation"):
        create_case(session, clock=provisioned.clock)
    with pytest.raises(InvalidInput, match="no nation"):
        fill_demo(session, 1, clock=provisioned.clock)
    assert create_case(session, clock=provisioned.clock, nation="wales").case_id


@pytest.mark.parametrize("nation", NATIONS)
def test_demo_cases_follow_the_chosen_nation(
    session: Session, provisioned: Provisioned, nation: str
) -> None:
    session.vault.settings.set(TRAINING, True)  # demo cases go only into training vaults
    added = fill_demo(session, 5, clock=provisioned.clock, nation=nation)
    summaries = session.vault.cases.list_summaries()
    assert added == 5 and {s.summary["nation"] for s in summaries} == {nation}
    routes = [r for s in summaries for r in s.summary["routes"]]
    # p05 declines the NRM: a Duty to Notify in England and Wales only.
    assert ("duty_to_notify" in routes) == (nation in ("england", "wales"))
