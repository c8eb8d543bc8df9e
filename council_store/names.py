"""Search keys for names in any script: ICU transliteration to Latin, no diacritics, lower case.

ICU's transforms (PyICU) are the reference implementation of CLDR transliteration: one
maintained rule set for every script the app records (Arabic, Ethiopic, Han, Cyrillic, Thai,
Devanagari, ...), where the pure-Python alternatives (unidecode, anyascii) are per-character
tables with no context rules. Keys are made once, at write time, and stored per name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from council_store.errors import StoreUnavailable

# Any script to Latin, then Latin to plain ASCII (strips diacritics: Nguyễn -> Nguyen).
_TRANSFORM = "Any-Latin; Latin-ASCII; Lower"
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Vowels and the semi-vowels abjad scripts leave out or write as consonants (Arabic ا و ي):
# the "skeleton" of a name lets احمد (ahmd) meet Ahmad, and Mohamed meet Muhammad.
_SKELETON_DROP = re.compile(r"[aeiouyw]")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=1)
def _transliterator() -> Any:
    try:
        import icu
    except ImportError:
        raise StoreUnavailable(
            "PyICU is not installed: run council commands through ./run (it installs the "
            "council extra), or pip install -e '.[council]'."
        ) from None
    return icu.Transliterator.createInstance(_TRANSFORM, icu.UTransDirection.FORWARD)


def latin_key(text: str) -> str:
    """'Nguyễn Văn Đức' -> 'nguyen van duc'; 'احمد شاه' -> 'ahmd sah'; words space-separated."""
    text = unicodedata.normalize("NFC", text)
    latin = str(_transliterator().transliterate(text))
    # Anything ICU left (rare symbols) loses its marks the plain Unicode way.
    latin = "".join(c for c in unicodedata.normalize("NFKD", latin) if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", latin.lower()).split())


def skeleton(key: str) -> str:
    """The consonant skeleton of a latin_key: 'ahmad shah noori' -> 'hmd sh nr'."""
    words = (_REPEATS.sub(r"\1", _SKELETON_DROP.sub("", w)) for w in key.split())
    return " ".join(w for w in words if w)


def name_keys(name: str) -> tuple[str, str]:
    """(latin key, skeleton) for one name as written."""
    key = latin_key(name)
    return key, skeleton(key)


# The search look-up (council_store/search.py): one row per token of a name in `name_tokens`,
# found through a b-tree index by equality on the field and a range on the token. Every key is
# made of these characters only (latin_key maps anything else to a space), and in every
# collation a database is likely to use (C, and the linguistic ones of en_GB, en_US and the
# ICU root) strings of them sort digits first, then letters, character by character: so the
# strings that start with a prefix are exactly those from the prefix up to prefix_end(prefix).
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
_MIN_COMPACT = 4  # a run-together query shorter than this is not looked up (too many hits)


def prefix_end(prefix: str) -> str | None:
    """The first string after every string starting with `prefix` ('moh' -> 'moi', 'az' ->
    'b', '9' -> 'a'); None when there is none ('zz'). `prefix` is a key word ([a-z0-9]+)."""
    stem = prefix.rstrip("z")
    if not stem:
        return None
    return stem[:-1] + _ALPHABET[_ALPHABET.index(stem[-1]) + 1]


def search_tokens(key: str, skel: str) -> list[tuple[str, str]]:
    """(field, token) rows for one name's keys: 'w' each word of the latin key (a query word
    matches the start of one), 's' each word of the skeleton, 'c' each ending (4+ letters) of
    the key run together, so a run-together query found anywhere in it is the start of one."""
    words = sorted(set(key.split()))
    compact = key.replace(" ", "")
    ends = sorted({compact[i:] for i in range(len(compact) - _MIN_COMPACT + 1)})
    return (
        [("w", w) for w in words]
        + [("s", s) for s in sorted(set(skel.split()))]
        + [("c", c) for c in ends]
    )
