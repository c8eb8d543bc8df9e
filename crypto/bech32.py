"""Bech32 (BIP 173) as age uses it for X25519 keys: "age1…" recipients and
"AGE-SECRET-KEY-1…" identities, without BIP 173's 90-character limit."""

from __future__ import annotations

from crypto.errors import AgeError

_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
_VALUES = {char: value for value, char in enumerate(_CHARSET)}


def _polymod(values: list[int]) -> int:
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for bit, generator in enumerate(_GENERATOR):
            if (top >> bit) & 1:
                check ^= generator
    return check


def _expand_hrp(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _regroup(data: bytes | list[int], from_bits: int, to_bits: int, *, pad: bool) -> list[int]:
    acc, bits, out = 0, 0, []
    max_value = (1 << to_bits) - 1
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & max_value)
    if pad and bits:
        out.append((acc << (to_bits - bits)) & max_value)
    elif not pad and (bits >= from_bits or (acc << (to_bits - bits)) & max_value):
        raise AgeError("The key's encoding has leftover bits; it is not a valid age key.")
    return out


def encode(hrp: str, data: bytes) -> str:
    """`data` as bech32 with human-readable part `hrp`, in lower case."""
    hrp = hrp.lower()
    words = _regroup(data, 8, 5, pad=True)
    check = _polymod([*_expand_hrp(hrp), *words, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [(check >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[w] for w in (*words, *checksum))


def decode(text: str, hrp: str) -> bytes:
    """The bytes in a bech32 string whose human-readable part must be `hrp` (any one case)."""
    if text.lower() != text and text.upper() != text:
        raise AgeError("An age key must not mix upper- and lower-case letters.")
    text = text.lower()
    split = text.rfind("1")
    if text[:split] != hrp.lower() or len(text) - split - 1 < 6:
        raise AgeError(f"This is not an age key of the expected kind ({hrp}1…).")
    try:
        words = [_VALUES[c] for c in text[split + 1 :]]
    except KeyError:
        raise AgeError("An age key holds a character bech32 does not use.") from None
    if _polymod([*_expand_hrp(text[:split]), *words]) != 1:
        raise AgeError("The age key's checksum is wrong; it was mistyped or damaged.")
    return bytes(_regroup(words[:-6], 5, 8, pad=False))
