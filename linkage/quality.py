"""Precision and recall of proposed pairs against a generated population's truth."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from linkage.engines import ScoredPair


@dataclass(frozen=True)
class Quality:
    threshold: float
    proposed: int
    true_positives: int
    true_pairs: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.true_pairs if self.true_pairs else 1.0

    def line(self) -> str:
        return (
            f"threshold {self.threshold:.2f}: {self.proposed} pairs proposed, "
            f"{self.true_positives} of {self.true_pairs} true pairs found: "
            f"precision {self.precision:.1%}, recall {self.recall:.1%}"
        )


def measure(pairs: Iterable[ScoredPair], truth: set[tuple[str, str]], threshold: float) -> Quality:
    """Recall counts every true pair, including those blocking never scored."""
    proposed = {(p.case_a, p.case_b) for p in pairs if p.probability >= threshold}
    return Quality(threshold, len(proposed), len(proposed & truth), len(truth))
