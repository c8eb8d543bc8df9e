"""Phone numbers are taken as people write them: UK national, international, with separators."""

from __future__ import annotations

import pytest

from forms.definition import load_form
from forms.display import display
from forms.phones import international, phone_problem
from forms.validation import validate
from tests.forms.forms_fixtures import record_with

FORM = load_form()


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("01304 555123", "+44 1304 555123"),
        ("07700 900123", "+44 7700 900123"),
        ("07700900123", "+44 7700 900123"),
        ("020 7946 0000", "+44 20 7946 0000"),
        ("+44 (0)7700 900123", "+44 7700 900123"),
        ("+44 7700-900-123", "+44 7700 900123"),
        ("0033 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("+33 1 23 45 67 89", "+33 1 23 45 67 89"),
        ("+1 202 555 0143", "+1 202-555-0143"),
    ],
)
def test_numbers_as_people_write_them_are_accepted_and_normalised(typed: str, shown: str) -> None:
    assert phone_problem(typed) == ""
    assert validate(FORM, record_with({"fr_phone": typed})) == []
    assert international(typed) == shown
    assert display(FORM.fields["fr_phone"], typed) == shown  # what documents print


@pytest.mark.parametrize("typed", ["07700 900", "999", "call the office", "+33 6 12"])
def test_an_incomplete_number_says_how_to_write_it(typed: str) -> None:
    message = phone_problem(typed)
    assert "01304 555123" in message and "+44" not in message
    assert [p.message for p in validate(FORM, record_with({"fr_phone": typed}))] == [message]
    assert international(typed) == typed  # shown as typed, never lost


def test_the_record_keeps_what_was_typed() -> None:
    record = record_with({"fr_phone": "01304 555123"})
    assert record["answers"]["fr_phone"] == "01304 555123"
