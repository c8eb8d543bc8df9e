"""Passphrase strength: at least five random words or equivalent; no PINs."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from services.errors import InvalidInput

# About 64 bits: five words from a 7,776-word diceware list. We cannot know how a passphrase was
# chosen, so the estimate below is deliberately conservative for single words and digit strings.
REQUIRED_BITS = 60.0
MIN_LENGTH = 16


@dataclass(frozen=True)
class Strength:
    """A strength estimate for the meter: bits, a 0-4 score and a short word for it."""

    bits: float
    score: int
    label: str
    acceptable: bool


def _charset_size(text: str) -> int:
    lower = any(c.islower() for c in text)
    upper = any(c.isupper() for c in text)
    digit = any(c.isdigit() for c in text)
    other = any(not c.isalnum() and not c.isspace() for c in text)
    non_ascii = any(ord(c) > 127 for c in text)
    return 26 * lower + 26 * upper + 10 * digit + 33 * other + 100 * non_ascii or 1


def estimate(passphrase: str) -> Strength:
    """Estimate entropy: words count as ~12.9 bits each, other text by character class."""
    text = unicodedata.normalize("NFC", passphrase)
    words = [w for w in text.split() if len(w) >= 3]
    distinct_words = len({w.casefold() for w in words})
    word_bits = 12.9 * distinct_words
    # Character-based estimate, discounted because people pick predictable strings.
    char_bits = len(set(text)) * math.log2(_charset_size(text)) * 0.5
    bits = max(word_bits, char_bits)
    if text.isdigit():
        bits = min(bits, len(text) * math.log2(10))
    score = 0 if bits < 28 else 1 if bits < 40 else 2 if bits < REQUIRED_BITS else 3
    if bits >= 80:
        score = 4
    labels = ("very weak", "weak", "fair", "strong", "very strong")
    acceptable = bits >= REQUIRED_BITS and len(text) >= MIN_LENGTH and not text.isdigit()
    return Strength(bits=round(bits, 1), score=score, label=labels[score], acceptable=acceptable)


def require_strong(passphrase: str) -> None:
    """Refuse a passphrase that is too weak, saying how to make a good one."""
    if not estimate(passphrase).acceptable:
        raise InvalidInput(
            "That passphrase is too easy to guess. Use at least five unrelated words "
            "(for example: 'lantern orbit velvet cactus harbour'), not a PIN or a single word."
        )
