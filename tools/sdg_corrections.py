"""Corrections to the shared SDG reference data, applied by ``build_sdg_data.py``.

The reference data (open-sdg/sdg-translations) has typing and grammar errors that an MoU
would print. Each correction names the text the reference has and the text the program
prints, so a rebuild keeps the fix, and a correction whose source text has changed upstream
stops the build (the reviewer then checks the new text) instead of silently printing it.
Every goal title also loses a trailing full stop (the Romanian data ends goals 4, 6, 7, 8, 15
and 16 with one, the other goals and languages do not).

Sources: the UN's official translations of resolution A/RES/70/1 and the UN's SDG icons (French),
the Romanian national strategy's wording, and German and Romanian grammar where the data is wrong.
"""

from __future__ import annotations

from typing import Any

#: (language, goal number, "short" or "title") -> (text in the reference data, text printed)
CORRECTIONS: dict[tuple[str, int, str], tuple[str, str]] = {
    # German: the slash form of the SDG 12 icon label does not belong in legal text.
    ("de", 12, "short"): ("Nachhaltige/r Konsum und Produktion", "Nachhaltiger Konsum und nachhaltige Produktion"),
    # French: the UN's icons read "Faim « zéro »", "Énergie propre …", "Travail décent …".
    ("fr", 2, "short"): ('Faim "zéro"', "Faim «\u00a0zéro\u00a0»"),
    ("fr", 7, "short"): ("Energies propres et d'un coût abordable", "Énergie propre et d'un coût abordable"),
    ("fr", 8, "short"): ("Travaux décent et croissance économique", "Travail décent et croissance économique"),
    # Romanian: nominal titles like the others ("Să punem capăt …", "Să ia măsuri …" are subjunctives).
    ("ro", 1, "title"): ("Să punem capăt sărăciei în toate formele sale, oriunde în lume",
                         "Eradicarea sărăciei în toate formele sale, oriunde în lume"),
    ("ro", 13, "title"): ("Să ia măsuri urgente pentru a combate schimbările climatice și efectele acestora",
                          "Luarea unor măsuri urgente pentru combaterea schimbărilor climatice și a efectelor acestora"),
    # Romanian: "modernă" twice; the national wording.
    ("ro", 7, "title"): ("Asigurarea accesului la energie modernă, fiabilă, durabilă și modernă la prețuri accesibile "
                         "pentru toți.",
                         "Asigurarea accesului tuturor la energie la prețuri accesibile, fiabilă, durabilă și modernă"),
    # Romanian: "bunăstare bună" (a translation of "good … well-being") is a pleonasm.
    ("ro", 3, "short"): ("Sănătate și bunăstare bună", "Sănătate și bunăstare"),
    # Romanian: "în interiorul" governs the genitive, so it cannot share "țări" with "între".
    ("ro", 10, "title"): ("Reducerea inegalităților în interiorul și între țări",
                          "Reducerea inegalităților în interiorul țărilor și între țări"),
    # Romanian: the adjective agrees with both nouns (consum m., producție f.): plural "responsabile".
    ("ro", 12, "short"): ("Consum și producție responsabilă", "Consum și producție responsabile"),
    # Romanian short titles without the article, like "Educație de calitate", "Foamete zero" (the UN's icons).
    ("ro", 5, "short"): ("Egalitatea de gen", "Egalitate de gen"),
    ("ro", 10, "short"): ("Reducerea inegalităților", "Inegalități reduse"),
}


class StaleCorrection(Exception):
    """The reference data no longer has the text a correction was written for."""


def apply_corrections(goals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``goals`` (as in sdg.json: number, short and title per language) with every correction made
    and no trailing full stop on a title; raises StaleCorrection naming a correction whose source
    text the data no longer has."""
    by_number = {g["number"]: g for g in goals}
    for (lang, number, part), (source, printed) in CORRECTIONS.items():
        texts = by_number[number][part]
        if texts.get(lang) != source:
            raise StaleCorrection(
                f"SDG {number} {part} ({lang}): the reference data now reads {texts.get(lang)!r}, not {source!r}; "
                "check the new text and update tools/sdg_corrections.py"
            )
        texts[lang] = printed
    for goal in goals:
        goal["title"] = {lang: title.rstrip().removesuffix(".") for lang, title in goal["title"].items()}
    return goals
