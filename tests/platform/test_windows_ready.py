"""The platform branches that decide where data lives and how the process is hardened.

Windows itself cannot run here; these run each branch's code on this machine with the platform
switched (sys.platform, os.name), and check the parts that are the same everywhere.
"""

from __future__ import annotations

import ctypes
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from services import documents, paths, process_hardening, program

REPO = Path(__file__).resolve().parents[2]


def test_windows_data_folder_is_the_local_not_roaming_profile(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import platformdirs.windows

    monkeypatch.setattr(sys, "platform", "win32")
    # On Windows platformdirs asks SHGetKnownFolderPath (ctypes.windll); here its own resolver
    # from the environment variables Windows sets answers instead.
    resolver = platformdirs.windows.get_win_folder_from_env_vars
    monkeypatch.setattr(platformdirs.windows, "_resolve_win_folder", resolver)
    local, roaming = tmp_path / "AppData" / "Local", tmp_path / "AppData" / "Roaming"
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    monkeypatch.setenv("APPDATA", str(roaming))
    assert paths.default_data_dir() == local / "first-contact"
    assert paths.default_training_dir() == local / "first-contact-training"


def test_linux_data_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert paths.default_data_dir() == tmp_path / "share" / "first-contact"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.default_data_dir() == tmp_path / ".local" / "share" / "first-contact"


def test_macos_data_folder_is_application_support(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("HOME", str(tmp_path))
    expected = tmp_path / "Library" / "Application Support" / "first-contact"
    assert paths.default_data_dir() == expected


def test_hardening_module_imports_without_resource() -> None:
    # Windows has no `resource` module: importing the hardening module (main.py's first import)
    # must not need it. A fresh interpreter where importing `resource` fails stands in for it.
    code = (
        "import sys; sys.modules['resource'] = None\n"
        "import services.process_hardening as h\n"
        "sys.platform = 'win32'\n"
        "print(h.harden_process())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    # On this Linux the Windows calls are not there: the branch reports only what it applied.
    assert result.stdout.strip() == "['umask 077']"


def test_linux_hardening_stops_core_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    import resource

    old_umask = os.umask(0o022)
    try:
        applied = process_hardening.harden_process()
        assert os.umask(0o077) == 0o077
    finally:
        os.umask(old_umask)
    assert "RLIMIT_CORE 0" in applied
    assert resource.getrlimit(resource.RLIMIT_CORE)[0] == 0


def test_cdll_type_error_is_not_fatal(monkeypatch: pytest.MonkeyPatch) -> None:
    # ctypes.CDLL(None) raises TypeError on Windows; the POSIX branch must survive it too.
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise TypeError("expected str, bytes or os.PathLike object, not NoneType")

    monkeypatch.setattr(ctypes, "CDLL", refuse)
    old_umask = os.umask(0o077)
    try:
        applied = process_hardening.harden_process()
    finally:
        os.umask(old_umask)
    assert "RLIMIT_CORE 0" in applied and "PR_SET_DUMPABLE 0" not in applied


def test_pdf_descriptor_is_binary_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    monkeypatch.setattr(os, "O_BINARY", 0x8000, raising=False)
    reloaded = importlib.reload(documents)
    try:
        assert reloaded.PDF_OPEN_FLAGS & 0x8000
    finally:
        monkeypatch.undo()
        importlib.reload(documents)
    assert not hasattr(os, "O_BINARY") or documents.PDF_OPEN_FLAGS & os.O_BINARY


def test_saved_pdf_bytes_are_written_unchanged(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n\r\n\x00\x0a\x0d binary\n%%EOF\n"
    target = tmp_path / "pack.pdf"
    documents._write_atomically(target, data)
    assert target.read_bytes() == data
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_program_name_is_the_executable_when_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["/opt/fc/main.py"])
    assert program.program_name() == "main.py"
    monkeypatch.setattr(sys, "argv", ["/usr/lib/python3/site-packages/pytest/__main__.py"])
    assert program.program_name() == "first-contact"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", r"C:\Program Files\First Contact\first-contact.exe")
    assert program.is_frozen()
    assert program.program_name().endswith("first-contact.exe")


# storage may not import crypto (sibling layers), so the vault keeps its own copy.
@pytest.mark.parametrize("module_name", ["storage.rotation", "crypto.atomic_file"])
def test_files_are_opened_writable_for_fsync_on_windows(
    module_name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import importlib

    module = importlib.import_module(module_name)
    assert module.sync_open_flags() == os.O_RDONLY
    monkeypatch.setattr(os, "name", "nt")
    monkeypatch.setattr(os, "O_BINARY", 0x8000, raising=False)
    assert module.sync_open_flags() == os.O_RDWR | 0x8000
    monkeypatch.undo()
    # And the module's own flush runs on a real file with this platform's flags.
    target = tmp_path / "synced"
    target.write_bytes(b"data")
    module.fsync_file(target)
    assert target.read_bytes() == b"data"
