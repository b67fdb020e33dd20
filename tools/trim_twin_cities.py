"""Write tests/data/twinning/twin_cities_sample.csv: a few hundred real twin-town pairs for the tests.

Source: ../shared/reference/twinning/twin_cities.csv (Hekman/twincities, MIT licence, compiled
from Wikipedia's lists of twin towns). The sample keeps the file's columns and row order and
takes, deterministically: one row for every non-ASCII character the names use (so every
diacritic and special letter of the source appears), rows with apostrophes, dashes and
umlauts, rows whose country is written in one of the forms imports must read (or refuse),
Dortmund's own pairs, and every 500th row for plain names.

    python tools/trim_twin_cities.py [SOURCE.csv]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "reference" / "twinning" / "twin_cities.csv"
TARGET = ROOT / "tests" / "data" / "twinning" / "twin_cities_sample.csv"

APOSTROPHES = "'’ʼ‘`´ʻ"
DASHES = "–—‐"
UMLAUTS = "äöüÄÖÜåÅøØß"
COUNTRIES = {
    "Northern Cyprus", "Moldavia", "West Bank", "Palestine", "State of Palestine", "Kosovo", "Russia",
    "DR Congo", "Democratic Republic of the Congo", "Republic of the Congo", "Martinique", "Guadeloupe",
    "Réunion", "French Guiana", "Mayotte", "Aruba", "Curaçao", "Hong Kong", "Macau", "Macao", "Taiwan",
    "Ivory Coast", "Czech Republic", "Turkey", "North Macedonia", "Eswatini", "Moldova", "Vatican City",
    "Kazakhstah", "in Italy", "",
}


def sample(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    chosen: set[int] = set()
    names = [(row["city1"], row["city2"]) for row in rows]
    seen_chars: set[str] = set()
    for i, pair in enumerate(names):
        new = {ch for name in pair for ch in name if ord(ch) > 127} - seen_chars
        if new:
            chosen.add(i)
            seen_chars |= new

    def take(test: object, most: int) -> None:
        found = [i for i, pair in enumerate(names) if test(pair, rows[i])]  # type: ignore[operator]
        step = max(1, len(found) // most)
        chosen.update(found[::step][:most])

    take(lambda pair, _r: any(ch in name for name in pair for ch in APOSTROPHES), 40)
    take(lambda pair, _r: any(ch in name for name in pair for ch in DASHES), 25)
    take(lambda pair, _r: any(ch in name for name in pair for ch in UMLAUTS), 40)
    for country in sorted(COUNTRIES):
        take(lambda _p, r, c=country: c in (r["country1"], r["country2"]), 3)
    take(lambda pair, _r: "Dortmund" in pair, 40)
    chosen.update(range(0, len(rows), 500))
    return [rows[i] for i in sorted(chosen)]


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else SOURCE
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    picked = sample(rows)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(picked)
    print(f"wrote {len(picked)} of {len(rows)} rows to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
