"""Answers as the words a document shows: option labels, list labels, partial dates, groups."""

from __future__ import annotations

from typing import Any

from forms.controlled_lists import load_list
from forms.model import Field
from forms.phones import international

_MONTHS = "January February March April May June July August September October November December"
_MONTH_NAMES = _MONTHS.split()


def partial_date_text(value: object) -> str:
    """{"year": 2024, "month": 3, "approximate": true} -> "around March 2024"."""
    if not isinstance(value, dict) or not isinstance(value.get("year"), int):
        return ""
    month = value.get("month")
    text = str(value["year"])
    if isinstance(month, int) and 1 <= month <= 12:
        text = f"{_MONTH_NAMES[month - 1]} {text}"
    return f"around {text}" if value.get("approximate") else text


def display(f: Field, value: Any) -> str:
    """One answer as text; groups and indicator groups are shown item by item elsewhere."""
    if value is None:
        return ""
    if f.type in ("single_choice", "yes_no", "yes_no_unsure"):
        return f.option_label(str(value))
    if f.type == "multiple_choice" and isinstance(value, list):
        return "; ".join(f.option_label(str(v)) for v in value)
    if f.type == "controlled_list" and f.list_id:
        values = value if isinstance(value, list) else [value]
        return "; ".join(load_list(f.list_id).label(str(v)) for v in values)
    if f.type == "partial_date":
        return partial_date_text(value)
    if f.type in ("photo", "attachment") and isinstance(value, dict):
        return str(value.get("file_name") or value.get("attachment_id") or "")
    if f.type in ("group", "indicators"):
        return ""
    if f.type == "phone" and isinstance(value, str):
        return international(value)  # as typed in the record; +44 ... on the page
    return str(value)
