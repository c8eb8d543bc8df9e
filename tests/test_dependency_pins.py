"""Every library the app relies on is pinned exactly, and the installed one is that version.

The behaviour tests (the Qt refcount test, SQLCipher settings, age interop, PDF shaping) prove a
pinned version is good; this test makes sure what is installed is the version they proved, so a
stale or hand-upgraded environment fails here first, by name.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
PIN = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([A-Za-z0-9_.\-]+)\s*$")


def _requirements() -> list[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    return [*project["dependencies"], *(req for group in extras.values() for req in group)]


def test_every_dependency_is_pinned_to_one_version() -> None:
    loose = [req for req in _requirements() if not PIN.match(req)]
    assert not loose, f"pin these with ==: {loose}"


def test_the_qt_binding_is_the_one_without_the_reference_drain() -> None:
    pins = dict(m.groups() for req in _requirements() if (m := PIN.match(req)))
    # 6.12.0 gives away None/True references on Python 3.11 (tests/ui/test_qt_refcounts.py).
    assert pins["PySide6-Essentials"] == pins["PySide6-Addons"] == pins["shiboken6"] == "6.11.3"


@pytest.mark.parametrize("requirement", _requirements())
def test_installed_version_matches_its_pin(requirement: str) -> None:
    match = PIN.match(requirement)
    assert match, requirement
    name, pinned = match.groups()
    assert metadata.version(name) == pinned, (
        f"{name}: installed {metadata.version(name)}, pin {pinned}"
    )
