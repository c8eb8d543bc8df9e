"""Whether an archive holds practice (training) cases or real ones, fixed when it is made.

Training laptops can be set up on a council's real keys (`provision --training`, so council IT
can rehearse), which means their bundles decrypt on the real receiving machine. Their cases
are fictional, and matching or searching them beside real children's cases would mislead:
so a practice archive carries a marker file, a real archive never does, and the reader refuses
a bundle whose `training` flag does not match the archive it is going into.
"""

from __future__ import annotations

import os
from pathlib import Path

from bundles.errors import TrainingMismatch
from bundles.import_ledger import LEDGER_FILE
from bundles.write_errors import classified

TRAINING_MARKER = "TRAINING-ARCHIVE.txt"
_MARKER_TEXT = (
    "This archive holds TRAINING (practice) cases from training laptops only: fictional people,\n"
    "never to be mixed with real cases. Bundles from laptops in real use are refused here.\n"
)
RECEIPTS = "receipts"  # bundles.receiver.RECEIPTS (that module imports this one)


def _holds_imports(archive_dir: Path) -> bool:
    """Whether anything was ever imported: the ledger, or a case folder. A refused receive
    leaves only the lock, empty work folders and an empty store file, which do not count, so
    "refused: use --training" can be followed with the same folder."""
    if not archive_dir.is_dir():
        return False
    if (archive_dir / LEDGER_FILE).exists():
        return True
    return any(
        p.is_dir() and not p.name.startswith(".") and p.name != RECEIPTS
        for p in archive_dir.iterdir()
    )


def is_training_archive(archive_dir: Path) -> bool:
    """True when `archive_dir` was made as a practice archive (`receive --training`)."""
    return (archive_dir / TRAINING_MARKER).is_file()


def mark_training_archive(archive_dir: Path) -> None:
    """Make `archive_dir` a practice archive; refuses one that already holds real imports,
    because its cases would then sit beside practice ones. Marking twice is harmless."""
    if is_training_archive(archive_dir):
        return
    if _holds_imports(archive_dir):
        raise TrainingMismatch(
            f"{archive_dir} already holds real cases; practice (training) bundles go into a "
            "separate archive: give --training with a new, empty --archive folder. Nothing was "
            "imported."
        )
    with classified("marking the practice archive"):
        archive_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        marker = archive_dir / TRAINING_MARKER
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, _MARKER_TEXT.encode())
            os.fsync(fd)
        finally:
            os.close(fd)


def check_training(bundle_is_training: bool, archive_is_training: bool) -> None:
    """Refuse a practice bundle for a real archive and a real bundle for a practice one."""
    if bundle_is_training and not archive_is_training:
        raise TrainingMismatch(
            "This bundle is from a TRAINING laptop (practice cases, fictional people): it never "
            "goes into the real archive. To rehearse, receive it with --training into a "
            "separate, empty --archive folder. Nothing was imported."
        )
    if archive_is_training and not bundle_is_training:
        raise TrainingMismatch(
            "This bundle is from a laptop in real use, and this is a practice (training) "
            "archive: receive it into the real archive, without --training. Nothing was "
            "imported."
        )
