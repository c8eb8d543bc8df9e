"""Name search over cases: trigram FTS5 for 3+ characters, a substring scan for shorter queries."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from storage.database import Database

TRIGRAM = 3
# Characters SQLite cannot take inside an FTS5 string (NUL ends it) or the UTF-8 codec cannot
# encode (lone surrogates); they never belong in a name.
_DROPPED_CATEGORIES = {"Cc", "Cs"}


def _fold(text: str) -> str:
    cleaned = "".join(ch for ch in text if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", cleaned).casefold())
    return " ".join(folded.split())


def _strip_marks(folded: str) -> str:
    decomposed = unicodedata.normalize("NFD", folded)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare)


def search_keys(text: str) -> list[str]:
    """The normalised forms a term is indexed under (and a query is looked up by).

    NFC + casefold for every script; a second form without combining marks lets "Adesina"
    find "Adéṣínà" and "Drite" find "Dritë", while a query typed with the marks still matches
    the exact form. Terms and queries go through the same function, so they always agree.
    """
    folded = _fold(text)
    if not folded:
        return []
    bare = _strip_marks(folded)
    return [folded] if bare == folded or not bare.strip() else [folded, bare]


def _fts_phrase(key: str) -> str:
    # A quoted phrase is matched literally: AND/OR/NEAR, brackets, * and ^ lose their meaning.
    return '"' + key.replace('"', '""') + '"'


class SearchIndex:
    """vault.search: finds case ids by any part of a name, alias or transliteration."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def index(self, case_id: str, terms: Iterable[str]) -> None:
        """Replace a case's search terms (called inside the case's save transaction)."""
        keys = sorted({key for term in terms for key in search_keys(term)})
        with self._db.transaction():
            self.remove(case_id)
            rows = [(case_id, key) for key in keys]
            self._db.executemany("INSERT INTO search_terms (case_id, key) VALUES (?, ?)", rows)
            # The FTS row takes the plain row's term_id as rowid so remove() can find it by index.
            self._db.execute(
                "INSERT INTO case_search (rowid, case_id, key)"
                " SELECT term_id, case_id, key FROM search_terms WHERE case_id = ?",
                (case_id,),
            )

    def remove(self, case_id: str) -> None:
        """Drop every search row of a case (both the plain table and the FTS index)."""
        with self._db.transaction():
            self._db.execute(
                "DELETE FROM case_search WHERE rowid IN"
                " (SELECT term_id FROM search_terms WHERE case_id = ?)",
                (case_id,),
            )
            self._db.execute("DELETE FROM search_terms WHERE case_id = ?", (case_id,))

    def compact(self) -> None:
        """Rewrite the index as one segment, dropping deleted entries (used by purge)."""
        self._db.execute("INSERT INTO case_search (case_search) VALUES ('optimize')")

    def query(self, text: str, limit: int = 50) -> list[str]:
        """Case ids whose terms contain `text`, best match first; never raises on odd input."""
        if limit <= 0:
            return []
        best: dict[str, float] = {}
        for key in search_keys(text):
            for case_id, score in self._matches(key):
                best[case_id] = min(score, best.get(case_id, score))
        ranked = sorted(best.items(), key=lambda item: (item[1], item[0]))
        return [case_id for case_id, _ in ranked[:limit]]

    def _matches(self, key: str) -> list[tuple[str, float]]:
        if len(key) >= TRIGRAM:
            # bm25 rank: more negative is better.
            rows = self._db.query(
                "SELECT case_id, min(rank) FROM case_search WHERE case_search MATCH ?"
                " GROUP BY case_id",
                (_fts_phrase(key),),
            )
        else:
            # Trigrams cannot match 1-2 characters (a two-character Han given name is common);
            # instr() takes the query as a value, so there is nothing to escape. Earlier hits
            # rank first, and every FTS hit (negative score) outranks these.
            rows = self._db.query(
                "SELECT case_id, min(instr(key, ?)) FROM search_terms"
                " WHERE instr(key, ?) > 0 GROUP BY case_id",
                (key, key),
            )
        return [(str(case_id), float(score)) for case_id, score in rows]

    def rebuild(self, terms_by_case: Iterable[tuple[str, list[str]]]) -> int:
        """Throw the index away and rebuild it from the given terms; return the cases indexed."""
        count = 0
        with self._db.transaction():
            self._db.execute("DELETE FROM search_terms")
            self._db.execute("DELETE FROM case_search")
            for case_id, terms in terms_by_case:
                keys = sorted({key for term in terms for key in search_keys(term)})
                self._db.executemany(
                    "INSERT INTO search_terms (case_id, key) VALUES (?, ?)",
                    [(case_id, key) for key in keys],
                )
                count += 1
            self._db.execute(
                "INSERT INTO case_search (rowid, case_id, key)"
                " SELECT term_id, case_id, key FROM search_terms"
            )
            self._db.execute("INSERT INTO case_search (case_search) VALUES ('optimize')")
        return count
