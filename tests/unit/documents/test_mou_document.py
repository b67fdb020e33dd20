"""The MoU draft: content in both languages, layout, fonts, markings, templates."""

from __future__ import annotations

from datetime import date

import pytest
from pdf_checks import (
    HOSTILE,
    assert_fonts_embedded,
    assert_qpdf_ok,
    flat,
    page_count,
    pdf_text,
    storable,
    words_with_boxes,
)

from decision_helpers import council_approval
from partnerdesk.documents.mou.builder import MouOptions, build_mou
from partnerdesk.documents.mou.clauses import clause_order
from partnerdesk.documents.mou.data import load_mou_data
from partnerdesk.documents.mou.templates import TemplateError, load_templates
from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.domain.records import Contact, Organisation, Partnership, Project
from partnerdesk.services.records import ContactService, OrganisationService, PartnershipService, ProjectService

#: The tests of what ``load_mou_data`` reads run on a PostgreSQL server too; those of the
#: layout and the templates only on SQLite (they would test the same PDF code twice).
read_from_both = pytest.mark.postgresql

DAY = date(2026, 11, 25)


def _mou(db, tmp_path, name="Kumasi", **options):
    partnership = PartnershipService(db).find(name)
    path = tmp_path / f"mou-{options.get('language', 'en')}.pdf"
    options.setdefault("on", DAY)
    build_mou(load_mou_data(db, partnership), path, MouOptions(**options))
    return path


@read_from_both
@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [
        ("Kumasi", "en", ["Memorandum of Understanding", "Article 1 – Objectives", "2030 Agenda", "Goal 17",
                          "Make cities and human settlements inclusive", "Page 1 of", "Draft no. 2"]),
        ("Dabola", "fr", ["Mémorandum d'entente", "Article 1 – Objectifs", "Programme de développement durable",
                          "Villes et communautés durables", "Page 1 sur", "Projet n° 2"]),
        ("Cluj", "ro", ["Memorandum de înțelegere", "Articolul 1 – Obiective", "Agendei 2030",
                        "Apă curată și salubritate", "Pagina 1 din", "Proiectul nr. 2"]),
    ],
)
def test_bilingual_draft_has_both_languages(example_db, tmp_path, name, lang, expected):
    path = _mou(example_db, tmp_path, name, language=lang, draft=2, author="Erika Beispiel")
    text = flat(pdf_text(path))
    # "ENTWURF" is drawn as outlines, not text (test_watermark_is_drawn_but_not_part_of_the_text).
    german = ["Absichtserklärung", "§ 1 Ziele", "Agenda 2030", "Ziels 17", "Präambel", "Finanzen",
              "trägt die Kosten seiner Beteiligung", "keine finanziellen Verpflichtungen", "Rechtliche Unverbindlichkeit",
              "in den Sprachen Deutsch und",
              "Seite 1 von", "Entwurf Nr. 2 vom 25. November 2026", "Unterschriften", "Ort, Datum"]
    for phrase in german + expected:
        assert phrase in text, phrase
    assert "gemeinsame Arbeitsgruppe" in text
    assert_fonts_embedded(path)
    assert_qpdf_ok(path)


def test_romanian_uses_comma_below_letters(example_db, tmp_path):
    text = pdf_text(_mou(example_db, tmp_path, "Cluj", language="ro"))
    assert "ș" in text and "ț" in text
    assert "ş" not in text and "ţ" not in text


@read_from_both
def test_content_from_the_partnership(example_db, tmp_path):
    text = flat(pdf_text(_mou(example_db, tmp_path, "Kumasi", language="en")))
    assert "Stadt Dortmund (Deutschland) und der Stadt Kumasi (Ghana)" in text
    assert "City of Dortmund (Germany) and the City of Kumasi (Ghana)" in text
    assert "Klimaanpassung, Klimaschutz" in text
    for goal in ("SDG 11 – Nachhaltige Städte und Gemeinden", "SDG 13 – Climate action", "SDG 17"):
        assert goal in text
    # Coordinating units; contact points by function, persons only when the clause is chosen.
    assert "• Büro für Internationale Beziehungen und" in text and "• Umweltamt" in text
    assert "Erika Beispiel" not in text and "Kwame Example" not in text
    assert "Masterpläne Klimaanpassung Dortmund und Kumasi" in text  # history: joint projects
    # With the contacts clause: contact points by function, no names, e-mails or phones.
    text = flat(pdf_text(_mou(example_db, tmp_path, "Kumasi", language="en", clauses={"contacts": True})))
    assert "Koordination Klimapartnerschaften" in text and "Climate Desk Officer, Kumasi" in text
    assert "Erika Beispiel" not in text and "k.example@example.org" not in text


