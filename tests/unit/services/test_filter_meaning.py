"""The Übersicht and the annual report keep the same records for the same year and filter
(``services.scope``, one place for both): partnerships begun by the year (official start, else the
first dated stage, none counts as begun) and not ended without an activity in it; projects running
in it (a project without a start counts as begun, as a partnership does; cancelled ones did not
run); a project without its own responsible person follows its partnership for the unit filter;
the year's activities of the partnerships and projects the filter picks."""

from __future__ import annotations

from datetime import date

import pytest

from partnerdesk.domain.enums import OrganisationKind, PartnershipStatus, PartnershipType, ProjectStatus, StageKind
from partnerdesk.domain.records import Activity, Contact, Organisation, Partnership, PartnershipStage, Project
from partnerdesk.services import service_for
from partnerdesk.services.annual_report import collect
from partnerdesk.services.annual_report_data import ReportFilter
from partnerdesk.services.overview import OverviewFilter, read_overview

pytestmark = pytest.mark.postgresql

YEAR = 2026


def _create(db, kind, record):
    return service_for(db, kind).create(record)


@pytest.fixture
def office(db):
    unit = _create(db, "organisations", Organisation(name="Amt Int", kind=OrganisationKind.CITY_UNIT))
    staff = _create(db, "contacts", Contact(name="Erika Muster", organisation_id=unit.id))

    def partnership(title, type_, **fields):
        town = _create(db, "organisations", Organisation(name=f"Ort {title}", kind=OrganisationKind.MUNICIPALITY,
                                                          country="FR", latitude=45.0, longitude=4.0))
        return _create(db, "partnerships", Partnership(title=title, partner_id=town.id, type=type_, **fields))

    eins = partnership("Eins", PartnershipType.TWINNING, start_year=2000, responsible_id=staff.id, status=PartnershipStatus.ACTIVE)
    # No official start; its first contact comes after the year: not begun yet.
    partnership("Zwei", PartnershipType.PROJECT_PARTNERSHIP, stages=[PartnershipStage(kind=StageKind.FIRST_CONTACT, date=date(2027, 3, 1))])
    # Ended, nothing in the year: left out; ended but met in the year: kept.
    partnership("Drei", PartnershipType.TWINNING, start_year=1990, status=PartnershipStatus.ENDED, responsible_id=staff.id)
    vier = partnership("Vier", PartnershipType.FRIENDSHIP, start_year=1990, status=PartnershipStatus.ENDED)
    # No start at all: begun.
    partnership("Fünf", PartnershipType.FRIENDSHIP)
    projects = {
        "Ohne Datum": Project(title="Ohne Datum", partnership_id=eins.id),  # follows Eins for the unit
        "Abgesagt": Project(title="Abgesagt", partnership_id=eins.id, status=ProjectStatus.CANCELLED, start_date=date(2025, 1, 1)),
        "Läuft": Project(title="Läuft", start_date=date(2026, 3, 1), responsible_id=staff.id, status=ProjectStatus.RUNNING),
        "Vorbei": Project(title="Vorbei", partnership_id=eins.id, start_date=date(2020, 1, 1), end_date=date(2025, 12, 31)),
        "Seit Jahr": Project(title="Seit Jahr", partnership_id=vier.id, start_year=2026),
        "Später": Project(title="Später", partnership_id=eins.id, start_year=2027),
    }
    made = {title: _create(db, "projects", project) for title, project in projects.items()}
    for day, fields in ((date(2026, 2, 1), {"partnership_id": eins.id}), (date(2026, 5, 1), {"partnership_id": vier.id}),
                        (date(2026, 6, 1), {"project_id": made["Läuft"].id}), (date(2025, 6, 1), {"partnership_id": eins.id})):
        _create(db, "activities", Activity(title=f"Treffen {day}", date=day, **fields))
    return db, unit


def _overview(db, f):
    result = read_overview(db, f)
    return sorted(p.title for p in result.points if p.record_kind == "partnerships"), result.projects, result.activities


def _report(db, report_filter):
    data = collect(db, YEAR, report_filter)
    return sorted(p.title for p in data.partnerships), len(data.projects), data.activity_count


def test_the_year_keeps_the_same_records_in_the_overview_and_the_report(office):
    db, _unit = office
    overview = _overview(db, OverviewFilter(year=YEAR))
    assert overview == _report(db, ReportFilter())
    # The meaning decided (services/scope.py): Eins, Vier (ended, met in 2026), Fünf (no start);
    # Ohne Datum, Läuft, Seit Jahr; three activities of 2026.
    assert overview == (["Eins", "Fünf", "Vier"], 3, 3)


def test_the_unit_keeps_the_same_records_in_the_overview_and_the_report(office):
    db, unit = office
    overview = _overview(db, OverviewFilter(year=YEAR, unit_id=unit.id))
    assert overview == _report(db, ReportFilter(responsible_unit_id=unit.id, responsible_unit_name="Amt Int"))
    assert overview == (["Eins"], 2, 2)  # Ohne Datum follows Eins; Läuft is the unit's own


def test_the_type_keeps_the_same_records_in_the_overview_and_the_report(office):
    db, _unit = office
    for type_ in PartnershipType:
        overview = _overview(db, OverviewFilter(year=YEAR, type=type_))
        assert overview == _report(db, ReportFilter(partnership_type=type_.value)), type_
    assert _overview(db, OverviewFilter(year=YEAR, type=PartnershipType.FRIENDSHIP)) == (["Fünf", "Vier"], 1, 1)
