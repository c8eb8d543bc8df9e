"""Regions for the nationality comparison: a person may give a neighbouring country's
nationality (an Eritrean says Ethiopian, a Sudanese says South Sudanese, a Kurd from Iran says
Iraqi), and a false document often carries one. "Same region" is its own, weaker level.

Kept deliberately coarse: the groups follow where people referred in the UK most often come
from (Home Office NRM statistics' top nationalities) and the routes they travel."""

from __future__ import annotations

_GROUPS: dict[str, tuple[str, ...]] = {
    "horn_of_africa": ("ER", "ET", "SD", "SS", "SO", "DJ"),
    "west_africa": ("NG", "GH", "SL", "GN", "CI", "GM", "LR", "SN", "CM", "TG", "BJ"),
    "north_africa": ("EG", "LY", "TN", "DZ", "MA"),
    "middle_east": ("SY", "IQ", "IR", "JO", "LB", "PS", "KW", "YE", "TR"),
    "south_asia": ("AF", "PK", "IN", "BD", "LK", "NP"),
    "east_asia": ("CN", "HK", "TW", "MO"),
    "south_east_asia": ("VN", "LA", "KH", "TH", "MM", "PH", "MY", "ID"),
    "balkans": ("AL", "XK", "MK", "RS", "ME", "BA"),
    "eastern_europe": ("RO", "BG", "MD", "UA", "PL", "SK", "CZ", "HU", "LT", "LV", "RU", "BY"),
}
REGION_OF: dict[str, str] = {code: region for region, codes in _GROUPS.items() for code in codes}


def region(country: str | None) -> str | None:
    """The region of a countries-list id, or the id itself when it is in no group."""
    if not country:
        return None
    return REGION_OF.get(country, country)
