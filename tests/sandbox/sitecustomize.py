"""Installs the no-network guard in every Python subprocess the tests start (via PYTHONPATH)."""

import no_network  # noqa: F401
