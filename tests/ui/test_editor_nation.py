"""The worker changes the nation in the editor: the routes follow at once, and it is audited."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.ui.editor_support import (
    Desk,
    desk_fixture,  # noqa: F401 (the desk fixture)
    fill,
    new_case_id,
    open_editor,
    wait_saved,
)


def test_changing_the_nation_in_the_editor_reroutes_and_is_audited(
    qtbot: QtBot, desk: Desk
) -> None:
    case_id = new_case_id(desk)  # the laptop was set up for England
    editor = open_editor(qtbot, desk, case_id)
    fill(qtbot, editor, {"pv_under_18": "no", "nrm_consent": "no", "fr_organisation": "eng_kent"})
    editor.refresh()
    assert [r.id for r in editor.last_routes] == ["duty_to_notify"]
    # A Police Scotland officer: no s52 Duty to Notify in Scotland.
    fill(qtbot, editor, {"fr_nation": "scotland"})
    editor.refresh()
    assert [r.id for r in editor.last_routes] == []
    wait_saved(qtbot, editor)
    entries = desk.runner.run_blocking(lambda: desk.session.vault.audit.entries({case_id}))
    assert [e.detail for e in entries if e.event == "case_nation_changed"] == [
        "from=england,to=scotland"
    ]
