"""The wording of the MoU: a non-binding memorandum, in legal German, English, French, Romanian, Arabic."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from pdf_checks import flat, pdf_text

from partnerdesk.documents.mou.builder import MouOptions, build_mou
from partnerdesk.documents.mou.content import placeholder_values
from partnerdesk.documents.mou.data import load_mou_data
from partnerdesk.documents.mou.templates import load_templates
from partnerdesk.documents.mou.vocabulary import treaty_words
from partnerdesk.resources import resource_path
from partnerdesk.services.records import PartnershipService

SHIPPED = resource_path("templates", "mou")
DAY = date(2026, 11, 25)


def _mou(db, tmp_path, name, **options):
    path = tmp_path / f"mou-{name}-{options.get('language', 'en')}.pdf"
    options.setdefault("on", DAY)
    build_mou(load_mou_data(db, PartnershipService(db).find(name)), path, MouOptions(**options))
    return path


def scan(root: Path) -> list[str]:
    """Every treaty word in every template of every language under ``root``."""
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.txt")):
            for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
                if not line.lstrip().startswith("%"):
                    found += [f"{folder.name}/{path.name}:{number}: {word}" for word, _ in treaty_words(line, folder.name)]
    return found


def test_no_template_in_any_language_uses_treaty_vocabulary():
    languages = {p.name for p in SHIPPED.iterdir() if p.is_dir()}
    assert {"de", "en", "fr", "ro", "ar"} <= languages
    assert scan(SHIPPED) == []


def test_the_vocabulary_scan_finds_treaty_words(tmp_path):
    """The scan above can fail: the sentences of the earlier templates are found."""
    root = tmp_path / "mou"
    shutil.copytree(SHIPPED, root)
    old = {
        "de": "Die Parteien vereinbaren, … Diese Absichtserklärung tritt mit der Unterzeichnung in Kraft; "
              "jede Fassung ist gleichermaßen verbindlich.",
        "en": "The Parties agree to deepen … This Memorandum enters into force upon signature, "
              "each version being equally authentic.",
        "fr": "Les Parties conviennent d'approfondir … Le présent protocole d'accord entre en vigueur, "
              "chaque version faisant également foi.",
        "ro": "Părțile convin să își aprofundeze … Prezentul memorandum intră în vigoare, "
              "ambele versiuni fiind egal autentice.",
        # The Arabic of the earlier templates, and joined forms ("and for the two parties", "by the agreement").
        "ar": "يتفق الطرفان على تعميق … تدخل هذه المذكرة حيز النفاذ ويلتزم كل من الأطراف بالاتفاقية، "
              "وللنصين الحجية ذاتها. وللطرفين أن …",
    }
    for lang, sentence in old.items():
        with (root / lang / "objectives.txt").open("a", encoding="utf-8") as f:
            f.write("\n" + sentence + "\n")
    found = " | ".join(scan(root))
    for word in ("Parteien", "vereinbaren", "in Kraft", "gleichermaßen verbindlich",
                 "Parties", "agree", "enters into force", "equally authentic",
                 "conviennent", "accord", "entre en vigueur", "faisant également foi",
                 "Părțile", "convin", "intră în vigoare", "egal autentice",
                 "يتفق", "طرفان", "حيز النفاذ", "ويلتزم", "أطراف", "اتفاقي", "الحجية ذاتها", "طرفين"):
        assert word in found, word
    assert "non_binding" not in found  # the shipped text around them stays clean


def test_french_keeps_part_of_apart_from_parties():
    assert treaty_words("il ne fait pas partie du présent mémorandum", "fr") == []
    assert [w for w, _ in treaty_words("Chaque Partie peut", "fr")] == ["Chaque Partie"]


def _values(db, name, lang, **options):
    data = load_mou_data(db, PartnershipService(db).find(name))
    languages = ["de", lang] if lang != "de" else ["de"]
    return placeholder_values(data, lang, load_templates(lang), languages, on=DAY, draft=1, **options)


#: Words by which a language clause would claim legal force, against the non-binding clause.
BINDING = {
    "de": ("verbindlich", "rechtsgültig", "Recht"),
    "en": ("binding", "authentic", "legal"),
    "fr": ("foi", "contraignant", "juridique"),
    "ro": ("autentic", "obligatori", "juridic"),
    "ar": ("الحجية", "ملزم", "قانون"),
}


@pytest.mark.parametrize(("name", "lang"), [("Kumasi", "de"), ("Kumasi", "en"), ("Dabola", "fr"), ("Cluj", "ro"), ("Dura", "ar")])
def test_the_language_clause_never_contradicts_the_non_binding_clause(example_db, name, lang):
    for equal in (False, True):
        clause = str(_values(example_db, name, lang, equal_versions=equal)["language_clause"])
        assert clause
        assert not [w for w in BINDING[lang] if w.lower() in clause.lower()], clause


def test_equal_versions_only_when_the_office_chooses(example_db, tmp_path):
    assert "maßgeblich" not in str(_values(example_db, "Kumasi", "de")["language_clause"])
    plain = _values(example_db, "Kumasi", "en")
    assert "equal" not in str(plain["language_clause"])
    text = flat(pdf_text(_mou(example_db, tmp_path, "Kumasi", language="en", equal_versions=True)))
    assert "Beide Fassungen sind gleichermaßen maßgeblich." in text
    assert "Both texts have equal validity." in text
    assert "keine rechtlichen Verpflichtungen" in text and "does not create legal obligations" in text


# The known language errors, each with its test --------------------------------------------


def test_german_preamble_is_one_sentence_with_one_subject(example_db, tmp_path):
    text = flat(pdf_text(_mou(example_db, tmp_path, "Kumasi", language="de")))
    assert "erklären die Parteien" not in text and "die Parteien" not in text
    assert "im Folgenden gemeinsam „die Partner“ genannt, –" in text
    # The infinitive now has a verb to govern it, and the sentence ends with the parties' verb.
    assert "in dem Bestreben, im Sinne des Ziels 17 für nachhaltige Entwicklung die globale Partnerschaft" in text
    assert "erklären ihre Absicht wie folgt:" in text
    # The history is a participial recital, not a full sentence dropped into the recitals.
    assert "gestützt auf gemeinsame Vorhaben wie „Masterpläne Klimaanpassung Dortmund und Kumasi“," in text
    assert "Zu den gemeinsamen Vorhaben gehören" not in text


def test_coordinating_units_are_listed_not_dangling_after_a_colon(example_db, tmp_path):
    text = flat(pdf_text(_mou(example_db, tmp_path, "Kumasi", language="de")))
    assert "koordiniert von:" not in text
    assert "koordinieren folgende Stellen die Zusammenarbeit: • Büro für Internationale Beziehungen" in text


def test_french_preamble_sdg17_recital_is_grammatical(example_db, tmp_path):
    text = flat(pdf_text(_mou(example_db, tmp_path, "Dabola", language="fr")))
    assert "17, renforcer" not in text
    assert "soucieuses, dans l'esprit de l'objectif de développement durable 17, de renforcer" in text


def test_french_languages_repeat_the_preposition(example_db, tmp_path):
    text = flat(pdf_text(_mou(example_db, tmp_path, "Dabola", language="fr")))
    assert "en allemand et en français" in text
    assert "en allemand et français" not in text


def test_french_colons_and_guillemets_do_not_wrap_alone(example_db, tmp_path):
    goals = _values(example_db, "Dabola", "fr")["sdg_goals"]
    assert goals and all("\u00a0: " in goal for goal in goals), goals
    from partnerdesk.documents.mou.content import french_spacing

    assert french_spacing("suivants : Abfall ; « les Participants »") == (
        "suivants\u00a0: Abfall\u00a0; «\u00a0les Participants\u00a0»")
    assert french_spacing("a&amp;b (1)&nbsp;x") == "a&amp;b (1)&nbsp;x"
