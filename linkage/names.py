"""Names as the matcher compares them: Latin ASCII, no diacritics, variant spellings folded.

A device records a name as the worker heard or read it: in the person's own script, in one of
several transliterations, given name first or family name first. Before two names are compared
each is turned into lower-case ASCII tokens (ICU's Any-Latin and Latin-ASCII transforms through
`council_store.names.latin_key`, the one transliteration the council side uses, shared with
search), each token is
replaced by the head of its variant family (`VARIANTS`, below), and the tokens are sorted so that
name order and a given/family swap do not matter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from council_store.names import latin_key
from council_store.names import skeleton as _key_skeleton

# Common variant spellings of one name, as transliterations and devices produce them. The first
# spelling of each family is what every spelling becomes. Kept small and documented on purpose
# (docs/council-store.md, "Matching"): a family folds names that ARE one name in the original
# script (محمد, 陈, ተስፋይ), never names that merely look alike, so it cannot merge two people's
# names on its own; near spellings outside the table are left to the edit-distance levels.
VARIANT_FAMILIES: tuple[tuple[str, ...], ...] = (
    # Arabic script (Sudan, Syria, Iraq, Afghanistan, Somalia...)
    (
        "mohamed",
        "muhammad",
        "mohammed",
        "mohammad",
        "mohamad",
        "muhammed",
        "mohamud",
        "mahamed",
        "muhamad",
        "mehmet",
        "mohd",
    ),
    ("ahmed", "ahmad", "ahmet", "ehmed"),
    ("osman", "usman", "othman", "uthman", "osmaan"),
    ("yusuf", "yousef", "yusef", "youssef", "yousif", "yosef", "yousuf"),
    ("hussein", "husain", "hussain", "hosein", "hossein", "husein", "husayn"),
    ("hassan", "hasan", "hasaan"),
    ("ibrahim", "ebrahim", "ibraheem", "ibrahima"),
    ("mahmoud", "mahmood", "mahmud", "mehmood"),
    ("mustafa", "mostafa", "moustafa", "mustapha"),
    ("abdullah", "abdallah", "abdulla", "abdalla"),
    ("abdulrahman", "abdelrahman", "abdurrahman", "abdirahman"),
    ("fatima", "fatma", "fatemeh", "fatimah", "fadumo"),
    ("aisha", "aysha", "ayesha", "aicha", "aishah"),
    ("mariam", "maryam", "mariyam", "maryan"),
    ("zainab", "zaynab", "zeinab", "zeynab"),
    ("omar", "umar", "omer"),
    ("khalid", "khaled", "khalied"),
    ("ali", "aly"),
    ("karim", "kareem", "kerim"),
    ("noori", "nouri", "nuri"),
    ("najib", "najeeb", "nagib"),
    ("adam", "adem", "aadam"),
    # Vietnamese (diacritics are already gone by the time this table is used)
    ("nguyen", "nguyn", "ngyuen", "nguyern", "nguen"),
    ("tran", "tranh"),
    ("huynh", "hunh"),
    ("duc", "duk"),
    ("tuan", "tuwan"),
    # Chinese: Pinyin, Wade-Giles and Cantonese or Hokkien spellings of the same character
    ("chen", "chan", "tan", "chin"),
    ("lin", "lim", "lam"),
    ("huang", "wong", "hwang", "vuong"),
    ("zhang", "chang", "cheung", "teo"),
    ("li", "lee", "lei"),
    ("liu", "lau"),
    ("zhou", "chow", "chou", "chau"),
    ("wu", "woo", "ng"),
    ("xiaomei", "hsiaomei", "siumei"),
    # Tigrinya and Amharic (Ge'ez script)
    ("tesfay", "tesfaye", "tesfai", "tesfaie"),
    ("gebre", "ghebre", "gebray", "gebrey", "ghebrai"),
    ("berhane", "berhe", "birhane", "berhan"),
    ("haile", "hayle", "hailay"),
    ("yohannes", "yohanes", "johannes", "yohanis"),
    ("tekle", "tekleh", "teklay"),
    ("mehari", "mehary"),
    ("biniam", "biniyam", "binyam"),
    ("selam", "salam"),
    ("dawit", "dawitt", "dawid"),
    ("kebede", "kebbede"),
    ("tadesse", "tadese", "taddese"),
    # Kurdish, Dari, Pashto
    ("rebaz", "rebwar"),
    # Eastern European transliterations of Cyrillic
    ("olena", "elena", "alena", "olyena"),
    ("iryna", "irina", "iryana"),
    ("kovalenko", "kowalenko"),
    ("shevchenko", "schewtschenko", "sevcenko"),
)

# A spelling listed in two families would make the table ambiguous; the first family wins
# (tests/linkage/test_names.py checks that no spelling is listed twice).
_CANONICAL: dict[str, str] = {}
for _family in VARIANT_FAMILIES:
    for _spelling in _family:
        _CANONICAL.setdefault(_spelling, _family[0])

_NOT_LETTER = re.compile(r"[^a-z]+")


def tokens(name: str) -> list[str]:
    """The name's words in lower-case ASCII, in the order written (apostrophes and hyphens
    join or split as ICU's Latin-ASCII leaves them: "Al-Amin" gives "al", "amin")."""
    latin = latin_key(name)
    return [t for t in _NOT_LETTER.split(latin) if t]


def canonical_token(token: str) -> str:
    """The head of the token's variant family, or the token itself."""
    return _CANONICAL.get(token, token)


def canonical_tokens(name: str) -> list[str]:
    """Canonical tokens of `name`, sorted: order and given/family swaps do not matter."""
    return sorted(canonical_token(t) for t in tokens(name))


def name_key(name: str) -> str:
    """The name as one comparable string: canonical tokens, sorted, space-separated."""
    return " ".join(canonical_tokens(name))


def name_keys(name: str) -> set[str]:
    """Every form under which `name` may meet another spelling of itself: the sorted key, and
    the tokens run together in the written and the reversed order (so "Lin Xiaomei", "Xiaomei
    Lin" and ICU's "lin xiao mei" for 林小梅 share a form)."""
    words = [canonical_token(t) for t in tokens(name)]
    if not words:
        return set()
    return {" ".join(sorted(words)), "".join(words), "".join(reversed(words))}


def skeleton(token: str) -> str:
    """A coarse sound key (search's consonant skeleton): "osman" and "usman" give "smn", and
    ICU's "mhmd" for محمد meets "mohamed"; a token of vowels only keeps its first letter."""
    return _key_skeleton(token) or token[:1]


def skeletons(words: Iterable[str]) -> list[str]:
    """Sorted skeletons of canonical tokens."""
    return sorted(skeleton(w) for w in words)
