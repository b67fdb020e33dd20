"""The legal-language review of issue 20 (wave 4): each wording fixed in the templates, with the
text before (which each test refuses) and after. The clause text comes from the content model that
the PDF, the Arabic PDF and the Word document all lay out."""

from __future__ import annotations

from datetime import date

import pytest
from pdf_checks import flat, pdf_text

from partnerdesk.documents.mou.builder import MouOptions, build_mou
from partnerdesk.documents.mou.content import mou_content
from partnerdesk.documents.mou.data import load_mou_data
from partnerdesk.services.records import PartnershipService

DAY = date(2026, 11, 25)
PARTNER = {"en": "Kumasi", "fr": "Dabola", "ro": "Cluj", "ar": "Dura", "de": "Kumasi"}


def _column(db, lang: str) -> str:
    """Every clause of the MoU (all optional clauses on) in ``lang``, as one line of text."""
    data = load_mou_data(db, PartnershipService(db).find(PARTNER[lang]))
    data.partnership.start_year = data.partnership.start_year or 2018
    languages = ["de"] if lang == "de" else ["de", lang]
    content = mou_content(data, languages, on=DAY, draft=1, as_markup=False,
                          clauses={"climate_programme": True, "data_protection": True})
    column = languages.index(lang)
    return " ".join(row.markup for clause in content.clauses for row in clause[column]).replace("\u00a0", " ")


@pytest.fixture
def columns(example_db):
    return {lang: _column(example_db, lang) for lang in ("de", "en", "fr", "ro", "ar")}


# (language, the text before, the text after, why)
FIXES = [
    ("de", "Jeder Partner benennt dem anderen eine Kontaktstelle nach ihrer Funktion, nicht nach Personen",
     "Jeder Partner wird dem anderen eine Kontaktstelle benennen, die nach ihrer Funktion und nicht nach einer "
     "Person bezeichnet ist", "binding present tense; 'nach ihrer Funktion benennen' said the wrong thing"),
    ("de", "Soweit das Recht der Stadt Kumasi die Zustimmung ihrer gewählten Vertretung vorsieht",
     "Soweit das für die Stadt Kumasi geltende Recht die Zustimmung ihres gewählten Rates vorsieht, wird diese "
     "Absichtserklärung erst nach dieser Zustimmung unterzeichnet.", "a city has no law of its own; 'Vertretung' is ambiguous"),
    ("en", "will name a contact point to the other by its function, not by person",
     "will designate a contact point, identified by its function rather than by a named person, and inform the other "
     "Participant of it", "'name … to the other by its function' is not English"),
    ("en", "plans, accompanies and evaluates", "plans, monitors and evaluates", "'accompanies' is a calque of 'begleitet'"),
    ("en", "The cooperation is to serve", "The cooperation is intended to serve the exchange",
     "'is to serve' is a calque of 'soll dienen'"),
    ("en", "that applies to it, for the City of Dortmund the General",
     "that applies to it, which for the City of Dortmund is the General Data Protection Regulation (GDPR)",
     "the elliptic apposition did not parse"),
    ("en", "The programme of action is coordinated separately; it is not part",
     "The programme of action is prepared separately; it does not form part of this Memorandum.",
     "'coordinated' for 'abgestimmt' misleads"),
    ("en", "(paper no. ", "(document no. ", "'paper no.' is no English term for a Drucksache"),
    ("en", "Where the law of the City of Kumasi requires",
     "Where the law applicable to the City of Kumasi requires the approval of its elected council, this Memorandum "
     "will be signed only after that approval.", "a city has no law of its own"),
    ("fr", "Chaque Participant désigne à l'autre un point de contact par sa fonction",
     "Chaque Participant désignera un point de contact, identifié par sa fonction et non par le nom d'une personne, "
     "et le fera connaître à l'autre Participant", "'désigner à l'autre' is not French; future for an intention"),
    ("fr", "chargé de planifier, d'accompagner et d'évaluer",
     "chargé de planifier la coopération, d'en assurer le suivi et de l'évaluer", "'accompagner' a calque"),
    ("fr", "La coopération doit servir l'échange",
     "La coopération a vocation à favoriser l'échange de connaissances",
     "'servir l'échange' (transitive) is wrong, and 'doit' states an obligation"),
    ("fr", "qui lui est applicable, pour la Ville de Dabola le règlement",
     "qui lui est applicable, soit, pour la Ville de Dortmund, le règlement général", "the apposition did not parse"),
    ("fr", "Il ne crée pas d'obligations juridiques en droit national",
     "Il ne crée aucune obligation juridique au regard du droit national ou international.", "idiom"),
    ("fr", "Le conseil de la Ville de Dortmund a approuvé", "Le conseil municipal de la Ville de Dortmund a approuvé",
     "the body's name"),
    ("ro", "comunică celuilalt un punct de contact desemnat prin funcție, nu prin persoană",
     "Fiecare Participant va desemna un punct de contact, identificat prin funcție și nu prin numele unei persoane, "
     "și îl va aduce la cunoștința celuilalt Participant", "'comunică … comunică' twice in one sentence"),
    ("ro", "planifică, însoțește și evaluează", "planifică, monitorizează și evaluează", "'însoțește' a calque"),
    ("ro", "dorind să așeze cooperarea lor", "animate de dorința de a așeza cooperarea lor pe o bază comună,",
     "'dorind' began two recitals in a row"),
    ("ro", "între administrații și companiile municipale", "între administrații și companii municipale",
     "one noun with article, the other without"),
    ("ro", "care i se aplică, pentru Municipiul Dortmund Regulamentul",
     "care i se aplică, adică, în cazul Municipiului Dortmund, Regulamentul general", "the apposition did not parse"),
    ("ro", "Producerea efectelor, evaluare și încetare", "Producerea efectelor, evaluarea și încetarea",
     "the heading joined a noun with article to two without"),
    ("ro", "poate înceta cooperarea", "poate pune capăt cooperării", "'a înceta' is not transitive in this sense"),
    ("ro", "se consemnează în scris și se semnează de ambii",
     "sunt consemnate în scris și semnate de ambii Participanți", "reflexive passive with an agent"),
    ("ro", "Consiliul Municipiului Dortmund a aprobat", "Consiliul Local al Municipiului Dortmund a aprobat",
     "the body's Romanian name"),
    ("ro", "cooperarea lor din 2018", "cooperarea lor începută în 2018", "'din 2018' means 'of 2018'"),
    ("ar", "يسمي كل من الجانبين للآخر جهة اتصال",
     "يحدد كل من الجانبين جهة اتصال تعرف بصفتها الوظيفية لا باسم شخص بعينه، ويبلغ بها الجانب الآخر",
     "'يسمي للآخر' is not idiomatic"),
    ("ar", "لوفود من السياسة", "زيارات متبادلة لوفود تمثل الأوساط السياسية والإدارة والمجتمع المدني",
     "'delegations from politics' a calque"),
    ("ar", "واستنادا إلى تعاونهما منذ عام 2018، وبناء على",
     "واستحضارا منهما لتعاونهما القائم منذ عام 2018، وبناء على مشاريع مشتركة",
     "two 'based on' in a row; 'mindful of' in the recitals' own form (masdar + منهما)"),
    ("ar", "وافق مجلس مدينة", "وافق المجلس البلدي لمدينة", "the body's name"),
    ("ar", "توقع هذه المذكرة من نسختين", "توقع هذه المذكرة في نسختين أصليتين", "'signed in', not 'from', two originals"),
]