def test_metadata(example_db, tmp_path):
    import pypdf

    meta = pypdf.PdfReader(str(_mou(example_db, tmp_path, language="en", draft=3, author="Erika Beispiel"))).metadata
    assert meta.title == "MoU-Entwurf 3: Klimapartnerschaft Dortmund – Kumasi"
    assert meta.author == "Erika Beispiel"
    assert "Dortmund" in meta.subject and "Kumasi" in meta.subject
    reader = pypdf.PdfReader(str(tmp_path / "mou-en.pdf"))
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"
    # Kumasi's partnership has goal 17 itself: "SDG 17" once, not twice.
    keywords = [k.strip() for k in meta["/Keywords"].split(",")]
    assert keywords.count("SDG 17") == 1 and len(keywords) == len(set(keywords)), keywords


def _red_pixels(path, tmp_path):
    import subprocess

    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    return sum(1 for r, g, b in image.get_flattened_data() if r > g + 12 and r > b + 12)


def test_watermark_is_drawn_but_not_part_of_the_text(example_db, tmp_path):
    """Copied text and pdftotext come out without the watermark's letters ("Strengthen FT"),
    and the watermark is still on the page (drawn as outlines)."""
    import subprocess

    draft = _mou(example_db, tmp_path, "Kumasi", language="en", draft=2)
    for i in (0, 1):  # each column on its own, as a reader selects it
        column = subprocess.run(["pdftotext", "-x", str(i * 297), "-y", "60", "-W", "297", "-H", "720", str(draft), "-"],
                                capture_output=True, text=True, check=True).stdout
        assert not {"ENTWURF", "DRAFT", "FT", "EN", "TW", "URF"} & set(column.replace("/", " ").split())
    assert "ENTWURF" not in pdf_text(draft) and "DRAFT" not in pdf_text(draft)
    (tmp_path / "d").mkdir()
    (tmp_path / "f").mkdir()
    from pdf_checks import decided

    decided(example_db, "Kumasi")
    final = _mou(example_db, tmp_path / "f", "Kumasi", language="en", draft=None)
    assert _red_pixels(draft, tmp_path / "d") > 10 * (_red_pixels(final, tmp_path / "f") + 10)


def test_final_version_has_no_watermark(example_db, tmp_path):
    council_approval(example_db, PartnershipService(example_db).find("Kumasi").id)
    text = pdf_text(_mou(example_db, tmp_path, language="en", draft=None))
    assert "ENTWURF" not in text and "DRAFT" not in text and "Entwurf Nr." not in text
    assert "Fassung vom 25. November 2026" in text and "Version dated 25 November 2026" in text


@read_from_both
def test_german_only(example_db, tmp_path):
    path = _mou(example_db, tmp_path, "Dura", language="de")
    text = flat(pdf_text(path))
    assert "Absichtserklärung" in text and "in deutscher Sprache" in text
    assert "Memorandum of Understanding" not in text and "Page 1" not in text
    assert_fonts_embedded(path)


@read_from_both
def test_arabic_partner_name_does_not_break_the_document(example_db, tmp_path):
    orgs = OrganisationService(example_db)
    dura = orgs.find("Dura")
    dura.city = "Dura دورا"
    orgs.update(dura)
    path = _mou(example_db, tmp_path, "Dura", language="en")
    assert "Dura" in pdf_text(path)
    assert_fonts_embedded(path)
    assert_qpdf_ok(path)


