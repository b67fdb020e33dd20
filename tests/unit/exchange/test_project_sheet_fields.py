"""The project facts added for the project sheet (start year, results, funding programme, file
reference) reach every exchange format, the history and the travel merge."""

from __future__ import annotations

import csv
import json

import pytest

from partnerdesk.domain.records import Project
from partnerdesk.exchange.json_archive import export_archive, read_archive
from partnerdesk.exchange.table_export import export_table
from partnerdesk.exchange.table_import import apply_import, preview_file
from partnerdesk.services.history import History
from partnerdesk.services.records import ProjectService

pytestmark = pytest.mark.postgresql

FACTS = {"start_year": 2008, "results": "3 Brunnen;\nIndikator: 2.000 Menschen mit Trinkwasser",
         "funding_programme": "Nakopa", "file_reference": "32/4-IB-07"}


def _project(db) -> Project:
    return ProjectService(db).create(Project(title="Brunnen", **FACTS))


def test_table_export_and_import_carry_the_new_columns(db, tmp_path):
    _project(db)
    out = tmp_path / "projekte.csv"
    export_table(db, "projects", ProjectService(db).list(), out)
    [row] = list(csv.DictReader(out.open(encoding="utf-8-sig"), delimiter=";"))
    assert (row["Startjahr"], row["Förderprogramm"], row["Aktenzeichen"]) == ("2008", "Nakopa", "32/4-IB-07")
    assert row["Ergebnisse und Indikatoren"] == FACTS["results"]
    table = tmp_path / "neu.csv"
    table.write_text("Titel;Startjahr;Förderprogramm;Aktenzeichen;Ergebnisse\n"
                     "Schulgarten;2012;FKKP;32/4-IB-09;Zwei Gärten\n", encoding="utf-8")
    preview = preview_file(db, table, "projects")
    assert preview.problem_lines() == []
    apply_import(db, preview)
    garden = ProjectService(db).find("Schulgarten")
    assert (garden.start_year, garden.start_date, garden.funding_programme, garden.file_reference, garden.results) == (
        2012, None, "FKKP", "32/4-IB-09", "Zwei Gärten")


@pytest.mark.parametrize("year", ["0", "99999"])
def test_an_impossible_start_year_in_a_table_is_refused_by_line_and_nothing_written(db, tmp_path, year):
    table = tmp_path / "neu.csv"
    table.write_text(f"Titel;Startjahr\nSchulgarten;{year}\n", encoding="utf-8")
    preview = preview_file(db, table, "projects")
    problems = " ".join(str(p) for p in preview.problem_lines())
    assert "Zeile 2, Spalte B (Startjahr): Startjahr muss ein Jahr zwischen 1900 und 2200 sein" in problems
    assert ProjectService(db).list() == []


def test_the_json_archive_keeps_them(db, tmp_path):
    _project(db)
    out = tmp_path / "archiv.json"
    export_archive(db, out)
    [saved] = [p for p in json.loads(out.read_text("utf-8"))["records"]["projects"]]
    assert {k: saved[k] for k in FACTS} == FACTS
    [back] = read_archive(out)["projects"]
    assert {k: getattr(back, k) for k in FACTS} == FACTS


def test_the_history_records_a_change_of_each(db):
    project = _project(db)
    project.results, project.funding_programme, project.start_year = "Neu", "Anderes", 2009
    ProjectService(db).update(project)
    newest, _created = History(db).for_record("projects", project.id)
    assert {c.field for c in newest.changes} == {"results", "funding_programme", "start_year"}


def test_the_register_search_finds_a_project_by_file_reference_programme_and_results(db):
    from partnerdesk.services.registers import RegisterQuery, RegisterService

    _project(db)
    ProjectService(db).create(Project(title="Anderes"))
    service = RegisterService(db, "projects")
    for typed in ("32/4-IB-07", "nakopa", "trinkwasser"):
        assert [r.values["title"] for r in service.rows(service.ids(RegisterQuery("projects", search=typed)))] == [
            "Brunnen"], typed
