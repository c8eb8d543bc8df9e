"""Process-wide protections set before anything else runs: file modes, core dumps, logging."""

from __future__ import annotations

import logging
import os
import sys

# SetErrorMode flags: no "program has stopped working" box that waits with the process (and its
# decrypted pages) held in memory, and no critical-error dialogs for missing drives.
SEM_FAILCRITICALERRORS = 0x0001
SEM_NOGPFAULTERRORBOX = 0x0002
# WerSetFlags: WER_FAULT_REPORTING_NO_UI; WerAddExcludedApplication keeps this executable out of
# Windows Error Reporting, whose reports would carry a memory dump to disk (and off the laptop).
WER_FAULT_REPORTING_NO_UI = 0x0020


def harden_process() -> list[str]:
    """Make every file we create private to the user and keep memory out of crash dumps.

    Returns what was applied, by name, so a test (and a curious IT team) can see which
    protections this platform got.
    """
    applied: list[str] = []
    # Files (vault, keystore, bundles) must never be readable by other local accounts. On
    # Windows umask only affects the read-only bit; there the per-user profile's ACLs protect
    # the data folder (docs/deployment.md).
    os.umask(0o077)
    applied.append("umask 077")
    if sys.platform == "win32":
        applied += _harden_windows()
    else:
        applied += _harden_posix()
    return applied


def _harden_posix() -> list[str]:
    applied: list[str] = []
    # Imported here: `resource` does not exist on Windows, and this module is the first thing
    # main.py imports.
    import resource

    # A core dump would write the decrypted database key and open case pages to disk.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    applied.append("RLIMIT_CORE 0")
    if not sys.platform.startswith("linux"):
        return applied
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        pr_set_dumpable = 4
        if libc.prctl(pr_set_dumpable, 0, 0, 0, 0) == 0:
            applied.append("PR_SET_DUMPABLE 0")
    except (OSError, AttributeError, TypeError):
        # No prctl in this libc: RLIMIT_CORE above still stops ordinary core files.
        pass
    return applied


def _harden_windows() -> list[str]:
    """No crash dialog and no Windows Error Reporting dump for this program.

    Windows has no core files in the POSIX sense; what writes memory to disk is WER (a
    minidump or full dump under %LOCALAPPDATA%\\CrashDumps when an administrator enabled
    LocalDumps, and the report queue). Each call is best effort: an older Windows without
    wer.dll still starts.
    """
    applied: list[str] = []
    try:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined,unused-ignore]
        kernel32.SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX)
        applied.append("SetErrorMode")
        wer = ctypes.WinDLL("wer")  # type: ignore[attr-defined,unused-ignore]
        if wer.WerSetFlags(WER_FAULT_REPORTING_NO_UI) == 0:
            applied.append("WerSetFlags")
        if wer.WerAddExcludedApplication(ctypes.c_wchar_p(sys.executable), False) == 0:
            applied.append("WerAddExcludedApplication")
    except (OSError, AttributeError, TypeError):
        pass
    return applied


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
