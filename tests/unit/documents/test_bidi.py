"""The bidi order of one line (documents/bidi.py) against python-bidi, an independent implementation."""

from __future__ import annotations

import unicodedata

from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerdesk.documents import bidi

# Letters of both directions, digits, and the neutrals and separators that decide the hard cases.
PIECES = ["Dura", "Kumasi", "ß", "Москва", "دورا", "مشروع", "للمياه", "נתניה", "תל", "2026", "12", "3,5", "25.000",
          " ", " ", "(", ")", "[", "]", "-", "–", "/", ":", ",", ".", "%", "€", "!", "\u064e"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
def test_line_order_matches_python_bidi(pieces):
    line = "".join(pieces)
    # python-bidi does not mirror brackets (we do, rule L4), so compare without mirroring; it
    # also reverses a vowel mark with its letter, which we keep after the letter (drawn over it).
    assert _without_marks(bidi.display(line, mirror=False)) == _without_marks(get_display(line))


def _without_marks(text):
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def test_a_vowel_mark_is_drawn_after_its_letter():
    drawn = bidi.display("دُورا")  # damma on dal
    assert drawn == "ارودُ"


def test_known_lines():
    assert bidi.display("مشروع 2026 للمياه") == "هايملل 2026 عورشم"
    # The brackets stay with "Dura" (rule N0), and mirror inside a right-to-left run.
    assert bidi.display("Dura (دورا) – السلام") == "Dura (ارود) – مالسلا"
    assert bidi.display("נתניה (Netanya)") == "(Netanya) הינתנ"
    assert bidi.display("Latin only (x)") == "Latin only (x)"


def test_base_direction_from_the_first_strong_letter():
    assert bidi.base_level("2026 مشروع") == 1
    assert bidi.base_level("Projekt مشروع") == 0
    assert bidi.base_level("2026") == 0
