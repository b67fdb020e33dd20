"""Country names as people type them -> ISO 3166-1 alpha-2 codes, without guessing.

Order of the checks (the first that answers wins):

1. ISO codes (``DE``, ``DEU``, ``XK``), the names the program writes in German, English,
   French and Romanian (``Russland``, ``Demokratische Republik Kongo``), ISO's catalogue names
   as pycountry has them and translates them (``Russische Föderation``, ``Palästina, Staat``:
   what older exports wrote) and a small table of other everyday names (``_ALIASES``, below);
2. "Region, Country" (``England, United Kingdom``, ``Brandenburg, Germany``): the country part,
   or the first part when that is a country of its own (``Martinique, France`` -> MQ);
3. a name that is exactly one subdivision in ISO 3166-2 and names no other one
   (``England`` -> GB, ``Brandenburg`` -> DE);

One rule for dependent territories: a place with its own ISO 3166-1 code gets that code,
also where ISO 3166-2 lists it as part of another country (``La Réunion`` is FR-974 there,
and RE here; ``Hong Kong SAR`` is CN-HK there, HK here; Kosovo is XK). ``_OWN_CODES`` lists
those subdivisions.
4. a name that is part of exactly one country's pycountry name (``Russia`` -> "Russian
   Federation", ``Brunei`` -> "Brunei Darussalam"). This is the part of pycountry's
   ``search_fuzzy`` that is safe; its other hits are guesses (``Kosovo`` would become Serbia
   through a subdivision) and are refused. Done on our own index: ``search_fuzzy`` takes
   70 ms per name.

Anything else (``Northern Cyprus``, typos) is reported as unknown by the caller.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache, lru_cache

import pycountry

from partnerdesk.domain.countries import NAME_LANGUAGES, catalogue_names, countries
from partnerdesk.domain.text import fold

#: English short names in everyday use that pycountry's name tables do not contain.
_ALIASES = {
    "Ivory Coast": "CI",
    "Cape Verde": "CV",
    "Turkey": "TR",
    "East Timor": "TL",
    "Swaziland": "SZ",
    "Democratic Republic of the Congo": "CD",
    "DR Congo": "CD",
    "Republic of the Congo": "CG",
    "Vatican City": "VA",
    "Vatican": "VA",
    "Macedonia": "MK",
    "Burma": "MM",
    "Holland": "NL",
    "Great Britain": "GB",
    "UK": "GB",
    "U.S.A.": "US",
    "United States of America": "US",
    "Czech Republic": "CZ",
    "Surinam": "SR",
    "Republic of Ireland": "IE",
    "Bosnia and Hercegovina": "BA",
    # German everyday names, and the names this program wrote before (CLDR's own forms).
    "Elfenbeinküste": "CI",
    "Palästina": "PS",
    "Palästinensische Autonomiegebiete": "PS",
    "Palestine": "PS",
    "USA": "US",
    "Großbritannien": "GB",
    "Republik Moldau": "MD",
    "Moldawien": "MD",
    "Moldavia": "MD",
    "West Bank": "PS",
    "West Bank and Gaza": "PS",
    "Weißrussland": "BY",
    "Tschechische Republik": "CZ",
    "Kongo-Kinshasa": "CD",
    "Congo - Kinshasa": "CD",
    "DR Kongo": "CD",
    "Kongo-Brazzaville": "CG",
    "Congo - Brazzaville": "CG",
    "Sonderverwaltungsregion Hongkong": "HK",
    "Hong Kong SAR China": "HK",
    "Sonderverwaltungsregion Macau": "MO",
    "Macao SAR China": "MO",
    "Macao": "MO",
    "Myanmar (Burma)": "MM",
    "Kosova": "XK",
    "Republic of Korea": "KR",
    "Holy See": "VA",
    # The nations of the United Kingdom (ISO 3166-2 spells Wales "Wales; Cymru").
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
}

#: ISO 3166-2 subdivisions that have their own ISO 3166-1 code (the overseas parts of France,
#: the Netherlands' Caribbean countries, China's special administrative regions, the United
#: States' outlying areas …): they always get their own code.
_OWN_CODES = {
    "FR-971": "GP", "FR-972": "MQ", "FR-973": "GF", "FR-974": "RE", "FR-976": "YT",
    "FR-BL": "BL", "FR-MF": "MF", "FR-NC": "NC", "FR-PF": "PF", "FR-PM": "PM", "FR-TF": "TF", "FR-WF": "WF",
    "NL-AW": "AW", "NL-CW": "CW", "NL-SX": "SX", "NL-BQ1": "BQ", "NL-BQ2": "BQ", "NL-BQ3": "BQ",
    "CN-HK": "HK", "CN-MO": "MO", "CN-TW": "TW",
    "US-AS": "AS", "US-GU": "GU", "US-MP": "MP", "US-PR": "PR", "US-UM": "UM", "US-VI": "VI",
    "NO-21": "SJ", "NO-22": "SJ", "FI-01": "AX", "RS-KM": "XK",
}

_PARENTHESIS = re.compile(r"\s*\((country|state|land|staat)\)\s*$", re.IGNORECASE)


@cache
def _names() -> dict[str, str]:
    table: dict[str, str] = {"xk": "XK", "xkx": "XK"}
    for country in pycountry.countries:
        table[fold(country.alpha_2)] = country.alpha_2
        table[fold(country.alpha_3)] = country.alpha_2
        for value in catalogue_names(country.alpha_2):
            table.setdefault(fold(value), country.alpha_2)
    for lang in NAME_LANGUAGES:
        for code, name in countries(lang):
            table[fold(name)] = code
    for name, code in _ALIASES.items():
        table[fold(name)] = code
    return table


@cache
def _subdivisions() -> tuple[dict[str, str], dict[str, set[str]]]:
    """Folded subdivision name -> country (only names that are unique), and per country its names."""
    owners: dict[str, set[str]] = defaultdict(set)
    per_country: dict[str, set[str]] = defaultdict(set)
    for sub in pycountry.subdivisions:
        key = fold(sub.name)
        owner = _OWN_CODES.get(sub.code, sub.country_code)
        owners[key].add(owner)
        if owner == sub.country_code:
            per_country[owner].add(key)
    unique = {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}
    return unique, per_country


#: ISO's catalogue form "Name (qualifier)" as IATI's code list writes it: "Korea (the Republic
#: of)", "Virgin Islands (British)", "Bahamas (the)", "Falkland Islands (the) [Malvinas]".
_QUALIFIED = re.compile(r"^(?P<name>[^(\[]+?)\s*\((?:the\s*)?(?P<qualifier>[^)]*)\)\s*(?:\[[^\]]*\])?$", re.IGNORECASE)


_THE = re.compile(r"\s*\(the\)\s*$", re.IGNORECASE)


def _exact(text: str) -> str | None:
    names = _names()
    text = _THE.sub("", _PARENTHESIS.sub("", text)).strip()
    code = names.get(fold(text))
    if code is None and (qualified := _QUALIFIED.match(text.strip())):
        name, qualifier = qualified.group("name"), qualified.group("qualifier").strip()
        code = names.get(fold(f"{qualifier} {name}")) if qualifier else None
        code = code or names.get(fold(name))
    return code


@cache
def _long_names() -> list[tuple[str, str]]:
    return [
        (fold(value), country.alpha_2)
        for country in pycountry.countries
        for value in (getattr(country, a, None) for a in ("name", "official_name", "common_name"))
        if value
    ]


def _part_of_one_name(text: str) -> str | None:
    needle = fold(text)
    if len(needle) < 4:
        return None
    hits = {code for name, code in _long_names() if re.search(rf"\b{re.escape(needle)}", name)}
    return hits.pop() if len(hits) == 1 else None


@lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code for ``text``, or None when it cannot be told for sure."""
    text = (text or "").strip()
    if not text:
        return None
    code = _exact(text)
    if code:
        return code
    if "," in text:
        first, _, rest = text.partition(",")
        last = text.rsplit(",", 1)[1]
        outer = _exact(last) or _exact(rest)
        inner = _exact(first)
        if outer and inner and inner != outer:
            subdivisions = _subdivisions()[1].get(outer, set())
            return outer if fold(first.strip()) in subdivisions else inner
        if outer:
            return outer
        if inner:
            return inner
    unique, _per_country = _subdivisions()
    code = unique.get(fold(_PARENTHESIS.sub("", text).strip()))
    if code:
        return code
    return _part_of_one_name(text)
