"""The SDG titles printed in MoUs and sheets, as a French or Romanian reader checks them."""

from __future__ import annotations

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
