"""Passphrases for commands: standard input, and a prompt with nothing to read (no traceback)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from cli.passphrases import PassphraseSource
from services.errors import InvalidInput

REPO = Path(__file__).resolve().parents[2]


def test_stdin_gives_one_line_per_passphrase() -> None:
    source = PassphraseSource(from_stdin=True, stdin=io.StringIO("first one\nsecond one\n"))
    assert source.ask("A") == "first one"
    assert source.ask("B") == "second one"
    with pytest.raises(InvalidInput, match="Expected a passphrase on standard input for: C"):
        source.ask("C")


def test_a_prompt_with_no_terminal_and_empty_stdin_says_what_to_do(tmp_path: Path) -> None:
    # Without --passphrase-stdin and nothing to read, getpass meets end of file: the command
    # must say how to give the passphrase instead of ending in a traceback.
    done = subprocess.run(
        [sys.executable, "main.py", "council", "init", "--out", str(tmp_path / "keys")],
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode != 0
    assert "No passphrase was given" in done.stderr and "--passphrase-stdin" in done.stderr
