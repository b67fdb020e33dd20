"""Build resources/sdg/sdg.json from the shared SDG reference data.

Development tool, run once when the reference data changes:
    python tools/build_sdg_data.py ../shared/reference/sdg resources/sdg/sdg.json
Needs PyYAML (not a runtime dependency). The corrections in ``sdg_corrections.py`` are applied
to the goals, so hand fixes to titles survive a rebuild (a correction whose source text changed
upstream stops the build).
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

from sdg_arabic import ARABIC_GOALS
from sdg_corrections import apply_corrections

LANGS = ("de", "en", "fr", "ro")
# Labels printed on the official German SDG icons (differ from the catalogue's short titles).
GERMAN_ICON_LABELS = {
    5: "Geschlechtergleichheit",
    6: "Sauberes Wasser und Sanitäreinrichtungen",
    9: "Industrie, Innovation und Infrastruktur",
    12: "Nachhaltige/r Konsum und Produktion",
}


def target_sort_key(code: str) -> tuple[int, int, str]:
    goal, _, target = code.partition(".")
    return (int(goal), 0 if target.isdigit() else 1, target.zfill(3))


def clean(text: str) -> str:
    """One space between words, and composed letters (NFC): the French reference data writes "è" as
    "e" and a combining accent, which a PDF's text search and Word's find do not match with "è"."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


def build_goals(goals_by_lang: dict[str, dict[str, str]], colours: dict[int, str]) -> list[dict[str, Any]]:
    """The 17 goals as sdg.json holds them: the reference data's short titles and titles, the German
    icon labels, the Arabic goals, then the corrections (``sdg_corrections.py``)."""
    goals: list[dict[str, Any]] = []
    for n in range(1, 18):
        short = {lang: clean(goals_by_lang[lang][f"{n}-short"]) for lang in LANGS}
        if n in GERMAN_ICON_LABELS:
            short["de"] = GERMAN_ICON_LABELS[n]
        title = {lang: clean(goals_by_lang[lang][f"{n}-title"]) for lang in LANGS}
        # Arabic goals only (MoU drafts for Arabic-speaking partners), from the UN's own texts.
        short["ar"], title["ar"] = ARABIC_GOALS[n]
        goals.append({"number": n, "colour": colours[n], "short": short, "title": title})
    return apply_corrections(goals)


def main(src: Path, out: Path) -> None:
    import yaml

    goals_by_lang = {lang: yaml.safe_load((src / lang / "global_goals.yml").read_text("utf-8")) for lang in LANGS}
    targets_by_lang = {lang: yaml.safe_load((src / lang / "global_targets.yml").read_text("utf-8")) for lang in LANGS}
    colours = {int(r["goal"]): r["hex"] for r in csv.DictReader((src / "colours.csv").open(encoding="utf-8"))}
    goals = build_goals(goals_by_lang, colours)
    codes = set()
    for key in targets_by_lang["en"]:
        m = re.fullmatch(r"(\d+)-(\w+)-title", key)
        if m:
            codes.add(f"{m.group(1)}.{m.group(2)}")
    targets = []
    for code in sorted(codes, key=target_sort_key):
        key = code.replace(".", "-") + "-title"
        targets.append({
            "code": code,
            "goal": int(code.split(".")[0]),
            "title": {lang: clean(str(targets_by_lang[lang].get(key, targets_by_lang["en"][key]))) for lang in LANGS},
        })
    data = {
        "source": (
            "UN Agenda 2030: official goal and target titles via open-sdg/sdg-translations (MIT licence, "
            "see LICENSE-sdg-translations.txt); goal colours from the UN SDG communication guidelines; "
            "German short titles of goals 5, 6, 9 and 12 as printed on the official German SDG icons "
            "(12 without its slash form); corrections of typing and grammar errors in tools/sdg_corrections.py. "
            "Arabic goal titles (goals only) from resolution A/RES/70/1 and the UN's Arabic SDG icons."
        ),
        "languages": list(LANGS),
        "goals": goals,
        "targets": targets,
    }
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(goals)} goals, {len(targets)} targets -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
