"""The disclosure-log entry: who a case's information went to, why, when, what, and by whom.

Printing the pack, saving it as a PDF and exporting a bundle each disclose a person's
information, and each adds one entry to the case's log (the record's `disclosures` answer).
`new_disclosure` is the one place an entry is made, so every entry is stamped and shaped the
same way; `DisclosureEntry.checked` is what every path that stores one applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from services.clock import Clock, iso
from services.errors import InvalidInput
from services.session import Session

DISCLOSURES = "disclosures"  # the answer that holds the log
MAX_DISCLOSURE_CHARS = 2000
_KEYS = ("what", "to", "at", "why", "by")


@dataclass(frozen=True)
class DisclosureEntry:
    """One line of the log. `at` is the time to the minute, as ISO text."""

    what: str
    to: str
    why: str
    at: str
    by: str

    def checked(self) -> DisclosureEntry:
        """The entry trimmed, or InvalidInput if who or why is missing or a part is too long."""
        clean = DisclosureEntry(
            what=self.what.strip(),
            to=self.to.strip(),
            why=self.why.strip(),
            at=self.at.strip(),
            by=self.by.strip(),
        )
        if not clean.to or not clean.why:
            raise InvalidInput("Say who the information is for and why; both go into the log.")
        for key in _KEYS:
            if len(getattr(clean, key)) > MAX_DISCLOSURE_CHARS:
                raise InvalidInput(
                    f"Keep each part of the entry under {MAX_DISCLOSURE_CHARS} characters."
                )
        return clean

    def as_answer(self) -> dict[str, str]:
        """The entry as the record stores it (the definition's `disclosures` group members)."""
        return {f"disclosure_{key}": getattr(self, key) for key in _KEYS}

    @classmethod
    def from_answer(cls, raw: Mapping[str, object]) -> DisclosureEntry:
        def part(key: str) -> str:
            value = raw.get(f"disclosure_{key}")
            return "" if value is None else str(value)

        return cls(what=part("what"), to=part("to"), why=part("why"), at=part("at"), by=part("by"))


def new_disclosure(
    session: Session, *, what: str, to: str, why: str, clock: Clock
) -> DisclosureEntry:
    """An entry made now by the unlocked worker."""
    return DisclosureEntry(
        what=what,
        to=to,
        why=why,
        at=iso(clock.now())[:16],
        by=session.worker.display_name or session.worker_id,
    )
