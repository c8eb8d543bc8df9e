"""The store's value types: what goes in (CaseRevision), what comes out (StoredRecord, ...)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A decision on a proposed pair: the same person, not the same, or not sure. Decisions never
# merge records; they only stop a decided pair from being proposed again.
DECISIONS = ("same", "not_same", "unsure")


@dataclass(frozen=True)
class CaseRevision:
    """One received case revision, as `receive` or `council index` hands it to the store.
    `folder` is relative to the archive (e.g. <case id>/rev-2)."""

    case_id: str
    revision: int
    reference: str
    device_id: str
    bundle_id: str
    received_at: str
    folder: str
    record: dict[str, Any]
    record_sha256: str
    pdfs: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredRecord:
    """The latest revision of one case, for matching and export; `folder` is absolute."""

    case_id: str
    revision: int
    reference: str
    device_id: str
    received_at: str
    record: dict[str, Any]
    folder: Path


@dataclass(frozen=True)
class CaseSummary:
    """What `council cases show/search` prints about a case (its latest revision)."""

    case_id: str
    revision: int
    reference: str
    device_id: str
    received_at: str
    folder: Path
    name_native: str
    name_latin: str
    aliases: tuple[str, ...]
    gender: str
    nationality: str
    nationality_2: str
    age: int | None
    dob: str
    revisions: int = 1
    pdfs: tuple[Path, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class MatchDecision:
    """A person's decision on a pair of case revisions (audited; never merges records)."""

    decision_id: str
    case_a: str
    rev_a: int
    case_b: str
    rev_b: int
    decision: str
    decided_by: str
    reason: str
    decided_at: str


@dataclass(frozen=True)
class SearchFilters:
    """Optional filters of `council cases search` (all inclusive; None = no filter)."""

    nationality: str | None = None
    age_from: int | None = None
    age_to: int | None = None
    received_from: str | None = None  # YYYY-MM-DD
    received_to: str | None = None  # YYYY-MM-DD
