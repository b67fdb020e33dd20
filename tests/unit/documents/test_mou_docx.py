"""The MoU as a Word document: the PDF's content, clause by clause (the clauses chosen, the
draft blanks, the text of signatures.txt), with tracked changes on."""

from __future__ import annotations

import re
import subprocess
import zipfile
from datetime import date

import docx
import pytest
from pdf_checks import HOSTILE, decided, flat, pdf_text, storable

from partnerdesk.documents.mou.builder import MouOptions, build_mou, options_content
from partnerdesk.documents.mou.content import mou_content, plain_text
from partnerdesk.documents.mou.data import load_mou_data
from partnerdesk.documents.mou.docx_writer import build_docx
from partnerdesk.domain.records import Contact
from partnerdesk.services.records import ContactService, OrganisationService, PartnershipService

DAY = date(2026, 11, 25)


def _both(db, tmp_path, name, **options):
    data = load_mou_data(db, PartnershipService(db).find(name))
    opts = MouOptions(on=DAY, **options)
    pdf, word = tmp_path / "mou.pdf", tmp_path / "mou.docx"
    build_mou(data, pdf, opts)
    build_docx(data, word, opts)
    return data, opts, pdf, word


def _cell_text(rows):
    return "\n".join(("•\t" if r.kind == "bullet" else "") + plain_text(r.markup) for r in rows)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("name", "lang"), [("Kumasi", "en"), ("Dabola", "fr"), ("Cluj", "ro"), ("Kumasi", "de")])
def test_word_reads_back_clause_by_clause_as_the_pdf_says(example_db, tmp_path, name, lang):
    data, opts, pdf, word = _both(example_db, tmp_path, name, language=lang, draft=2)
    content = mou_content(data, opts.languages, on=opts.on, draft=opts.draft)
    table = docx.Document(str(word)).tables[0]
    rows = table.rows[1:] if len(opts.languages) > 1 else table.rows
    assert len(rows) == len(content.clauses)  # one row per chosen clause; the signatures follow the table
    # Each column's text as the PDF prints it, without header and footer (crop each half of the page).
    width = 595
    columns = []
    for i in range(len(opts.languages)):
        half = width // len(opts.languages)
        columns.append(subprocess.run(
            ["pdftotext", "-x", str(i * half), "-y", "60", "-W", str(half), "-H", "720", str(pdf), "-"],
            capture_output=True, text=True, check=True).stdout)
    for clause, row in zip(content.clauses, rows, strict=False):
        for j, (expected, cell) in enumerate(zip(clause, row.cells, strict=True)):
            assert cell.text == _cell_text(expected)
            for paragraph in cell.paragraphs:  # and every paragraph is in that column of the PDF
                assert _squash(paragraph.text.removeprefix("•\t")) in _squash(columns[j]), paragraph.text
    if lang != "de":
        header = [c.text for c in table.rows[0].cells]
        assert header[0] == "DEUTSCH" and header[1] != "DEUTSCH"


def test_tracked_changes_on_and_column_languages(example_db, tmp_path):
    _data, _opts, _pdf, word = _both(example_db, tmp_path, "Cluj", language="ro", draft=3, author="Erika")
    with zipfile.ZipFile(word) as z:
        settings = z.read("word/settings.xml").decode()
        body = z.read("word/document.xml").decode()
        footer = z.read("word/footer1.xml").decode()
    # "Seite X von Y · Pagina X din Y" with Word's page fields, as the PDF's footer says it.
    assert footer.count('w:instr="PAGE"') == 2 and footer.count('w:instr="NUMPAGES"') == 2
    assert "Seite " in footer and "Pagina " in footer
    assert "<w:trackRevisions/>" in settings
    # In its place in the schema's order (Word refuses settings out of order): after w:zoom.
    assert settings.index("<w:zoom") < settings.index("<w:trackRevisions/>") < settings.index("<w:defaultTabStop")
    assert 'w:lang w:val="ro-RO"' in body and 'w:lang w:val="de-DE"' in body
    document = docx.Document(str(word))
    assert document.core_properties.author == "Erika"
    assert document.core_properties.title.startswith("MoU-Entwurf 3") or "3" in document.core_properties.title
    assert "Entwurf Nr. 3" in document.sections[0].footer.paragraphs[0].text