def test_clauses_start_side_by_side_on_every_page(example_db, tmp_path):
    path = _mou(example_db, tmp_path, "Kumasi", language="en")
    words = words_with_boxes(path)
    for number in range(1, 9):
        german = next(w for w in words if w[3] == "§" and _next_word(words, w) == str(number))
        english = next(w for w in words if w[3] == "Article" and _next_word(words, w) == str(number))
        assert german[0] == english[0], f"§ {number} and Article {number} on different pages"
        assert abs(german[2] - english[2]) < 1.0, f"§ {number} not level with Article {number}"
        assert german[1] < english[1]


def _next_word(words, word):
    i = words.index(word)
    return words[i + 1][3] if i + 1 < len(words) else ""


@read_from_both
def test_hostile_text_everywhere(example_db, tmp_path, database_kind):
    hostile = storable(HOSTILE, database_kind)
    partnerships = PartnershipService(example_db)
    p = partnerships.find("Kumasi")
    p.themes = hostile[:6]
    partnerships.update(p)
    contacts = ContactService(example_db)
    for i, text in enumerate(hostile):
        contacts.create(Contact(name=f"Person {i} {text[:60]}", organisation_id=p.partner_id, function=text[:200],
                                email="a@b.example"))
    path = _mou(example_db, tmp_path, "Kumasi", language="fr", clauses={"contacts": True})
    text = flat(pdf_text(path))
    assert "Fa. Müller & Söhne <GmbH>" in text
    assert '<a href="https://evil.example">klick</a>' in text
    assert "<font size=40>GROSS</font>" in text
    assert "{partner_city} $home_city" in text  # placeholders in data are not filled in
    import pypdf

    assert all("/Annots" not in page for page in pypdf.PdfReader(str(path)).pages)
    assert_fonts_embedded(path)
    assert_qpdf_ok(path)


def test_very_long_clause_splits_across_pages(example_db, tmp_path, private_data_dir):
    folder = private_data_dir / "templates" / "mou" / "en"
    folder.mkdir(parents=True)
    long_text = " ".join(f"Sentence {i} of a very long objective that the office negotiated." for i in range(900))
    (folder / "objectives.txt").write_text(f"# Objectives\n{long_text}\n", "utf-8")
    path = _mou(example_db, tmp_path, "Kumasi", language="en")
    assert page_count(path) >= 6
    text = flat(pdf_text(path))
    assert "Sentence 0 of" in text and "Sentence 899 of" in text
    # The German clause after it still starts level with the English one.
    words = words_with_boxes(path)
    german = next(w for w in words if w[3] == "§" and _next_word(words, w) == "2")
    english = next(w for w in words if w[3] == "Article" and _next_word(words, w) == "2")
    assert german[0] == english[0] and abs(german[2] - english[2]) < 1.0


def test_office_template_override(example_db, tmp_path, private_data_dir):
    folder = private_data_dir / "templates" / "mou" / "de"
    folder.mkdir(parents=True)
    (folder / "duration.txt").write_text(
        "% Unsere Fassung\n# Laufzeit\nDiese Erklärung gilt fünf Jahre ab {date} für {partner_city}.\n", "utf-8"
    )
    text = flat(pdf_text(_mou(example_db, tmp_path, "Kumasi", language="en")))
    assert "Diese Erklärung gilt fünf Jahre ab 25. November 2026 für Kumasi." in text
    assert "auf unbestimmte Zeit" not in text
    assert "indefinite period" in text  # English still from the shipped templates


