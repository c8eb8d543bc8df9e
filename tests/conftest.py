"""Suite-wide guards: no network anywhere, and case data only in a sandboxed home."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SANDBOX_SITE = Path(__file__).parent / "sandbox"
DATA_DIR = Path(__file__).parent / "data"
REPO_ROOT = Path(__file__).resolve().parent.parent

# Install the no-network guard in this process and in every subprocess started from it.
sys.path.insert(0, str(SANDBOX_SITE))
import no_network  # noqa: E402,F401  (installs the socket guard on import)

os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(SANDBOX_SITE), str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p
)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# New key slots use the design's minimum Argon2id cost (64 MiB, t=3) so the suite stays quick;
# the default and calibrated costs are measured by `main.py bench`, not here.
os.environ.setdefault("FC_KDF_PROFILE", "floor")


def budget() -> int:
    """Multiplier for fuzz and kill-loop tests: 1 by default, larger with FC_TEST_BUDGET=N."""
    return max(1, int(os.environ.get("FC_TEST_BUDGET", "1")))


@pytest.fixture
def people() -> list[dict[str, object]]:
    """The fictional people of tests/data/people.json."""
    import json

    with (DATA_DIR / "people.json").open(encoding="utf-8") as f:
        return list(json.load(f)["people"])


@pytest.fixture
def sandbox_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """HOME, TMPDIR and the XDG folders pointed into one folder the test can scan."""
    home = tmp_path / "home"
    for sub in ("tmp", ".config", ".cache", ".local/share", ".local/state", "runtime"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (home / "runtime").chmod(0o700)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(home / "tmp"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local/state"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(home / "runtime"))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(home / "tmp"))
    yield home
