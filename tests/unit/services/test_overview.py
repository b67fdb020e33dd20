"""The overview's numbers against the database's own SQL: places, partners without coordinates,
SDG coverage, type and status counts, activities per year, each filter; and the CEMR export."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from partnerdesk.domain.enums import OrganisationKind, PartnershipStatus, PartnershipType, ProjectStatus
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Activity, Contact, Organisation, Partnership, Project
from partnerdesk.exchange.cemr_statistics import cemr_rows, export_cemr
from partnerdesk.services import service_for
from partnerdesk.services.overview import OverviewFilter, read_choices, read_overview


@pytest.fixture
def office(example_db):
    db = example_db
    orgs, partnerships, projects = (service_for(db, k) for k in ("organisations", "partnerships", "projects"))
    unit = orgs.create(Organisation(name="Amt für Tests", kind=OrganisationKind.CITY_UNIT))
    person = service_for(db, "contacts").create(Contact(name="Erika Muster", organisation_id=unit.id))
    lyon = orgs.create(Organisation(name="Lyon", kind=OrganisationKind.MUNICIPALITY, country="FR", latitude=45.764, longitude=4.8357))
    nowhere = orgs.create(Organisation(name="Nirgendwo", kind=OrganisationKind.MUNICIPALITY, country="FR"))
    twinning = partnerships.create(Partnership(title="Partnerschaft Lyon", partner_id=lyon.id, type=PartnershipType.TWINNING,
                                               status=PartnershipStatus.ACTIVE, start_year=1960, responsible_id=person.id))
    partnerships.create(Partnership(title="Freundschaft Nirgendwo", partner_id=nowhere.id, type=PartnershipType.FRIENDSHIP,
                                    status=PartnershipStatus.DORMANT, start_date=date(1975, 5, 1)))
    projects.create(Project(title="Brücken bauen", partnership_id=twinning.id, sdg_goals=[9, 11], budget_amount=Decimal("2500.50"),
                            start_date=date(2020, 3, 1), end_date=date(2021, 6, 30), status=ProjectStatus.COMPLETED,
                            responsible_id=person.id))
    projects.create(Project(title="Dollars", partnership_id=twinning.id, sdg_goals=[11], budget_amount=Decimal("700"),
                            budget_currency="USD", start_year=2021))
    service_for(db, "activities").create(Activity(title="Besuch aus Lyon", date=date(2021, 9, 1), partnership_id=twinning.id))
    return db, unit, twinning, nowhere


def _scalar(db, sql, **params):
    with db.read() as session:
        return session.execute(text(sql), params).all()


def test_unfiltered_numbers_equal_the_databases_counts_and_sums(office):
    db, _unit, _twinning, nowhere = office
    result = read_overview(db, OverviewFilter())
    with_coordinates = _scalar(db, "SELECT p.id FROM partnerships p JOIN organisations o ON o.id = p.partner_id "
                                   "WHERE o.latitude IS NOT NULL AND o.longitude IS NOT NULL")
    assert sorted(p.record_id for p in result.points if p.record_kind == "partnerships") == sorted(r[0] for r in with_coordinates)
    assert [m.organisation_id for m in result.missing] == [nowhere.id]
    goals = {g: (n, Decimal(s or 0) / 10000) for g, n, s in _scalar(
        db, "SELECT g.goal, COUNT(*), SUM(CASE WHEN p.budget_currency = 'EUR' THEN p.budget_amount END) "
            "FROM project_sdg_goals g JOIN projects p ON p.id = g.project_id GROUP BY g.goal")}
    assert {g.goal: (g.projects, g.budget) for g in result.goals if g.projects} == goals
    assert len(result.goals) == 17
    types = {(t, s): n for t, s, n in _scalar(db, "SELECT type, status, COUNT(*) FROM partnerships GROUP BY type, status")}
    assert {(t.value, s.value): n for (t, s), n in result.types.items()} == types
    years = _scalar(db, "SELECT CAST(strftime('%Y', date) AS INTEGER) y, COUNT(*) FROM activities GROUP BY y ORDER BY y")
    assert result.activities_per_year == [tuple(r) for r in years]
    assert result.projects == _scalar(db, "SELECT COUNT(*) FROM projects")[0][0]
    assert result.other_currency == 1


def test_the_year_filter_keeps_partnerships_begun_projects_running_and_that_years_activities(office):
    db, _unit, twinning, _nowhere = office
    result = read_overview(db, OverviewFilter(year=2021))
    titles = {p.title for p in result.points}
    assert "Partnerschaft Lyon" in titles
    lyon = next(p for p in result.points if p.title == "Partnerschaft Lyon")
    assert lyon.projects == 2  # running 2020-2021, and begun 2021
    assert result.activities_per_year == [(2021, _scalar(db, "SELECT COUNT(*) FROM activities WHERE date LIKE '2021-%'")[0][0])]
    assert read_overview(db, OverviewFilter(year=2022, partnership_id=twinning.id)).projects == 1  # the one without end
    empty = read_overview(db, OverviewFilter(year=1901, type=PartnershipType.TWINNING))
    assert empty.is_empty and empty.activities_per_year == [] and not any(g.projects for g in empty.goals)


def test_partnership_type_and_unit_filters(office):
    db, unit, twinning, nowhere = office
    by_type = read_overview(db, OverviewFilter(type=PartnershipType.FRIENDSHIP))
    assert by_type.points == [] and [m.organisation_id for m in by_type.missing] == [nowhere.id]
    assert by_type.projects == 0
    by_partnership = read_overview(db, OverviewFilter(partnership_id=twinning.id))
    assert [p.title for p in by_partnership.points] == ["Partnerschaft Lyon"]
    assert by_partnership.activities == 1
    by_unit = read_overview(db, OverviewFilter(unit_id=unit.id))
    assert [p.title for p in by_unit.points] == ["Partnerschaft Lyon"]
    # "Brücken bauen" names a person of the unit; "Dollars" names nobody and follows its partnership,
    # whose responsible person is of the unit (services/scope.py, as the annual report counts).
    assert by_unit.projects == 2
    assert {g.goal for g in by_unit.goals if g.projects} == {9, 11}


def test_the_choices_list_partnerships_units_and_the_years_with_data(office):
    db, unit, twinning, _nowhere = office
    choices = read_choices(db)
    assert (twinning.id, "Partnerschaft Lyon") in choices.partnerships
    assert (unit.id, "Amt für Tests") in choices.units
    assert {1960, 1975, 2020, 2021} <= set(choices.years)
    assert choices.years == sorted(choices.years, reverse=True)


def test_cemr_rows_carry_type_country_and_since(office):
    db, *_rest = office
    rows = {r.partner: r for r in cemr_rows(db)}
    assert rows["Lyon"].type == PartnershipType.TWINNING and rows["Lyon"].since == 1960
    assert rows["Nirgendwo"].since == 1975  # from the start date
    assert rows["Nirgendwo"].cells() == ["Nirgendwo", "Frankreich", "FR", "Freundschaft", 1975, "Ruhend", "Freundschaft Nirgendwo"]
    assert len(rows) == _scalar(db, "SELECT COUNT(*) FROM partnerships")[0][0]


def test_cemr_export_writes_csv_and_refuses_another_ending_without_writing(office, tmp_path):
    db, *_rest = office
    count = export_cemr(db, tmp_path / "cemr.csv", OverviewFilter(type=PartnershipType.TWINNING))
    assert count == 1
    with (tmp_path / "cemr.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows == [["Partnerkommune", "Land", "Ländercode (ISO)", "Art (RGRE-Kategorie)", "Seit", "Status", "Partnerschaft"],
                    ["Lyon", "Frankreich", "FR", "Partnerschaft", "1960", "Aktiv", "Partnerschaft Lyon"]]
    with pytest.raises(UserError, match=r"Datei mit der Endung .xlsx oder .csv an \(nicht „cemr.pdf“\)"):
        export_cemr(db, tmp_path / "cemr.pdf")
    assert not (tmp_path / "cemr.pdf").exists()


def test_cemr_export_on_the_command_line(office, db_path, tmp_path):
    out = tmp_path / "cemr.xlsx"
    done = subprocess.run([sys.executable, "-m", "partnerdesk", "export-cemr", "--db", str(db_path), str(out), "--type", "friendship"],
                          capture_output=True, text=True, env={"PARTNERDESK_LANG": "de", **__import__("os").environ})
    assert done.returncode == 0, done.stderr
    assert "1 Partnerschaft nach" in done.stdout
    from openpyxl import load_workbook

    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1][:5] == ("Nirgendwo", "Frankreich", "FR", "Freundschaft", 1975)


@pytest.mark.postgresql
def test_the_same_numbers_on_sqlite_and_on_a_server(office):
    """The grouped SQL (years by extract, goal + 0, the project places) counts alike on both,
    checked against the records the services return."""
    db, unit, twinning, nowhere = office
    projects = service_for(db, "projects").list()
    result = read_overview(db, OverviewFilter())
    for goal in result.goals:
        having = [p for p in projects if goal.goal in p.sdg_goals]
        assert goal.projects == len(having)
        assert goal.budget == sum((p.budget_amount or Decimal(0) for p in having if p.budget_currency == "EUR"), Decimal(0))
    activities = service_for(db, "activities").list()
    assert dict(result.activities_per_year) == {y: sum(1 for a in activities if a.date.year == y)
                                                for y in {a.date.year for a in activities}}
    in_2021 = read_overview(db, OverviewFilter(year=2021, unit_id=unit.id))
    assert in_2021.projects == 2 and [p.title for p in in_2021.points] == ["Partnerschaft Lyon"]  # with "Dollars" (no one named)
    assert [m.organisation_id for m in read_overview(db, OverviewFilter(type=PartnershipType.FRIENDSHIP)).missing] == [nowhere.id]
    assert any(p.record_kind == "projects" and p.place == "Bondo" for p in result.points)  # a project place
    assert read_choices(db).years[0] >= 2026
    assert {r.partner for r in cemr_rows(db, OverviewFilter(partnership_id=twinning.id))} == {"Lyon"}
