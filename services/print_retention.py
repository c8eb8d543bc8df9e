"""Whether the print system keeps printed documents or job records, and what to tell the worker.

CUPS keeps each job's document for a day (PreserveJobFiles 86400) and its record for ever
(PreserveJobHistory Yes) unless told otherwise; that is the print system's setting, not the
app's, so the app checks it before printing and warns. docs/deployment.md says how to fix it.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from services import ipp

# CUPS 2.4's defaults when cupsd.conf does not set them.
_DEFAULTS = {"preservejobfiles": "86400", "preservejobhistory": "Yes"}
_OFF = {"no", "off", "false", "0"}


def _settings(text: str) -> dict[str, str]:
    found = dict(_DEFAULTS)
    for line in text.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0].lower() in _DEFAULTS:
            found[words[0].lower()] = words[1]
    return found


def _server_settings() -> str | None:
    """cupsd.conf through CUPS's settings query (as `cupsAdminGetServerSettings`), else the file.

    The query needs an administrator (root or the lpadmin group, proven by the socket's peer
    credentials); anyone else can usually read the file itself.
    """
    try:
        status, body = ipp.get(
            "/admin/conf/cupsd.conf", {"Authorization": f"PeerCred {getpass.getuser()}"}
        )
        if status == 200:
            return body.decode("utf-8", "replace")
    except OSError:
        pass  # no print system, or it stopped answering: try the file
    root = Path(os.environ.get("CUPS_SERVERROOT", "/etc/cups"))
    try:
        return (root / "cupsd.conf").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _kept(value: str) -> bool:
    return value.lower() not in _OFF


def retention_warning(config: str | None = None) -> str | None:
    """A warning if the print system keeps documents or job records; None if it keeps neither.

    `config` is cupsd.conf's text; by default it is read from the running print system.
    """
    text = _server_settings() if config is None else config
    if text is None:
        return (
            "This computer's print system could not be checked: it may keep a copy of what "
            "you print. Ask your administrator to follow the deployment guide."
        )
    settings = _settings(text)
    files, history = settings["preservejobfiles"], settings["preservejobhistory"]
    kept = []
    if _kept(files):
        kept.append(
            "a full copy of every printed document"
            + (f" (for {files} seconds)" if files.isdigit() else "")
        )
    if _kept(history):
        kept.append("a record of every print job")
    if not kept:
        return None
    return (
        f"This computer's print system keeps {' and '.join(kept)}. Ask your administrator to "
        "set PreserveJobFiles No and PreserveJobHistory No (see the deployment guide)."
    )
