"""The MoU as a Word document: the PDF's content, clause by clause, with tracked changes on."""

from __future__ import annotations

import re
import subprocess
import zipfile
from datetime import date

import docx
import pytest
from pdf_checks import HOSTILE, storable

from partnerdesk.documents.mou.builder import MouOptions, build_mou
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
    assert len(rows) == len(content.clauses) - 1  # one row per clause; the signatures follow the table
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
    _data, _opts, _pdf, word = _both(example_db, tmp_path, "Dabola", language="fr", draft=None)
    document = docx.Document(str(word))
    assert "ENTWURF" not in document.sections[0].header.paragraphs[0].text
    assert "Fassung vom" in document.sections[0].footer.paragraphs[0].text
