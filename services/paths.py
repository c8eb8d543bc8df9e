"""Where a device's files live: the one typed place that tests point at a temporary folder."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from platformdirs.api import PlatformDirsABC
from platformdirs.macos import MacOS
from platformdirs.unix import Unix
from platformdirs.windows import Windows

APP_DIR_NAME = "first-contact"


def _platform_dirs() -> PlatformDirsABC:
    # Chosen at call time (platformdirs' own PlatformDirs is fixed at import), so the branch
    # for each platform can be exercised by tests on any of them.
    if sys.platform == "win32":
        # Local, not roaming: the vault must never be copied to a server with the profile.
        return Windows(APP_DIR_NAME, appauthor=False, roaming=False)
    if sys.platform == "darwin":
        return MacOS(APP_DIR_NAME)
    return Unix(APP_DIR_NAME)


def default_data_dir() -> Path:
    """The platform's per-user local data folder for the app.

    Linux: $XDG_DATA_HOME/first-contact, else ~/.local/share/first-contact. Windows:
    %LOCALAPPDATA%\\first-contact (the per-user, non-roaming profile folder). macOS:
    ~/Library/Application Support/first-contact.
    """
    return Path(_platform_dirs().user_data_dir)


@dataclass(frozen=True)
class AppPaths:
    """The files of one device's vault inside its data directory."""

    data_dir: Path

    @property
    def vault_db(self) -> Path:
        return self.data_dir / "vault.db"

    @property
    def keystore(self) -> Path:
        return self.data_dir / "keystore.json"

    def is_provisioned(self) -> bool:
        """True when a vault (or a half-made one) is here; provisioning must not overwrite it."""
        return self.keystore.exists() or self.vault_db.exists()

    def ensure_data_dir(self) -> None:
        """Create the data directory readable by this user only."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.data_dir.chmod(0o700)


def default_training_dir() -> Path:
    """Training vaults live apart from the real one, so the two can never be confused."""
    return default_data_dir().with_name(APP_DIR_NAME + "-training")
