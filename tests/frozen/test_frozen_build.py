"""The one-folder build, made from this checkout and run as council IT and a worker would.

Builds dist/first-contact/ with packaging/build.py (the README's `./run build`) into a temporary
folder, then runs the frozen executable through every command of "Try it end to end" and
`--self-test`, each under `strace -f -e trace=file`, and checks that it:
- succeeds and says what the Python version says (fingerprints read back, cases exported,
  received and confirmed);
- opens nothing in the source tree, the virtualenv or the build machine's Python library (so a
  laptop without them runs it the same);
- writes nothing into its own folder (strace, and every file's size and mtime before and after).

One test, so that under xdist one worker builds once (about a minute on 2 cores) while the
other runs the rest of the suite. FC_FROZEN_APP=/path/to/first-contact reuses a build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COUNCIL_PASS = "granite meadow lantern orbit velvet"
WORKER_PASS = "harbour cactus pebble thistle walnut"
WORKER = "Sam Okafor"
EXE_NAME = "first-contact.exe" if sys.platform == "win32" else "first-contact"
# strace is Linux's; elsewhere (the Windows workflow) the commands run and the folder snapshot
# is still compared, without the file-access trace.
TRACE = sys.platform.startswith("linux")
# Syscalls in strace's file class that change what is on disk (openat is checked by its flags).
WRITING_CALLS = {
    "mkdir",
    "mkdirat",
    "unlink",
    "unlinkat",
    "rmdir",
    "rename",
    "renameat",
    "renameat2",
    "creat",
    "truncate",
    "symlink",
    "symlinkat",
    "link",
    "linkat",
    "chmod",
    "fchmodat",
    "chown",
    "fchownat",
    "utimensat",
}
OPEN_FOR_WRITING = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC")
CALL = re.compile(r"^\d+\s+(?:<\.\.\. )?(\w+)\((.*)$")
QUOTED_PATH = re.compile(r'"(/[^"]*)"')


@dataclass(frozen=True)
class FileAccess:
    call: str
    path: str
    writes: bool


def parse_strace(log: Path) -> list[FileAccess]:
    """Every absolute path a traced call named, and whether the call could change it."""
    accesses = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        match = CALL.match(line)
        if match is None:
            continue
        call, rest = match.groups()
        writes = call in WRITING_CALLS or (
            call in ("open", "openat", "openat2") and bool(OPEN_FOR_WRITING.search(rest))
        )
        accesses.extend(FileAccess(call, path, writes) for path in QUOTED_PATH.findall(rest))
    return accesses


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def forbidden_roots() -> list[str]:
    """Where a frozen app must not look: this checkout (and its .venv) and any Python install."""
    roots = {str(REPO), sys.prefix, sys.base_prefix, sysconfig.get_paths()["stdlib"]}
    # /usr as sys.base_prefix would cover every system library: keep only Python's own folders.
    return sorted(
        root
        for root in roots | {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"]}
        if root not in ("/usr", "/usr/local", "/")
    )


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reuse = os.environ.get("FC_FROZEN_APP")
    if reuse:
        return Path(reuse).resolve()
    if importlib_missing("PyInstaller"):
        pytest.fail("PyInstaller is not installed: ./run test installs the [build] extra")
    out = tmp_path_factory.mktemp("frozen")
    result = subprocess.run(
        [
            *(sys.executable, str(REPO / "packaging" / "build.py"), "--no-archive"),
            *("--dist", str(out / "dist"), "--work", str(out / "work")),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    shutil.rmtree(out / "work")
    return out / "dist" / "first-contact" / EXE_NAME


def importlib_missing(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(name) is None


class Runner:
    """Runs the frozen executable under strace in a scratch folder, with a laptop's environment."""

    def __init__(self, exe: Path, work: Path) -> None:
        self.exe, self.work, self.count = exe, work, 0
        self.logs: list[Path] = []
        home = work / "home"
        home.mkdir()
        # A laptop's environment: no PYTHONPATH, no virtualenv, a home of its own. Windows
        # needs its system variables (SystemRoot, ...), so there the test's own are kept.
        base = dict(os.environ) if sys.platform == "win32" else {"PATH": "/usr/bin:/bin"}
        self.env = base | {
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "TMPDIR": str(work),
            "QT_QPA_PLATFORM": "offscreen",
            "FC_KDF_PROFILE": "floor",
        }

    def __call__(self, *args: str, stdin: str = "", code: int = 0) -> str:
        self.count += 1
        log = self.work / f"strace-{self.count}.log"
        self.logs.append(log)
        trace = ["strace", "-f", "-qq", "-e", "trace=file", "-o", str(log)] if TRACE else []
        command = [*trace, str(self.exe)]
        result = subprocess.run(
            [*command, *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=self.work,
            env=self.env,
            timeout=600,
            check=False,
        )
        assert result.returncode == code, f"{args}: {result.returncode}\n{result.stderr[-3000:]}"
        return result.stdout + result.stderr


def _field(text: str, label: str) -> str:
    match = re.search(rf"{label}:\s+(\S+)", text)
    assert match, f"no {label} in:\n{text}"
    return match.group(1)


@pytest.mark.slow
def test_frozen_app_runs_every_command_from_its_own_folder_only(
    frozen_app: Path, tmp_path: Path
) -> None:
    assert not TRACE or shutil.which("strace"), "strace is missing: ./run test installs it"
    folder = frozen_app.parent
    before = snapshot(folder)
    run = Runner(frozen_app, tmp_path)

    usage = run("--help")
    assert re.match(r"usage: first-contact(\.exe)? ", usage), usage[:200]
    assert "council" in usage and "provision" in usage
    assert "development command" in run("bench", "--quick", code=2)

    out = run("council", "init", "--out", "council", "--passphrase-stdin", stdin=COUNCIL_PASS)
    root = re.search(r"root\s+(\S+)", out)
    assert root, out
    data = ["--data-dir", "fc", "--worker", WORKER, "--passphrase-stdin"]
    provisioned = run(
        "provision",
        "--trust",
        "council/trust-bundle.json",
        "--nation",
        "england",
        # A training laptop on the council's keys: `demo` only fills training vaults.
        "--training",
        *data,
        stdin=WORKER_PASS,
    )
    # The device reads back the council's root fingerprint as council IT printed it.
    assert root.group(1) in provisioned
    assert "2 finalised" in run(
        "demo", *data, "--cases", "3", "--finalised", "2", stdin=WORKER_PASS
    )
    info = run("device-info", *data, stdin=WORKER_PASS)
    device_id, fingerprint = (
        _field(info, "Device id"),
        _field(info, r"Device check code \(fingerprint\)"),
    )
    enrol = ["--device-id", device_id, "--device-fingerprint", fingerprint]
    # The register is signed with the receipt key: its passphrase is asked for.
    enrolled = run(
        "council",
        "enrol-device",
        "--keys",
        "council",
        *enrol,
        "--passphrase-stdin",
        stdin=COUNCIL_PASS,
    )
    assert device_id in enrolled
    (tmp_path / "stick").mkdir()
    assert "2 case(s) to export" in run("export", *data, "--out", "stick", stdin=WORKER_PASS)
    (bundle,) = (tmp_path / "stick").iterdir()
    received = run(
        "receive",
        str(bundle),
        "--keys",
        "council",
        "--archive",
        "archive",
        "--training",  # a practice archive: the laptop is a training one
        "--passphrase-stdin",
        stdin=COUNCIL_PASS,
    )
    assert "imported 2 case revision(s)" in received
    (receipt,) = (tmp_path / "archive" / "receipts").iterdir()
    assert "2 case(s) confirmed" in run("import-receipt", *data, str(receipt), stdin=WORKER_PASS)

    checked = run("--self-test")
    assert "self-test passed" in checked and "FAIL" not in checked, checked

    assert snapshot(folder) == before, "files in the app folder changed"
    if not TRACE:
        return
    accesses = [a for log in run.logs for a in parse_strace(log)]
    assert len(accesses) > 1000, "strace recorded too little to prove anything"
    # The app's own folder was read: the trace covers what it loads.
    assert any(a.path.startswith(str(folder)) for a in accesses)
    roots = forbidden_roots()
    # The app's own folder (and the folders above it, resolved on the way) are its own, even
    # when a reused build (FC_FROZEN_APP) lies inside the checkout.
    own = str(folder)
    outside = sorted(
        {
            a.path
            for a in accesses
            if any(a.path.startswith(r) for r in roots)
            and not (a.path.startswith(own) or own.startswith(a.path))
        }
    )
    assert not outside, f"the frozen app looked in the source tree or a Python install: {outside}"
    into_folder = sorted({a.path for a in accesses if a.writes and a.path.startswith(str(folder))})
    assert not into_folder, f"the frozen app wrote into its own folder: {into_folder}"
