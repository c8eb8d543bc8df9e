"""The font files the project ships (for the UI to register; PDFs use them through reports/)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bundled_font_files() -> list[Path]:
    """Every TrueType font shipped under reports/fonts, in a stable order."""
    folder = Path(str(files("reports"))) / "fonts"
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.ttf"))
