"""Adult intakes through the editor: consent routes to the NRM, a refusal to an anonymous DtN."""

from __future__ import annotations

import json

from pytestqt.qtbot import QtBot

from forms.outputs import output_view
from forms.samples import record_for_person
from services.case_analysis import NOT_APPLICABLE
from services.cases import open_case
from services.clock import iso
from tests.ui.editor_support import (
    Desk,
    canonical,
    desk_fixture,  # noqa: F401 (the desk fixture)
    fill,
    new_case_id,
    open_editor,
    person,
    wait_saved,
)


def intake(qtbot: QtBot, desk: Desk, person_id: str, consent: bool) -> tuple[str, dict, object]:
    case_id = new_case_id(desk)
    who = person(person_id)
    expected = record_for_person(
        who, case_id=case_id, now=iso(desk.clock.now()), consent=consent, nation="england"
    )
    editor = open_editor(qtbot, desk, case_id)
    fill(qtbot, editor, expected["answers"], keyed=("name_native", "name_latin"))
    editor.refresh()
    wait_saved(qtbot, editor)
    assert editor.navigator.section_state("childrens_services") == NOT_APPLICABLE
    assert editor.navigator.section_state("consent") != NOT_APPLICABLE
    desk.relock()
    opened = desk.runner.run_blocking(lambda: open_case(desk.session, case_id))
    assert opened.version.document["answers"] == canonical(opened.form, expected["answers"])
    return case_id, opened.version.document, editor


def test_consenting_adult_goes_to_the_nrm(qtbot: QtBot, desk: Desk) -> None:
    _case_id, _record, editor = intake(qtbot, desk, "p06", consent=True)
    routes = [r.id for r in editor.last_routes]  # type: ignore[attr-defined]
    assert "nrm_adult" in routes and "duty_to_notify" not in routes
    assert "childrens_services" not in routes
    assert editor.navigator.section_state("duty_to_notify") == NOT_APPLICABLE  # type: ignore[attr-defined]


def test_declining_adult_gets_an_anonymous_duty_to_notify(qtbot: QtBot, desk: Desk) -> None:
    who = person("p05")
    _case_id, record, editor = intake(qtbot, desk, "p05", consent=False)
    routes = {r.id: r for r in editor.last_routes}  # type: ignore[attr-defined]
    assert "duty_to_notify" in routes and "nrm_adult" not in routes
    assert "no name or contact details" in routes["duty_to_notify"].reason
    assert editor.navigator.section_state("duty_to_notify") != NOT_APPLICABLE  # type: ignore[attr-defined]
    view = output_view(record, editor.form, "duty_to_notify", editor.nation)  # type: ignore[attr-defined]
    text = json.dumps(view, ensure_ascii=False)
    assert view["anonymous"] is True
    for name in (who["name_native"], who["name_latin"], record["answers"]["pv_last_name"]):
        assert name not in text
    assert record["answers"]["name_native"] == who["name_native"]  # kept in the record itself
