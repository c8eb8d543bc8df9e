"""Scanning files for canary strings as UTF-8, UTF-16 and base64, and inside PDF streams."""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterable
from pathlib import Path

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)


def encodings(canary: str) -> list[bytes]:
    """The byte forms a canary could take on disk."""
    raw = canary.encode("utf-8")
    forms = [raw, canary.encode("utf-16-le"), canary.encode("utf-16-be")]
    # base64 of the canary at each of the three alignments inside a longer base64 text.
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw)[4 if shift else 0 :]
        forms.append(encoded[: max(8, len(encoded) - 4)])
    return forms


def _inflated_streams(data: bytes) -> Iterable[bytes]:
    for match in _STREAM.finditer(data):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            continue


def scan_file(path: Path, canaries: list[str]) -> list[str]:
    """Canaries found in one file (also inside compressed PDF streams)."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    blobs = [data, *(_inflated_streams(data) if b"endstream" in data else [])]
    found = []
    for canary in canaries:
        if any(form in blob for blob in blobs for form in encodings(canary)):
            found.append(canary)
    return found


def scan_tree(root: Path, canaries: list[str]) -> dict[str, list[str]]:
    """Every file under root with the canaries it contains."""
    hits: dict[str, list[str]] = {}
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            found = scan_file(path, canaries)
            if found:
                hits[str(path)] = found
    return hits
