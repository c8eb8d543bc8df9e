"""Controlled lists (countries, languages, police forces, councils...) read from forms/lists/."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

# Lists whose entries are composed from other lists at load time rather than typed twice.
_COMPOSED = {"fr_organisations": ("police_forces", "local_authorities")}
# The per-nation guardian-area lists live in the nation configuration (forms/nation_config/).
_NATION_AREA_LISTS = ("ictg_areas",)


@dataclass(frozen=True)
class ListEntry:
    """One entry: a stable id, the label shown, and what else the list records about it."""

    id: str
    label: str
    aliases: tuple[str, ...] = ()
    nation: str | None = None
    kind: str | None = None
    public_authority: bool | None = None


@dataclass(frozen=True)
class ControlledList:
    """A list with the source and date noted at the top of its data file."""

    id: str
    source: str
    updated: str
    entries: tuple[ListEntry, ...]

    def get(self, entry_id: str) -> ListEntry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def ids(self) -> frozenset[str]:
        return frozenset(e.id for e in self.entries)

    def label(self, entry_id: str) -> str:
        entry = self.get(entry_id)
        return entry.label if entry is not None else entry_id


def list_ids() -> frozenset[str]:
    """Every list a definition may name."""
    found = {
        p.name.removesuffix(".toml")
        for p in files("forms.lists").iterdir()
        if p.name.endswith(".toml")
    }
    return frozenset(found | set(_NATION_AREA_LISTS))


def _entry(raw: dict[str, object], default_kind: str | None = None) -> ListEntry:
    aliases = raw.get("aliases", [])
    public = raw.get("public_authority")
    return ListEntry(
        id=str(raw["id"]),
        label=str(raw["label"]),
        aliases=tuple(str(a) for a in aliases) if isinstance(aliases, list) else (),
        nation=str(raw["nation"]) if "nation" in raw else None,
        kind=str(raw["kind"]) if "kind" in raw else default_kind,
        public_authority=bool(public) if isinstance(public, bool) else None,
    )


def _read(list_id: str) -> dict[str, object]:
    text = (files("forms.lists") / f"{list_id}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _nation_areas() -> ControlledList:
    # Imported here because nations.py reads lists too; the area list is nation data (issue 3).
    from forms.nations import nations

    entries = [
        ListEntry(id=f"{n.id}:{area}", label=area, nation=n.id)
        for n in nations()
        for area in n.guardian.areas
    ]
    entries.append(ListEntry(id="not_an_ictg_area", label="Not an ICTG area"))
    return ControlledList("ictg_areas", "forms/nation_config/*.toml", "", tuple(entries))


@cache
def load_list(list_id: str) -> ControlledList:
    """A controlled list by id; raises KeyError for a list that does not exist."""
    if list_id in _NATION_AREA_LISTS:
        return _nation_areas()
    if list_id not in list_ids():
        raise KeyError(f"no controlled list {list_id!r}")
    raw = _read(list_id)
    raw_entries = raw.get("entries", [])
    assert isinstance(raw_entries, list)
    entries = [_entry(e) for e in raw_entries]
    for extra, kind in ((x, x.removesuffix("s")) for x in _COMPOSED.get(list_id, ())):
        # Police and councils are public authorities (the Duty to Notify depends on that).
        for e in load_list(extra).entries:
            entries.append(ListEntry(e.id, e.label, e.aliases, e.nation, kind, True))
    return ControlledList(list_id, str(raw["source"]), str(raw["updated"]), tuple(entries))
