"""Translations of names, titles and summaries in table export/import, and the theme glossary in the
JSON archive (issue 20)."""

from __future__ import annotations

import csv
import json

import pytest

from partnerdesk.exchange.json_archive import ArchiveError, export_archive, import_archive
from partnerdesk.exchange.table_export import export_table
from partnerdesk.exchange.table_import import apply_import, preview_file
from partnerdesk.services import theme_glossary
from partnerdesk.services.records import OrganisationService, ProjectService

pytestmark = pytest.mark.postgresql


def test_table_export_and_import_carry_the_translations(example_db, db, tmp_path):
    out = tmp_path / "projekte.csv"
    export_table(example_db, "projects", ProjectService(example_db).list(), out)
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig"), delimiter=";"))
    truck = next(r for r in rows if r["Titel"] == "Müllfahrzeug für Dura")
    assert truck["Titel in anderen Sprachen"] == "en: A refuse collection vehicle for Dura\nar: مركبة لجمع النفايات لمدينة دورا"
    assert truck["Zusammenfassung in anderen Sprachen"].startswith("en: Donation of a refuse collection vehicle")
    out = tmp_path / "organisationen.csv"
    export_table(example_db, "organisations", OrganisationService(example_db).list(), out)
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig"), delimiter=";"))
    assert next(r for r in rows if r["Name"] == "Umweltamt")["Name in anderen Sprachen"].startswith(
        "en: Environment Department\nfr: Service de l’environnement")
    # Read back into an empty database: the same text, line by line.
    preview = preview_file(db, out, "organisations")
    assert preview.problem_lines() == []
    apply_import(db, preview)
    assert OrganisationService(db).find("Umweltamt").name_translations == OrganisationService(
        example_db).find("Umweltamt").name_translations


def test_an_office_table_with_a_bad_translation_line_writes_nothing(db, tmp_path, db_path, content_of):
    path = tmp_path / "projekte.csv"
    path.write_text('Titel;Titel übersetzt\nMüllfahrzeug;"en: Truck\nxx: nein"\n', encoding="utf-8")
    before = content_of(db_path)
    preview = preview_file(db, path, "projects")
    problems = " ".join(preview.problem_lines())
    assert "Titel in anderen Sprachen, Zeile 2: „xx“ ist kein Sprachcode" in problems
    assert content_of(db_path) == before


def test_the_archive_carries_the_theme_glossary(example_db, second_db, tmp_path):
    theme_glossary.save(example_db, {"Abfall": "fr: Déchets\nar: النفايات"})
    archive = tmp_path / "archiv.json"
    export_archive(example_db, archive)
    assert json.loads(archive.read_text("utf-8"))["theme_translations"]["Abfall"] == "fr: Déchets\nar: النفايات"
    theme_glossary.save(second_db, {"Eigenes Thema": "en: Own theme"})
    import_archive(second_db, archive)
    glossary = theme_glossary.load(second_db)
    assert glossary["Abfall"] == "fr: Déchets\nar: النفايات"
    assert glossary["Eigenes Thema"] == "en: Own theme"  # themes the archive does not name keep theirs
    assert glossary["Wasser"] == theme_glossary.load(example_db)["Wasser"]
    project = ProjectService(second_db).find("Müllfahrzeug")
    assert project.title_translations == ProjectService(example_db).find("Müllfahrzeug").title_translations


def test_an_archive_without_a_glossary_imports_and_a_damaged_one_writes_nothing(example_db, second_db, tmp_path,
                                                                              content_of):
    archive = tmp_path / "archiv.json"
    export_archive(example_db, archive)
    raw = json.loads(archive.read_text("utf-8"))
    del raw["theme_translations"]
    older = tmp_path / "alt.json"
    older.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    raw["theme_translations"] = {"Abfall": "fr Déchets"}
    damaged = tmp_path / "kaputt.json"
    damaged.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    with pytest.raises(ArchiveError, match="„Abfall“, Zeile 1"):
        import_archive(second_db, damaged)
    assert OrganisationService(second_db).list() == [] and theme_glossary.load(second_db) == {}
    import_archive(second_db, older)
    assert theme_glossary.load(second_db) == {}
    assert len(OrganisationService(second_db).list()) == len(OrganisationService(example_db).list())
