"""The SDG titles printed in MoUs and sheets, as a French or Romanian reader checks them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partnerdesk.domain import sdg


def test_romanian_goal_7_says_modern_once():
    title = sdg.goal(7).title("ro")
    assert title.count("modern") == 1, title


@pytest.mark.parametrize(
    ("number", "short"),
    [
        (8, "Travail décent et croissance économique"),
        (7, "Énergie propre et d'un coût abordable"),
        (2, "Faim «\u00a0zéro\u00a0»"),
    ],
)
def test_french_short_titles(number, short):
    assert sdg.goal(number).short("fr") == short


def test_romanian_goal_titles_are_written_alike():
    titles = [sdg.goal(n).title("ro") for n in range(1, 18)]
    assert not [t for t in titles if t.endswith(".")], "goal titles end without a full stop, like goals 9 and 17"
    assert sdg.goal(3).short("ro") == "Sănătate și bunăstare"
    # Nominal like the others ("Asigurarea …", "Promovarea …"), not "Să punem capăt …", "Să ia măsuri …".
    assert not [t for t in titles if t.startswith("Să ")]


# The review of issue 20 (each fails on the earlier sdg.json) -------------------------------------


def test_romanian_goal_10_does_not_share_a_genitive():
    """"în interiorul și între țări": "în interiorul" needs its own genitive ("țărilor")."""
    assert sdg.goal(10).title("ro") == "Reducerea inegalităților în interiorul țărilor și între țări"


def test_romanian_short_titles_agree_and_go_without_article():
    assert sdg.goal(12).short("ro") == "Consum și producție responsabile"  # agrees with both nouns
    assert sdg.goal(5).short("ro") == "Egalitate de gen"  # like "Educație de calitate"
    assert sdg.goal(10).short("ro") == "Inegalități reduse"


def test_german_goal_12_has_no_slash_form():
    assert sdg.goal(12).short("de") == "Nachhaltiger Konsum und nachhaltige Produktion"
    assert not [g.number for g in sdg.goals() if "/" in g.short("de") + g.title("de")]


def test_french_goal_lines_in_the_mou_use_one_kind_of_apostrophe(example_db):
    """The goal lines joined short title and title: "d'un coût abordable : Garantir l’accès" mixed
    the templates' straight apostrophe with the UN text's typographic one in one line."""
    from datetime import date

    from partnerdesk.documents.mou.content import placeholder_values
    from partnerdesk.documents.mou.data import load_mou_data
    from partnerdesk.documents.mou.templates import load_templates
    from partnerdesk.services.records import PartnershipService

    data = load_mou_data(example_db, PartnershipService(example_db).find("Dabola"))
    data.partnership.sdg_goals = list(range(1, 18))
    values = placeholder_values(data, "fr", load_templates("fr"), ["de", "fr"], on=date(2026, 11, 25), draft=1)
    lines = " ".join(values["sdg_goals"])
    assert "l'accès" in lines and "’" not in lines


ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def build_tool(monkeypatch):
    import importlib

    monkeypatch.syspath_prepend(str(ROOT / "tools"))
    return importlib.import_module("build_sdg_data")


def _as_the_reference_has_them(goals):
    """The goals as the shared reference data holds them: every corrected text back at its source."""
    from sdg_corrections import CORRECTIONS

    by_lang = {lang: {} for lang in ("de", "en", "fr", "ro")}
    for goal in goals:
        for part in ("short", "title"):
            for lang in by_lang:
                by_lang[lang][f"{goal['number']}-{part}"] = goal[part][lang]
    for (lang, number, part), (source, _printed) in CORRECTIONS.items():
        by_lang[lang][f"{number}-{part}"] = source
    by_lang["ro"]["4-title"] += "."  # the reference ends some Romanian titles with a full stop
    return by_lang


def test_corrections_survive_rebuilding_the_sdg_data(build_tool):
    """tools/build_sdg_data.py rebuilds sdg.json from the reference data; the corrections it applies
    give back exactly the goals the program ships, so a rebuild undoes no fix."""
    shipped = json.loads((ROOT / "resources" / "sdg" / "sdg.json").read_text("utf-8"))["goals"]
    colours = {g["number"]: g["colour"] for g in shipped}
    rebuilt = build_tool.build_goals(_as_the_reference_has_them(shipped), colours)
    assert rebuilt == shipped


def test_a_correction_whose_source_changed_stops_the_build(build_tool):
    from sdg_corrections import StaleCorrection

    shipped = json.loads((ROOT / "resources" / "sdg" / "sdg.json").read_text("utf-8"))["goals"]
    reference = _as_the_reference_has_them(shipped)
    reference["ro"]["10-title"] = "Reducerea inegalităților (new upstream text)"
    with pytest.raises(StaleCorrection, match="SDG 10 title"):
        build_tool.build_goals(reference, {g["number"]: g["colour"] for g in shipped})


def test_every_sdg_text_is_composed():
    """The French reference data has every accent as a combining mark ("e" + U+0300): "accès" typed in
    a PDF viewer's or Word's search did not find the goal titles and targets."""
    import unicodedata

    shipped = json.loads((ROOT / "resources" / "sdg" / "sdg.json").read_text("utf-8"))
    texts = [t for g in shipped["goals"] for part in ("short", "title") for t in g[part].values()]
    texts += [t for target in shipped["targets"] for t in target["title"].values()]
    assert [t for t in texts if unicodedata.normalize("NFC", t) != t] == []
