"""Hypothesis strategies for hostile JSON: a valid document with one part made poisonous.

A document is turned into a tree that keeps duplicate keys and raw number tokens, one node is
replaced (or a key repeated), and the tree is written back as text. The poisons are the ones
the strict reader must refuse: lone surrogate escapes, duplicate keys, huge numbers,
NaN/Infinity (as constants and as overflowing literals), deep nesting and wrong types.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from hypothesis import strategies as st


@dataclass
class Obj:
    pairs: list[tuple[str, object]]


@dataclass
class Raw:
    token: str  # written as-is: numbers, NaN, escapes the json module would not produce


def tree(value: object) -> object:
    """A parsed JSON value as an editable tree."""
    if isinstance(value, dict):
        return Obj([(json.dumps(k, ensure_ascii=False), tree(v)) for k, v in value.items()])
    if isinstance(value, list):
        return [tree(v) for v in value]
    return Raw(json.dumps(value, ensure_ascii=False))


def dump(node: object) -> str:
    if isinstance(node, Obj):
        return "{" + ",".join(f"{k}:{dump(v)}" for k, v in node.pairs) + "}"
    if isinstance(node, list):
        return "[" + ",".join(dump(v) for v in node) + "]"
    assert isinstance(node, Raw)
    return node.token


def _nodes(node: object) -> list[object]:
    found = [node]
    if isinstance(node, Obj):
        for _, value in node.pairs:
            found += _nodes(value)
    elif isinstance(node, list):
        for value in node:
            found += _nodes(value)
    return found


SURROGATES = ['"\\ud800"', '"\\udfff"', '"a\\udc00b"', '"\\ud83d"', '"\\ud83d\\ude00"']
NUMBERS = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1" * 5000, "9" * 40, "1e-999"]
NUMBERS += ["18446744073709551617", "0.1", "-0", "1.0", "true", "null", '""', "[]", "{}"]


def _deep(depth: int) -> Raw:
    return Raw("[" * depth + "]" * depth)


poison = st.one_of(
    st.sampled_from(SURROGATES + NUMBERS).map(Raw),
    st.integers(min_value=17, max_value=5000).map(_deep),
    st.text(max_size=20).map(lambda t: Raw(json.dumps(t))),
    st.integers().map(lambda i: Raw(str(i))),
)


@st.composite
def hostile(draw: st.DrawFn, valid: bytes) -> bytes:
    """`valid` with one poisoned node, one repeated or surrogate key, or a poisoned prefix."""
    root = tree(json.loads(valid))
    nodes = _nodes(root)
    objects = [n for n in nodes if isinstance(n, Obj) and n.pairs]
    how = draw(st.sampled_from(["value", "duplicate", "key", "bytes"]))
    if how == "bytes":
        text = dump(root).encode("utf-8")
        cut = draw(st.integers(min_value=0, max_value=len(text)))
        junk = draw(st.sampled_from([b"\xed\xa0\x80", b"\xff", b"\x00", b"[[[[", b'"', b"\\"]))
        return text[:cut] + junk + text[cut:]
    target = draw(st.sampled_from(objects))
    index = draw(st.integers(min_value=0, max_value=len(target.pairs) - 1))
    key, value = target.pairs[index]
    if how == "value":
        target.pairs[index] = (key, draw(poison))
    elif how == "duplicate":
        target.pairs.append((key, draw(st.one_of(st.just(value), poison))))
    else:
        target.pairs[index] = (draw(st.sampled_from(SURROGATES)), value)
    return dump(root).encode("utf-8")
