"""The MoU in German (or English) and Arabic: right-to-left order, joining, wrapping, digits,
mixed Arabic and Latin, a text layer that finds Arabic as typed, embedded fonts."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pdf_checks import HOSTILE, assert_fonts_embedded, assert_qpdf_ok, decided, flat, page_count, storable

from partnerdesk.documents.mou.builder import MouOptions, build_mou
from partnerdesk.documents.mou.data import load_mou_data
from partnerdesk.documents.mou.rtl_pdf import arabic_digits
from partnerdesk.domain.enums import LegalBasis
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Contact
from partnerdesk.services.records import ContactService, PartnershipService

DAY = date(2026, 11, 25)
ARABIC = re.compile("[\u0620-\u065f\u066e-\u06ef\u06fa-\u06ff]")  # letters and marks, not digits


def _mou(db, tmp_path: Path, name: str = "Dura", **options) -> Path:
    options.setdefault("language", "ar")
    options.setdefault("on", DAY)
    path = tmp_path / f"mou-{options['language']}-{options.get('digits', 'latin')}-{options.get('first_language', 'de')}.pdf"
    build_mou(load_mou_data(db, PartnershipService(db).find(name)), path, MouOptions(**options))
    return path


def _everyone(db, name: str = "Dura") -> frozenset[str]:
    """Every contact of the partnership whose personal data may be printed (chosen one by one)."""
    from partnerdesk.documents.mou.data import may_print_personal_data

    data = load_mou_data(db, PartnershipService(db).find(name))
    return frozenset(c.id for c in [*data.home_contacts, *data.partner_contacts] if may_print_personal_data(c))


def _lines(path: Path) -> list[str]:
    """poppler's text layer line by line, bidi marks dropped. poppler gives each right-to-left
    run between punctuation and numbers in logical order, so a phrase within one run is found as
    typed (a whole mixed line's order is checked by position, ``_line``)."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub("[\u202a-\u202e\u2066-\u2069]", "", out).splitlines()


def _text(path: Path) -> str:
    return flat("\n".join(_lines(path)))


def _line_with(path: Path, word: str) -> str:
    return next(line for line in _lines(path) if word in line)


def _boxes(path: Path) -> list[tuple[int, float, float, float, str]]:
    """(page, xMin, xMax, yMin, word) from ``pdftotext -bbox``; an Arabic word comes in visual
    order there (its letters right to left), so it is turned back to logical order."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words = []
    for page_no, page in enumerate(html.split("<page ")[1:], start=1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>', page):
            word = m.group(4)
            words.append((page_no, float(m.group(1)), float(m.group(3)), float(m.group(2)),
                          word[::-1] if ARABIC.search(word) else word))
    return words


def _line(boxes, words: list[str]) -> list[tuple[int, float, float, float, str]]:
    """The boxes of ``words`` (in logical order) where they stand together on one line."""
    for box in boxes:
        if box[4] != words[0]:
            continue
        column = box[1] > 595 / 2  # the German column's words may stand at the same height
        same_line = [b for b in boxes if b[0] == box[0] and abs(b[3] - box[3]) < 1.5 and (b[1] > 595 / 2) == column]
        found = [next((b for b in same_line if b[4] == w), None) for w in words]
        if all(found):
            return found  # type: ignore[return-value]
    raise AssertionError(f"{words} not on one line")


def test_arabic_words_run_right_to_left_with_latin_names_and_numbers_inside(example_db, tmp_path):
    path = _mou(example_db, tmp_path)
    boxes = _boxes(path)
    # "بشأن الشراكة البلدية بين مدينة Dortmund (ألمانيا)": Arabic with a Latin city name inside.
    line = _line(boxes, ["بشأن", "الشراكة", "البلدية", "بين", "مدينة", "Dortmund"])
    xs = [b[1] for b in line]
    assert xs == sorted(xs, reverse=True), line  # the first word is rightmost
    # A number inside Arabic: "المادة 5 – الشؤون المالية" ("Article 5 – Finances").
    heading = _line(boxes, ["المادة", "5", "–", "الشؤون", "المالية"])
    assert [b[1] for b in heading] == sorted((b[1] for b in heading), reverse=True), heading
    # The Arabic column is the right one, set flush right.
    assert min(xs) > 595 / 2
    title = _line(boxes, ["مذكرة", "تفاهم"])
    assert title[0][1] > title[1][1]


def test_text_layer_finds_arabic_as_typed_in_logical_order(example_db, tmp_path):
    text = _text(_mou(example_db, tmp_path, clauses={"contacts": True}, personal_contacts=_everyone(example_db)))
    for phrase in [
        "مذكرة تفاهم",
        "واستحضارا منهما لتعاونهما", "منذ عام",
        # lam-alef ligatures (لا، لأ، لإ) come out as the two letters they were typed as
        "لا تترتب على هذه المذكرة أي التزامات مالية",
        "تنفيذ خطة الأمم المتحدة للتنمية المستدامة لعام",
        "الطابع غير الملزم",
        "تعتزم المدينتان تعميق شراكتهما", "والمعاملة بالمثل والاحترام المتبادل",
        "توقع هذه المذكرة في نسختين أصليتين", "الألمانية والعربية",
        # SDG goals in the UN's Arabic
        "مدن ومجتمعات محلية مستدامة", "عقد الشراكات لتحقيق الأهداف",
        "مسودة رقم", "الصفحة",
        "تشرين الثاني",  # November as said in Palestine (Dura), not "نوفمبر"
        # and the German column beside it
        "Absichtserklärung", "§ 6 Finanzen", "jede in den Sprachen Deutsch und Arabisch",
    ]:
        assert phrase in text, phrase
    assert "\ufffd" not in text
    # Latin words, digits and full stops in the Arabic column are drawn with their own glyphs (an
    # Arabic-first font run once printed "000000" as "KKKKKK" and "." as "4").
    words = text.split()
    for word in ["000000", "erika.beispiel@example.org,", "+49"]:
        assert words.count(word) == 2, word  # once in each column
    assert "KKKKKK" not in text and "4Nachhaltige" not in text


def test_digits_as_chosen(example_db, tmp_path):
    latin = _mou(example_db, tmp_path, digits="latin")
    indic = _mou(example_db, tmp_path, digits="arabic")
    assert "2030" in _line_with(latin, "لعام") and "٢٠٣٠" in _line_with(indic, "لعام")
    assert "٢٠٣٠" not in _text(latin) and "2030" not in _line_with(indic, "لعام")
    for line, numbers in [("الصفحة", "١ ٤"), ("منذ عام", "٢٠١٨"), ("الشؤون المالية", "٥"), ("مسودة رقم", "١ ٢٥ ٢٠٢٦")]:
        assert all(n in _line_with(indic, line) for n in numbers.split()), line
    # Seen by position too: the Arabic comma of "٢٠١٨،" stands left of the number.
    assert "،٢٠١٨" in {b[4] for b in _boxes(indic)} and "،2018" in {b[4] for b in _boxes(latin)}
    # The German column keeps its digits either way.
    assert "Agenda 2030" in _text(indic) and "Seite 1 von 4" in _text(indic)


def test_arabic_digits_only_in_numbers():
    assert arabic_digits("هاتف +970 2 228 1234، info2@dura.ps، B2B 2026. (1) 25/11 10-12 {0} &#169;") == (
        "هاتف +٩٧٠ ٢ ٢٢٨ ١٢٣٤، info2@dura.ps، B2B ٢٠٢٦. (١) ٢٥/١١ ١٠-١٢ {0} &#169;"
    )


def test_a_long_paragraph_wraps_from_the_top_right(example_db, tmp_path):
    boxes = _boxes(_mou(example_db, tmp_path))
    words = ("ويرمي التعاون إلى تبادل المعارف والخبرات بين إدارتي المدينتين ومجتمعيهما المدنيين ومؤسساتهما "
             "الأكاديمية وقطاعي الأعمال فيهما، والإسهام بذلك معا في تحقيق أهداف التنمية المستدامة.").split()
    first = next(b for b in boxes if b[4] == words[0])
    column = [b for b in boxes if b[0] == first[0] and b[1] > 595 / 2 and b[3] >= first[3] - 1]
    lines: dict[int, list[tuple[int, float, float, float, str]]] = {}
    for b in column:
        lines.setdefault(round(b[3]), []).append(b)
    # Reading order: lines top to bottom, each from right to left.
    reading = [b for y in sorted(lines) for b in sorted(lines[y], key=lambda b: -b[1])]
    at = [b[4] for b in reading].index(words[0])
    para = reading[at : at + len(words)]
    assert [b[4] for b in para] == words
    used = sorted({round(b[3]) for b in para})
    assert len(used) >= 3, used
    # Every line of the paragraph is flush right at the same edge.
    rights = [max(b[2] for b in lines[y]) for y in used]
    assert max(rights) - min(rights) < 1.0, rights


def test_english_and_arabic_with_fonts_embedded(example_db, tmp_path):
    decided(example_db, "Dura")
    path = _mou(example_db, tmp_path, first_language="en", draft=None)
    text = _text(path)
    for phrase in ["Memorandum of Understanding", "Article 5 – Finances", "the English and Arabic languages",
                   "الإنجليزية والعربية", "نسخة بتاريخ", "Version dated 25 November 2026"]:
        assert phrase in text, phrase
    assert "Absichtserklärung" not in text and "DRAFT" not in text and "مسودة رقم" not in text
    assert_fonts_embedded(path)
    assert_qpdf_ok(path)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "MoU: Projektpartnerschaft Dortmund – Dura" in info


def test_german_only_stays_without_arabic(example_db, tmp_path):
    text = _text(_mou(example_db, tmp_path, first_language="de", language="de"))
    assert "مذكرة تفاهم" not in text  # German only stays on ReportLab, without Arabic


def test_hostile_text_in_an_arabic_mou(example_db, tmp_path, database_kind):
    hostile = storable(HOSTILE, database_kind)
    partnerships = PartnershipService(example_db)
    p = partnerships.find("Dura")
    p.themes = [*hostile[:6], "إدارة النفايات", "שלום", "中文"]
    partnerships.update(p)
    contacts = ContactService(example_db)
    for i, value in enumerate(hostile):
        contacts.create(Contact(name=f"Person {i} {value[:60]}", organisation_id=p.partner_id, function=value[:200],
                                email="info2@dura.example", legal_basis=LegalBasis.CONSENT))
    path = _mou(example_db, tmp_path, digits="arabic", clauses={"contacts": True}, personal_contacts=_everyone(example_db))
    text = _text(path)
    assert "Fa. Müller & Söhne <GmbH>" in text
    assert text.count("&#169;") == 6 and "١٦٩" not in text  # as typed in both columns, its digits too
    assert "{partner_city} $home_city %(x)s {0}" in text  # placeholders in data are not filled in
    assert "إدارة النفايات" in text and "שלום" in text and "中文" in text  # script fonts as fallbacks
    assert "info2@dura.example" in text  # a word with Latin letters keeps its digits
    assert "Emoji \ufffd" in text  # a character no font has: a visible substitute
    assert page_count(path) >= 4
    assert_fonts_embedded(path)
    # Rows that ran past the foot of a page went whole to the next page: nothing but the footer
    # stands below the text area (A4 841.9 pt, margin 51 pt, 14 pt for the footer).
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for y_min, y_max in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', html):
        assert float(y_max) <= 841.9 - 51 - 14 or float(y_min) >= 841.9 - 51 - 9, (y_min, y_max)


def test_invariant_arabic_output_is_byte_identical(example_db, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _mou(example_db, tmp_path / "a", invariant=True).read_bytes() == _mou(
        example_db, tmp_path / "b", invariant=True
    ).read_bytes()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"first_language": "fr"}, "Die erste Sprache eines MoU ist Deutsch oder Englisch"),
        ({"digits": "roman"}, "Ziffern im arabischen Text"),
    ],
)
def test_bad_options_are_refused(example_db, tmp_path, options, message):
    out = tmp_path / "mou.pdf"
    with pytest.raises(UserError, match=message):
        build_mou(load_mou_data(example_db, PartnershipService(example_db).find("Dura")), out,
                  MouOptions(language="ar", **options))
    assert not [p for p in tmp_path.iterdir() if "mou" in p.name]


def test_english_first_beside_another_language(example_db, tmp_path):
    text = _text(_mou(example_db, tmp_path, "Dabola", language="fr", first_language="en"))
    assert "Memorandum of Understanding" in text and "Mémorandum d'entente" in text
    assert "Absichtserklärung" not in text and "in the English and French languages" in text


def test_text_below_the_signatures_heading(example_db, tmp_path):
    for lang, text in (("ar", "# التوقيعات\nبالنيابة عن المجلس البلدي"), ("de", "# Unterschriften\nIn Vertretung des Rates")):
        folder = tmp_path / "vorlagen" / "mou" / lang
        folder.mkdir(parents=True)
        (folder / "signatures.txt").write_text(text + "\n", encoding="utf-8")
    path = _mou(example_db, tmp_path, template_dirs=[tmp_path / "vorlagen"])
    text = _text(path)
    assert "بالنيابة عن المجلس البلدي" in text and "In Vertretung des Rates" in text
    boxes = _boxes(path)
    below = next(b for b in boxes if b[4] == "بالنيابة")
    heading = next(b for b in boxes if b[4] == "التوقيعات")
    place = next(b for b in boxes if b[4] == "والتاريخ")
    assert heading[0] == below[0] == place[0] and heading[3] < below[3] < place[3]  # heading, text, blocks


def test_arabic_signature_blocks_name_the_signatories_and_the_final_is_pdfa(example_db, tmp_path):
    """The Arabic MoU's own signature blocks take the content model's sides (as the ReportLab PDF
    and Word do): legal names per language, place, "In Vertretung" with the deputy; its final
    version is refused while the council decision is missing, and then written as PDF/A-2b."""
    from pikepdf import pdfa

    from partnerdesk.documents.mou.data import IncompleteFinal

    with pytest.raises(IncompleteFinal):
        _mou(example_db, tmp_path, draft=None)
    decided(example_db, "Dura")
    data = load_mou_data(example_db, PartnershipService(example_db).find("Dura"))
    deputy = next(c for c in data.deputy_candidates if c.name == "Jörg Beispiel")
    path = _mou(example_db, tmp_path, first_language="en", draft=None, deputy_id=deputy.id)
    signatures = _text(path)[_text(path).index("Signatures"):]
    for phrase in ["Dura Municipality", "بلدية دورا", "Dortmund, ____", "Dura, ____",
                   "On behalf", "بالنيابة", "Jörg Beispiel", "Stadtdirektor", "Mayor of Dura", "رئيس بلدية دورا"]:
        assert phrase in signatures, phrase
    assert "Max Mustermann" not in signatures
    assert pdfa.validate_written(path, "2b").passed
