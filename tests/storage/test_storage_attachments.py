"""Attachments: stored inside the vault, returned byte-identical, listed and deleted."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from storage.errors import AttachmentNotFound, CaseNotFound
from storage.vault import Vault


def test_attachments_round_trip_byte_identical(
    vault: Vault, vault_path: Path, key: bytearray
) -> None:
    vault.cases.create("c1", "R", {}, worker_id="w", summary={}, search_terms=[])
    photo = os.urandom(700_000) + b"\x00" * 1000 + bytes(range(256))
    empty = b""
    first = vault.attachments.add(
        "c1", photo, media_type="image/jpeg", description="arm", now="2025-01-01T00:00:00Z"
    )
    second = vault.attachments.add("c1", empty, media_type="application/octet-stream")
    assert first.sha256 == hashlib.sha256(photo).hexdigest() and first.size == len(photo)
    vault.close()
    with Vault.open(vault_path, key) as again:
        assert again.attachments.get(first.attachment_id) == photo
        assert again.attachments.get(second.attachment_id) == empty
        assert again.attachments.list("c1") == [first, second]
        assert again.attachments.info(first.attachment_id) == first
        again.attachments.delete(first.attachment_id)
        assert again.attachments.list("c1") == [second]
        with pytest.raises(AttachmentNotFound):
            again.attachments.get(first.attachment_id)
        with pytest.raises(AttachmentNotFound):
            again.attachments.delete(first.attachment_id)


def test_attachment_needs_a_case_and_a_media_type(vault: Vault) -> None:
    with pytest.raises(CaseNotFound):
        vault.attachments.add("nope", b"x", media_type="image/png")
    vault.cases.create("c1", "R", {}, worker_id="w", summary={}, search_terms=[])
    with pytest.raises(ValueError):
        vault.attachments.add("c1", b"x", media_type="photo")
    assert vault.attachments.list("c1") == []
