"""Name search. On PostgreSQL through an index: the tokens of every stored name in `name_tokens`
(migration 2), looked up by equality on the kind of token and a range on the token, which its
b-tree index answers without reading the table. On DuckDB by scanning `name_keys` with LIKE:
a column store reads the keys of 100,000 cases faster than it joins the fifteen times as many
token rows (measured: docs/council-store.md, "Search at scale"), so there `name_tokens` stays
empty and writes skip it.

The rules are those of the `LIKE` scan over `name_keys` this replaces (docs/council-store.md,
"Search"), pass by pass: every query word starts a word of one name; or the query run together
(4+ letters) appears in a name run together; or every consonant word (2+ letters) of the query
starts a word of one name's skeleton. A name is one row of `name_keys`; its tokens carry its
number within the case (`key_no`), so "all words in one name" is an INTERSECT on (case, name).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from council_store.engines import Engine
from council_store.names import prefix_end, search_tokens, skeleton


def token_rows(case_id: str, names: Iterable[tuple[str, str]]) -> list[tuple[str, str, str, int]]:
    """The name_tokens rows of one case from its names' (latin key, skeleton). Endings of the
    run-together key are kept once per case (that pass needs no "same name")."""
    rows: list[tuple[str, str, str, int]] = []
    seen_names: set[tuple[str, str]] = set()
    seen_ends: set[str] = set()
    for number, (key, skel) in enumerate(names):
        if not key or (key, skel) in seen_names:
            continue
        seen_names.add((key, skel))
        for field, token in search_tokens(key, skel):
            if field == "c":
                if token not in seen_ends:
                    seen_ends.add(token)
                    rows.append((token, field, case_id, 0))
            else:
                rows.append((token, field, case_id, number))
    return rows


def insert_tokens(db: Engine, rows: Sequence[tuple[str, str, str, int]]) -> None:
    db.copy_rows("name_tokens", ("token", "field", "case_id", "key_no"), rows)


def uses_tokens(db: Engine) -> bool:
    """Whether this engine searches (and so keeps) name_tokens."""
    return db.kind == "postgresql"


def backfill(db: Engine) -> None:
    """Migration 2's data step: tokens for every name already in `name_keys`."""
    if not uses_tokens(db):
        return
    db.execute("DELETE FROM name_tokens")
    names: dict[str, list[tuple[str, str]]] = {}
    for case_id, key, skel in db.query(
        "SELECT case_id, latin_key, skeleton FROM name_keys ORDER BY case_id, kind, name"
    ):
        names.setdefault(str(case_id), []).append((str(key), str(skel)))
    rows = [row for case_id, keys in names.items() for row in token_rows(case_id, keys)]
    insert_tokens(db, rows)


def _prefix(field: str, word: str) -> tuple[str, list[Any]]:
    """The token rows of kind `field` that start with `word`: a range, so the index serves it."""
    end = prefix_end(word)
    if end is None:
        return "SELECT case_id, key_no FROM name_tokens WHERE field = ? AND token >= ?", [
            field,
            word,
        ]
    return (
        "SELECT case_id, key_no FROM name_tokens WHERE field = ? AND token >= ? AND token < ?",
        [field, word, end],
    )


def _all_in_one_name(field: str, words: Sequence[str]) -> tuple[str, list[Any]]:
    parts = [_prefix(field, w) for w in dict.fromkeys(words)]
    sql = " INTERSECT ".join(p for p, _ in parts)
    params = [v for _, ps in parts for v in ps]
    return f"SELECT DISTINCT case_id FROM ({sql}) AS hits", params  # noqa: S608 - fixed SQL


def scan_passes(key: str) -> list[tuple[str, list[Any]]]:
    """The same passes as LIKE conditions on name_keys (DuckDB)."""
    compact = key.replace(" ", "")
    rules = (
        ("latin_key", key.split(), "% {}%"),
        ("compact", [compact] if len(compact) >= 4 else [], "%{}%"),
        ("skeleton", [w for w in skeleton(key).split() if len(w) >= 2], "% {}%"),
    )
    out: list[tuple[str, list[Any]]] = []
    for column, words, pattern in rules:
        if words:
            hits = " AND ".join(f"(' ' || {column}) LIKE ?" for _ in words)
            out.append(
                (f"SELECT case_id FROM name_keys WHERE {hits}",  # noqa: S608 - fixed SQL
                 [pattern.format(w) for w in words])
            )  # fmt: skip
    return out


def passes(key: str, db: Engine | None = None) -> list[tuple[str, list[Any]]]:
    """For a query's latin key, each pass's sub-query of case ids, in the order results are
    listed: exact words, then run together, then consonant skeleton. Token look-ups unless
    `db` is an engine that scans instead (uses_tokens)."""
    if db is not None and not uses_tokens(db):
        return scan_passes(key)
    out = [_all_in_one_name("w", key.split())]
    compact = key.replace(" ", "")
    if len(compact) >= 4:
        sql, params = _prefix("c", compact)
        out.append((f"SELECT DISTINCT case_id FROM ({sql}) AS hits", params))  # noqa: S608
    consonants = [w for w in skeleton(key).split() if len(w) >= 2]
    if consonants:
        out.append(_all_in_one_name("s", consonants))
    return out
