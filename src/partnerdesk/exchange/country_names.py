"""Country names as people type them -> ISO 3166-1 alpha-2 codes, without guessing.

Order of the checks (the first that answers wins):

1. ISO codes (``DE``, ``DEU``) and pycountry's names (name, official and common name),
   the German names of pycountry's translations (``Deutschland``, ``Elfenbeinküste``) and a
   small table of common English short names pycountry lacks (``_ALIASES``, below);
2. "Region, Country" (``England, United Kingdom``, ``Brandenburg, Germany``): the country part,
   or the first part when that is a country of its own (``Martinique, France`` -> MQ, an ISO
   country) and not a subdivision of the second;
3. a name that is exactly one subdivision in ISO 3166-2 and names no other one
   (``England`` -> GB, ``Brandenburg`` -> DE);
4. a name that is part of exactly one country's pycountry name (``Russia`` -> "Russian
   Federation", ``Brunei`` -> "Brunei Darussalam"). This is the part of pycountry's
   ``search_fuzzy`` that is safe; its other hits are guesses (``Kosovo`` would become Serbia
   through a subdivision) and are refused. Done on our own index: ``search_fuzzy`` takes
   70 ms per name.

Anything else (``Northern Cyprus``, ``Kosovo``, typos) is reported as unknown by the caller.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache, lru_cache

import pycountry

from partnerdesk.domain.countries import countries
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
    # German everyday names the translations spell differently.
    "Elfenbeinküste": "CI",
    "Palästina": "PS",
    "Russland": "RU",
    "USA": "US",
    "Großbritannien": "GB",
    "Republik Moldau": "MD",
    "Tschechische Republik": "CZ",
    # The nations of the United Kingdom (ISO 3166-2 spells Wales "Wales; Cymru").
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
}

_PARENTHESIS = re.compile(r"\s*\((country|state|land|staat)\)\s*$", re.IGNORECASE)


@cache
def _names() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        table[fold(country.alpha_2)] = country.alpha_2
        table[fold(country.alpha_3)] = country.alpha_2
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                table[fold(value)] = country.alpha_2
    for code, german in countries("de"):
        table.setdefault(fold(german), code)
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
        owners[key].add(sub.country_code)
        per_country[sub.country_code].add(key)
    unique = {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}
    return unique, per_country


def _exact(text: str) -> str | None:
    return _names().get(fold(_PARENTHESIS.sub("", text).strip()))


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
    code = unique.get(fold(text))
    if code:
        return code
    return _part_of_one_name(text)
