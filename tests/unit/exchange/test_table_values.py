"""Cell values as German and English tables write them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from partnerdesk.exchange import table_values as tv
from partnerdesk.exchange.country_names import country_code


@pytest.mark.parametrize(
    "text, expected",
    [("1.234,56", "1234.56"), ("1,234.56", "1234.56"), ("1234,5", "1234.5"), ("12.500 €", "12500"),
     ("EUR 3.000.000", "3000000"), ("0,5", "0.5"), (1500, "1500"), (12.25, "12.25")],
)
def test_amounts(text, expected):
    assert tv.parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["viel", "1,2,3.4.5", "12a"])
def test_not_amounts(text):
    with pytest.raises(tv.CellProblem):
        tv.parse_amount(text)


@pytest.mark.parametrize(
    "value, expected",
    [("31.12.2026", date(2026, 12, 31)), ("1.3.26", date(2026, 3, 1)), ("2026-12-31", date(2026, 12, 31)),
     (datetime(2026, 5, 4, 0, 0), date(2026, 5, 4)), (46000, date(2025, 12, 9)), ("04/05/2026", date(2026, 5, 4))],
)
def test_dates(value, expected):
    assert tv.parse_date(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("5.3.29", date(2029, 3, 5)), ("5.3.30", date(1930, 3, 5)), ("1.1.00", date(2000, 1, 1)),
     ("31.12.69", date(1969, 12, 31)), ("2024-01-01T23:59", date(2024, 1, 1)), ("2024-01-01 09:05:30.5", date(2024, 1, 1))],
)
def test_dates_as_excel_and_the_window_read_them(value, expected):
    """Two-digit years are read as Excel and the window's date fields read them (00-29 -> 20xx),
    so "31.12.69" typed in a spreadsheet is the same day as typed into the form."""
    assert tv.parse_date(value) == expected


@pytest.mark.parametrize("value", ["2024-01-01T25:99", "2024-01-01T12:60", "2024-01-01 10", "2024-01-01T1:2:3:4", "2024-02-30"])
def test_impossible_times_and_days_are_not_dates(value):
    with pytest.raises(tv.CellProblem):
        tv.parse_date(value)


@pytest.mark.parametrize(
    "value, goals",
    [("6, 13", [6, 13]), ("SDG 6; SDG 13", [6, 13]), ("Ziel 17", [17]), (5, [5]), ("SDGs: 3/4", [3, 4])],
)
def test_sdg_goals(value, goals):
    assert tv.parse_goals(value) == goals


def test_sdg_targets():
    assert tv.parse_targets("SDG 6.1, 11.A; 6.b") == ["6.1", "6.b", "11.a"]
    with pytest.raises(tv.CellProblem):
        tv.parse_targets("6")


@pytest.mark.parametrize(
    "name, code",
    [("Deutschland", "DE"), ("Germany", "DE"), ("DEU", "DE"), ("gh", "GH"), ("England, United Kingdom", "GB"),
     ("Brandenburg, Germany", "DE"), ("Russia", "RU"), ("Elfenbeinküste", "CI"), ("Türkei", "TR"),
     ("Georgia (country)", "GE"), ("Palästina", "PS"), ("Wales", "GB"), ("Kosovo", "XK")],
)
def test_country_names(name, code):
    assert country_code(name) == code


@pytest.mark.parametrize("name", ["Northern Cyprus", "Atlantis", "in Italy", ""])
def test_unclear_countries_are_not_guessed(name):
    assert country_code(name) is None


@pytest.mark.parametrize(
    ("name", "code"),
    [("Swahili", "sw"), ("Swahili (Makrosprache)", "sw"), ("swahili (macrolanguage)", "sw"), ("Griechisch", "el"), ("Neugriechisch (ab 1453)", "el"), ("fr", "fr")],
)
def test_language_names_everyday_and_iso(name, code):
    from partnerdesk.exchange.table_values import parse_language

    assert parse_language(name) == code
