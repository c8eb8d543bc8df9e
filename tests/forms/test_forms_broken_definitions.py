"""A broken definition is refused at load with a message naming the file, the field and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from forms.definition import DefinitionError, load_form_file

HEAD = """
id = "broken"
version = 1
title = "Broken"

[[outputs]]
id = "nrm"
title = "NRM"
routes = ["nrm_child"]

[[sections]]
id = "s1"
title = "One"
"""


def _field(field_id: str, extra: str = "", field_type: str = "yes_no") -> str:
    return (
        f'\n[[sections.fields]]\nid = "{field_id}"\ntype = "{field_type}"\nlabel = "L"\n{extra}\n'
    )


def _load(tmp_path: Path, body: str) -> None:
    path = tmp_path / "broken.v1.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    load_form_file(path)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            _field("a", 'shown_when = { field = "ghost", equals = "yes" }'),
            "broken.v1.toml: field 'a': condition refers to unknown field 'ghost'",
        ),
        (
            _field("a", 'list_id = "planets"', "controlled_list"),
            "broken.v1.toml: field 'a': unknown list 'planets'",
        ),
        (
            _field("a", 'shown_when = { field = "b", equals = "yes" }')
            + _field("b", 'shown_when = { field = "a", equals = "yes" }'),
            "broken.v1.toml: field 'a': conditions form a cycle: a -> b -> a",
        ),
        (
            _field("a", 'shown_when = { field = "a", answered = true }'),
            "broken.v1.toml: field 'a': conditions form a cycle: a -> a",
        ),
        (
            _field("a", 'shown_when = { field = "b", equals = "maybe" }') + _field("b"),
            "broken.v1.toml: field 'a': condition tests 'b' for 'maybe', not an option",
        ),
        (
            _field("a", 'shown_when = { field = "b", greater = 3 }') + _field("b"),
            "broken.v1.toml: field 'a': bad condition: unknown condition shape",
        ),
        (_field("a", "", "slider"), "broken.v1.toml: field 'a': unknown type 'slider'"),
        (
            _field("a", 'required_for = ["poster"]'),
            "broken.v1.toml: field 'a': unknown output 'poster'",
        ),
        (_field("a") + _field("a"), "broken.v1.toml: field 'a': duplicate field id"),
        (
            _field("a", 'shown_when = "a == 1"'),
            "broken.v1.toml: field 'a': bad condition: a condition must be a table",
        ),
    ],
)
def test_broken_definition_gives_the_precise_message(
    tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(DefinitionError) as caught:
        _load(tmp_path, body)
    assert str(caught.value).startswith(message)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match=r"^broken.v1.toml: \(file\): not valid TOML"):
        _load(tmp_path, "[[sections.fields]\n")


def test_a_sound_small_definition_loads(tmp_path: Path) -> None:
    path = tmp_path / "small.v1.toml"
    path.write_text(
        HEAD + _field("a") + _field("b", 'shown_when = { field = "a", equals = "yes" }')
    )
    form = load_form_file(path)
    assert form.order.index("a") < form.order.index("b")
    assert form.fields["b"].section_id == "s1"


@pytest.mark.parametrize(
    ("allow", "named_when", "message"),
    [
        ('["ok", "name"]', '{ field = "ok", equals = "yes" }', "allow-list: 'name' can identify"),
        (
            '["ok", "ghost"]',
            '{ field = "ok", equals = "yes" }',
            "allow-list: unknown top-level field 'ghost'",
        ),
        ('["ok"]', None, "an allow-list needs 'named_when'"),
    ],
)
def test_an_allow_list_names_only_what_cannot_identify(
    tmp_path: Path, allow: str, named_when: str | None, message: str
) -> None:
    lines = f"anonymous_fields = {allow}\n"
    if named_when:
        lines += f"named_when = {named_when}\n"
    head = HEAD.replace('routes = ["nrm_child"]\n', f'routes = ["nrm_child"]\n{lines}')
    path = tmp_path / "broken.v1.toml"
    path.write_text(head + _field("ok") + _field("name", "sensitive = true", "text"))
    with pytest.raises(DefinitionError) as caught:
        load_form_file(path)
    assert str(caught.value).startswith(f"broken.v1.toml: output 'nrm': {message}")


FIRST_CONTACT_OUTPUT = '\n[[outputs]]\nid = "first_contact_record"\ntitle = "Record"\n'


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("after_first_contact = true", "'after_first_contact' on a question no document needs"),
        (
            'after_first_contact = true\nrequired_for = ["nrm", "first_contact_record"]',
            "'after_first_contact' on a question of the first-contact record",
        ),
    ],
)
def test_only_later_questions_are_marked_after_first_contact(
    tmp_path: Path, extra: str, message: str
) -> None:
    head = HEAD.replace("[[sections]]", FIRST_CONTACT_OUTPUT + "\n[[sections]]", 1)
    path = tmp_path / "broken.v1.toml"
    path.write_text(head + _field("a", extra))
    with pytest.raises(DefinitionError) as caught:
        load_form_file(path)
    assert str(caught.value).startswith(f"broken.v1.toml: field 'a': {message}")


def test_the_definition_marks_only_later_questions() -> None:
    from forms.definition import load_form

    form = load_form("uk-first-contact", 1)
    later = {f.id for f in form.fields.values() if f.after_first_contact}
    assert {"how_it_started", "exploiter_details", "pv_family"} <= later
    # What a first responder can and should ask at the first meeting is never pre-marked.
    assert not later & {"pv_under_18", "name_latin", "la_referral_made", "immediate_risks"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('same_as = "ghost"', "'same_as' needs a top-level question, not 'ghost'"),
        ('same_as = "a"', "'same_as' 'a' must be answered, not derived"),
        ('same_as = "t"', "'same_as' 't' is a different kind of question"),
    ],
)
def test_same_as_names_an_asked_question_of_the_same_kind(
    tmp_path: Path, extra: str, message: str
) -> None:
    path = tmp_path / "broken.v1.toml"
    path.write_text(HEAD + _field("a", extra) + _field("t", "", "text"))
    with pytest.raises(DefinitionError) as caught:
        load_form_file(path)
    assert str(caught.value).startswith(f"broken.v1.toml: field 'a': {message}")
