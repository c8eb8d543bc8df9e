"""The worker's own details, asked once and copied into each new case they open.

A first responder's name, role, organisation, phone, work email and team inbox are the same on
every referral; typing them into every case wasted minutes at each first contact. They are kept
per worker inside the encrypted vault and copied into the `fr_*` answers of each new case,
where they stay editable for that case (a borrowed laptop, a different team that day).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.clock import Clock, iso
from services.errors import InvalidInput
from services.session import Session

# The responder questions of the definition that are about the worker, not about the case:
# the nation comes from the device (issue 13) and the case reference is per case.
MY_DETAILS_FIELDS = (
    "fr_first_name",
    "fr_last_name",
    "fr_role",
    "fr_organisation",
    "fr_phone",
    "fr_email",
    "fr_alt_contact_email",
)
_KEY = "my_details."  # + worker id
_MAX_LENGTH = 500


def my_details(session: Session) -> dict[str, str]:
    """This worker's saved details (field id -> answer); empty until they are given."""
    stored = session.vault.settings.get(_KEY + session.worker_id, {})
    if not isinstance(stored, Mapping):
        return {}
    return {k: v for k, v in stored.items() if k in MY_DETAILS_FIELDS and isinstance(v, str)}


def save_my_details(session: Session, details: Mapping[str, str], *, clock: Clock) -> None:
    """Keep this worker's details for their next new cases; existing cases are not changed."""
    unknown = set(details) - set(MY_DETAILS_FIELDS)
    if unknown:
        raise InvalidInput(f"Not one of your details: {', '.join(sorted(unknown))}.")
    cleaned = {k: v.strip() for k, v in details.items() if isinstance(v, str) and v.strip()}
    if any(len(v) > _MAX_LENGTH for v in cleaned.values()):
        raise InvalidInput(f"Each detail can be at most {_MAX_LENGTH} characters.")
    with session.vault.transaction():
        session.vault.settings.set(_KEY + session.worker_id, cleaned)
        # The audit names the change, never the details themselves.
        session.vault.audit.append(
            "my_details_changed", worker_id=session.worker_id, detail="", now=iso(clock.now())
        )


def with_my_details(session: Session, record: dict[str, Any]) -> dict[str, Any]:
    """A new record with the worker's details filled in where it has no answer yet."""
    answers = record.setdefault("answers", {})
    for field_id, value in my_details(session).items():
        if not answers.get(field_id):
            answers[field_id] = value
    return record
