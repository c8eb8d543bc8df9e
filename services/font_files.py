"""The font files the project ships (for the UI to register; PDFs use them through reports/)."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path


def bundled_font_files() -> list[Path]:
    """Every TrueType font shipped under reports/fonts, in a stable order."""
    # find_spec locates the package without importing it (or importlib.resources and zipfile):
    # this runs before the first screen shows, where every millisecond is start-up time.
    spec = find_spec("reports")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        folder = Path(location) / "fonts"
        if folder.is_dir():
            return sorted(folder.glob("*.ttf"))
    return []
