"""`./run build`: the one-folder app with PyInstaller, then a compressed archive of it.

    .venv/bin/python packaging/build.py [--dist DIR] [--work DIR] [--no-archive]

Runs packaging/first-contact.spec (the same file the Windows workflow uses), writes
DIST/first-contact/ and DIST/first-contact-VERSION-PLATFORM.tar.gz (a .zip on Windows) and
prints the folder size, the archive size and the build time.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "first-contact.spec"
APP = "first-contact"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def version() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return str(project["version"])


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; returns the app folder."""
    work.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean"]
    command += ["--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work)]
    # cwd is the work folder, not the checkout: nothing in the checkout can shadow a module
    # PyInstaller itself imports (this folder is called `packaging`, like a library it uses).
    subprocess.run([*command, str(SPEC)], cwd=work, check=True)  # noqa: S603
    return dist / APP


def drop_foreign_runpaths(folder: Path) -> list[str]:
    """Remove RUNPATH/RPATH entries that name folders of the build machine (Linux).

    A Python built with its own prefix (pyenv, /opt) gives libpython and every extension module
    a RUNPATH into that prefix; the loader on a laptop would then look there first for system
    libraries. The folder's own libraries are found by PyInstaller's loader set-up, and system
    ones through the usual search, so such entries only point outside the folder.
    """
    if not sys.platform.startswith("linux"):
        return []
    changed = []
    for path in [*sorted(folder.rglob("*.so*")), folder / APP]:
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        # patchelf comes from the build's system packages (BUILD_DEBS in ./run).
        query = ["patchelf", "--print-rpath", str(path)]
        found = subprocess.run(query, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603
        if found and any(not entry.startswith("$ORIGIN") for entry in found.split(":")):
            subprocess.run(["patchelf", "--remove-rpath", str(path)], check=True)  # noqa: S603,S607
            changed.append(path.name)
    return changed


def archive(folder: Path) -> Path:
    """tar.gz of the folder (zip on Windows, where Explorer opens it), beside it."""
    system = "windows" if sys.platform == "win32" else sys.platform.rstrip("0123456789")
    base = folder.parent / f"{APP}-{version()}-{system}-{platform.machine().lower()}"
    fmt = "zip" if sys.platform == "win32" else "gztar"
    return Path(shutil.make_archive(str(base), fmt, root_dir=folder.parent, base_dir=folder.name))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="./run build", description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="default: dist/")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-archive", action="store_true", help="only the folder")
    args = parser.parse_args(argv)
    started = time.monotonic()
    folder = build(args.dist.resolve(), args.work.resolve())
    cleaned = drop_foreign_runpaths(folder)
    built = time.monotonic() - started
    if cleaned:
        print(f"removed build-machine RUNPATHs from {len(cleaned)} libraries")
    mib = 1024 * 1024
    print(f"folder:  {folder} ({folder_size(folder) / mib:.0f} MiB), built in {built:.0f} s")
    if not args.no_archive:
        started = time.monotonic()
        packed = archive(folder)
        took = time.monotonic() - started
        print(f"archive: {packed} ({packed.stat().st_size / mib:.0f} MiB), in {took:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
