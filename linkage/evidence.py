"""Identifying facts beyond the name, as the matcher compares them (docs/record.md field ids).

- `dob_claimed` carries a month as well as a year (the record's partial date has no day: docs/
  forms.md). A month the person stated, not marked approximate, tells namesakes of one age apart.
- `pv_birthplace` is free text ("Dien Chau, Nghe An", "Nghệ An province", "Keren"): split into
  its places (comma-separated parts), each in Latin ASCII without spaces and without words such
  as "province" or "village", so the same town meets itself in any spelling order; a bare
  country name says no more than nationality and is left out.
- `pv_family` is free text ("Mother Lan, father Hung (died), brothers Minh and Tuan"): the names
  in it, folded like the person's own name (linkage.names), without relation words and without
  the person's own name words (a Vietnamese mother's or an Arabic father's name repeats the
  child's, which every namesake shares). Pairs of those names are kept too, so "two or more
  family names in common" is one array overlap, as SQL on both engines can test.
- `pv_phone` is the person's own phone (also a "same network" identifier: linkage.network).
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import Any

from council_store.names import latin_key
from linkage import names


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PART_SPLIT = re.compile(r"[,;/()]|\s-\s|\bnear\b")
_NOT_LETTER = re.compile(r"[^a-z]+")
# Words that say what kind of place it is, not which.
_PLACE_WORDS = _words(
    "province district village town city commune county region state governorate zone "
    "sub subregion wereda woreda zoba prefecture municipality camp area rural the of in near "
    "born tinh huyen xa thanh pho thon lang"
)
# Countries most people in these cases come from: "Vietnam" as a birthplace is nationality again.
_COUNTRIES = _words(
    "vietnam vietnamese sudan eritrea ethiopia china syria iraq egypt libya afghanistan albania "
    "iran kurdistan somalia nigeria chad yemen kuwait lebanon ukraine romania poland india "
    "pakistan bangladesh"
)
# Words of a family description that are not names (English, and the Arabic and Amharic words
# for mother, father, brother and sister as ICU writes them), and Vietnamese Thi and Van: the middle
# names most women and men carry, which say "a woman", "a man" and nothing about who.
_FAMILY_WORDS = _words(
    """mother father mum mom dad mam mama papa parent parents brother brothers sister sisters
    sibling siblings half step twin older elder younger little big baby small uncle aunt auntie
    grandmother grandfather grandma grandpa granny cousin cousins son daughter wife husband
    died dead deceased killed passed away lives living live still home house back unknown
    not known no none has have had is are was were in at with and or but the a an one two three
    four five of he she they him her his their them name names called says said does doesnt
    know knows remember contact contacts year years old age aged months only also other another
    family village country war prison ill sick missing lost left went gone who where when
    phone number
    alam alab alakh alakht am ab akh akht waldt wald nat abat
    thi van"""
)
MAX_FAMILY_NAMES = 12  # a long story stays a bounded array (66 pairs)


def birth_month(answers: dict[str, Any]) -> int | None:
    """The stated month of birth, unless the date is marked approximate."""
    dob = answers.get("dob_claimed")
    if not isinstance(dob, dict) or dob.get("approximate") is True:
        return None
    month = dob.get("month")
    if isinstance(month, int) and not isinstance(month, bool) and 1 <= month <= 12:
        return month
    return None


def place_parts(text: str) -> tuple[str, ...]:
    """The places a birthplace names, each as letters only, sorted: "Diễn Châu, Nghệ An
    province" -> ("dienchau", "nghean")."""
    out: set[str] = set()
    for part in _PART_SPLIT.split(text.lower()):
        words = [w for w in _NOT_LETTER.split(latin_key(part)) if w and w not in _PLACE_WORDS]
        joined = "".join(words)
        if len(joined) >= 3 and joined not in _COUNTRIES:
            out.add(joined)
    return tuple(sorted(out))


def place_skeletons(parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({names.skeleton(p) for p in parts}))


# A written word: letters, joined by an apostrophe or hyphen ("Al-Amin", "O'Neill").
_WRITTEN_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


def _name_like(word: str) -> bool:
    """In a script with capitals, names are written with one ("as they described them" has
    none); a script without capitals (Arabic, Ge'ez, Han) cannot say, so its words stay."""
    first = word[0]
    return first.isupper() or first.lower() == first.upper()


def family_names(text: str, own_name_words: set[str]) -> tuple[str, ...]:
    """The names a family description mentions, canonical, sorted, without the person's own.

    Only words written like names count (a capital, or a script without capitals), then the
    relation and filler words go: "Mother and two younger siblings at home, as they described
    them" names nobody, where taking every word not on the list found "as" and "described",
    and any two records with that phrase had "two or more family names in common"."""
    written = " ".join(w for w in _WRITTEN_WORD.findall(text) if _name_like(w))
    found: set[str] = set()
    for token in names.tokens(written):
        word = names.canonical_token(token)
        if len(word) >= 2 and word not in _FAMILY_WORDS and word not in own_name_words:
            found.add(word)
    return tuple(sorted(found)[:MAX_FAMILY_NAMES])


def name_pairs(words: tuple[str, ...]) -> tuple[str, ...]:
    """Every two of the names, as "a b": two records share one iff they share two names."""
    return tuple(f"{a} {b}" for a, b in combinations(words, 2))
