"""Every write error on the council side classed as what it is: disk full, no permission, or
an I/O error, never as a problem with the bundle and never as a traceback."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager

from bundles.errors import ArchiveFull, ArchiveIOFailed, ArchiveNotWritable, BundleError

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}


def write_error(exc: OSError, what: str) -> BundleError:
    """The BundleError for an OSError raised while `what` (e.g. "writing the receipt")."""
    if exc.errno in _FULL:
        return ArchiveFull(
            f"The archive disk is full ({what}); the bundle was not counted as imported. "
            "Free some space, then run receive again."
        )
    if exc.errno in _PERMISSION:
        return ArchiveNotWritable(
            f"No permission to write the archive ({what}); the bundle was not counted as "
            "imported. Fix the folder's owner or permissions, then run receive again."
        )
    return ArchiveIOFailed(
        f"The archive disk reported an I/O error ({what}: {exc.strerror or exc.errno}); the "
        "bundle was not counted as imported. Check the disk, then run receive again."
    )


@contextmanager
def classified(what: str) -> Iterator[None]:
    """Turn any OSError raised inside into the matching BundleError."""
    try:
        yield
    except OSError as exc:
        raise write_error(exc, what) from None
