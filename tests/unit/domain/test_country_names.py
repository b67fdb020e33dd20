"""Country names as people write them, in every language the program writes (de, en, fr, ro)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pycountry
import pytest
from lxml import etree

from partnerdesk.domain import countries
from partnerdesk.domain.validation import ValidationError, validate
from partnerdesk.exchange.country_names import country_code
from partnerdesk.resources import resource_path

ROOT = Path(__file__).resolve().parents[3]
IATI_COUNTRIES = ROOT.parent / "shared" / "reference" / "iati" / "codelists" / "Country.xml"


@pytest.mark.parametrize(
    ("code", "lang", "name"),
    [
        ("PS", "de", "Palästinensische Gebiete"),
        ("CD", "de", "Demokratische Republik Kongo"),
        ("CG", "de", "Republik Kongo"),
        ("RU", "de", "Russland"),
        ("MD", "de", "Moldau"),
        ("KR", "de", "Südkorea"),
        ("CZ", "de", "Tschechien"),
        ("HK", "de", "Hongkong"),
        ("MO", "de", "Macau"),
        ("XK", "de", "Kosovo"),
        ("PS", "en", "Palestinian Territories"),
        ("CD", "en", "Democratic Republic of the Congo"),
        ("RU", "en", "Russia"),
        ("HK", "en", "Hong Kong"),
        ("RU", "fr", "Russie"),
        ("CD", "fr", "République démocratique du Congo"),
        ("MD", "fr", "Moldavie"),
        ("RU", "ro", "Rusia"),
        ("MD", "ro", "Republica Moldova"),
        ("MQ", "fr", "Martinique"),
        ("GF", "de", "Französisch-Guayana"),
        ("CW", "de", "Curaçao"),
    ],
)
def test_the_names_people_write(code, lang, name):
    assert countries.country_name(code, lang) == name


CATALOGUE_FORMS = [
    "Palestine, State of", "Palästina, Staat", "Congo, The Democratic Republic of the", "Kongo, Demokratische Republik",
    "Russie, Fédération de", "Russische Föderation", "Russian Federation", "Korea, Republik", "Moldova, Republic of",
    "Moldau, Republik", "Iran, Islamische Republik", "Bolivia, Plurinational State of", "Taiwan, Province of China",
]


@pytest.mark.parametrize("lang", countries.NAME_LANGUAGES)
def test_no_catalogue_forms_in_any_language(lang):
    names = [name for _code, name in countries.countries(lang)]
    assert len(names) == len(pycountry.countries) + 1  # and Kosovo
    assert not set(names) & set(CATALOGUE_FORMS)
    assert not [n for n in names if ", " in n and not n.startswith(("St. Helena", "Sankt Helena", "St. Helena,"))], names
    assert not [n for n in names if "SAR" in n or "R.A.S." in n or "Sonderverwaltungs" in n]


def test_dependent_territories_and_kosovo_keep_their_own_codes_everywhere():
    for code in ("MQ", "GP", "YT", "RE", "GF", "AW", "CW", "HK", "MO", "XK"):
        assert countries.is_country(code)
        for lang in countries.NAME_LANGUAGES:
            name = countries.country_name(code, lang)
            assert name != code and country_code(name) == code, (code, lang, name)
    # Named as a part of another country, in both of ISO's ways, they still get their own code.
    cases = {
        "Martinique, France": "MQ", "La Réunion": "RE", "Réunion, France": "RE", "Guyane (française)": "GF",
        "Mayotte, France": "YT", "Guadeloupe": "GP", "Aruba, Netherlands": "AW", "Curaçao, Niederlande": "CW",
        "Hong Kong SAR": "HK", "Hong Kong, China": "HK", "Macau": "MO", "Macao, China": "MO",
        "Kosovo": "XK", "Kosovo, Serbia": "XK", "Puerto Rico, United States": "PR",
    }
    assert {name: country_code(name) for name in cases} == cases
    # Regions of a country stay regions of it.
    assert country_code("Brandenburg, Germany") == "DE" and country_code("Bretagne, France") == "FR"


def test_kosovo_is_a_country_a_record_may_have():
    from partnerdesk.domain.records import Organisation

    validate(Organisation(name="Prishtina", country="XK"))
    with pytest.raises(ValidationError):
        validate(Organisation(name="Nowhere", country="XX"))


def test_older_exports_names_are_still_read():
    """What earlier versions wrote (ISO's names via pycountry, in de, en, fr, ro) reads back."""
    wrong = [
        (c.alpha_2, name, country_code(name))
        for c in pycountry.countries
        for name in countries.catalogue_names(c.alpha_2)
        if country_code(name) != c.alpha_2
    ]
    assert wrong == []
    assert country_code("Palästina, Staat") == "PS" and country_code("Russische Föderation") == "RU"
    assert country_code("Palästinensische Autonomiegebiete") == "PS" and country_code("Kongo-Kinshasa") == "CD"


def test_every_name_the_program_writes_reads_back():
    wrong = [
        (lang, code, name, country_code(name))
        for lang in countries.NAME_LANGUAGES
        for code, name in countries.countries(lang)
        if country_code(name) != code
    ]
    assert wrong == []


@pytest.mark.skipif(not IATI_COUNTRIES.exists(), reason="../shared/ not beside the project")
def test_the_iati_country_list_reads_in_its_catalogue_forms():
    """IATI's code list writes "Korea (the Republic of)", "Virgin Islands (British)", "Bahamas (the)"."""
    items = etree.parse(str(IATI_COUNTRIES)).iter("codelist-item")
    pairs = [(i.findtext("code"), i.findtext("name/narrative")) for i in items]
    wrong = [(code, name, country_code(name)) for code, name in pairs if code != "AN" and country_code(name) != code]
    assert len(pairs) > 240 and wrong == []


def test_the_shipped_table_is_what_the_tool_writes():
    spec = importlib.util.spec_from_file_location("make_country_names", ROOT / "tools" / "make_country_names.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    shipped = resource_path("countries", "names.json").read_text("utf-8")
    assert json.loads(shipped) == json.loads(tool.text()), "run python tools/make_country_names.py"
    assert resource_path("countries", "LICENSE-unicode.txt").exists()
