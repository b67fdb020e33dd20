"""How long personal data and backups are kept: the rules, without Qt or SQL.

Contacts: each legal basis (GDPR Art. 6(1)) has a retention rule, a number of years after an
event, after which the contact is due for review ("Fällige Prüfungen"):

- consent (a): until withdrawn, then ``years`` after the withdrawal (default 0: at once);
- contract (b), public task (e), legitimate interest (f): ``years`` after the last activity
  (the newest of: the contact entered, an activity naming them, their last review);
- no legal basis recorded: due at once (older contacts, entered before the basis was required).

A decision "behalten" restarts the period on its day (at least one year, so a kept contact
does not come back the next morning).

Backups: every kind (daily, before a travel merge, before a restore, before a migration, and the
merge reports) has a rotation rule: keep the newest ``keep_newest`` files however old, and
every file younger than ``keep_days``; 0 days keeps only the newest ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from partnerdesk.domain.enums import LabelledEnum, LegalBasis
from partnerdesk.i18n import N_


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def latest_start(until: date, years: int) -> date:
    """The last day whose ``years_after`` falls on or before ``until``: a period of ``years`` that
    started on day ``d`` has run out by ``until`` exactly when ``d <= latest_start(until, years)``.

    Lets a database compare a stored day with a bound instead of adding years to every row (the
    contacts due for review, ``services.retention``); 29 February counts as in ``years_after``."""
    try:
        day = until.replace(year=until.year - years)
    except ValueError:  # 29 February back to a common year
        day = until.replace(year=until.year - years, day=28)
    while years_after(day + timedelta(days=1), years) <= until:
        day += timedelta(days=1)
    while years_after(day, years) > until:
        day -= timedelta(days=1)
    return day


@dataclass(frozen=True)
class RetentionRule:
    """Keep a contact of ``basis`` ``years`` after its reference event."""

    basis: LegalBasis | None
    years: int


#: The defaults (README "Datenschutz"): consent until withdrawn; a contract three years after the
#: last activity (the usual limitation period, § 195 BGB); a public task five years (the usual
#: retention of administrative files); legitimate interest two years; without a basis: at once.
DEFAULT_YEARS: dict[LegalBasis | None, int] = {
    LegalBasis.CONSENT: 0,
    LegalBasis.CONTRACT: 3,
    LegalBasis.PUBLIC_TASK: 5,
    LegalBasis.LEGITIMATE_INTEREST: 2,
    None: 0,
}


def default_rules() -> dict[LegalBasis | None, RetentionRule]:
    return {basis: RetentionRule(basis, years) for basis, years in DEFAULT_YEARS.items()}


def rule_text(rule: RetentionRule) -> str:
    """The rule as the settings, the review list and the Art. 30 record say it (translated)."""
    from partnerdesk.i18n import _, ngettext

    if rule.basis is None:
        return _("review at once (no legal basis recorded)")
    if rule.basis is LegalBasis.CONSENT:
        if rule.years == 0:
            return _("until consent is withdrawn")
        return ngettext("until consent is withdrawn, then {n} year", "until consent is withdrawn, then {n} years",
                        rule.years).format(n=rule.years)
    return ngettext("{n} year after the last activity", "{n} years after the last activity", rule.years).format(n=rule.years)


@dataclass(frozen=True)
class ContactFacts:
    """What the rule of one contact looks at."""

    basis: LegalBasis | None
    entered_on: date
    last_activity: date | None = None
    consent_withdrawn_on: date | None = None
    last_kept_on: date | None = None


def review_due_on(facts: ContactFacts, rules: dict[LegalBasis | None, RetentionRule]) -> date | None:
    """The day the contact is due for review (``None``: not while consent stands)."""
    rule = rules.get(facts.basis) or default_rules()[facts.basis]
    if facts.basis is None:
        due: date | None = facts.entered_on
    elif facts.basis is LegalBasis.CONSENT:
        due = years_after(facts.consent_withdrawn_on, rule.years) if facts.consent_withdrawn_on else None
    else:
        last = max(d for d in (facts.entered_on, facts.last_activity) if d is not None)
        due = years_after(last, rule.years)
    if facts.last_kept_on is not None and due is not None:
        due = max(due, years_after(facts.last_kept_on, max(1, rule.years)))
    return due


# Backups ---------------------------------------------------------------------------------


class BackupKind(LabelledEnum):
    """The kinds of files PartnerDesk writes beside a database in ``backups/``."""

    DAILY = "daily"
    BEFORE_MERGE = "before_merge"
    BEFORE_RESTORE = "before_restore"
    BEFORE_MIGRATION = "before_migration"
    MERGE_REPORT = "merge_report"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "daily": N_("Daily backups"),
            "before_merge": N_("Backups before merging a travel copy"),
            "before_restore": N_("Backups before a restore"),
            "before_migration": N_("Backups before a database upgrade"),
            "merge_report": N_("Merge reports"),
        }


@dataclass(frozen=True)
class RotationRule:
    """Keep the newest ``keep_newest`` files, and every file not older than ``keep_days``."""

    keep_newest: int
    keep_days: int


def rotation_key(kind: BackupKind, part: str) -> str:
    """``settings.ini``: ``rotation_<kind>_newest`` and ``rotation_<kind>_days``."""
    return f"rotation_{kind.value}_{part}"


#: README "Datenschutz": how long each kind is kept by default.
DEFAULT_ROTATION: dict[BackupKind, RotationRule] = {
    BackupKind.DAILY: RotationRule(keep_newest=10, keep_days=0),
    BackupKind.BEFORE_MERGE: RotationRule(keep_newest=3, keep_days=90),
    BackupKind.BEFORE_RESTORE: RotationRule(keep_newest=2, keep_days=30),
    BackupKind.BEFORE_MIGRATION: RotationRule(keep_newest=2, keep_days=180),
    BackupKind.MERGE_REPORT: RotationRule(keep_newest=0, keep_days=365),
}


def files_to_remove(
    files: list[tuple[str, datetime]], rule: RotationRule, now: datetime,
) -> list[str]:
    """Of ``files`` (name, written at) of one kind, those the rule lets go (oldest first).

    A file written exactly ``keep_days`` ago is kept; one a second older goes."""
    ordered = sorted(files, key=lambda f: (f[1], f[0]), reverse=True)
    limit = now - timedelta(days=rule.keep_days)
    remove = [name for n, (name, written) in enumerate(ordered)
              if n >= rule.keep_newest and (rule.keep_days <= 0 or written < limit)]
    return list(reversed(remove))