@pytest.mark.parametrize(("lang", "before", "after", "why"), FIXES, ids=[f"{f[0]}-{i}" for i, f in enumerate(FIXES)])
def test_review_fix(columns, lang, before, after, why):
    text = columns[lang]
    assert before not in text, why
    assert after in text, why


def test_the_partner_sentence_is_in_the_council_clause(columns):
    """The fixed labels reach the text: the partner's decision sentence of each language."""
    for lang, start in (("fr", "Lorsque le droit applicable à la Ville de Dabola"),
                        ("ro", "Prezentul memorandum a fost aprobat de Municipiul Cluj-Napoca la data de"),
                        ("ar", "وإذا كان القانون الساري على مدينة")):
        assert start in columns[lang], lang


def test_signature_blocks_footer_and_deputy_read_as_legal_english(example_db, tmp_path):
    """Before: "Für Stadt Dortmund / For City of Dortmund" (a legal name needs its article after "Für"/"For",
    which the name does not carry, so the block names the body alone), "In Vertretung / On behalf" (no
    object) and the footer "Draft no. 1 of 25 November 2026" (a calque of "vom")."""
    data = load_mou_data(example_db, PartnershipService(example_db).find("Kumasi"))
    deputy = next(c for c in data.deputy_candidates if "Beispiel" in c.name)
    out = tmp_path / "mou.pdf"
    build_mou(data, out, MouOptions(language="en", on=DAY, deputy_id=deputy.id))
    text = flat(pdf_text(out))
    signatures = text[text.index("Unterschriften"):]
    assert "Für Stadt" not in signatures and "For City" not in signatures
    assert "Stadt Dortmund / City of Dortmund" in signatures
    assert "In Vertretung / On behalf of the Mayor" in signatures
    assert "Draft no. 1, dated 25 November 2026" in text and "Draft no. 1 of" not in text


