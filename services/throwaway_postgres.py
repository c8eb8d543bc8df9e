"""A throwaway PostgreSQL cluster for the store tests and `bench`: Debian's postgresql package
(installed by `./run test`), initdb'ed into a temporary folder, listening only on a Unix socket
there (no TCP port: the suite's network guard allows Unix sockets only).

The suite runs as root and PostgreSQL refuses to run as root, so the server runs as the
`postgres` user (created by the Debian package) via runuser; the folder is handed to it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Cluster:
    root: Path
    socket_dir: Path
    bin_dir: Path
    user: str

    def conninfo(self, dbname: str = "postgres") -> str:
        return f"host={self.socket_dir} port=5432 dbname={dbname} user=postgres"


def _bin_dir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _as_server_user(user: str | None, argv: list[str]) -> list[str]:
    if user is None:
        return argv
    runuser = shutil.which("runuser")
    if runuser is None:
        raise RuntimeError("runuser (util-linux) is needed to start PostgreSQL as postgres")
    return [runuser, "-u", user, "--", *argv]


def available() -> bool:
    """Whether Debian's PostgreSQL server programs are installed."""
    return _bin_dir() is not None


def start_cluster() -> Cluster:
    """initdb and start a cluster; stop_cluster removes it. RuntimeError if it cannot."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise RuntimeError("Debian's postgresql package is missing: run the suite with ./run test")
    user = "postgres" if os.geteuid() == 0 else None
    # Under /tmp, not TMPDIR: a Unix socket path must stay under ~100 bytes.
    root = Path(tempfile.mkdtemp(prefix="fc-pg-", dir="/tmp"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if user is not None:
        entry = pwd.getpwnam(user)
        for path in (root, sock):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    root.chmod(0o755)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run(  # noqa: S603 - our own fixed argv
        _as_server_user(
            user,
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
        ),
        check=True, capture_output=True, env=env, cwd=root,
    )  # fmt: skip
    options = f"-c listen_addresses='' -c unix_socket_directories='{sock}' -c fsync=off"
    subprocess.run(  # noqa: S603 - our own fixed argv
        _as_server_user(
            user,
            [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
             str(root / "server.log"), "-w", "-t", "60", "start"],
        ),
        check=True, capture_output=True, env=env, cwd=root,
    )  # fmt: skip
    return Cluster(root, sock, bin_dir, user or "")


def stop_cluster(cluster: Cluster) -> None:
    """Stop the server at once (its data is thrown away) and remove its folder."""
    try:
        subprocess.run(  # noqa: S603 - our own fixed argv
            _as_server_user(
                cluster.user or None,
                [str(cluster.bin_dir / "pg_ctl"), "-D", str(cluster.root / "data"), "-m",
                 "immediate", "-w", "stop"],
            ),
            check=False, capture_output=True, cwd=cluster.root,
        )  # fmt: skip
    finally:
        shutil.rmtree(cluster.root, ignore_errors=True)
