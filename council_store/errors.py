"""The store's typed errors: each carries a message fit for council IT, never a traceback."""

from __future__ import annotations


class StoreError(Exception):
    """Anything the case store cannot do; the message says what to do next."""


class StoreSpecError(StoreError):
    """The --store value (or PGSERVICE) cannot be used as given."""


class StoreUnavailable(StoreError):
    """The store's driver is missing or its database cannot be opened."""
