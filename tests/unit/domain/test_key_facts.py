"""Key facts in the domain: what people type becomes the plain value, which value is shown, the
derived fields, and the checks with their German messages (table-driven)."""

from __future__ import annotations

from datetime import date

import pytest

from partnerdesk.domain import key_fact_checks, key_facts
from partnerdesk.domain.enums import KeyFactKind as K
from partnerdesk.domain.records import KeyFact, Organisation

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(("kind", "typed", "plain"), [
    (K.INHABITANTS, "42.000", "42000"), (K.INHABITANTS, "42 000", "42000"), (K.INHABITANTS, "1.234.567", "1234567"),
    (K.INHABITANTS, "42000", "42000"), (K.INHABITANTS, "viele", "viele"), (K.INHABITANTS, "-5", "-5"),
    (K.AREA, "1.234,5 km²", "1234.5"), (K.AREA, "33,4", "33.4"), (K.AREA, "33.4", "33.4"), (K.AREA, "1.234", "1234"),
    (K.MAYOR, "1.6.2021", "2021-06-01"), (K.MAYOR, "2021", "2021"), (K.MAYOR, "2021-06-01", "2021-06-01"),
    (K.MAYOR, "31.02.2021", "31.02.2021"), (K.WEBSITE, " https://dabola.gn ", "https://dabola.gn"),
])
def test_typed_values_become_plain(kind, typed, plain):
    assert key_facts.plain_value(kind, typed) == plain


def _fact(value, as_of="", chosen=False, kind=K.INHABITANTS, source="Quelle"):
    return KeyFact(kind=kind, value=value, as_of=as_of, chosen=chosen, source=source)


def test_the_newest_is_shown_unless_one_is_chosen():
    facts = [_fact("42000"), _fact("21000", "2012"), _fact("40000", "2019-10-15"), _fact("39000", "2019")]
    assert key_facts.shown(facts, K.INHABITANTS).value == "40000"  # a day of 2019 is newer than the year 2019
    assert key_facts.shown([*facts, _fact("45000")], K.INHABITANTS).value == "40000"  # no date: older than any
    facts[0] = _fact("42000", chosen=True)
    assert key_facts.shown(facts, K.INHABITANTS).value == "42000"
    assert key_facts.shown([_fact("1"), _fact("2")], K.INHABITANTS).value == "2", "of equal dates the later entered"
    assert key_facts.shown(facts, K.AREA) is None


def test_single_fields_are_kept_as_values_and_derived_from_them():
    old = Organisation(name="Dabola", population=42000, population_year=2014, website="www.dabola.gn")
    carried = key_facts.reconciled(old)
    assert [(f.kind, f.value, f.source, f.as_of) for f in carried.key_facts] == [
        (K.INHABITANTS, "42000", "bisheriger Wert", "2014"), (K.WEBSITE, "https://www.dabola.gn", "bisheriger Wert", "")]
    assert (carried.population, carried.population_year, carried.website) == (42000, 2014, "https://www.dabola.gn")
    assert key_facts.reconciled(carried) is carried
    # Where values exist they decide: a stale field is made again from them, never a new value.
    newer = Organisation(name="Dabola", population=42000, key_facts=[*carried.key_facts, _fact("40000", "2019")])
    assert (key_facts.reconciled(newer).population, len(key_facts.reconciled(newer).key_facts)) == (40000, 3)


@pytest.mark.parametrize(("fact", "message"), [
    (_fact("40000", source=""), "Einwohner (Wert 1): Die Quelle fehlt (woher stammt der Wert?)"),
    (_fact("-5"), "Einwohner (Wert 1): Die Zahl darf nicht negativ sein"),
    (_fact("viele"), "Einwohner (Wert 1): „viele“ ist keine Zahl"),
    (_fact("1.5"), "Einwohner (Wert 1): Einwohner sind eine ganze Zahl bis 2.147.483.647"),
    (_fact("", ), "Einwohner (Wert 1): Der Wert fehlt"),
    (_fact("40000", "2027"), "Einwohner (Wert 1): Der Stand 2027 liegt in der Zukunft"),
    (_fact("40000", "2026-12-08"), "Einwohner (Wert 1): Der Stand 08.12.2026 liegt in der Zukunft"),
    (_fact("40000", "Sommer"), "Einwohner (Wert 1): Der Stand „Sommer“ ist weder ein Jahr (2014) noch ein Tag (30.06.2014)"),
    (_fact("12.345", kind=K.AREA), "Fläche (km²) (Wert 1): Fläche bis 10.000.000 km² mit höchstens zwei Nachkommastellen"),
    (_fact("www.dabola.gn", kind=K.WEBSITE),
     "Website (Wert 1): „www.dabola.gn“ ist keine Webadresse mit http:// oder https:// am Anfang"),
    (_fact("", kind=K.MAYOR), "Bürgermeister/in seit (Wert 1): Amtsantritt (Jahr oder Tag) oder Namen eingeben"),
    (_fact("2027", kind=K.MAYOR), "Bürgermeister/in seit (Wert 1): Der Amtsantritt 2027 liegt in der Zukunft"),
], ids=["no source", "negative", "not a number", "fraction", "empty", "future year", "future day", "no date",
        "area decimals", "no scheme", "mayor empty", "mayor future"])
def test_bad_values_are_named_in_german(fact, message):
    assert list(key_fact_checks.problems([fact], TODAY)) == [message]


def test_good_values_pass_and_a_date_is_optional():
    facts = [_fact("40000"), _fact("40000", "2026-12-07"), _fact("1234.5", kind=K.AREA),
             KeyFact(kind=K.MAYOR, name="Mamadou Exemple", source="Schreiben"), _fact("https://dabola.gn", kind=K.WEBSITE)]
    assert list(key_fact_checks.problems(facts, TODAY)) == []
    assert key_facts.as_of_text(facts[0]) == "Stand unbekannt"


def test_only_one_value_of_a_kind_is_chosen():
    assert list(key_fact_checks.problems([_fact("1", chosen=True), _fact("2", chosen=True)], TODAY)) == [
        "Einwohner: Nur ein Wert kann zum Anzeigen gewählt sein"]


@pytest.mark.parametrize(("population", "year"), [(2**63, None), (-1, None), (True, None), (42000, 1899)])
def test_a_single_value_that_cannot_be_stored_stays_for_validation_to_name(population, year):
    org = Organisation(name="X", population=population, population_year=year)
    assert key_facts.reconciled(org) is org
