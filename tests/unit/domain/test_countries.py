"""Languages and currencies by name, read without pycountry's full ISO 639-3 database."""

from __future__ import annotations

import gettext

import pycountry
import pytest

from partnerdesk.domain import countries


@pytest.mark.parametrize("lang", ["de", "en", "fr", "ro"])
def test_the_two_letter_languages_are_pycountrys_with_pycountrys_translations(lang):
    catalogue = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
    expected = sorted(
        (language.alpha_2, catalogue.gettext(language.name) if lang != "en" else language.name)
        for language in pycountry.languages
        if hasattr(language, "alpha_2")
    )
    assert sorted(countries.languages(lang)) == expected
    assert len(expected) > 150


def test_language_codes_and_names():
    assert countries.language_name("de") == "Deutsch"
    assert countries.language_name("sw", "en") == "Swahili (macrolanguage)"
    assert countries.language_name("zz") == "zz"
    assert countries.is_language("ro")
    assert not countries.is_language("ron") and not countries.is_language("RO") and not countries.is_language("zz")
    assert [name for code, name in countries.languages() if code == "fr"] == ["Französisch"]


def test_currency_names_come_translated():
    assert countries.currency_name("EUR") == "Euro"
    assert countries.currency_name("USD") == "US-Dollar"
    assert countries.currency_name("USD", "en") == "US Dollar"
    assert countries.currency_name("XYZ") == "XYZ"
