"""Who may do what: the three roles and the check that refuses an action a role does not allow.

Its own module so that device settings (services.settings) can check the administrator role
without importing the worker services, which import provisioning, which imports settings.
"""

from __future__ import annotations

from services.errors import PermissionDenied
from services.session import Session

ROLES = ("worker", "supervisor", "administrator")


def require_role(session: Session, *allowed: str) -> None:
    """Refuse an action the unlocked worker's role does not allow."""
    if session.role not in allowed:
        raise PermissionDenied(
            "Only an administrator can manage workers on this laptop. Ask your administrator."
        )
