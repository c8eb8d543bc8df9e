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