def test_hostile_names_stay_text(example_db, tmp_path):
    hostile = storable(HOSTILE, "sqlite")
    partnerships = PartnershipService(example_db)
    p = partnerships.find("Kumasi")
    p.themes = hostile[:6]
    partnerships.update(p)
    contacts = ContactService(example_db)
    for i, text in enumerate(hostile):
        contacts.create(Contact(name=f"Person {i} {text[:60]}", organisation_id=p.partner_id, function=text[:200]))
    organisations = OrganisationService(example_db)
    partner = organisations.get(p.partner_id)
    partner.city = "<b>Kumasi</b> & Co"
    organisations.update(partner)
    _data, _opts, _pdf, word = _both(example_db, tmp_path, "Kumasi", language="fr", draft=1)
    document = docx.Document(str(word))
    text = "\n".join(c.text for table in document.tables for row in table.rows for c in row.cells)
    assert "<b>Kumasi</b> & Co" in text
    signatures = "\n".join(c.text for c in document.tables[-1].rows[0].cells)
    assert "<b>Kumasi</b> & Co" in signatures  # "Für die Stadt …" keeps the name as typed
    assert "Fa. Müller & Söhne <GmbH>" in text
    assert '<a href="https://evil.example">klick</a>' in text
    assert "<font size=40>GROSS</font>" in text
    assert "R&D; &amp; &#169;" in text
    with zipfile.ZipFile(word) as z:
        assert z.testzip() is None
        assert "evil.example" not in z.read("word/_rels/document.xml.rels").decode()  # no live link


def test_final_word_document_has_no_draft_marks(example_db, tmp_path):
    decided(example_db, "Dabola")
    _data, _opts, _pdf, word = _both(example_db, tmp_path, "Dabola", language="fr", draft=None)
    document = docx.Document(str(word))
    assert "ENTWURF" not in document.sections[0].header.paragraphs[0].text
    assert "Fassung vom" in document.sections[0].footer.paragraphs[0].text


# The clauses chosen (clauses.txt, --with/--without, the dialog), in Word as in the PDF ------------


def _word_text(word):
    return "\n".join(c.text for table in docx.Document(str(word)).tables for row in table.rows for c in row.cells)


def test_word_has_the_chosen_clauses_numbered_like_the_pdf(example_db, tmp_path):
    kumasi = load_mou_data(example_db, PartnershipService(example_db).find("Kumasi"))
    chosen = frozenset(c.id for c in [*kumasi.home_contacts, *kumasi.partner_contacts]
                       if c.name in ("Erika Beispiel", "Kwame Example"))
    data, opts, pdf, word = _both(example_db, tmp_path, "Kumasi", language="en", draft=2,
                                  clauses={"contacts": True, "data_protection": False}, equal_versions=True,
                                  personal_contacts=chosen)
    content = options_content(data, opts)
    assert "contacts" in content.names and "data_protection" not in content.names
    assert "signatures" not in content.names and len(content.names) == len(content.clauses)
    rows = docx.Document(str(word)).tables[0].rows[1:]
    headings = [[cell.paragraphs[0].text for cell in row.cells] for row in rows]
    assert headings == [[plain_text(rows[0].markup) for rows in clause] for clause in content.clauses]
    pdf_flat = flat(pdf_text(pdf))
    numbered = [h for h, _ in headings if h.startswith("§")]
    assert [h.split()[1] for h in numbered] == [str(n) for n in range(1, len(numbered) + 1)]
    for german, english in headings:  # the same headings, "§ n" for "§ n", in the PDF
        assert flat(german) in pdf_flat and flat(english) in pdf_flat, german
    assert any(h.endswith("Ansprechpersonen") for h, _ in headings)
    assert not any("Datenschutz" in h for h, _ in headings) and "Datenschutz" not in pdf_flat
    text = _word_text(word)
    assert "Erika Beispiel" in text and "Kwame Example" in text  # the contact persons, chosen one by one
    assert "Beide Fassungen sind gleichermaßen maßgeblich." in text

    default = tmp_path / "default"
    default.mkdir()
    _data, _opts, _pdf, plain = _both(example_db, default, "Kumasi", language="en", draft=2)
    text = _word_text(plain)
    assert "Erika Beispiel" not in text and "Datenschutz" in text and "gleichermaßen maßgeblich" not in text


