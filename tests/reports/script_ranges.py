"""The code points each claimed script must print, and the few known gaps of the shipped fonts."""

from __future__ import annotations

import unicodedata

# Script -> Unicode blocks (inclusive ranges). Within them, every assigned letter, mark and
# digit (general categories L*, M*, N*) must have a glyph in the font chain.
SCRIPT_BLOCKS: dict[str, tuple[tuple[int, int], ...]] = {
    "Latin": ((0x0020, 0x007E), (0x00A0, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF)),
    "Greek": ((0x0370, 0x03E1), (0x03F0, 0x03FF)),  # 03E2-03EF are Coptic letters
    "Cyrillic": ((0x0400, 0x052F),),
    "Georgian": ((0x10A0, 0x10FF),),
    "Armenian": ((0x0530, 0x058F),),
    "Arabic": ((0x0600, 0x06FF), (0x0750, 0x077F)),
    "Hebrew": ((0x0590, 0x05FF),),
    "Ethiopic": ((0x1200, 0x139F),),
    "Bengali": ((0x0980, 0x09FF),),
    "Devanagari": ((0x0900, 0x097F),),
    "Gurmukhi": ((0x0A00, 0x0A7F),),
    "Gujarati": ((0x0A80, 0x0AFF),),
    "Tamil": ((0x0B80, 0x0BFF),),
    "Sinhala": ((0x0D80, 0x0DFF),),
    "Malayalam": ((0x0D00, 0x0D7F),),
    "Thai": ((0x0E00, 0x0E7F),),
    "Lao": ((0x0E80, 0x0EFF),),
    "Khmer": ((0x1780, 0x17FF),),
    "Myanmar": ((0x1000, 0x109F),),
    "Han": ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x3005, 0x3007)),
    "Kana": ((0x3040, 0x30FF),),
    "Hangul": ((0xAC00, 0xD7A3), (0x3130, 0x318F), (0x1100, 0x11FF)),
    "Emoji": (
        (0x2600, 0x27BF),
        (0x1F300, 0x1F64F),
        (0x1F680, 0x1F6FF),
        (0x1F7E0, 0x1F7FF),
        (0x1F900, 0x1F9FF),
        (0x1FA70, 0x1FAFF),
    ),
}

# Characters of those blocks the shipped fonts lack, each with the reason. They are added
# after the fonts' versions or archaic; glyph_check reports them and they print as [U+XXXX].
KNOWN_GAPS: dict[str, tuple[tuple[int, int, str], ...]] = {
    "Hebrew": ((0x05EF, 0x05EF, "Yod triangle, Unicode 11"),),
    "Lao": ((0x0E86, 0x0EBA, "Lao letters for Pali, Unicode 12"),),
    "Han": (
        (0x4DB6, 0x4DBF, "Extension A additions, Unicode 13"),
        (0x9FA6, 0x9FFF, "Unified ideographs added after Unicode 4.0"),
    ),
    "Kana": (
        (0x3095, 0x3096, "small hiragana ka and ke"),
        (0x309F, 0x309F, "hiragana digraph yori"),
        (0x30F7, 0x30FA, "katakana with dakuten for va, vi, ve, vo"),
        (0x30FF, 0x30FF, "katakana digraph koto"),
    ),
    "Hangul": ((0x1100, 0x11FF, "archaic conjoining jamo (modern ones are covered)"),),
    # Not emoji: ornamental circled crosses (Unicode 10) that no Noto font draws.
    "Emoji": ((0x1F900, 0x1F90B, "circled cross formee dingbats"),),
}


def claimed(script: str) -> list[str]:
    """Every assigned letter, mark and digit of the script's blocks."""
    out = []
    for first, last in SCRIPT_BLOCKS[script]:
        for code in range(first, last + 1):
            ch = chr(code)
            kind = unicodedata.category(ch)
            wanted = "LMNS" if script == "Emoji" else "LMN"
            if kind[0] in wanted and kind != "Co":
                out.append(ch)
    return out


def in_known_gap(script: str, ch: str) -> bool:
    return any(first <= ord(ch) <= last for first, last, _ in KNOWN_GAPS.get(script, ()))
