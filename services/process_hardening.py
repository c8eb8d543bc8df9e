"""Process-wide protections set before anything else runs: file modes, core dumps, logging."""

from __future__ import annotations

import logging
import os
import resource
import sys


def harden_process() -> None:
    """Make every file we create private to the user and keep memory out of core dumps."""
    # Files (vault, keystore, bundles) must never be readable by other local accounts.
    os.umask(0o077)
    # A core dump would write the decrypted database key and open case pages to disk.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        pr_set_dumpable = 4
        libc.prctl(pr_set_dumpable, 0, 0, 0, 0)
    except (OSError, AttributeError):
        # Not Linux (or no prctl): RLIMIT_CORE above still stops ordinary core files.
        pass


class _DropArguments(logging.Filter):
    """Replaces a record's interpolated arguments so values can never reach a log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Call sites log event codes and opaque ids in the message template; anything passed as
        # an argument might be case data (a name, a field value), so it is dropped unseen.
        if record.args:
            record.msg = f"{record.msg} [arguments withheld]"
            record.args = None
        record.exc_text = None
        if record.exc_info and record.exc_info[1] is not None:
            # Exception messages can quote data (e.g. a JSON decode error); keep only the type.
            record.msg = f"{record.msg} ({type(record.exc_info[1]).__name__})"
            record.exc_info = None
        return True


def configure_logging(level: int = logging.WARNING) -> None:
    """Log to standard error only (never to a file), without argument values."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_DropArguments())
    handler.setFormatter(logging.Formatter("first-contact %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
