"""Embedding levels for one paragraph and visual reordering of a line (Unicode bidi, implicit part).

This is the implicit part of the Unicode Bidirectional Algorithm (UAX #9 rules P2-P3, W1-W7,
N1-N2, I1-I2, L1-L2) plus first-strong isolates (FSI ... PDI, X5c-X6a): user text has its bidi
controls removed before layout (text_runs.neutralise_bidi_controls), so only visible characters
decide direction, and documents wrap user text they put inside their own sentences in isolates.
python-bidi only returns a reordered string; layout needs the levels themselves to wrap lines
first and reorder each line afterwards, as UAX #9 requires.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

_STRONG_RTL = frozenset({"R", "AL"})
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "BN"})
_CLOSING = {")": "(", "]": "[", "}": "{", "»": "«", "›": "‹"}
_OPENING = frozenset(_CLOSING.values())


def base_level(text: str) -> int:
    """Paragraph level from the first strong character (P2-P3): 1 if it is right-to-left."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return 0
        if kind in _STRONG_RTL:
            return 1
    return 0


def _weak_types(text: str, base: int) -> list[str]:
    sos = "R" if base else "L"
    types = [unicodedata.bidirectional(ch) or "L" for ch in text]
    # W1: a mark takes the type of what it sits on; BN (ZWJ, ZWNJ) is treated the same way so
    # it never splits a run.
    prev = sos
    for i, kind in enumerate(types):
        if kind in ("NSM", "BN"):
            types[i] = prev if kind == "NSM" else "BN"
        else:
            prev = kind
    # W2-W3: European digits after Arabic letters are Arabic numbers; AL becomes R.
    last_strong = sos
    for i, kind in enumerate(types):
        if kind in ("L", "R", "AL"):
            last_strong = kind
        elif kind == "EN" and last_strong == "AL":
            types[i] = "AN"
    types = ["R" if kind == "AL" else kind for kind in types]
    # W4: one separator between two numbers of the same kind joins them.
    for i in range(1, len(types) - 1):
        before, kind, after = types[i - 1], types[i], types[i + 1]
        if before == after and (
            (kind == "ES" and before == "EN") or (kind == "CS" and before in ("EN", "AN"))
        ):
            types[i] = before
    # W5: currency and percent signs next to European digits belong to the number.
    for i, kind in enumerate(types):
        if kind != "ET":
            continue
        j = i
        while j < len(types) and types[j] == "ET":
            j += 1
        if (i > 0 and types[i - 1] == "EN") or (j < len(types) and types[j] == "EN"):
            for k in range(i, j):
                types[k] = "EN"
    # W6-W7: leftover separators are neutral; digits in a left-to-right context are L.
    types = ["ON" if kind in ("ES", "ET", "CS") else kind for kind in types]
    last_strong = sos
    for i, kind in enumerate(types):
        if kind in ("L", "R"):
            last_strong = kind
        elif kind == "EN" and last_strong == "L":
            types[i] = "L"
    return types


_FSI, _PDI = "\u2068", "\u2069"
# Stands in for a whole isolate in the text around it: an isolate is one neutral there (X5c).
_OBJECT = "\ufffc"


def levels(text: str, base: int | None = None) -> tuple[int, list[int]]:
    """The paragraph level and one embedding level per character of a single paragraph.

    base is the paragraph direction (0 left to right, 1 right to left) or None to take it from
    the first strong character (P2-P3).
    """
    if _FSI in text:
        return _levels_with_isolates(text, base)
    if not base and text.isascii():
        # ASCII has no right-to-left letters or Arabic digits: in a left-to-right paragraph
        # the rules in levels_by_rule put every character at level 0.
        return 0, [0] * len(text)
    return levels_by_rule(text, base)


