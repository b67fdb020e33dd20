"""Countries (ISO 3166-1 and Kosovo), languages (ISO 639-1) and currencies (ISO 4217) with localised names.

The languages are the 184 two-letter ones, read from pycountry's ISO 639-3 table without
``pycountry.languages``: that builds all 7,900 ISO 639-3 entries (~6 MB kept for the life of
the program), and its German catalogue would keep ~1 MB of names nobody is offered here.
"""

from __future__ import annotations

import gettext
import json
import re
import struct
from functools import cache
from pathlib import Path

import pycountry


@cache
def _translator(domain: str, lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True)


#: The languages the program writes country names in (window: de, en; documents: also fr, ro).
NAME_LANGUAGES = ("de", "en", "fr", "ro")


@cache
def _names() -> dict[str, dict[str, str]]:
    """Language -> code -> the name people write (CLDR via ``tools/make_country_names.py``)."""
    from partnerdesk.resources import resource_path

    table: dict[str, dict[str, str]] = json.loads(resource_path("countries", "names.json").read_text("utf-8"))
    return table


def is_country(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code (upper case), or XK for Kosovo."""
    return bool(code) and code.isupper() and code in _names()["en"]


def country_name(code: str, lang: str = "de") -> str:
    """"Russland", "Demokratische Republik Kongo", "Palästinensische Gebiete": the name people
    write, never ISO's catalogue form ("Russische Föderation", "Kongo, Demokratische Republik").

    Languages other than de, en, fr, ro get the English name; an unknown code is returned as it is.
    """
    names = _names()
    return names.get(lang, names["en"]).get(code or "", code)


def catalogue_names(code: str) -> list[str]:
    """ISO 3166's names of ``code`` as pycountry has them (name, official and common name, and their
    German, French and Romanian translations): what older exports wrote, read back by imports."""
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return []
    english = [v for a in ("name", "official_name", "common_name") if (v := getattr(country, a, None))]
    translated = [_translator("iso3166-1", lang).gettext(n) for lang in ("de", "fr", "ro") for n in english]
    return list(dict.fromkeys(english + translated))


@cache
def other_names(code: str, lang: str = "de") -> tuple[str, ...]:
    """The names of ``code`` other than its name in ``lang``: in the other languages the program
    writes, and ISO's catalogue names ("Palästina, Staat"). A search or picker finds a country
    by them too, so "Palästina" still finds the Palästinensische Gebiete."""
    shown = country_name(code, lang)
    names = [country_name(code, other) for other in NAME_LANGUAGES] + catalogue_names(code)
    return tuple(n for n in dict.fromkeys(names) if n != shown)


@cache
def countries(lang: str = "de") -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name."""
    from partnerdesk.domain.text import fold

    pairs = [(code, country_name(code, lang)) for code in _names()["en"]]
    return sorted(pairs, key=lambda p: fold(p[1]))


@cache
def _two_letter_languages() -> dict[str, str]:
    """ISO 639-1 code -> English name, from pycountry's ISO 639-3 table (entries with ``alpha_2``)."""
    text = Path(pycountry.DATABASE_DIR, "iso639-3.json").read_text("utf-8")
    names = {}
    for entry in re.finditer(r"\{[^{}]*\}", text):  # one flat object per language
        if '"alpha_2"' in entry.group():
            language = json.loads(entry.group())
            names[language["alpha_2"]] = language["name"]
    return names


@cache
def _language_names(lang: str) -> dict[str, str]:
    """English name -> name in ``lang`` for the two-letter languages only (pycountry's catalogue)."""
    wanted = set(_two_letter_languages().values())
    found = gettext.find("iso639-3", pycountry.LOCALES_DIR, languages=[lang])
    return _catalogue_subset(Path(found), wanted) if found else {}


def _catalogue_subset(path: Path, wanted: set[str]) -> dict[str, str]:
    """The translations of ``wanted`` messages in the GNU ``.mo`` file ``path`` (plain messages only)."""
    data = path.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    count, originals, translations = struct.unpack(order + "3I", data[8:20])
    result = {}
    for i in range(count):
        length, offset = struct.unpack(order + "2I", data[originals + 8 * i : originals + 8 * i + 8])
        message = data[offset : offset + length].decode("utf-8", "replace")
        if message in wanted:
            length, offset = struct.unpack(order + "2I", data[translations + 8 * i : translations + 8 * i + 8])
            result[message] = data[offset : offset + length].decode("utf-8")
    return result


def is_language(code: str) -> bool:
    return bool(code) and len(code) == 2 and code.islower() and code in _two_letter_languages()


#: ISO 639's reference names carry qualifiers for linguists ("Swahili (Makrosprache)",
#: "Neugriechisch (ab 1453)"); an office picks the language it knows by its everyday name.
_EVERYDAY_NAMES = {
    "de": {"Neugriechisch (ab 1453)": "Griechisch", "Okzitanisch (nach 1500)": "Okzitanisch"},
    "en": {"Modern Greek (1453-)": "Greek", "Occitan (post 1500)": "Occitan"},
}
_QUALIFIERS = {"de": " (Makrosprache)", "en": " (macrolanguage)"}


def reference_language_name(code: str, lang: str = "de") -> str:
    """ISO 639's own name, qualifiers included ("Swahili (Makrosprache)"); ``code`` if unknown."""
    name = _two_letter_languages().get(code) if code else None
    if name is None:
        return code
    return _language_names(lang).get(name, name) if lang != "en" else name


def language_name(code: str, lang: str = "de") -> str:
    """The everyday name: "Swahili", "Griechisch" (``reference_language_name`` has ISO's)."""
    name = reference_language_name(code, lang)
    name = _EVERYDAY_NAMES.get(lang, {}).get(name, name)
    qualifier = _QUALIFIERS.get(lang)
    return name.removesuffix(qualifier) if qualifier else name


@cache
def languages(lang: str = "de") -> list[tuple[str, str]]:
    from partnerdesk.domain.text import fold

    pairs = [(code, language_name(code, lang)) for code in _two_letter_languages()]
    return sorted(pairs, key=lambda p: fold(p[1]))


def is_currency(code: str) -> bool:
    return bool(code) and len(code) == 3 and code.isupper() and pycountry.currencies.get(alpha_3=code) is not None


def currency_name(code: str, lang: str = "de") -> str:
    """"Euro", "US-Dollar": the ISO 4217 name, translated by pycountry's catalogue."""
    currency = pycountry.currencies.get(alpha_3=code) if code else None
    if currency is None:
        return code
    return _translator("iso4217", lang).gettext(currency.name) if lang != "en" else currency.name
