"""The life of a case, as the case list shows it.

draft -> ready (every applicable output has what it needs) -> finalised (supervisor signed off)
-> exported (bundle written, awaiting the council's receipt) -> receipt_confirmed -> purged
after the retention period. An amendment takes a finalised or exported case back to draft.
"""

from __future__ import annotations

DRAFT = "draft"
READY = "ready"
FINALISED = "finalised"
EXPORTED = "exported"
RECEIPT_CONFIRMED = "receipt_confirmed"

# What the worker reads in the case list and filters.
STATUS_LABELS: dict[str, str] = {
    DRAFT: "Draft",
    READY: "Ready",
    FINALISED: "Finalised",
    EXPORTED: "Exported, awaiting receipt",
    RECEIPT_CONFIRMED: "Receipt confirmed",
}

# A finalised record is read-only; these statuses are reached only after finalising.
READ_ONLY = frozenset({FINALISED, EXPORTED, RECEIPT_CONFIRMED})


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())
