"""The final MoU is PDF/A-2b: validated by pikepdf's PDF/A validator (built from veraPDF's rules)
and, independently of it, checked for the structures PDF/A-2b requires."""

from __future__ import annotations

import subprocess
from datetime import date

import pikepdf
import pytest
from pdf_checks import assert_fonts_embedded, assert_qpdf_ok, decided, flat, pdf_text
from pikepdf import pdfa

from partnerdesk.documents.mou.builder import MouOptions, build_mou
from partnerdesk.documents.mou.data import load_mou_data
from partnerdesk.services.records import PartnershipService

DAY = date(2027, 3, 1)


def _final(db, tmp_path, name="Cluj", language="ro", draft=None):
    path = tmp_path / f"mou-{draft}.pdf"
    if draft is None:
        decided(db, name)
    build_mou(load_mou_data(db, PartnershipService(db).find(name)), path,
              MouOptions(language=language, draft=draft, on=DAY, author="Erika Amtsprobe"))
    return path


@pytest.mark.parametrize(("name", "language"), [("Cluj", "ro"), ("Dabola", "fr"), ("Kumasi", "de")])
def test_final_version_passes_the_pdfa_2b_validator(example_db, tmp_path, name, language):
    path = _final(example_db, tmp_path, name, language)
    report = pdfa.validate_written(path, "2b")
    assert report.passed, [str(f) for f in report.findings]


def test_final_version_has_the_structures_pdfa_2b_requires(example_db, tmp_path):
    path = _final(example_db, tmp_path)
    with pikepdf.open(path) as pdf:
        assert not pdf.is_encrypted
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"].startswith("MoU: ")
        assert "Erika Amtsprobe" in str(meta["dc:creator"])
        assert "de-DE" in str(meta["dc:language"])
        assert str(pdf.Root.Lang) == "de-DE"
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1 and intents[0].S == "/GTS_PDFA1"
        profile = intents[0].DestOutputProfile.read_bytes()
        assert profile[36:40] == b"acsp" and profile[16:20] == b"RGB "  # an ICC profile for RGB
        assert pdf.pdf_version >= "1.4"
    assert_fonts_embedded(path)
    assert_qpdf_ok(path)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Author:          Erika Amtsprobe" in info and "Encrypted:       no" in info


def test_archival_text_still_extracts_with_diacritics(example_db, tmp_path):
    text = flat(pdf_text(_final(example_db, tmp_path)))
    assert "Memorandum de înțelegere" in text and "Absichtserklärung" in text


def test_a_draft_is_not_declared_pdfa_and_the_validator_can_refuse(example_db, tmp_path):
    """The check can fail: a draft (ReportLab's PDF as it is) has no declaration and no output intent."""
    draft = _final(example_db, tmp_path, draft=2)
    report = pdfa.validate_written(draft, "2b")
    assert not report.passed
    with pikepdf.open(draft) as pdf:
        assert "/OutputIntents" not in pdf.Root
