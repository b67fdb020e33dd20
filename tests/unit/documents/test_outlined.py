"""Glyph outlines drawn from the font's glyf table look like the text itself (and are no text)."""

from __future__ import annotations

import subprocess

import pytest
from PIL import Image, ImageChops
from reportlab.pdfgen.canvas import Canvas

from partnerdesk.documents import fonts, outlined

WORDS = "ENTWURF / DRAFT PROIECT Äöü ș"  # simple glyphs and composite ones (A + diaeresis, s + comma below)


def _render(tmp_path, name, draw):
    fonts.register_fonts()
    pdf = tmp_path / f"{name}.pdf"
    canvas = Canvas(str(pdf), pagesize=(900, 120))
    draw(canvas)
    canvas.save()
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-gray", str(pdf), str(tmp_path / name)], check=True)
    return pdf, Image.open(next(tmp_path.glob(f"{name}*.png"))).convert("L")


@pytest.mark.parametrize("words", [WORDS, "ÄÖÜÉȘ äöüéș"], ids=["words", "composites"])
def test_outlines_match_the_text_and_are_not_text(tmp_path, words):
    def as_text(canvas):
        canvas.setFont(fonts.BOLD, 40)
        canvas.drawCentredString(450, 40, words)

    def as_outlines(canvas):
        outlined.draw_centred_outlines(canvas, 450, 40, words, fonts.BOLD, 40)

    text_pdf, text = _render(tmp_path, "text", as_text)
    outline_pdf, outlines = _render(tmp_path, "outline", as_outlines)
    ink = sum(1 for v in text.get_flattened_data() if v < 128)
    differing = sum(1 for v in ImageChops.difference(text, outlines).get_flattened_data() if v > 200)  # edges differ by anti-aliasing (hinted text vs paths), not by shape
    assert ink > 1000 and differing < ink * 0.06  # the same letters in the same places
    extracted = subprocess.run(["pdftotext", str(outline_pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert extracted.strip() == ""
    assert words.split()[0] in subprocess.run(["pdftotext", str(text_pdf), "-"], capture_output=True, text=True,
                                              check=True).stdout
