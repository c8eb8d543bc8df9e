"""Practice archives (`receive --training`): bundles from training laptops, which use the
council's real keys, go into an archive of their own, marked as one (bundles.archive_kind),
whose store stays in its own folder, so practice cases never meet real children's cases."""

from __future__ import annotations

from pathlib import Path

from bundles.archive_kind import is_training_archive, mark_training_archive
from bundles.errors import BundleError
from council_store import STORE_FILE, StoreError, parse_store_spec
from services.errors import InvalidInput


def is_practice_archive(archive: Path) -> bool:
    """True for a practice archive (receive --training): its cases are fictional."""
    return is_training_archive(archive)


def make_practice_archive(archive: Path) -> None:
    """`receive --training`: make (or keep) `archive` a practice archive for training
    laptops' bundles; refused for an archive that already holds real cases."""
    if archive.exists() and not archive.is_dir():
        raise InvalidInput(f"--archive {archive} is a file, not a folder; name a folder.")
    try:
        mark_training_archive(archive)
    except BundleError as exc:
        raise InvalidInput(str(exc)) from None


def refuse_shared_store(archive: Path, spec: str | None) -> None:
    """Practice cases stay in the practice archive's own store file: a --store (or
    PGSERVICE) could be the council's real database, where they would meet real cases."""
    try:
        chosen = parse_store_spec(spec, archive)
    except StoreError:
        return  # open_store reports what is wrong with it
    if chosen.path != archive / STORE_FILE:
        raise InvalidInput(
            f"{archive} is a practice (training) archive: its cases stay in its own store "
            "file. Leave out --store and unset PGSERVICE for it."
        )
