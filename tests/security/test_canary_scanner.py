"""The canary scanner itself finds what it must (a scanner that finds nothing proves nothing)."""

from __future__ import annotations

import base64
import zlib
from pathlib import Path

from tests.security.canary_scan import scan_tree

CANARY = "CANARY-7f3a-林小梅-محمد"


def test_scanner_finds_each_encoding(tmp_path: Path) -> None:
    raw = CANARY.encode()
    (tmp_path / "utf8.txt").write_bytes(b"xx" + raw + b"yy")
    (tmp_path / "utf16.txt").write_bytes(CANARY.encode("utf-16-le"))
    for shift in range(3):
        (tmp_path / f"b64-{shift}.txt").write_bytes(base64.b64encode(b"p" * shift + raw + b"q"))
    pdf = b"%PDF-1.4\nstream\n" + zlib.compress(b"BT (" + raw + b") ET") + b"\nendstream\n"
    (tmp_path / "doc.pdf").write_bytes(pdf)
    (tmp_path / "clean.txt").write_bytes(b"nothing here")
    hits = scan_tree(tmp_path, [CANARY])
    assert sorted(Path(p).name for p in hits) == sorted(
        ["utf8.txt", "utf16.txt", "b64-0.txt", "b64-1.txt", "b64-2.txt", "doc.pdf"]
    )
