"""A private CUPS daemon for the tests: own folders and Unix socket, a cups-pdf printer.

Everything lives in one temporary folder: configuration, spool, logs and the cups-pdf output,
so tests can read what "came out of the printer" and what the print system kept. cupsd runs in
the foreground as a child of the test process and listens on a Unix socket only.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PRINTER = "fc_test"  # the queue name's prefix
_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd")
_POLICY = """
<Policy default>
  JobPrivateAccess default
  JobPrivateValues default
  SubscriptionPrivateAccess default
  SubscriptionPrivateValues default
  <Limit Send-Document Cancel-Job Hold-Job Release-Job Restart-Job Purge-Jobs Cancel-My-Jobs>
    Require user @OWNER @SYSTEM
    Order deny,allow
  </Limit>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""


def available() -> bool:
    """cupsd, the cups-pdf backend and its PPD are installed (./run test installs them)."""
    return bool(shutil.which("cupsd") or Path("/usr/sbin/cupsd").exists()) and _PPD.exists()


@dataclass
class CupsServer:
    """A running private cupsd; `out` receives cups-pdf's PDFs, `spool` is its request root."""

    root: Path
    process: subprocess.Popen[bytes]
    queue: str

    @property
    def socket(self) -> Path:
        return self.root / "cups.sock"

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def spool(self) -> Path:
        return self.root / "spool"

    @property
    def page_log(self) -> Path:
        return self.root / "log" / "page_log"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        Path(f"/etc/cups/cups-pdf-{self.queue}.conf").unlink(missing_ok=True)
        Path(f"/var/log/cups/cups-pdf-{self.queue}_log").unlink(missing_ok=True)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def start(root: Path, *, preserve: str = "No", printers: bool = True) -> CupsServer:
    """Configure and start cupsd under `root`; `preserve` is PreserveJobFiles/History's value."""
    conf = root / "conf"
    for sub in ("spool/tmp", "cache", "state", "log", "out", "cpspool"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    sock = root / "cups.sock"
    level = os.environ.get("FC_CUPS_LOGLEVEL", "warn")  # "debug" to see why a job failed
    _write(
        conf / "cupsd.conf",
        f"LogLevel {level}\nListen {sock}\nBrowsing No\nWebInterface No\n"
        f"PreserveJobFiles {preserve}\nPreserveJobHistory {preserve}\n"
        "PageLogFormat %p %j %u %T %P %C\n"
        "DefaultAuthType Basic\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        + _POLICY,
    )
    _write(
        conf / "cups-files.conf",
        f"ServerRoot {conf}\nRequestRoot {root / 'spool'}\nTempDir {root / 'spool/tmp'}\n"
        f"CacheDir {root / 'cache'}\nStateDir {root / 'state'}\n"
        f"ErrorLog {root / 'log/error_log'}\nAccessLog {root / 'log/access_log'}\n"
        f"PageLog {root / 'log/page_log'}\nServerBin /usr/lib/cups\nDataDir /usr/share/cups\n"
        "SystemGroup root\nSandboxing Relaxed\nFileDevice No\n",
    )
    # cups-pdf reads /etc/cups/cups-pdf-<queue>.conf (its path is compiled in), so each server
    # gets a queue of its own name and that file, removed again by stop().
    queue = f"{PRINTER}_{os.getpid()}_{int(time.monotonic() * 1000) % 100000}"
    _write(
        Path(f"/etc/cups/cups-pdf-{queue}.conf"),
        f"Out {root / 'out'}\nSpool {root / 'cpspool'}\nAnonDirName {root / 'out'}\n"
        f"Log {root / 'log'}\nGSTmp {root / 'cpspool'}\nUserUMask 0000\n",
    )
    if printers:
        (conf / "ppd").mkdir(exist_ok=True)
        shutil.copy(_PPD, conf / "ppd" / f"{queue}.ppd")
        _write(
            conf / "printers.conf",
            f"<DefaultPrinter {queue}>\nInfo Test printer\nDeviceURI cups-pdf:/{queue}\n"
            "State Idle\nAccepting Yes\nShared No\n</DefaultPrinter>\n",
        )
    cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
    process = subprocess.Popen(
        [cupsd, "-f", "-c", str(conf / "cupsd.conf"), "-s", str(conf / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # Not the test's environment: its sandboxed TMPDIR and HOME are for the app only.
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"},
    )
    server = CupsServer(root, process, queue)
    for _ in range(200):  # up to ~20 s on a loaded machine; ready once the socket exists
        if sock.exists() or process.poll() is not None:
            break
        time.sleep(0.1)
    if not sock.exists():
        server.stop()
        error = process.stderr.read().decode() if process.stderr else ""
        raise RuntimeError(f"cupsd did not start: {error}")
    return server