def test_french_first_of_the_month_is_an_ordinal(example_db, tmp_path):
    """Before: "Version du 1 mars 2027", "le 1 octobre 2026"; French writes "1er"."""
    from partnerdesk.documents.formatting import long_date

    assert long_date(date(2027, 3, 1), "fr") == "1er mars 2027"
    assert long_date(date(2027, 3, 11), "fr") == "11 mars 2027"
    assert long_date(date(2027, 3, 1), "de") == "1. März 2027"
    partnership = PartnershipService(example_db).find("Dabola")
    out = tmp_path / "mou.pdf"
    build_mou(load_mou_data(example_db, partnership), out, MouOptions(language="fr", on=date(2027, 3, 1)))
    assert "Projet n° 1 du 1er mars 2027" in flat(pdf_text(out))


@pytest.mark.parametrize("digits", ["latin", "arabic"])
def test_a_reference_number_keeps_its_order_in_the_arabic_column(example_db, tmp_path, digits):
    """Before: the Drucksache number "12345-26" printed as "26-12345" in the Arabic council clause:
    in Arabic text European digits count as Arabic numbers (UAX #9, W2) and a hyphen does not hold
    two of them together, so the parts changed places. A LEFT-TO-RIGHT MARK before the number keeps
    it as the German column prints it (in Latin digits also with Arabic-Indic digits chosen)."""
    from pdf_checks import decided, words_with_boxes

    partnership = decided(example_db, "Dura")
    out = tmp_path / "mou.pdf"
    build_mou(load_mou_data(example_db, partnership), out, MouOptions(language="ar", draft=None, on=DAY, digits=digits))
    arabic_column = [w for _page, x, _y, w in words_with_boxes(out) if x > 297 and "12345" in w]
    assert arabic_column, "the number is in the Arabic column"
    assert all("12345-26" in w and "26-12345" not in w for w in arabic_column), arabic_column


def test_the_word_document_marks_the_reference_number_left_to_right(example_db, tmp_path):
    import docx
    from pdf_checks import decided

    from partnerdesk.documents.mou.docx_writer import build_docx

    partnership = decided(example_db, "Dura")
    out = tmp_path / "mou.docx"
    build_docx(load_mou_data(example_db, partnership), out, MouOptions(language="ar", draft=None, on=DAY))
    cells = [c.text for t in docx.Document(str(out)).tables for row in t.rows for c in row.cells]
    assert any("\u200e12345-26" in c for c in cells)
    assert not any("\u200e12345-26" in c for c in cells if "Drucksache" in c)  # the German column needs no mark


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "gestützt auf gemeinsame Vorhaben wie „Praktikumsaustausch Dura – Klinikum Dortmund“ und "
           "„Müllfahrzeug für Dura“,"),
    ("en", "building on joint projects such as “Praktikumsaustausch Dura – Klinikum Dortmund” and "
           "“Müllfahrzeug für Dura”,"),
    ("fr", "s'appuyant sur des projets communs tels que « Praktikumsaustausch Dura – Klinikum Dortmund » et "
           "« Müllfahrzeug für Dura »,"),
    ("ro", "pornind de la proiecte comune precum „Praktikumsaustausch Dura – Klinikum Dortmund” și "
           "„Müllfahrzeug für Dura”,"),
    ("ar", "وبناء على مشاريع مشتركة مثل «Praktikumsaustausch Dura – Klinikum Dortmund» و«Müllfahrzeug für Dura»،"),
])
def test_project_titles_in_the_preamble_are_quoted_and_joined_with_and(example_db, lang, expected):
    """Before: "wie Praktikumsaustausch Dura – Klinikum Dortmund, Müllfahrzeug für Dura," — titles with
    dashes and "und" in them ("Masterpläne Klimaanpassung Dortmund und Kumasi") ran into the sentence
    and into each other; a title is quoted, and the last one joined with "and"."""
    data = load_mou_data(example_db, PartnershipService(example_db).find("Dura"))
    for project in data.projects:  # the titles as they stand in every column: this is about quoting them
        project.title_translations = "\n".join(f"{code}: {project.title}" for code in ("en", "fr", "ro", "ar"))
    languages = ["de"] if lang == "de" else ["de", lang]
    content = mou_content(data, languages, on=DAY, draft=1, as_markup=False)
    preamble = " ".join(r.markup for r in content.clauses[content.names.index("preamble")][languages.index(lang)])
    assert expected in preamble.replace("\u00a0", " ")
