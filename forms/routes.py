"""Referral routes from a case record and the nation configuration, each with a reason in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from forms.age import ADULT, AgePresumption, age_presumption
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
    # Conflicts the worker must look at (e.g. age answers that disagree); also in the reason.
    warnings: tuple[str, ...] = ()


def _answers(record: Mapping[str, Any], form: FormDefinition) -> dict[str, Any]:
    raw = record.get("answers", {})
    return effective_answers(form, raw if isinstance(raw, Mapping) else {})


def _organisation(org_id: object) -> tuple[bool | None, bool]:
    """Whether the organisation is a public authority (None: not chosen), and whether it is a
    First Responder organisation at all (an unchosen one is assumed to be)."""
    if not isinstance(org_id, str) or not org_id:
        return None, True
    entry = load_list("fr_organisations").get(org_id)
    if entry is None:
        return None, True
    return bool(entry.public_authority), entry.kind != "not_first_responder"


_NOT_A_FIRST_RESPONDER = (
    " Your organisation is not a First Responder: prepare the referral and hand it to one (the "
    "police or the local authority) to submit."
)


def _guardian(answers: Mapping[str, Any], nation: NationConfig) -> Route | None:
    """The nation's guardian route, or None where its statute or service does not apply."""
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
        # HTEA (Scotland) 2015 s11: only where nobody in the UK has parental rights or
        # responsibilities; "not sure" is referred so the service, not the app, decides.
        if pr_in_uk == "yes":
            return None
        reason = (
            f"In {nation.name} a child who may be trafficked, and for whom nobody in the UK holds "
            f"parental rights or responsibilities, must be referred to {service.service} "
            "(Human Trafficking and Exploitation (Scotland) Act 2015 s11)."
        )
    else:  # nrm_or_separated: NI Act 2015 s21, limited by s21(1)(b) to no one exercising PR
        if pr_in_uk == "yes":
            return None
        reason = (
            f"In {nation.name} a child referred to the NRM, or a separated child, for whom nobody "
            f"else can effectively exercise parental responsibility is eligible for the "
            f"{service.service} (NI Act 2015 s21)."
        )
    return Route("guardian", f"Guardian referral: {service.service}", reason)


def _pr_note(answers: Mapping[str, Any], nation: NationConfig) -> str:
    """Where PR held in the UK rules out a guardian, say when it still might apply."""
    if answers.get("person_with_pr_in_uk") != "yes" or nation.guardian.eligibility in (
        "ictg_area",
        "whole_nation",
    ):
        return ""
    return (
        f" No referral to {nation.guardian.service}: someone in the UK holds parental "
        "responsibility. If that person is suspected of involvement, or cannot in fact exercise "
        "it, answer Not sure to that question and refer."
    )


def _child_routes(
    answers: Mapping[str, Any], nation: NationConfig, age: AgePresumption, first_responder: bool
) -> list[Route]:
    why_child = (
        "Treated as a child because " + "; ".join(age.because)
        if age.because
        else "Their age is not recorded, so they are treated as a child until it is"
    )
    check = "".join(f" Check: {w}" for w in age.warnings)
    routes = [
        Route(
            "childrens_services",
            f"Safeguarding referral to {nation.childrens_services_term}",
            f"{why_child}. Contact {nation.childrens_services_term} to keep them safe before "
            f"the NRM referral is completed, even if they are in detention.{check}"
            + _pr_note(answers, nation),
            must_precede=("nrm_child",),
            warnings=age.warnings,
        ),
        Route(
            "nrm_child",
            "NRM referral (child)",
            f"{why_child}. Children are referred to the NRM without needing their consent, and "
            "are never the subject of a Duty to Notify."
            + ("" if first_responder else _NOT_A_FIRST_RESPONDER),
            warnings=age.warnings,
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
    public, first_responder = _organisation(answers.get("fr_organisation"))
    if consent == "yes":
        routes.append(
            Route(
                "nrm_adult",
                "NRM referral (adult, with consent)",
                "They are an adult and gave informed consent to the referral after the NRM and "
                "the Privacy Information Notice were explained."
                + ("" if first_responder else _NOT_A_FIRST_RESPONDER),
            )
        )
    elif consent == "no" and nation.dtn_available and public is not False:
        # MSA 2015 s52 binds specified public authorities in England and Wales only; an
        # unchosen organisation keeps the route, with the condition said in words.
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


def _created_day(record: Mapping[str, Any]) -> dt.date | None:
    created = record.get("created_at")
    try:
        return dt.date.fromisoformat(str(created)[:10]) if created else None
    except ValueError:
        return None


def record_age(record: Mapping[str, Any], form: FormDefinition) -> AgePresumption:
    """The child presumption for a record: a stated date of birth is judged on the day they were
    met, or, when that is not recorded yet, the day the case was opened."""
    return age_presumption(_answers(record, form), on=_created_day(record))


def compute_routes(
    record: Mapping[str, Any], form: FormDefinition, nation_config: NationConfig
) -> list[Route]:
    """The referral routes that apply, children's services first (it must precede the NRM).

    Anyone not explicitly recorded as an adult, and anyone any age answer says is or may be
    under 18, is routed as a child (MSA 2015 s51): never to a Duty to Notify, always to
    children's services and to the NRM without consent. `nation_config` must be the case's own
    nation (`services.cases.nation_for`), the worker's "nation you are working in" answer.
    """
    answers = _answers(record, form)
    age = age_presumption(answers, on=_created_day(record))
    if age.band == ADULT:
        return _adult_routes(answers, nation_config)
    _public, first_responder = _organisation(answers.get("fr_organisation"))
    return _child_routes(answers, nation_config, age, first_responder)
