"""Write resources/countries/names.json: the country names people write, in de, en, fr and ro.

Source: the Unicode CLDR's short territory names as Babel ships them (``babel.Locale(lang)
.territories``; Unicode licence, see resources/countries/README.md), for every ISO 3166-1
country pycountry knows and Kosovo (XK, the code CLDR, the EU and most software use).
CLDR's names are the everyday ones ("Russland", "Südkorea", "Tschechien"), not ISO's
catalogue forms ("Russische Föderation", "Korea, Republik"); ``OVERRIDES`` corrects the few
where CLDR writes what an office does not: "Kongo-Kinshasa" is the Demokratische Republik
Kongo, "Sonderverwaltungsregion Hongkong" is Hongkong, "Palästinensische Autonomiegebiete"
is "Palästinensische Gebiete" (the Federal Foreign Office's form).

Run after a Babel update and commit the result; tests/unit/domain/test_country_names.py checks
that the file is what this script writes.

    python tools/make_country_names.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import babel
import pycountry

LANGUAGES = ("de", "en", "fr", "ro")
#: Codes outside ISO 3166-1 that the program offers.
EXTRA_CODES = ("XK",)

OVERRIDES: dict[str, dict[str, str]] = {
    "de": {
        "PS": "Palästinensische Gebiete",
        "CD": "Demokratische Republik Kongo",
        "CG": "Republik Kongo",
        "MD": "Moldau",
        "HK": "Hongkong",
        "MO": "Macau",
        "BN": "Brunei",
    },
    "en": {
        "CD": "Democratic Republic of the Congo",
        "CG": "Republic of the Congo",
        "HK": "Hong Kong",
        "MO": "Macau",
        "MM": "Myanmar",
    },
    "fr": {
        "CD": "République démocratique du Congo",
        "CG": "République du Congo",
        "HK": "Hong Kong",
        "MO": "Macao",
        "MM": "Myanmar",
        "VA": "Vatican",
    },
    "ro": {
        "CD": "Republica Democrată Congo",
        "CG": "Republica Congo",
        "HK": "Hong Kong",
        "MO": "Macao",
        "MM": "Myanmar",
        "VA": "Vatican",
    },
}

TARGET = Path(__file__).resolve().parents[1] / "resources" / "countries" / "names.json"


def build() -> dict[str, dict[str, str]]:
    codes = sorted({c.alpha_2 for c in pycountry.countries} | set(EXTRA_CODES))
    table: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        territories = babel.Locale(lang).territories
        names = {}
        for code in codes:
            name = OVERRIDES[lang].get(code) or territories.get(code)
            if not name:
                raise SystemExit(f"no {lang} name for {code}")
            names[code] = name
        table[lang] = names
    return table


def text() -> str:
    return json.dumps(build(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text(), "utf-8")
    print(f"wrote {TARGET} (Babel {babel.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
