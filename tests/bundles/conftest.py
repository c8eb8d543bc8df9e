"""Fixtures for the bundle tests: one council/device/worker key set per session."""

from __future__ import annotations

import pytest
from bundle_fixtures import Keys, make_keys


@pytest.fixture(scope="session")
def keys() -> Keys:
    return make_keys()
