"""Sign-off reasons typed but not yet signed off, kept while the worker stays signed in.

A worker who types reasons, closes the case (to answer a question elsewhere, or because the
supervisor is not there yet) and opens it again finds them still typed. They live in memory
only, like the record being edited, one store per unlocked session: locking ends the session
and its store goes with it (a new unlock starts empty), and nothing is written to disk.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from services.session import Session

_STORES: WeakKeyDictionary[Session, dict[str, dict[str, str]]] = WeakKeyDictionary()


def drafts_for(session: Session, case_id: str) -> dict[str, str]:
    """The reasons (field id -> text) typed for `case_id` in this session; edit it in place."""
    if session.locked:
        return {}
    return _STORES.setdefault(session, {}).setdefault(case_id, {})


def forget(session: Session) -> None:
    """Drop every draft of `session` (it is being locked)."""
    _STORES.pop(session, None)
