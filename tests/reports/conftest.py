"""Shared set-up for the reports tests: leave no cyclic garbage behind for later tests."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="module")
def _collect_garbage_after_each_module() -> Iterator[None]:
    """Collect the cycles a module's Hypothesis runs leave (tens of thousands of True/False refs).

    Otherwise the collector frees them later, inside whichever test the xdist worker runs next:
    tests/ui/test_editor_soak.py reads a fall in the counts of True and False during its run
    as a binding that drains them, and failed that way when it came after these tests.
    """
    yield
    gc.collect()
