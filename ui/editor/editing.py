"""What the editor's parts share: the case's context and the record being edited in memory."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.clock import Clock
from services.disclosures import DISCLOSURES
from services.session import Session
from ui.dialogs import Dialogs
from ui.task_runner import TaskRunner


@dataclass(frozen=True)
class EditorContext:
    """How the editor's parts reach the vault (always through the runner) and the worker."""

    session: Session
    case_id: str
    runner: TaskRunner
    clock: Clock
    dialogs: Dialogs


class EditedRecord:
    """The record on screen, owned by the UI thread; snapshots of it go to the worker thread.

    `revision_on_worker` is the revision the last save on the worker thread produced: read and
    written on the worker thread only (saves run there in order, so it is always current).
    """

    def __init__(self, document: Mapping[str, Any], revision: int) -> None:
        self.revision_on_worker: int | None = revision
        self.record: dict[str, Any] = {}
        self.answers: dict[str, Any] = {}
        self.adopt(document)

    def adopt(self, document: Mapping[str, Any]) -> None:
        """Take another version (signed off, amended, reloaded) as the one being edited."""
        self.record = copy.deepcopy(dict(document))
        answers = self.record.setdefault("answers", {})
        self.answers = answers if isinstance(answers, dict) else {}
        self.record["answers"] = self.answers

    def snapshot(self) -> dict[str, Any]:
        return copy.deepcopy(self.record)

    def set_answer(self, field_id: str, value: Any) -> None:
        if value is None:
            self.answers.pop(field_id, None)
        else:
            self.answers[field_id] = value

    def disclosures(self) -> list[Any]:
        entries = self.answers.get(DISCLOSURES)
        return list(entries) if isinstance(entries, list) else []

    def take_disclosures(self, document: Mapping[str, Any]) -> list[Any]:
        """Copy the disclosure log of a version saved elsewhere (a log entry made on the worker)."""
        answers = document.get("answers", {})
        stored = answers.get(DISCLOSURES) if isinstance(answers, Mapping) else None
        self.answers[DISCLOSURES] = copy.deepcopy(stored) if isinstance(stored, list) else []
        return list(self.answers[DISCLOSURES])
