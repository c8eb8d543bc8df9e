"""Passphrases for commands: a terminal prompt, or one line per passphrase from standard input."""

from __future__ import annotations

import getpass
import sys
from typing import TextIO

from services.errors import InvalidInput


class PassphraseSource:
    """Hands out passphrases in the order a command asks for them."""

    def __init__(self, *, from_stdin: bool, stdin: TextIO | None = None) -> None:
        self._from_stdin = from_stdin
        self._stdin = stdin if stdin is not None else sys.stdin

    def ask(self, prompt: str, *, confirm: bool = False) -> str:
        """Read one passphrase; on a terminal, ask twice when `confirm` is set."""
        if self._from_stdin:
            line = self._stdin.readline()
            if not line:
                raise InvalidInput(f"Expected a passphrase on standard input for: {prompt}.")
            return line.rstrip("\r\n")
        try:
            first = getpass.getpass(f"{prompt}: ")
            again = getpass.getpass("Type it again: ") if confirm else first
        except EOFError:  # no terminal and nothing on standard input (a script, a service)
            raise InvalidInput(
                f"No passphrase was given for: {prompt} (type it at the prompt, or use "
                "--passphrase-stdin to give one line per passphrase)."
            ) from None
        if again != first:
            raise InvalidInput("The two passphrases were different; nothing was changed.")
        return first
