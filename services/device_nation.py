"""The nation new cases on this device open in: its settings key and the check of a chosen id.

Its own module so provisioning can use it without importing the settings module, which reaches
the worker roles (and so back to provisioning).
"""

from __future__ import annotations

from services.errors import InvalidInput

DEVICE_NATION_KEY = "device_nation"


def nation_choices() -> list[tuple[str, str]]:
    """(id, name) of the four nations, in the official form's order, for set-up screens."""
    from forms.nations import nations

    return [(n.id, n.name) for n in nations()]


def check_nation(nation: str) -> str:
    """A nation id the app has rules for, or a message naming the four."""
    from forms.nations import NATION_IDS

    if nation not in NATION_IDS:
        raise InvalidInput(f"Choose the nation: one of {', '.join(NATION_IDS)} (not {nation!r}).")
    return nation
