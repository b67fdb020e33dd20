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
    assert sorted((code, countries.reference_language_name(code, lang)) for code, _name in countries.languages(lang)) == expected
    assert len(expected) > 150


def test_language_codes_and_names():
    assert countries.language_name("de") == "Deutsch"
    assert countries.reference_language_name("sw", "en") == "Swahili (macrolanguage)"
    # The pickers, tables and documents use the names an office knows.
    assert countries.language_name("sw", "en") == "Swahili"
    assert countries.language_name("sw") == "Swahili"
    assert countries.language_name("el") == "Griechisch" and countries.language_name("el", "en") == "Greek"
    assert countries.language_name("ms") == "Malaiisch"
    assert countries.language_name("es") == "Spanisch (Kastilisch)", "qualifiers that help stay"
    assert not [name for _code, name in countries.languages() if "Makrosprache" in name or "1453" in name]
    assert countries.language_name("zz") == "zz"
    assert countries.is_language("ro")
    assert not countries.is_language("ron") and not countries.is_language("RO") and not countries.is_language("zz")
    assert [name for code, name in countries.languages() if code == "fr"] == ["Französisch"]


def test_currency_names_come_translated():
    assert countries.currency_name("EUR") == "Euro"
    assert countries.currency_name("USD") == "US-Dollar"
    assert countries.currency_name("USD", "en") == "US Dollar"
    assert countries.currency_name("XYZ") == "XYZ"
