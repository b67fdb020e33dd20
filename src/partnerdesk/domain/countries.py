"""Countries (ISO 3166-1), languages (ISO 639-1) and currencies (ISO 4217) with localised names."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry


@cache
def _translator(domain: str, lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def is_country(code: str) -> bool:
    return bool(code) and pycountry.countries.get(alpha_2=code.upper()) is not None and code.isupper()


def country_name(code: str, lang: str = "de") -> str:
    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return code
    name = getattr(country, "common_name", None) or country.name
    return _translator("iso3166-1", lang).gettext(name) if lang != "en" else name


@cache
def countries(lang: str = "de") -> list[tuple[str, str]]:
    """(code, localised name) pairs sorted by name."""
    from partnerdesk.domain.text import fold

    pairs = [(c.alpha_2, country_name(c.alpha_2, lang)) for c in pycountry.countries]
    return sorted(pairs, key=lambda p: fold(p[1]))


def is_language(code: str) -> bool:
    return bool(code) and len(code) == 2 and code.islower() and pycountry.languages.get(alpha_2=code) is not None


def language_name(code: str, lang: str = "de") -> str:
    language = pycountry.languages.get(alpha_2=code) if code else None
    if language is None:
        return code
    return _translator("iso639-3", lang).gettext(language.name) if lang != "en" else language.name


@cache
def languages(lang: str = "de") -> list[tuple[str, str]]:
    from partnerdesk.domain.text import fold

    pairs = [(lng.alpha_2, language_name(lng.alpha_2, lang)) for lng in pycountry.languages if hasattr(lng, "alpha_2")]
    return sorted(pairs, key=lambda p: fold(p[1]))


def is_currency(code: str) -> bool:
    return bool(code) and len(code) == 3 and code.isupper() and pycountry.currencies.get(alpha_3=code) is not None
