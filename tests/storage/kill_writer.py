"""Child process of the kill -9 test: saves case versions forever and acknowledges each one.

Usage: kill_writer.py VAULT_PATH CASE_ID, with the key as one hex line on standard input.
A revision number is printed (and flushed) only after save_version() has returned, so every
printed number is a save the app would have told the user was done.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from storage.vault import Vault

REOPEN_EVERY = 7  # close (TRUNCATE checkpoint) and reopen now and then, so kills land there too


def document_for(revision: int) -> dict[str, Any]:
    """Deterministic content, so the parent can check a revision byte for byte."""
    return {
        "revision": revision,
        "name": f"Ọlá Adéṣínà 林小梅 {revision}",
        "padding": "ሰላም" * (700 * (revision % 4)),  # some saves span several pages
    }


def main() -> None:
    path, case_id = Path(sys.argv[1]), sys.argv[2]
    key = bytearray.fromhex(sys.stdin.readline().strip())
    vault = Vault.open(path, key)
    revision = vault.cases.current(case_id).revision
    saves = 0
    while True:
        saved = vault.cases.save_version(
            case_id,
            document_for(revision + 1),
            worker_id="kill-writer",
            summary={"revision": revision + 1},
            search_terms=[f"name {revision + 1}"],
            expected_revision=revision,
        )
        revision = saved.revision
        sys.stdout.write(f"{revision}\n")
        sys.stdout.flush()
        saves += 1
        if saves % REOPEN_EVERY == 0:
            vault.close()
            vault = Vault.open(path, key)


if __name__ == "__main__":
    main()