def levels_by_rule(text: str, base: int | None = None) -> tuple[int, list[int]]:
    """levels without its shortcut for ASCII (the tests compare the two)."""
    para = base_level(text) if base is None else base
    types = _weak_types(text, para)
    edge = "R" if para else "L"
    _paired_brackets(text, types, edge)
    # N1-N2: a stretch of neutrals between two like directions takes it (numbers count as R);
    # otherwise it takes the paragraph direction.
    i = 0
    while i < len(types):
        if types[i] not in _NEUTRAL:
            i += 1
            continue
        j = i
        while j < len(types) and types[j] in _NEUTRAL:
            j += 1
        before = _strong(types[i - 1]) if i > 0 else edge
        after = _strong(types[j]) if j < len(types) else edge
        fill = before if before == after else edge
        for k in range(i, j):
            types[k] = fill
        i = j
    # I1-I2 with one embedding level.
    result: list[int] = []
    for kind in types:
        if para == 0:
            result.append({"R": 1, "AN": 2, "EN": 2}.get(kind, 0))
        else:
            result.append({"L": 2, "AN": 2, "EN": 2}.get(kind, 1))
    return para, result


def _isolates(text: str) -> list[tuple[int, int]]:
    """Top-level isolates as (index of FSI, index of its PDI or len(text) if unmatched)."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == _FSI:
            if depth == 0:
                start = i
            depth += 1
        elif ch == _PDI and depth > 0:
            depth -= 1
            if depth == 0:
                spans.append((start, i))
    if depth > 0:
        spans.append((start, len(text)))
    return spans


def _levels_with_isolates(text: str, base: int | None) -> tuple[int, list[int]]:
    spans = _isolates(text)
    # The outer text sees each isolate as its initiator and terminator only, both neutral.
    outer_index: list[int] = []
    outer_chars: list[str] = []
    inside: set[int] = set()
    for start, end in spans:
        inside.update(range(start + 1, end))
    for i, ch in enumerate(text):
        if i not in inside:
            outer_index.append(i)
            outer_chars.append(_OBJECT if ch in (_FSI, _PDI) else ch)
    para, outer = levels_by_rule("".join(outer_chars), base)
    result = [para] * len(text)
    for i, level in zip(outer_index, outer, strict=True):
        result[i] = level
    for start, end in spans:
        content = text[start + 1 : end]
        inner_base = base_level(content)
        _, inner = levels(content, inner_base)
        # X5c: the next odd (right-to-left) or even (left-to-right) level above the paragraph's.
        target = para + 1 if (para + 1) % 2 == inner_base else para + 2
        for offset, level in enumerate(inner):
            result[start + 1 + offset] = level - inner_base + target
    return para, result


def _paired_brackets(text: str, types: list[str], edge: str) -> None:
    """N0, simplified: a bracket pair takes one direction, so "(Ahmad)" in Arabic stays whole."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if types[i] != "ON":
            continue
        if ch in _OPENING:
            stack.append(i)
        elif ch in _CLOSING:
            opener = _CLOSING[ch]
            for depth in range(len(stack) - 1, -1, -1):
                if text[stack[depth]] == opener:
                    pairs.append((stack[depth], i))
                    del stack[depth:]
                    break
    for start, end in sorted(pairs):
        inside = {
            _strong(kind) for kind in types[start + 1 : end] if kind in ("L", "R", "EN", "AN")
        }
        if not inside:
            continue
        if edge in inside:
            chosen = edge
        else:
            before = next(
                (_strong(k) for k in reversed(types[:start]) if k in ("L", "R", "EN", "AN")), edge
            )
            chosen = before if before != edge else edge
        types[start] = types[end] = chosen


def _strong(kind: str) -> str:
    return "R" if kind in ("R", "AN", "EN") else "L"


def line_levels(text: str, levels_: Sequence[int], para: int) -> list[int]:
    """L1: whitespace at the end of a line goes back to the paragraph level."""
    out = list(levels_)
    i = len(text) - 1
    while i >= 0 and unicodedata.bidirectional(text[i]) in ("WS", "S", "B", "BN"):
        out[i] = para
        i -= 1
    return out


def visual_order(items: Sequence[T], item_levels: Sequence[int]) -> list[T]:
    """L2: reverse every stretch at or above each odd level, highest level first."""
    order = list(range(len(items)))
    lv = list(item_levels)
    if not lv:
        return []
    lowest_odd = min(level for level in lv) | 1
    for level in range(max(lv), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if lv[i] < level:
                i += 1
                continue
            j = i
            while j < len(order) and lv[j] >= level:
                j += 1
            order[i:j] = order[i:j][::-1]
            lv[i:j] = lv[i:j][::-1]
            i = j
    return [items[k] for k in order]
