"""services.disclosures: one entry type, made in one place, checked the same way everywhere."""

from __future__ import annotations

import pytest

from services.disclosures import MAX_DISCLOSURE_CHARS, DisclosureEntry
from services.errors import InvalidInput


def _entry(**parts: str) -> DisclosureEntry:
    base = {"what": "Referral pack", "to": "Kent MASH", "why": "Referral", "at": "", "by": "Sam"}
    return DisclosureEntry(**(base | parts))


def test_the_stored_shape_round_trips() -> None:
    entry = _entry(at="2026-11-28T11:00")
    stored = entry.as_answer()
    assert stored == {
        "disclosure_what": "Referral pack",
        "disclosure_to": "Kent MASH",
        "disclosure_at": "2026-11-28T11:00",
        "disclosure_why": "Referral",
        "disclosure_by": "Sam",
    }
    assert DisclosureEntry.from_answer(stored) == entry


def test_checking_trims_and_needs_who_and_why() -> None:
    assert _entry(to="  Kent MASH ").checked().to == "Kent MASH"
    for missing in ({"to": "  "}, {"why": ""}):
        with pytest.raises(InvalidInput):
            _entry(**missing).checked()
    with pytest.raises(InvalidInput):
        _entry(why="x" * (MAX_DISCLOSURE_CHARS + 1)).checked()
