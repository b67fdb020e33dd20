"""User text reaches ReportLab only through ``text.markup``: literal, never markup."""

from __future__ import annotations

import pytest
from pdf_checks import HOSTILE, flat, pdf_text
from reportlab.platypus import Paragraph, SimpleDocTemplate

from partnerdesk.documents import arabic, layout
from partnerdesk.documents.text import SUBSTITUTE, markup, plain, shorten


def _render(tmp_path, texts):
    path = tmp_path / "t.pdf"
    doc = SimpleDocTemplate(str(path), initialFontName="PDSans")
    doc.build([Paragraph(markup(t), layout.styles()["body"]) for t in texts])
    return path


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_literally(tmp_path, text):
    path = _render(tmp_path, [text])
    extracted = flat(pdf_text(path))
    if text.startswith(("Fa.", "x <b>", "R&D", "<a href", "<font", "]]>", "{partner")):
        assert flat(text) in extracted


def test_markup_escapes_and_keeps_line_breaks():
    assert markup("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert markup("eins\nzwei\r\ndrei") == "eins<br/>zwei<br/>drei"
    assert markup('<a href="x">') == '&lt;a href="x"&gt;'
    assert markup(None) == "" and markup("") == ""


def test_no_link_or_font_size_is_injected(tmp_path):
    import pypdf

    path = _render(tmp_path, ['<a href="https://evil.example">klick</a> <font size=40>GROSS</font>'])
    page = pypdf.PdfReader(str(path)).pages[0]
    assert "/Annots" not in page
    content = page.get_contents().get_data().decode("latin-1")
    assert " 40 Tf" not in content


def test_emoji_and_control_characters_are_replaced_not_dropped_silently():
    assert markup("Hallo 😀") == f"Hallo {SUBSTITUTE}"
    assert plain("a\x00b\x07c\td") == "abc d"


def test_arabic_runs_use_the_arabic_font_joined_in_logical_order():
    result = markup("Dura (دورا)")
    assert 'face="PDSansArabic"' in result
    # د و ر ا do not join to the left: isolated forms, still in logical order (bidi.Paragraph
    # puts each wrapped line right to left when it is drawn).
    assert arabic.shape("دورا") == "\ufea9\ufeed\ufead\ufe8d"
    # lam + alef becomes one ligature; marks stay with their letter.
    assert "\ufefc" in arabic.shape("سلام") or "\ufefb" in arabic.shape("سلام")


def test_shorten_cuts_at_a_word_and_says_so():
    text, cut = shorten("eins zwei drei vier fünf", 12)
    assert cut and text.endswith("…") and len(text) <= 14
    assert shorten("kurz", 10) == ("kurz", False)
