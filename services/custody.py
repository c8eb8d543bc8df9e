"""Custody of the council keys: what stays offline and what the receiving machine holds.

`council init --out DIR` makes two folders. `DIR/offline/` holds the root and recovery keys
(and every trust bundle issued): it stays on an offline machine or in a safe, and comes out
only to renew or rotate, to answer a recovery request or to read the fingerprints again.
`DIR/receiving/` holds what the machine that receives bundles needs: the import and receipt
keys, the public keys, the enrolled devices and a copy of the trust bundle. A key folder made
before this split (all four keys in one folder) is still read as it is.

Every command that takes `--keys` says which of the two it needs; pointed at the other one,
it names the folder it was given, what that folder is, and the one it needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from services.errors import InvalidInput

OFFLINE_DIR = "offline"
RECEIVING_DIR = "receiving"
OFFLINE_ROLES = ("root", "recovery")
RECEIVING_ROLES = ("import", "receipt")

Need = Literal["offline", "receiving", "either"]
Kind = Literal["parent", "single", "offline", "receiving", "unknown"]

_WHAT = {
    "offline": "the council's offline folder (root and recovery keys)",
    "receiving": "the receiving machine's folder (import and receipt keys)",
}
_NEEDS = {
    "offline": (
        "the offline folder (root key; `offline/` made by `council init`), brought out of "
        "safekeeping for this"
    ),
    "receiving": (
        "the receiving folder (import and receipt keys; `receiving/` made by `council init`)"
    ),
}


def folder_kind(path: Path) -> Kind:
    """What a `--keys` folder is, from the files in it (no passphrase, nothing opened)."""
    if (path / OFFLINE_DIR).is_dir() and (path / RECEIVING_DIR).is_dir():
        return "parent"
    has_root = (path / "root.key.json").is_file()
    has_import = (path / "import.key.json").is_file() or (path / "import-keys.json").is_file()
    if has_root and has_import:
        return "single"
    if has_root:
        return "offline"
    if has_import:
        return "receiving"
    return "unknown"


def key_folder(path: Path, need: Need, command: str) -> Path:
    """The folder `command` reads: the right half of a custody pair, an old single folder as
    it is, or InvalidInput naming the folder given and the one needed. A folder holding no
    council key at all is returned unchanged, so the command's own message names what is
    missing."""
    kind = folder_kind(path)
    if kind == "parent":
        return path / (OFFLINE_DIR if need in ("offline", "either") else RECEIVING_DIR)
    if need == "either" or kind in ("single", "unknown", need):
        return path
    raise InvalidInput(f"{path} is {_WHAT[kind]}; `{command}` needs {_NEEDS[need]}.")


def rotation_folders(
    keys: Path, receiving: Path | None, command: str = "council rotate-import"
) -> tuple[Path, Path]:
    """`council rotate-import` (and `rotate-receipt`) need both: the root (offline) signs the
    trust update, the new key goes to the receiving folder. Returns (offline, receiving)."""
    offline = key_folder(keys, "offline", command)
    if receiving is not None:
        return offline, key_folder(receiving, "receiving", f"{command} --receiving")
    if folder_kind(keys) in ("parent", "single", "unknown"):
        return offline, key_folder(keys, "receiving", command)
    raise InvalidInput(
        f"{keys} is {_WHAT['offline']}; `{command}` also needs the receiving "
        "folder, where the new key goes: give it with --receiving DIR."
    )


def receiving_sibling(offline: Path) -> Path | None:
    """The receiving folder beside an offline one still in the folder `council init` made."""
    if offline.name != OFFLINE_DIR:
        return None
    sibling = offline.parent / RECEIVING_DIR
    return sibling if sibling.is_dir() else None
