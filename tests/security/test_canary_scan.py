"""No case data on disk unencrypted: a whole scripted session leaves no canary in any file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from forms.definition import load_form
from forms.model import Field
from tests.conftest import REPO_ROOT
from tests.security.canary_scan import scan_file, scan_tree

TEXT_TYPES = {"text", "long_text", "phone", "email"}


def _text_fields(fields: tuple[Field, ...]) -> int:
    return sum(
        1 if f.type in TEXT_TYPES else _text_fields(f.sub_fields) if f.type == "group" else 0
        for f in fields
    )


def _sandbox_env(sandbox: Path) -> dict[str, str]:
    env = dict(os.environ)
    folders = {
        "HOME": "home",
        "TMPDIR": "tmp",
        "XDG_CONFIG_HOME": "home/.config",
        "XDG_CACHE_HOME": "home/.cache",
        "XDG_DATA_HOME": "home/.local/share",
        "XDG_STATE_HOME": "home/.local/state",
        "XDG_RUNTIME_DIR": "run",
    }
    for variable, folder in folders.items():
        path = sandbox / folder
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        env[variable] = str(path)
    return env


def test_scripted_session_leaves_no_canary_in_any_file(tmp_path: Path) -> None:
    sandbox = tmp_path / "sandbox"
    sandbox.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "tests.security.canary_session", str(sandbox)],
        env=_sandbox_env(sandbox) | {"PYTHONPATH": os.environ["PYTHONPATH"]},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    canaries: list[str] = report["canaries"]

    # The session really put a canary in every free-text field (twice per case, two cases).
    form = load_form()
    per_pass = sum(_text_fields(s.fields) for s in form.sections)
    assert len(canaries) > 4 * per_pass
    assert len(set(canaries)) == len(canaries)
    written = [p for p in sandbox.rglob("*") if p.is_file()]
    vault_files = [p for p in written if p.name.startswith("vault")]
    assert vault_files and all(p.stat().st_size > 0 for p in vault_files)

    assert scan_tree(sandbox, canaries) == {}
    log = tmp_path / "stderr.txt"
    log.write_text(result.stderr, encoding="utf-8")
    assert scan_file(log, canaries) == [], "a canary reached the log output"
