"""Projects as IATI activity XML, standard version 2.03 (https://iatistandard.org).

One ``iati-activity`` per project, elements in the order the XSD demands:
iati-identifier, reporting-org, title, description, participating-org, activity-status,
activity-date, recipient-country, tag, budget.

Choices (README, "Austausch"):
- identifier: ``{reporting-org ref}-{project id}``; the reporting organisation is the city
  (type 11 Local Government). Its ref comes from ``--reporting-org-ref``, else the database
  setting ``iati_reporting_org_ref``, else the placeholder ``DE-XXX`` (the XSD only demands
  a string; a real publisher needs its org-id from org-id.guide).
- roles: lead -> 2 Accountable; funder -> 1 Funding; implementer, partner and advisor ->
  4 Implementing (IATI has no advisory or partner role; they do part of the work). When no
  participant leads, the city itself is added as Accountable. Funding sources that are not
  already a funder are added as Funding organisations by name.
- status: idea, planned -> 1 Pipeline; running -> 2 Implementation; completed -> 4 Closed;
  cancelled -> 5 Cancelled.
- dates: a start date that has passed is "actual" (2) once the project runs, is completed or
  cancelled, else "planned" (1); an end date is "actual" (4) for completed projects whose end
  has passed, else "planned" (3). A project without start date cannot be reported (IATI needs
  at least one date) and is listed as skipped.
- recipient country: the country of the partnership's partner, else of the participating
  foreign municipalities; several share 100 %.
- budget: one indicative original budget over the project's run (start to end), value-date =
  start; left out without end date or amount. IATI's rules (not the schema) prefer periods of
  at most a year; the office's data has only totals, which are not split by guesswork.
- SDGs: ``<tag vocabulary="2" code="6"/>`` for goals, vocabulary 3 for targets, with the
  official titles in German and English as narratives. No DAC sector is given (none is held).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from lxml import etree

from partnerdesk.domain import sdg
from partnerdesk.domain.enums import OrganisationKind, ParticipantRole, ProjectStatus
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Organisation, Partnership, Project
from partnerdesk.domain.text import fold
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.resources import resource_path
from partnerdesk.services import service_for

VERSION = "2.03"
PLACEHOLDER_REF = "DE-XXX"
REF_SETTING = "iati_reporting_org_ref"
NAME_SETTING = "iati_reporting_org_name"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LOCAL_GOVERNMENT = "11"

ROLE_CODES = {
    ParticipantRole.FUNDER: "1",
    ParticipantRole.LEAD: "2",
    ParticipantRole.IMPLEMENTER: "4",
    ParticipantRole.PARTNER: "4",
    ParticipantRole.ADVISOR: "4",
}
STATUS_CODES = {
    ProjectStatus.IDEA: "1",
    ProjectStatus.PLANNED: "1",
    ProjectStatus.RUNNING: "2",
    ProjectStatus.COMPLETED: "4",
    ProjectStatus.CANCELLED: "5",
}
ORGANISATION_TYPES = {
    OrganisationKind.MUNICIPALITY: "11",
    OrganisationKind.CITY_UNIT: "11",
    OrganisationKind.MUNICIPAL_COMPANY: "15",
    OrganisationKind.NGO: "22",
    OrganisationKind.UNIVERSITY: "80",
    OrganisationKind.COMPANY: "70",
    OrganisationKind.HOSPITAL: "90",
    OrganisationKind.OTHER: "90",
}


@cache
def _codes() -> dict[str, frozenset[str]]:
    raw = json.loads(resource_path("iati", "codes.json").read_text("utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}


@dataclass
class IatiReport:
    written: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (project title, reason)


@dataclass
class ReportingOrg:
    ref: str
    name: str
    country: str = "DE"

    @property
    def is_placeholder(self) -> bool:
        return self.ref == PLACEHOLDER_REF


def reporting_org(db: Database, ref: str | None = None, name: str | None = None) -> ReportingOrg:
    org = ReportingOrg(
        ref=(ref or db.info(REF_SETTING) or PLACEHOLDER_REF).strip(),
        name=(name or db.info(NAME_SETTING) or _("City administration")).strip(),
    )
    # An identifier is one word of printable characters; a control character would not even
    # go into the XML file (lxml refuses it).
    if _NOT_XML.search(org.ref) or re.search(r"\s", org.ref) or len(org.ref) > 200:
        raise UserError(_("“{ref}” is not an IATI organisation identifier (one word, such as DE-GOV-1234567).").format(
            ref=org.ref[:80]
        ))
    org.name = xml_text(org.name)
    return org


_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def _narrative(parent: etree._Element, text: str, lang: str | None = None) -> None:
    element = etree.SubElement(parent, "narrative")
    if lang:
        element.set(XML_LANG, lang)
    element.text = xml_text(text)


def _day(value: date) -> str:
    return value.isoformat()


class _Builder:
    def __init__(self, org: ReportingOrg, organisations: dict[str, Organisation], partnerships: dict[str, Partnership], today: date) -> None:
        self.org = org
        self.organisations = organisations
        self.partnerships = partnerships
        self.today = today

    def activity(self, project: Project) -> etree._Element:
        a = etree.Element("iati-activity")
        a.set(XML_LANG, "de")
        a.set("default-currency", project.budget_currency)
        if project.updated_at is not None:
            a.set("last-updated-datetime", project.updated_at.astimezone(UTC).isoformat(timespec="seconds"))
        etree.SubElement(a, "iati-identifier").text = f"{self.org.ref}-{project.id}"
        reporting = etree.SubElement(a, "reporting-org", ref=self.org.ref, type=LOCAL_GOVERNMENT)
        _narrative(reporting, self.org.name, "de")
        _narrative(etree.SubElement(a, "title"), project.title.strip(), "de")
        description = etree.SubElement(a, "description", type="1")
        _narrative(description, (xml_text(project.summary).strip() or project.title).strip(), "de")
        self._participants(a, project)
        etree.SubElement(a, "activity-status", code=STATUS_CODES[project.status])
        self._dates(a, project)
        for code, percentage in self._countries(project):
            element = etree.SubElement(a, "recipient-country", code=code)
            if percentage is not None:
                element.set("percentage", percentage)
        self._tags(a, project)
        self._budget(a, project)
        return a

    def _participants(self, a: etree._Element, project: Project) -> None:
        funders: set[str] = set()
        if not any(p.role == ParticipantRole.LEAD for p in project.participants):
            element = etree.SubElement(a, "participating-org", ref=self.org.ref, role="2", type=LOCAL_GOVERNMENT)
            _narrative(element, self.org.name, "de")
        for participant in project.participants:
            org = self.organisations.get(participant.organisation_id)
            if org is None:
                continue
            element = etree.SubElement(a, "participating-org", role=ROLE_CODES[participant.role])
            kind = ORGANISATION_TYPES.get(org.kind, "90")
            if org.kind == OrganisationKind.NGO and org.country and org.country != self.org.country:
                kind = "24"  # Partner Country based NGO
            element.set("type", kind)
            _narrative(element, org.name.strip())
            if participant.role == ParticipantRole.FUNDER:
                funders.add(fold(org.name.strip()))
        for source in project.funding_sources:
            name = source.name.strip()
            if name and fold(name) not in funders:
                funders.add(fold(name))
                _narrative(etree.SubElement(a, "participating-org", role="1"), name, "de")

    def _dates(self, a: etree._Element, project: Project) -> None:
        assert project.start_date is not None
        started = project.status in (ProjectStatus.RUNNING, ProjectStatus.COMPLETED, ProjectStatus.CANCELLED)
        actual_start = started and project.start_date <= self.today
        etree.SubElement(a, "activity-date", type="2" if actual_start else "1", **{"iso-date": _day(project.start_date)})
        if project.end_date is not None:
            actual_end = project.status == ProjectStatus.COMPLETED and project.end_date <= self.today
            etree.SubElement(a, "activity-date", type="4" if actual_end else "3", **{"iso-date": _day(project.end_date)})

    def _countries(self, project: Project) -> list[tuple[str, str | None]]:
        codes: list[str] = []
        partnership = self.partnerships.get(project.partnership_id or "")
        partner = self.organisations.get(partnership.partner_id) if partnership else None
        if partner is not None and partner.country:
            codes.append(partner.country)
        else:
            for participant in project.participants:
                org = self.organisations.get(participant.organisation_id)
                if org is not None and org.kind == OrganisationKind.MUNICIPALITY and org.country:
                    codes.append(org.country)
        known = _codes()["countries"]
        codes = [c for c in dict.fromkeys(codes) if c in known and c != self.org.country]
        if len(codes) <= 1:
            return [(c, None) for c in codes]
        share, rest = divmod(100, len(codes))
        return [(c, str(share + (1 if i < rest else 0))) for i, c in enumerate(codes)]

    def _tags(self, a: etree._Element, project: Project) -> None:
        for goal in project.sdg_goals:
            if str(goal) not in _codes()["sdg_goals"]:
                continue
            tag = etree.SubElement(a, "tag", vocabulary="2", code=str(goal))
            _narrative(tag, sdg.goal(goal).title("de"), "de")
            _narrative(tag, sdg.goal(goal).title("en"), "en")
        for code in project.sdg_targets:
            if code not in _codes()["sdg_targets"]:
                continue
            tag = etree.SubElement(a, "tag", vocabulary="3", code=code)
            _narrative(tag, sdg.target(code).title("de"), "de")
            _narrative(tag, sdg.target(code).title("en"), "en")

    def _budget(self, a: etree._Element, project: Project) -> None:
        if project.budget_amount is None or project.start_date is None or project.end_date is None:
            return
        budget = etree.SubElement(a, "budget", type="1", status="1")
        etree.SubElement(budget, "period-start", **{"iso-date": _day(project.start_date)})
        etree.SubElement(budget, "period-end", **{"iso-date": _day(project.end_date)})
        value = etree.SubElement(budget, "value", currency=project.budget_currency, **{"value-date": _day(project.start_date)})
        value.text = f"{project.budget_amount:f}"


def build_iati(
    projects: Sequence[Project],
    organisations: Sequence[Organisation],
    partnerships: Sequence[Partnership],
    org: ReportingOrg,
    *,
    today: date | None = None,
    generated: datetime | None = None,
) -> tuple[etree._Element, IatiReport]:
    report = IatiReport()
    root = etree.Element("iati-activities", version=VERSION)
    root.set("generated-datetime", (generated or datetime.now(UTC)).isoformat(timespec="seconds"))
    builder = _Builder(org, {o.id: o for o in organisations}, {p.id: p for p in partnerships}, today or date.today())
    for project in projects:
        if project.start_date is None and project.start_year is not None:
            report.skipped.append((project.title, _("only the start year {year} is known (IATI needs a full date)").format(
                year=project.start_year)))
            continue
        if project.start_date is None:
            report.skipped.append((project.title, _("no start date (IATI needs at least one date)")))
            continue
        root.append(builder.activity(project))
        report.written += 1
    return root, report


def export_iati(db: Database, out: Path, *, reporting_org_ref: str | None = None, projects: Sequence[Project] | None = None) -> IatiReport:
    org = reporting_org(db, reporting_org_ref)
    if projects is None:
        projects = service_for(db, "projects").list()
    root, report = build_iati(projects, service_for(db, "organisations").list(), service_for(db, "partnerships").list(), org)
    if not projects:
        raise UserError(_("There are no projects to export."))
    if report.written == 0:
        raise UserError(_("No project can be exported to IATI: every project lacks a start date."))
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    temporary = out.with_name(f".{out.name}.partial")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError(_("{name} could not be written: {reason}").format(name=out, reason=exc.strerror)) from exc
    return report
