"""The route scenario table: load it, route each scenario, and write it out as docs/routes.md.

Run `python -m tests.forms.route_scenarios` from the repository to rewrite docs/routes.md after
changing tests/data/route_scenarios.toml; tests/forms/test_route_scenarios.py fails when it is
stale.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms.definition import load_form
from forms.display import display
from forms.nations import NATION_IDS, load_nation
from forms.record import case_nation_id, new_record
from forms.routes import Route, compute_routes

REPO = Path(__file__).resolve().parents[2]
TABLE = REPO / "tests" / "data" / "route_scenarios.toml"
DOC = REPO / "docs" / "routes.md"
MET_AT = "2026-11-28T10:00"
OPENED_AT = "2026-11-28T10:05:00+00:00"
ROUTE_IDS = (
    "childrens_services",
    "nrm_child",
    "guardian",
    "missing_profile",
    "nrm_adult",
    "duty_to_notify",
)
ROUTE_NAMES = {
    "childrens_services": "Children's services safeguarding referral",
    "nrm_child": "NRM referral (child, no consent needed)",
    "guardian": "Guardian referral",
    "missing_profile": "Missing-from-care / missing-person profile",
    "nrm_adult": "NRM referral (adult, with consent)",
    "duty_to_notify": "Duty to Notify (formerly MS1)",
}
# The guardian services by the key the table uses, and the words each nation's route title has.
GUARDIANS = {
    "ictg": "Independent Child Trafficking Guardians (ICTG)",
    "guardianship_scotland": "Guardianship Scotland",
    "ni_igs": "Independent Guardian Service",
    "none": "",
}
NATION_NAMES = {n: load_nation(n).name for n in NATION_IDS}
# The table's warning checks (words the warning must contain), said for a reader.
WARNING_TEXT = {
    "answered No": "'under 18?' is answered No but another answer points under 18",
    "disagree": "the age answers disagree (the one pointing under 18 decides)",
    "concluded (adult)": "a concluded 'adult' age assessment conflicts with the other answers",
    "Disputed": "what the guidance says: record a challenged assessment as Disputed",
    "18th birthday": "what happens at 18 (consent to stay in the NRM; adult support)",
}
SECTIONS = {
    "age": "Age answers",
    "nation": "Nations, and the nation the worker chose",
    "pr": "Parental responsibility and guardians",
    "responder": "Who is responding",
    "consent": "Consent and cooperation",
    "missing": "Missing from care",
    "county": "County lines (British children)",
}


@dataclass(frozen=True)
class Scenario:
    """One row of the table, as written from the law and guidance."""

    id: str
    title: str
    nation: str
    answers: dict[str, Any]
    routes: tuple[str, ...]
    guardian: str
    basis: str
    device_nation: str = ""
    warnings: tuple[str, ...] = ()
    reason: tuple[str, ...] = field(default_factory=tuple)


def load_scenarios() -> list[Scenario]:
    raw = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    return [
        Scenario(
            id=row["id"],
            title=row["title"],
            nation=row["nation"],
            answers=dict(row["answers"]),
            routes=tuple(row["routes"]),
            guardian=row["guardian"],
            basis=row["basis"],
            device_nation=row.get("device_nation", ""),
            warnings=tuple(row.get("warnings", ())),
            reason=tuple(row.get("reason", ())),
        )
        for row in raw["scenarios"]
    ]


def record_for(scenario: Scenario) -> dict[str, Any]:
    """A record opened on a device set up for `device_nation`, answered as the scenario says."""
    opened_in = scenario.device_nation or scenario.nation
    record = new_record(f"scenario-{scenario.id}", load_form(), opened_in, OPENED_AT)
    answers = {"met_at": MET_AT, **copy.deepcopy(scenario.answers), "fr_nation": scenario.nation}
    record["answers"].update(answers)
    return record


def route(scenario: Scenario) -> list[Route]:
    """The routes the app computes, with the nation the services would use for this record."""
    record = record_for(scenario)
    return compute_routes(record, load_form(), load_nation(case_nation_id(record)))


def _answer_text(field_id: str, value: Any) -> str:
    form = load_form()
    f = form.fields[field_id]
    if f.type == "group" and isinstance(value, list):
        return f"{len(value)} recorded"
    return display(f, value) or str(value)


def _scenario_md(s: Scenario) -> list[str]:
    form = load_form()
    where = NATION_NAMES[s.nation]
    if s.device_nation:
        where += f" (the laptop was set up for {NATION_NAMES[s.device_nation]})"
    lines = [f"### {s.id}: {s.title}", "", f"- **Nation:** {where}"]
    for field_id, value in s.answers.items():
        lines.append(f"- {form.fields[field_id].label}: **{_answer_text(field_id, value)}**")
    expected = [ROUTE_NAMES[r] for r in ROUTE_IDS if r in s.routes]
    not_expected = [ROUTE_NAMES[r] for r in ROUTE_IDS if r not in s.routes]
    lines.append(f"- **Routes:** {'; '.join(expected) if expected else 'none'}")
    lines.append(f"- **Not:** {'; '.join(not_expected) if not_expected else 'none'}")
    lines.append(f"- **Guardian service:** {GUARDIANS[s.guardian] or 'none'}")
    for words in s.warnings:
        lines.append(f"- **The worker is warned:** {WARNING_TEXT.get(words, words)}")
    lines.append(f"- **Basis:** {s.basis}")
    return [*lines, ""]


def render() -> str:
    """docs/routes.md: every scenario in words a safeguarding lead reads without the code."""
    scenarios = load_scenarios()
    header = [
        "# Referral routes: the scenario table",
        "",
        "<!-- Generated from tests/data/route_scenarios.toml by "
        "`python -m tests.forms.route_scenarios`; do not edit by hand. -->",
        "",
        f"These {len(scenarios)} scenarios were written from the law and the guidance, not from "
        "the app, and the test suite checks the app against every one of them. Each says where "
        "the worker is (the nation they answered), the answers that matter, the referrals the app "
        "must offer and those it must not, the guardian service, and why. Unless it says "
        "otherwise the person was met on 28 November 2026 (ages from a date of birth are worked "
        "out on that day).",
        "",
        "How the app decides, in short:",
        "",
        "- **Child or adult.** Anyone any age answer says is, or may be, under 18 is treated as a "
        "child (Modern Slavery Act 2015 s51): 'under 18?' Yes or Not sure, a stated age or date "
        "of birth under 18, an uncertain age, facts that suggest a child. Only an explicit No, "
        "with nothing pointing the other way, makes an adult. When answers disagree the app says "
        "so and keeps treating them as a child; it never decides age itself.",
        "- **Children** get children's services first, the NRM without consent, a guardian "
        "referral where the nation's service applies, and a missing-from-care profile; never a "
        "Duty to Notify.",
        "- **Adults** who consent get the NRM; adults who decline, met by a public authority in "
        "England or Wales, get a Duty to Notify.",
        "- **Nation.** Each case follows the worker's 'nation you are working in' answer, which "
        "starts as the nation the laptop was set up for.",
        "",
    ]
    body: list[str] = []
    for prefix, heading in SECTIONS.items():
        rows = [s for s in scenarios if s.id.split("-")[0] == prefix]
        body += [f"## {heading} ({len(rows)})", ""]
        body += [line for s in rows for line in _scenario_md(s)]
    return "\n".join(header + body).rstrip("\n") + "\n"


def main() -> None:
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(REPO)} ({len(load_scenarios())} scenarios)")


if __name__ == "__main__":
    main()
