"""Per-nation configuration (Duty to Notify, guardian service, support, terms) from data files."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

NATION_IDS = ("england", "wales", "scotland", "northern_ireland")
GUARDIAN_RULES = frozenset(
    {"ictg_area", "whole_nation", "no_parental_rights_in_uk", "nrm_or_separated"}
)


@dataclass(frozen=True)
class SupportProvider:
    name: str
    phone: str
    serves: str


@dataclass(frozen=True)
class GuardianService:
    """The nation's guardian service and the rule (by name) that decides who is referred."""

    service: str
    list_id: str
    phone: str
    referral_route: str
    eligibility: str
    eligibility_text: str
    areas: tuple[str, ...]


@dataclass(frozen=True)
class NationConfig:
    id: str
    name: str
    dtn_available: bool
    childrens_services_term: str
    missing_protocol: str
    return_interview_rule: str
    guardian: GuardianService
    support_providers: tuple[SupportProvider, ...]
    source: str
    updated: str
    # The statutory duty to notify in this nation, what is in force, and where that comes from.
    notification_duty: str
    notification_duty_in_force: bool
    notification_duty_source: str


class NationError(ValueError):
    """A nation id with no configuration, or a configuration file that does not make sense."""


@cache
def load_nation(nation_id: str) -> NationConfig:
    """The configuration of one nation: england, wales, scotland or northern_ireland."""
    if nation_id not in NATION_IDS:
        raise NationError(f"unknown nation {nation_id!r}: use one of {', '.join(NATION_IDS)}")
    name = f"{nation_id}.toml"
    raw = tomllib.loads((files("forms.nation_config") / name).read_text(encoding="utf-8"))
    try:
        g = raw["guardian"]
        guardian = GuardianService(
            service=str(g["service"]),
            list_id=str(g["list_id"]),
            phone=str(g["phone"]),
            referral_route=str(g["referral_route"]),
            eligibility=str(g["eligibility"]),
            eligibility_text=str(g["eligibility_text"]),
            areas=tuple(str(a) for a in g["areas"]),
        )
        config = NationConfig(
            id=str(raw["id"]),
            name=str(raw["name"]),
            dtn_available=bool(raw["dtn_available"]),
            childrens_services_term=str(raw["childrens_services_term"]),
            missing_protocol=str(raw["missing_protocol"]),
            return_interview_rule=str(raw["return_interview_rule"]),
            guardian=guardian,
            support_providers=tuple(
                SupportProvider(str(p["name"]), str(p["phone"]), str(p["serves"]))
                for p in raw.get("support_providers", [])
            ),
            source=str(raw["source"]),
            updated=str(raw["updated"]),
            notification_duty=" ".join(str(raw["notification_duty"]).split()),
            notification_duty_in_force=bool(raw["notification_duty_in_force"]),
            notification_duty_source=str(raw["notification_duty_source"]),
        )
    except KeyError as missing:
        raise NationError(f"{name}: missing key {missing}") from None
    if config.id != nation_id or guardian.eligibility not in GUARDIAN_RULES:
        raise NationError(f"{name}: id or guardian eligibility rule is not one the app knows")
    if config.notification_duty_in_force != config.dtn_available:
        # The only notification the app can produce is the s52 one to the Home Office: a duty
        # in force elsewhere (s38 Scotland, s13 NI) needs its own route and document first.
        raise NationError(f"{name}: a notification duty in force needs a document the app has")
    return config


def nations() -> list[NationConfig]:
    """All four nations, in the order the official form lists them."""
    return [load_nation(n) for n in NATION_IDS]
