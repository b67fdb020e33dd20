"""The retention rules of contacts and the rotation rules of backups, at their boundaries."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from partnerdesk.domain.enums import LegalBasis
from partnerdesk.domain.retention import (
    ContactFacts,
    RetentionRule,
    RotationRule,
    default_rules,
    files_to_remove,
    review_due_on,
    rule_text,
)

RULES = default_rules()


@pytest.mark.parametrize(("basis", "last", "due"), [
    (LegalBasis.LEGITIMATE_INTEREST, date(2023, 4, 3), date(2025, 4, 3)),
    (LegalBasis.CONTRACT, date(2023, 4, 3), date(2026, 4, 3)),
    (LegalBasis.PUBLIC_TASK, date(2023, 4, 3), date(2028, 4, 3)),
    (LegalBasis.LEGITIMATE_INTEREST, date(2024, 2, 29), date(2026, 2, 28)),
])
def test_a_period_runs_from_the_last_activity(basis, last, due):
    facts = ContactFacts(basis=basis, entered_on=date(2020, 1, 1), last_activity=last)
    assert review_due_on(facts, RULES) == due


def test_without_an_activity_the_period_runs_from_the_day_the_contact_was_entered():
    facts = ContactFacts(basis=LegalBasis.LEGITIMATE_INTEREST, entered_on=date(2024, 5, 6))
    assert review_due_on(facts, RULES) == date(2026, 5, 6)


def test_consent_lasts_until_withdrawn():
    standing = ContactFacts(basis=LegalBasis.CONSENT, entered_on=date(2010, 1, 1), last_activity=date(2011, 1, 1))
    assert review_due_on(standing, RULES) is None
    withdrawn = ContactFacts(basis=LegalBasis.CONSENT, entered_on=date(2010, 1, 1), consent_withdrawn_on=date(2025, 9, 30))
    assert review_due_on(withdrawn, RULES) == date(2025, 9, 30)
    one_year = {**RULES, LegalBasis.CONSENT: RetentionRule(LegalBasis.CONSENT, 1)}
    assert review_due_on(withdrawn, one_year) == date(2026, 9, 30)


def test_no_legal_basis_is_due_at_once():
    assert review_due_on(ContactFacts(basis=None, entered_on=date(2019, 3, 1)), RULES) == date(2019, 3, 1)


def test_keeping_restarts_the_period_at_least_one_year():
    overdue = ContactFacts(basis=LegalBasis.LEGITIMATE_INTEREST, entered_on=date(2019, 1, 1),
                           last_activity=date(2020, 1, 1), last_kept_on=date(2025, 6, 1))
    assert review_due_on(overdue, RULES) == date(2027, 6, 1)
    no_basis = ContactFacts(basis=None, entered_on=date(2019, 1, 1), last_kept_on=date(2025, 6, 1))
    assert review_due_on(no_basis, RULES) == date(2026, 6, 1)
    # A newer activity than the keep counts as it would anyway.
    active = ContactFacts(basis=LegalBasis.PUBLIC_TASK, entered_on=date(2019, 1, 1),
                          last_activity=date(2025, 1, 1), last_kept_on=date(2024, 1, 1))
    assert review_due_on(active, RULES) == date(2030, 1, 1)


def test_rules_read_as_sentences():
    assert rule_text(RULES[LegalBasis.LEGITIMATE_INTEREST]) == "2 Jahre nach der letzten Aktivität"
    assert rule_text(RetentionRule(LegalBasis.CONTRACT, 1)) == "1 Jahr nach der letzten Aktivität"
    assert rule_text(RULES[LegalBasis.CONSENT]) == "bis zum Widerruf der Einwilligung"


NOW = datetime(2026, 12, 7, 12, 0, 0)


def test_files_within_the_days_stay_and_one_second_older_goes():
    rule = RotationRule(keep_newest=0, keep_days=30)
    files = [("exactly", NOW - timedelta(days=30)), ("older", NOW - timedelta(days=30, seconds=1)),
             ("young", NOW - timedelta(days=1))]
    assert files_to_remove(files, rule, NOW) == ["older"]


def test_the_newest_stay_however_old():
    rule = RotationRule(keep_newest=2, keep_days=30)
    files = [(f"f{n}", NOW - timedelta(days=100 + n)) for n in range(4)]
    assert files_to_remove(files, rule, NOW) == ["f3", "f2"]  # oldest first


def test_zero_days_keeps_only_the_newest():
    rule = RotationRule(keep_newest=3, keep_days=0)
    files = [(f"f{n}", NOW - timedelta(hours=n)) for n in range(5)]
    assert files_to_remove(files, rule, NOW) == ["f4", "f3"]


@pytest.mark.parametrize("years", [0, 1, 2, 3, 4, 5])
def test_latest_start_is_the_boundary_of_years_after(years):
    """A database compares the stored day with ``latest_start`` instead of adding years per row: the
    two must agree on every day, 29 February and the turn of leap years included."""
    from partnerdesk.domain.retention import latest_start, years_after

    for until in (date(2024, 2, 27) + timedelta(days=n) for n in range(0, 1500, 1)):
        bound = latest_start(until, years)
        assert years_after(bound, years) <= until
        assert years_after(bound + timedelta(days=1), years) > until
        for day in (bound - timedelta(days=2), bound - timedelta(days=1), bound + timedelta(days=1)):
            assert (years_after(day, years) <= until) == (day <= bound)
