"""Referral routes from a case record and the nation configuration, each with a reason in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from forms.age import ADULT, age_band
from forms.conditions import effective_answers
from forms.controlled_lists import load_list
from forms.model import FormDefinition
from forms.nations import NationConfig


@dataclass(frozen=True)
class Route:
    """A referral to make, why, and which other routes it must come before."""

    id: str
    title: str
    reason: str
    must_precede: tuple[str, ...] = ()


def _answers(record: Mapping[str, Any], form: FormDefinition) -> dict[str, Any]:
    raw = record.get("answers", {})
    return effective_answers(form, raw if isinstance(raw, Mapping) else {})


def _public_authority(org_id: object) -> bool | None:
    """Whether the First Responder's organisation is a public authority (None: not chosen)."""
    if not isinstance(org_id, str) or not org_id:
        return None
    entry = load_list("fr_organisations").get(org_id)
    return None if entry is None else bool(entry.public_authority)


def _guardian(answers: Mapping[str, Any], nation: NationConfig) -> Route | None:
    service = nation.guardian
    rule = service.eligibility
    pr_in_uk = answers.get("person_with_pr_in_uk")
    support = (
        "indirect support (advice to the professionals), because someone in the UK holds "
        "parental responsibility"
        if pr_in_uk == "yes"
        else "direct one-to-one support, as nobody is known to hold parental responsibility here"
    )
    if rule == "ictg_area":
        area = answers.get("guardian_area")
        if area == "not_an_ictg_area":
            return None
        where = (
            f"{load_list('ictg_areas').label(str(area))} is an ICTG area"
            if area
            else "ICTG runs in about two-thirds of areas: check the child's area (Guardian page)"
        )
        reason = f"{where}. Refer to {service.service} as well as the NRM; expect {support}."
    elif rule == "whole_nation":
        reason = f"{service.service} covers all of {nation.name}; expect {support}."
    elif rule == "no_parental_rights_in_uk":
        if pr_in_uk == "yes":
            return None
        reason = (
            f"In {nation.name} a child who may be trafficked, and for whom nobody in the UK holds "
            f"parental rights, must be referred to {service.service}."
        )
    else:  # nrm_or_separated
        reason = (
            f"In {nation.name} a child referred to the NRM, or a separated child, is eligible for "
            f"the {service.service}."
        )
    return Route("guardian", f"Guardian referral: {service.service}", reason)


def _child_routes(answers: Mapping[str, Any], nation: NationConfig) -> list[Route]:
    why_child = (
        "They are under 18"
        if age_band(answers) != "unknown"
        else "Their age is not certain and they may be under 18, so they are treated as a child"
    )
    routes = [
        Route(
            "childrens_services",
            f"Safeguarding referral to {nation.childrens_services_term}",
            f"{why_child}. Contact {nation.childrens_services_term} to keep them safe before "
            "the NRM referral is completed, even if they are in detention.",
            must_precede=("nrm_child",),
        ),
        Route(
            "nrm_child",
            "NRM referral (child)",
            f"{why_child}. Children are referred to the NRM without needing their consent.",
        ),
    ]
    guardian = _guardian(answers, nation)
    if guardian is not None:
        routes.append(guardian)
    routes.append(
        Route(
            "missing_profile",
            "Missing-from-care profile (Philomena Part 1)",
            "Trafficked and unaccompanied children in care often go missing; this profile lets "
            f"the police start looking at once ({nation.missing_protocol}).",
        )
    )
    return routes


def _adult_routes(answers: Mapping[str, Any], nation: NationConfig) -> list[Route]:
    routes: list[Route] = []
    consent = answers.get("nrm_consent")
    if consent == "yes":
        routes.append(
            Route(
                "nrm_adult",
                "NRM referral (adult, with consent)",
                "They are an adult and gave informed consent to the referral after the NRM and "
                "the Privacy Information Notice were explained.",
            )
        )
    elif consent == "no" and nation.dtn_available:
        public = _public_authority(answers.get("fr_organisation"))
        if public is not False:
            named = answers.get("dtn_named_consent") == "yes"
            routes.append(
                Route(
                    "duty_to_notify",
                    "Duty to Notify (formerly MS1)",
                    f"They are an adult who declined the NRM, met in {nation.name}, where public "
                    "authorities must still notify the Home Office. "
                    + (
                        "They agreed to be named, so their name and contact details are included."
                        if named
                        else "It carries no name or contact details, because they have not "
                        "agreed to be named in it."
                    )
                    + ("" if public else " (Applies if your organisation is a public authority.)"),
                )
            )
    if answers.get("missing_profile_wanted") == "yes":
        routes.append(
            Route(
                "missing_profile",
                "Missing-person profile",
                "You chose to prepare one because they are at risk of being taken back.",
            )
        )
    return routes


def compute_routes(
    record: Mapping[str, Any], form: FormDefinition, nation_config: NationConfig
) -> list[Route]:
    """The referral routes that apply, children's services first (it must precede the NRM).

    Anyone not explicitly recorded as an adult is routed as a child (MSA 2015 s51): never to a
    Duty to Notify, always to children's services and to the NRM without consent.
    """
    answers = _answers(record, form)
    if age_band(answers) == ADULT:
        return _adult_routes(answers, nation_config)
    return _child_routes(answers, nation_config)
