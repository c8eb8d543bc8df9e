"""`--self-test` from source: every resource loads and every main screen opens, or it fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from services.self_check import check_resources

REPO = Path(__file__).resolve().parents[2]


def test_every_shipped_resource_loads() -> None:
    results = check_resources()
    assert [r.name for r in results if not r.ok] == []
    assert {r.name for r in results} >= {"form definitions", "controlled lists", "font files"}


def test_self_test_walks_the_screens_and_passes() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--self-test"],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for step in ("assessment editor", "print preview", "case list", "document fonts"):
        assert f"ok   {step}" in result.stdout
    assert "referral pack of" in result.stdout


def test_self_test_fails_when_a_resource_is_missing(tmp_path: Path) -> None:
    # A build that lost the controlled lists: the same code, run from a copy without them.
    copy = tmp_path / "app"
    copy.mkdir()
    for package in ("ui", "cli", "services", "storage", "reports", "bundles", "crypto", "main.py"):
        (copy / package).symlink_to(REPO / package)
    forms = copy / "forms"
    forms.mkdir()
    for item in (REPO / "forms").iterdir():
        if item.name != "lists":
            (forms / item.name).symlink_to(item)
    (forms / "lists").mkdir()
    (forms / "lists" / "__init__.py").write_text("")
    result = subprocess.run(
        # -c puts the current folder first on sys.path: the copy, not the checkout, is imported.
        [sys.executable, "-c", "import main; raise SystemExit(main.main(['--self-test']))"],
        cwd=copy,
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen", FC_SELF_TEST_TIMEOUT="30"),
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    # Named by what is missing: the form cannot load its language list.
    assert "FAIL form definitions" in result.stdout and "'languages'" in result.stdout
    assert "self-test passed" not in result.stdout