def test_templates_option_folder_wins(example_db, tmp_path):
    folder = tmp_path / "vorlagen" / "mou" / "en"
    folder.mkdir(parents=True)
    (folder / "finances.txt").write_text("# Money\nNo money {{at all}}.\n", "utf-8")
    text = flat(pdf_text(_mou(example_db, tmp_path, "Kumasi", language="en", template_dirs=[tmp_path / "vorlagen"])))
    assert "Article 5 – Money" in text and "No money {at all}." in text


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        ("# Laufzeit\nGilt für {stadt}.\n", 2, "unbekannter Platzhalter „{stadt}“"),
        ("# Laufzeit\n\nGilt für {partner_city.\n", 3, "„{“ ohne schließendes „}“"),
        ("# Laufzeit\nGilt } für alle.\n", 2, "„}“ ohne öffnendes „{“"),
        ("Kein Titel\n", 1, "Überschriftszeile"),
    ],
)
def test_template_mistake_names_file_and_line(example_db, tmp_path, private_data_dir, content, line, problem):
    folder = private_data_dir / "templates" / "mou" / "de"
    folder.mkdir(parents=True)
    (folder / "duration.txt").write_text(content, "utf-8")
    out = tmp_path / "mou.pdf"
    with pytest.raises(TemplateError) as info:
        build_mou(load_mou_data(example_db, PartnershipService(example_db).find("Kumasi")), out, MouOptions(language="en"))
    message = info.value.message
    assert str(folder / "duration.txt") in message
    assert f"Zeile {line}:" in message
    assert problem in message
    assert not out.exists()


def test_missing_clause_and_label_are_reported(tmp_path, monkeypatch):
    from partnerdesk.documents.mou import templates

    shipped = tmp_path / "shipped"
    for lang in ("en",):
        (shipped / lang).mkdir(parents=True)
        (shipped / lang / "labels.txt").write_text("column = English\n", "utf-8")
    monkeypatch.setattr(templates, "shipped_dir", lambda lang: shipped / lang)
    with pytest.raises(TemplateError, match="title.txt: die Datei fehlt"):
        load_templates("en")
    for name in [entry.name for entry in clause_order()]:
        (shipped / "en" / f"{name}.txt").write_text("# X\n", "utf-8")
    with pytest.raises(TemplateError, match="diese Schlüssel fehlen: clause_number"):
        load_templates("en")


@read_from_both
def test_the_same_home_city_contacts_and_project_order_on_every_database(db):
    """Which unit gives the home city and the order of
    the projects follow the German order of the names (``name_key``), not the database's
    collation: SQLite compares bytes ("Müller" before "de Vries", "Ämter" after "Umweltamt"),
    a German PostgreSQL server does not, and the same data gave two different documents."""
    orgs = OrganisationService(db)
    partner = orgs.create(Organisation(name="Partnerstadt", kind=OrganisationKind.MUNICIPALITY, country="NL"))
    orgs.create(Organisation(name="Umweltamt", kind=OrganisationKind.CITY_UNIT, city="Dortmund"))
    orgs.create(Organisation(name="Ämter-Service", kind=OrganisationKind.CITY_UNIT, city="Aachen"))
    contacts = ContactService(db)
    for name, function in [("Müller", "Maire"), ("de Vries", "Burgemeester"), ("Zorn", "Mayor"), ("Abel", "Referent")]:
        contacts.create(Contact(name=name, organisation_id=partner.id, function=function))
    partnership = PartnershipService(db).create(Partnership(title="Städtepartnerschaft", partner_id=partner.id))
    for title in ("Zeder", "apfelbaum", "Äpfel"):
        ProjectService(db).create(Project(title=title, partnership_id=partnership.id))
    data = load_mou_data(db, partnership.id)
    assert [c.name for c in data.partner_contacts] == ["Abel", "de Vries", "Müller", "Zorn"]
    assert data.home.city == "Aachen"
    assert [p.title for p in data.projects] == ["Äpfel", "apfelbaum", "Zeder"]


def test_invariant_output_is_byte_identical(example_db, tmp_path):
    first = _mou(example_db, tmp_path / "a" if (tmp_path / "a").mkdir() is None else tmp_path, invariant=True)
    again = _mou(example_db, tmp_path / "b" if (tmp_path / "b").mkdir() is None else tmp_path, invariant=True)
    assert first.read_bytes() == again.read_bytes()


def test_failed_build_leaves_no_file(example_db, tmp_path):
    from partnerdesk.domain.errors import UserError

    out = tmp_path / "mou.pdf"
    with pytest.raises(UserError):
        build_mou(load_mou_data(example_db, PartnershipService(example_db).find("Kumasi")), out, MouOptions(language="tr"))
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if "mou.pdf" in p.name]
