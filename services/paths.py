"""Where a device's files live: the one typed place that tests point at a temporary folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_DIR_NAME = "first-contact"


def default_data_dir() -> Path:
    """The platform's per-user data folder (XDG on Linux), e.g. ~/.local/share/first-contact."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR_NAME


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
