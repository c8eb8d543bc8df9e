"""Canned wording and places for fictional sample records (kept apart from the building logic)."""

from __future__ import annotations

from typing import Any

PLACES: dict[str, dict[str, str]] = {
    "port": {
        "type": "port",
        "detail": "Dover Eastern Docks",
        "city": "Dover",
        "organisation": "uk_border_force",
        "la": "eng_kent",
        "ictg": "Kent",
    },
    "police station": {
        "type": "police_station",
        "detail": "Custody suite",
        "city": "London",
        "organisation": "metropolitan_police_service",
        "la": "eng_lambeth",
        "ictg": "London",
    },
    "reception centre": {
        "type": "reception_centre",
        "detail": "Reception centre",
        "city": "Folkestone",
        "organisation": "eng_kent",
        "la": "eng_kent",
        "ictg": "Kent",
    },
    "council office": {
        "type": "council_office",
        "detail": "Council offices",
        "city": "Manchester",
        "organisation": "eng_manchester",
        "la": "eng_manchester",
        "ictg": "Greater Manchester",
    },
    "farm inspection": {
        "type": "inspection",
        "detail": "Farm visit",
        "city": "Boston",
        "organisation": "gangmasters_and_labour_abuse_authority_glaa",
        "la": "eng_lincolnshire",
        "ictg": "East Midlands",
    },
    "homeless shelter": {
        "type": "shelter",
        "detail": "Night shelter",
        "city": "Birmingham",
        "organisation": "west_midlands_police",
        "la": "eng_birmingham",
        "ictg": "West Midlands Combined Authority area",
    },
}

# Where demo people were born, by nationality (towns and provinces common in UK referrals; all
# the people are fictional). One text for every demo person made the council's matcher see
# "same birthplace" between unrelated people.
BIRTHPLACES: dict[str, str] = {
    "China": "Fuqing, Fujian",
    "Vietnam": "Diễn Châu, Nghệ An",
    "Eritrea": "Keren, Anseba",
    "Afghanistan": "Kunduz",
    "Nigeria": "Benin City, Edo State",
    "Albania": "Shkodër",
    "Sudan": "Nyala, South Darfur",
    "Ukraine": "Kharkiv",
    "Romania": "Bacău",
    "Ethiopia": "Dessie, Amhara",
    "Iraq": "Ranya, Sulaymaniyah",
    "Poland": "Łódź",
}

CANNED: dict[str, Any] = {
    "fr_first_name": "Sam",
    "fr_last_name": "Okafor",
    "fr_role": "Safeguarding officer",
    "fr_phone": "+44 1632 960001",
    "fr_email": "sam.okafor@example.gov.uk",
    "fr_alt_contact_email": "safeguarding.team@example.gov.uk",
    "fr_reference": "FR-TRAINING-001",
    "present_people": "Phone interpreter; a second officer.",
    "actions_taken": "Food, water and rest offered; safe place arranged; referrals as listed.",
    "pv_birthplace": "A village outside the capital (as they described it)",
    "pv_family": "Mother and two younger siblings at home, as they described them.",
    "pv_education": "Some primary schooling; left school early to work.",
    "pv_prior_employment": "Helped the family with farm work.",
    "what_they_had_to_do": "Long days of work with few breaks, as they described it.",
    "living_conditions": "Shared a room with several others; little food.",
    "treatment": "Threatened with harm to their family if they talked to anyone.",
    "exploiter_details": "Two men who spoke their language; one called 'the boss'.",
    "child_location_now": "Emergency foster placement arranged by children's services.",
    "immediate_risks": "Exploiters may try to make contact; phone numbers were found on them.",
    "missing_risk": "High: told someone would collect them; carries unexplained numbers.",
    "current_region": "kent",
    "exploited_where": "both",
    "overseas_countries": ["FR"],
    "uk_places": [{"uk_place": "Unknown"}],
    "last_contact_with_exploiters": "last_week",
    "reported_before": "no",
    "why_report_now": "This is the first time anyone has asked them, somewhere they felt safe.",
    "other_victims": "not_sure",
    "dtn_reason": "Afraid of what will happen to their family if they are referred.",
    "decision_recipient": "someone_else",
    "nominee_permission": "yes",
    "accompanied": "no",
}


def indicator_ticks(note: str, child: bool) -> dict[str, Any]:
    """A few ticks suggested by a person's note, each with how observed and a short note."""
    lower = note.casefold()
    general: dict[str, Any] = {"vio_fear": {"how_observed": ["seen"], "note": "Anxious throughout"}}
    documents: dict[str, Any] = {}
    work: dict[str, Any] = {}
    if "passport" in lower or "documents" in lower:
        documents["doc_held"] = {"how_observed": ["said"], "note": note}
    if "owe" in lower or "debt" in lower or "deduct" in lower:
        work["wrk_debt"] = {"how_observed": ["said"], "note": note}
    if "without pay" in lower or "paid nothing" in lower or "bank card" in lower:
        work["wrk_no_pay"] = {"how_observed": ["said"], "note": note}
    ticks: dict[str, Any] = {"ind_violence": general}
    if documents:
        ticks["ind_documents"] = documents
    if work:
        ticks["ind_work"] = work
    if child:
        env = {"env_phone_numbers": {"how_observed": ["seen"], "note": note}}
        ticks["ind_child_environment"] = env if "phone" in lower else {}
        ticks["ind_risk_movement"] = {
            "rmm_unaccompanied": {"answer": "yes", "how_observed": ["seen"], "note": ""}
        }
    if "scar" in lower or "procedure" in lower:
        ticks["ind_organ"] = {"org_scar": {"how_observed": ["said"], "note": note}}
    return {k: v for k, v in ticks.items() if v}
