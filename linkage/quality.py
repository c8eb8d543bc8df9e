"""Precision and recall of proposed pairs against a generated population's truth."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from splink import DuckDBAPI
from splink.blocking_analysis import cumulative_comparisons_to_be_scored_from_blocking_rules_data

from linkage.engines import ScoredPair, capped_rows, frame
from linkage.model import BLOCKING_RULES
from linkage.rows import PersonRow


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


def blocked_pairs(rows: Sequence[PersonRow]) -> list[tuple[str, int]]:
    """(rule, pairs it adds beyond the rules before it) for every blocking rule: what the model
    scores (bench --matches reports the total)."""
    table = cumulative_comparisons_to_be_scored_from_blocking_rules_data(
        table_or_tables=[frame(capped_rows(rows))],
        blocking_rules=list(BLOCKING_RULES),
        link_type="dedupe_only",
        db_api=DuckDBAPI(":memory:"),
    )
    return [
        (str(r), int(n)) for r, n in zip(table["blocking_rule"], table["row_count"], strict=True)
    ]
