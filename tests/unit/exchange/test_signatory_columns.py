"""The signatory and council-decision fields (issue 20) as table columns: exported under their German
headers, read back from a table the office wrote itself, a bad translation line refused by line."""

from __future__ import annotations

import csv
from datetime import date

from partnerdesk.domain.enums import DecisionBody, DecisionResult
from partnerdesk.exchange.table_export import export_table
from partnerdesk.exchange.table_import import apply_import, preview_file
from partnerdesk.services.records import DecisionService, OrganisationService, PartnershipService


def test_export_has_the_columns_with_german_headers(example_db, tmp_path):
    out = tmp_path / "organisationen.csv"
    export_table(example_db, "organisations", OrganisationService(example_db).list(), out)
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig"), delimiter=";"))
    kumasi = next(r for r in rows if r["Name"] == "Kumasi")
    assert kumasi["Rechtsname"] == "Kumasi Metropolitan Assembly"
    assert kumasi["Vertreter/in"] == "Kofi Example"
    assert kumasi["Funktion in anderen Sprachen"] == "de: Bürgermeister der Kumasi Metropolitan Assembly"
    out = tmp_path / "partnerschaften.csv"
    export_table(example_db, "partnerships", PartnershipService(example_db).list(), out)
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig"), delimiter=";"))
    assert next(r for r in rows if "Cluj" in r["Titel"])["Beschluss der Partnerseite nötig"] == "ja"


def test_the_office_table_is_read(db, tmp_path):
    path = tmp_path / "partner.csv"
    path.write_text(
        "Name;Art;Rechtsname;Vertreter;Amt\n"
        "Dabola;Partnerkommune;Commune urbaine de Dabola;Mamadou Exemple;Maire\n", encoding="utf-8")
    preview = preview_file(db, path, "organisations")
    assert preview.problem_lines() == []
    apply_import(db, preview)
    dabola = OrganisationService(db).find("Dabola")
    assert (dabola.legal_name, dabola.representative, dabola.representative_function) == (
        "Commune urbaine de Dabola", "Mamadou Exemple", "Maire")
    path = tmp_path / "partnerschaft.csv"
    path.write_text("Titel;Partner;Beschluss der Partnerseite nötig\n"
                    "Partnerschaft Dabola;Dabola;ja\n", encoding="utf-8")
    preview = preview_file(db, path, "partnerships")
    assert preview.problem_lines() == []
    apply_import(db, preview)
    saved = PartnershipService(db).find("Partnerschaft Dabola")
    assert saved.partner_decision_required
    # The council's decision is a row of the register of council decisions, linked by the partnership's title.
    path = tmp_path / "ratsbeschluesse.csv"
    path.write_text("Betreff;Gremium;Ratsbeschluss vom;Drucksache;Ergebnis;Partnerschaft\n"
                    "Partnerschaft mit Dabola;Rat;12.03.2026;12345-26;angenommen;Partnerschaft Dabola\n", encoding="utf-8")
    preview = preview_file(db, path, "decisions")
    assert preview.problem_lines() == []
    apply_import(db, preview)
    (decision,) = DecisionService(db).list()
    assert (decision.title, decision.body, decision.date, decision.number, decision.result, decision.partnership_ids) == (
        "Partnerschaft mit Dabola", DecisionBody.COUNCIL, date(2026, 3, 12), "12345-26", DecisionResult.APPROVED,
        [saved.id])


def test_a_bad_translation_line_is_refused_naming_it(db, tmp_path, db_path, content_of):
    path = tmp_path / "partner.csv"
    path.write_text("Name;Rechtsname in anderen Sprachen\nKumasi;City of Kumasi\n", encoding="utf-8")
    before = content_of(db_path)
    preview = preview_file(db, path, "organisations")
    problems = " ".join(str(p) for p in preview.problem_lines())
    assert "Rechtsname in anderen Sprachen, Zeile 1" in problems
    assert content_of(db_path) == before
