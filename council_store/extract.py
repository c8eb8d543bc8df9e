"""What the store keeps about a case record for search and listing (docs/forms.md shapes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Extracted:
    name_native: str
    name_latin: str
    first_name: str
    last_name: str
    aliases: tuple[str, ...]
    gender: str
    nationality: str
    nationality_2: str
    age: int | None
    dob: str

    def names(self) -> list[tuple[str, str]]:
        """(kind, name) for every non-empty name and alias, each once."""
        out: list[tuple[str, str]] = []
        full = " ".join(p for p in (self.first_name, self.last_name) if p)
        for kind, name in (
            ("native", self.name_native),
            ("latin", self.name_latin),
            ("official", full),
            *(("alias", a) for a in self.aliases),
        ):
            if name and all(name != seen for _, seen in out):
                out.append((kind, name))
        return out


def _text(answers: dict[str, Any], key: str) -> str:
    value = answers.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _choice(answers: dict[str, Any], key: str) -> str:
    value = answers.get(key)
    if isinstance(value, list):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


def _age(answers: dict[str, Any], recorded_year: int | None) -> tuple[int | None, str]:
    """Stated age, or the age the stated date of birth gives in the year it was recorded."""
    dob = answers.get("dob_claimed")
    dob_text = ""
    dob_year: int | None = None
    if isinstance(dob, dict) and isinstance(dob.get("year"), int):
        dob_year = dob["year"]
        month = dob.get("month")
        dob_text = f"{dob_year:04d}" + (f"-{month:02d}" if isinstance(month, int) else "")
        if dob.get("approximate") is True:
            dob_text += " (approx.)"
    age = answers.get("age_claimed")
    if isinstance(age, int) and not isinstance(age, bool) and 0 <= age <= 120:
        return age, dob_text
    if isinstance(age, float) and age.is_integer() and 0 <= age <= 120:
        return int(age), dob_text
    if dob_year is not None and recorded_year is not None and 0 <= recorded_year - dob_year <= 120:
        return recorded_year - dob_year, dob_text
    return None, dob_text


def extract(record: dict[str, Any]) -> Extracted:
    """The searchable facts of a record; anything missing or of an unexpected shape is empty."""
    answers = record.get("answers")
    if not isinstance(answers, dict):
        answers = {}
    aliases: list[str] = []
    group = answers.get("aliases")
    if isinstance(group, list):
        for item in group:
            if isinstance(item, dict):
                alias = _text(item, "alias_text")
                if alias:
                    aliases.append(alias)
    created = record.get("created_at")
    year = int(created[:4]) if isinstance(created, str) and created[:4].isdigit() else None
    age, dob = _age(answers, year)
    return Extracted(
        name_native=_text(answers, "name_native"),
        name_latin=_text(answers, "name_latin"),
        first_name=_text(answers, "pv_first_name"),
        last_name=_text(answers, "pv_last_name"),
        aliases=tuple(aliases),
        gender=_choice(answers, "pv_gender"),
        nationality=_choice(answers, "pv_nationality"),
        nationality_2=_choice(answers, "pv_nationality_2"),
        age=age,
        dob=dob,
    )