def test_word_draft_keeps_the_blanks_in_both_columns(example_db, tmp_path):
    data, opts, _pdf, word = _both(example_db, tmp_path, "Cluj", language="ro", draft=1)
    content = options_content(data, opts)
    council = content.names.index("council_decision")
    cells = docx.Document(str(word)).tables[0].rows[1 + council].cells
    assert "Ratsbeschluss" in cells[0].text
    # Both sides' decisions (Romanian law needs Cluj's): dates and numbers to fill in, in each column's language.
    assert cells[0].text.count("________ [") == cells[1].text.count("________ [") == 4
    assert "[Datum fehlt]" in cells[0].text and "[data lipsește]" in cells[1].text


@pytest.fixture
def office(private_data_dir):
    root = private_data_dir / "templates" / "mou"
    for lang in ("de", "en"):
        (root / lang).mkdir(parents=True)
    return root


def test_signatures_text_stands_above_the_signature_blocks_in_word(example_db, tmp_path, office):
    (office / "de" / "signatures.txt").write_text("# Unterschriften\nGeschehen zu {home_city} in zwei Ausfertigungen.\n",
                                                  "utf-8")
    (office / "en" / "signatures.txt").write_text("# Signatures\nDone at {home_city} in duplicate.\n", "utf-8")
    _data, _opts, pdf, word = _both(example_db, tmp_path, "Kumasi", language="en", draft=1)
    assert "Geschehen zu Dortmund in zwei Ausfertigungen." in flat(pdf_text(pdf))
    document = docx.Document(str(word))
    assert len(document.tables) == 3  # the clauses, the signatures text, the signature blocks
    text_table, blocks = document.tables[1], document.tables[2]
    assert [c.text for c in text_table.rows[0].cells] == ["Geschehen zu Dortmund in zwei Ausfertigungen.",
                                                          "Done at Dortmund in duplicate."]
    body = list(document.element.body)
    heading = next(p for p in document.paragraphs if p.text == "Unterschriften / Signatures")
    assert body.index(heading._p) < body.index(text_table._tbl) < body.index(blocks._tbl)
    assert "Ort, Datum" in blocks.rows[0].cells[0].text


def test_without_signatures_text_word_has_no_empty_table(example_db, tmp_path):
    _data, _opts, _pdf, word = _both(example_db, tmp_path, "Kumasi", language="en", draft=1)
    assert len(docx.Document(str(word)).tables) == 2


def test_arabic_column_in_word_runs_right_to_left(example_db, tmp_path):
    """German and Arabic in Word: the Arabic column's paragraphs are right-to-left (w:bidi), its
    runs too (w:rtl), its headings bold as Word shows right-to-left text; the text as typed."""
    from docx.oxml.ns import qn

    _data, _opts, _pdf, word = _both(example_db, tmp_path, "Dura", language="ar", draft=1)
    table = docx.Document(str(word)).tables[0]
    german, arabic = table.rows[2].cells  # the parties
    assert arabic.paragraphs[0].text == "الجانبان"
    assert all(p._p.pPr.find(qn("w:bidi")) is not None for p in arabic.paragraphs)
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in german.paragraphs)
    heading = arabic.paragraphs[0].runs[0]
    assert heading._r.rPr.find(qn("w:rtl")) is not None and heading.font.cs_bold
