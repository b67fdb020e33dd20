"""IATI activity XML 2.03: every export validates against the official XSD."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from partnerdesk.domain import sdg
from partnerdesk.domain.enums import OrganisationKind, ParticipantRole, ProjectStatus
from partnerdesk.domain.records import FundingSource, Organisation, Participant, Partnership, Project
from partnerdesk.exchange.iati import NAME_SETTING, REF_SETTING, ReportingOrg, build_iati, export_iati
from partnerdesk.services import service_for

# The export from a database runs on a PostgreSQL server too.
pytestmark = pytest.mark.postgresql


def assert_valid(schema, root) -> None:
    document = etree.fromstring(etree.tostring(root))
    assert schema.validate(document), schema.error_log


def test_example_data_exports_valid_iati(example_db, tmp_path, iati_schema):
    # The example knows only the start year ("seit 2008"), which IATI cannot take; give it a day here.
    projects = service_for(example_db, "projects")
    water = projects.find("Jeder Tropfen zählt")
    assert water.start_year == 2008 and water.start_date is None
    water.start_date = date(2008, 3, 1)
    projects.update(water)
    out = tmp_path / "iati.xml"
    report = export_iati(example_db, out, reporting_org_ref="DE-GOV-05913000")
    document = etree.parse(str(out))
    assert iati_schema.validate(document), iati_schema.error_log
    activities = document.findall("iati-activity")
    assert len(activities) == report.written >= 1
    with_dates = [p for p in service_for(example_db, "projects").list() if p.start_date]
    assert report.written == len(with_dates)
    assert len(report.skipped) == len(service_for(example_db, "projects").list()) - len(with_dates)
    tropfen = next(a for a in activities if a.findtext("title/narrative") == "Jeder Tropfen zählt")
    project = service_for(example_db, "projects").find("Jeder Tropfen zählt")
    assert tropfen.findtext("iati-identifier") == f"DE-GOV-05913000-{project.id}"
    assert tropfen.find("reporting-org").get("type") == "11"
    assert tropfen.find("title/narrative").get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    assert [t.get("code") for t in tropfen.findall("tag[@vocabulary='2']")] == ["6", "17"]
    assert [t.get("code") for t in tropfen.findall("tag[@vocabulary='3']")] == ["6.1", "17.17"]
    assert tropfen.find("recipient-country").get("code") == "KE"
    assert tropfen.find("activity-status").get("code") == "2"
    roles = {p.findtext("narrative"): p.get("role") for p in tropfen.findall("participating-org")}
    assert roles["Weltladen Aplerbeck"] == "2"



def test_reporting_organisation_comes_from_the_database(example_db, tmp_path):
    example_db.set_info(REF_SETTING, "DE-GOV-05913000")
    example_db.set_info(NAME_SETTING, "Stadt Dortmund")
    example_db.set_info(NAME_SETTING, "Stadt Dortmund – Büro IB/NE")  # a second save replaces the first
    out = tmp_path / "iati.xml"
    export_iati(example_db, out)
    reporting = etree.parse(str(out)).find("iati-activity/reporting-org")
    assert reporting.get("ref") == "DE-GOV-05913000"
    assert reporting.findtext("narrative") == "Stadt Dortmund – Büro IB/NE"


organisations = [
    Organisation(id=f"00000000-0000-0000-0000-00000000000{i}", name=name, kind=kind, country=country)
    for i, (name, kind, country) in enumerate([
        ("Kumasi", OrganisationKind.MUNICIPALITY, "GH"),
        ("Umweltamt", OrganisationKind.CITY_UNIT, "DE"),
        ("Verein & <Söhne>", OrganisationKind.NGO, "KE"),
        ("Cluj-Napoca", OrganisationKind.MUNICIPALITY, "RO"),
    ])
]
partnership = Partnership(title="Partnerschaft", partner_id=organisations[0].id)

text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def projects(draw):
    start = draw(st.none() | dates)
    end = draw(st.none() | dates.filter(lambda d: start is None or d >= start))
    roles = draw(st.lists(st.sampled_from(list(ParticipantRole)), max_size=4))
    return Project(
        title=draw(text),
        summary=draw(st.text(max_size=60)),
        status=draw(st.sampled_from(list(ProjectStatus))),
        start_date=start,
        end_date=end,
        partnership_id=draw(st.none() | st.just(partnership.id)),
        sdg_goals=sorted(draw(st.sets(st.integers(1, 17), max_size=4))),
        sdg_targets=sorted(draw(st.sets(st.sampled_from([t.code for t in sdg.targets()]), max_size=4)), key=sdg.target_sort_key),
        budget_amount=draw(st.none() | st.decimals(min_value=0, max_value=Decimal("99999999999"), places=2)),
        budget_currency=draw(st.sampled_from(["EUR", "USD", "GHS"])),
        participants=[Participant(organisation_id=organisations[i].id, role=r) for i, r in enumerate(roles)],
        funding_sources=[FundingSource(name=n) for n in draw(st.lists(text, max_size=2))],
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(projects(), min_size=1, max_size=4))
def test_random_projects_export_valid_iati(iati_schema, items):
    root, report = build_iati(items, organisations, [partnership], ReportingOrg("DE-XXX", "Stadt Dortmund"))
    assert report.written + len(report.skipped) == len(items)
    if report.written:
        assert_valid(iati_schema, root)
