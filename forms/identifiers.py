"""What identifies the person in a case, and finding it in free text written in any script."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from forms.model import Field, FormDefinition

# Names are also looked for part by part ("Adesina" alone identifies as well as "Ola Adesina").
NAME_FIELDS = frozenset(
    {
        "name_native",
        "name_latin",
        "pv_first_name",
        "pv_last_name",
        "alias_text",
        "nominee_first_name",
        "nominee_last_name",
        "handle_name",
        "acc_name",
    }
)
# Not sensitive, but a key into another body's records that names the person: the worker's own
# reference and the police crime or CAD reference (docs/duty-to-notify.md).
REFERENCE_FIELDS = frozenset({"fr_reference", "crime_ref"})
# Sensitive fields whose answers describe rather than identify: "their legal representative".
_NOT_IDENTIFIERS = frozenset({"alt_relationship", "photo", "photo_lawful_basis"})
# Scripts written with spaces between words: a name is matched as a whole word there, so "Ana"
# does not flag "banana". Elsewhere (Han, Arabic with attached prefixes...) any occurrence counts.
_SPACED_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "GEORGIAN")
# Arabic-script letters typed differently by Arabic and Persian keyboards (and Kurdish ە, which
# many fonts draw like ه): one spelling of a name must find the other.
_LETTER_TWINS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ە": "ه"})
_DIGIT_RUN = re.compile(r"\d(?:[\s().\-/]*\d)*")
_MIN_NAME, _MIN_OTHER = 2, 4
_PHONE_TAIL = 9  # enough to identify a number, short enough to ignore +44 / 0 / 00 prefixes


def normalise(text: str) -> str:
    """Text as compared: NFKC, casefolded, without format controls or accents, spaces collapsed.

    Format controls (category Cf: zero-width spaces and joiners, bidi marks and isolates, soft
    hyphens) are dropped so they cannot split a name; accents and other combining marks are
    dropped so "Adéṣínà" and "Adesina" compare equal; digits of every script become 0-9;
    Arabic and Persian forms of the same letter compare equal.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKD", text)
    kept: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cf" or category == "Mn":
            continue
        kept.append(str(unicodedata.digit(ch)) if category == "Nd" else ch)
    text = unicodedata.normalize("NFC", "".join(kept)).translate(_LETTER_TWINS)
    return " ".join(text.split())


@dataclass(frozen=True)
class Needle:
    """One identifying value, normalised, and how to look for it."""

    field_id: str
    label: str
    text: str
    mode: str  # "word", "anywhere", "year" or "phone"

    def found_in(self, haystack: str, digits: tuple[str, ...]) -> bool:
        if self.mode == "phone":
            return any(self.text in run for run in digits)
        if self.mode == "year":
            return re.search(rf"(?<!\d){self.text}(?!\d)", haystack) is not None
        if self.mode == "word":
            return re.search(rf"(?<!\w){re.escape(self.text)}(?!\w)", haystack) is not None
        return self.text in haystack


def _mode(text: str) -> str:
    letters = [ch for ch in text if ch.isalpha()]
    spaced = all(unicodedata.name(ch, "").startswith(_SPACED_SCRIPTS) for ch in letters)
    return "word" if spaced else "anywhere"


def _text_needles(f: Field, label: str, value: str) -> list[Needle]:
    whole = normalise(value)
    parts = {whole}
    if f.id in NAME_FIELDS:
        parts |= set(whole.split())
        # Han names are written without a space: the given name follows a family name of one
        # (sometimes two) characters, and is often used alone ("小梅" for "林小梅").
        for token in whole.split():
            if len(token) >= 3 and all(unicodedata.name(c, "").startswith("CJK") for c in token):
                parts |= {token[1:], token[2:]}
    if f.type == "email" and "@" in whole:
        parts.add(whole.split("@")[0])
    # Reference numbers inside a longer answer ("Visa application GWF012345678").
    parts |= {t for t in whole.split() if len(t) >= 5 and any(c.isdigit() for c in t)}
    # A two-letter name is still a name; a two-character reference or county would flag
    # every "12 hours" or "UK" in the story.
    shortest = _MIN_NAME if f.id in NAME_FIELDS else _MIN_OTHER
    return [Needle(f.id, label, p, _mode(p)) for p in parts if len(p) >= shortest]


def _needles(f: Field, label: str, value: Any) -> list[Needle]:
    if f.type == "phone" and isinstance(value, str):
        digits = "".join(c for c in normalise(value) if c.isdigit())
        return [Needle(f.id, label, digits[-_PHONE_TAIL:], "phone")] if len(digits) >= 6 else []
    if f.type in ("partial_date", "date") and f.sensitive:
        year = value.get("year") if isinstance(value, Mapping) else str(value)[:4]
        return [Needle(f.id, label, str(year), "year")] if str(year).isdigit() else []
    if isinstance(value, str) and value.strip():
        return _text_needles(f, label, value)
    return []


def _identifying(f: Field) -> bool:
    return (f.sensitive or f.id in REFERENCE_FIELDS) and f.id not in _NOT_IDENTIFIERS


def needles(answers: Mapping[str, Any], form: FormDefinition) -> list[Needle]:
    """Every identifying value in the answers, hidden questions included (a name typed and then
    hidden by a later answer still names them)."""
    found: list[Needle] = []
    for f in form.top_level():
        value = answers.get(f.id)
        if f.type == "group" and isinstance(value, list):
            for item in value:
                for sub in f.sub_fields:
                    if isinstance(item, Mapping) and _identifying(sub):
                        found += _needles(sub, f"{f.label}: {sub.label}", item.get(sub.id))
        elif _identifying(f):
            found += _needles(f, f.label, value)
    return found


def found(text: str, among: Iterable[Needle]) -> list[Needle]:
    """The identifying values that occur in the text, after normalising both."""
    haystack = normalise(text)
    digits = tuple(re.sub(r"\D", "", m.group()) for m in _DIGIT_RUN.finditer(haystack))
    return [n for n in among if n.found_in(haystack, digits)]
