"""Validation of records before they are saved; messages name the field in the user's words."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from partnerdesk.domain import countries, key_fact_checks, key_facts, limits, programme, sdg, stages, translations
from partnerdesk.domain.enums import (
    ActivityDirection,
    ActivityKind,
    DecisionBody,
    DecisionResult,
    LabelledEnum,
    LegalBasis,
    MouStatus,
    OrganisationKind,
    ParticipantRole,
    PartnershipStatus,
    PartnershipType,
    ProjectStatus,
    Salutation,
    StageKind,
)
from partnerdesk.domain.errors import FieldError, ValidationError
from partnerdesk.domain.field_labels import field_label
from partnerdesk.domain.records import Activity, Contact, Decision, Organisation, Partnership, Project, Record
from partnerdesk.i18n import _, current_language, ngettext, quoted

MAX_AMOUNT = Decimal("99999999999.9999")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEBSITE = re.compile(r"^(https?://)?[^\s/$.?#]+\.[^\s]+$", re.IGNORECASE)
#: What no database takes in a text: NUL (PostgreSQL refuses it) and lone UTF-16 surrogates
#: (no encoding can write them; a JSON file can hold one as "\\ud800").
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def count_text(n: int) -> str:
    """1,000 / 1.000: a limit as the user's language writes it."""
    return f"{n:,}".replace(",", "." if current_language() == "de" else ",")


def day_text(value: date) -> str:
    return value.strftime("%d.%m.%Y") if current_language() == "de" else value.isoformat()


def record_label(record: Record, *, in_sentence: bool = False) -> str:
    """"Partnerschaft „Kumasi“"; ``in_sentence``: where it does not begin the sentence, so that
    English reads "Delete partnership “Kumasi”?" (German nouns keep their capital)."""
    kind = {
        "organisations": _("Organisation"),
        "partnerships": _("Partnership"),
        "projects": _("Project"),
        "contacts": _("Contact"),
        "activities": _("Activity"),
        "decisions": _("Council decision"),
        "programmes": _("Funding programme"),
        "grants": _("Grant"),
    }[record.KIND]
    if in_sentence and current_language() == "en":
        kind = kind.lower()
    name = record.display_name.strip()
    return f"{kind} {quoted(name)}" if name else kind


class _Checker:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def required(self, field: str, value: str, label: str) -> None:
        if not value or not value.strip():
            self.add(field, _("{field} must not be empty").format(field=label))

    def max_length(self, field: str, value: str, label: str, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(field, _("{field} is longer than {limit} characters").format(field=label, limit=count_text(limit)))

    def enum(self, field: str, value: object, enum: type[LabelledEnum], label: str) -> None:
        if value not in enum.values():
            self.add(field, _("{field}: unknown value “{value}”").format(field=label, value=value))

    def year(self, field: str, value: int | None, label: str, earliest: date = limits.EARLIEST_DATE) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not earliest.year <= value <= limits.LATEST_DATE.year:
            self.add(field, _("{field} must be a year between {first} and {last}").format(
                field=label, first=earliest.year, last=limits.LATEST_DATE.year
            ))

    def date(self, field: str, value: object, label: str, earliest: date = limits.EARLIEST_DATE) -> None:
        if value is None:
            return
        if not isinstance(value, date):
            self.add(field, _("{field} is not a valid date").format(field=label))
        elif not earliest <= _day(value) <= limits.LATEST_DATE:
            self.add(field, _("{field} must lie between {first} and {last}").format(
                field=label, first=day_text(earliest), last=day_text(limits.LATEST_DATE)
            ))

    def whole_number(self, field: str, value: object, label: str) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limits.MAX_INTEGER:
            self.add(field, _("{field} must be a whole number from 0 to {largest}").format(
                field=label, largest=count_text(limits.MAX_INTEGER)
            ))

    def amount(self, field: str, value: object, label: str) -> None:
        if value is None:
            return
        if not isinstance(value, Decimal) or not value.is_finite():
            self.add(field, _("{field} is not a number").format(field=label))
        elif value < 0:
            self.add(field, _("{field} must not be negative").format(field=label))
        elif value > MAX_AMOUNT or value.as_tuple().exponent < -4:  # type: ignore[operator]
            self.add(field, _("{field} is too large or has more than four decimal places").format(field=label))

    def currency(self, field: str, value: str, label: str) -> None:
        if not countries.is_currency(value):
            self.add(field, _("{field}: “{value}” is not an ISO 4217 currency code").format(field=label, value=value))

    def sdg_goals(self, field: str, goals: list[int]) -> None:
        for goal in goals:
            if not sdg.is_goal(goal):
                self.add(field, _("SDG goal “{value}” does not exist (1 to 17)").format(value=goal))
        if len(set(goals)) != len(goals):
            self.add(field, _("SDG goals are listed twice"))

    def language(self, field: str, value: str, label: str) -> None:
        if value and not countries.is_language(value):
            self.add(field, _("{field}: “{value}” is not an ISO 639-1 language code").format(field=label, value=value))


def _check_organisation(r: Organisation, c: _Checker) -> None:
    c.required("name", r.name, _("Name"))
    c.enum("kind", r.kind, OrganisationKind, _("Kind"))
    if r.country and not countries.is_country(r.country):
        c.add("country", _("Country: “{value}” is not an ISO 3166 country code").format(value=r.country))
    c.whole_number("population", r.population, _("Population"))
    c.year("population_year", r.population_year, _("Population year"))
    for code in r.languages:
        c.language("languages", code, _("Languages"))
    if r.website and not _WEBSITE.match(r.website):
        c.add("website", _("Website “{value}” is not a web address").format(value=r.website))
    for message in key_fact_checks.problems(r.key_facts, date.today()):
        c.add("key_facts", message)
    if r.latitude is not None and not -90 <= r.latitude <= 90:
        c.add("latitude", _("Latitude must lie between -90 and 90"))
    if r.longitude is not None and not -180 <= r.longitude <= 180:
        c.add("longitude", _("Longitude must lie between -180 and 180"))
    if (r.latitude is None) != (r.longitude is None):
        c.add("latitude", _("Latitude and longitude go together"))
    _check_translations(r, c, "organisations", (
        ("name_translations", _("Name in other languages")),
        ("legal_name_translations", _("Legal name in other languages")),
        ("representative_function_translations", _("Function in other languages")),
    ))


def _check_translations(r: Record, c: _Checker, register: str, fields: tuple[tuple[str, str], ...]) -> None:
    """Each ``…_translations`` field parses, and each line's text fits the everyday field's limit."""
    for name, label in fields:
        try:
            translations.parse(getattr(r, name), limits.TEXT_LENGTHS[register][name.removesuffix("_translations")])
        except ValueError as exc:
            c.add(name, f"{label}, {exc}")


def _check_partnership(r: Partnership, c: _Checker) -> None:
    c.required("title", r.title, _("Title"))
    if not r.partner_id:
        c.add("partner_id", _("A partnership needs a partner municipality or region"))
    c.enum("type", r.type, PartnershipType, _("Type"))
    c.enum("status", r.status, PartnershipStatus, _("Status"))
    c.enum("mou_status", r.mou_status, MouStatus, _("MoU status"))
    c.year("start_year", r.start_year, _("Start year"), limits.EARLIEST_START)
    c.date("start_date", r.start_date, _("Start date"), limits.EARLIEST_START)
    c.date("mou_signed_on", r.mou_signed_on, _("MoU signing date"))
    c.date("partner_decision_on", r.partner_decision_on, _("Partner's decision on"))
    if isinstance(r.start_date, date) and r.start_year is not None and r.start_date.year != r.start_year:
        c.add("start_year", _("Start year and start date do not agree"))
    if r.mou_signed_on is not None and r.mou_status not in (MouStatus.SIGNED, MouStatus.EXPIRED):
        c.add("mou_signed_on", _("A signing date needs the MoU status “signed” or “expired”"))
    _check_stages(r, c)
    for message in programme.programme_problems(r.programme):
        c.add("programme", _("Action programme: {problem}").format(problem=message))
    c.sdg_goals("sdg_goals", r.sdg_goals)
    for theme in r.themes:
        if not theme.strip():
            c.add("themes", _("Themes must not be empty"))
            break
    for theme in r.themes:
        c.max_length("themes", theme, _("Theme"), limits.THEME_LENGTH)
    if len(set(r.coordinator_ids)) != len(r.coordinator_ids):
        c.add("coordinator_ids", _("A coordinating unit is listed twice"))


def _check_stages(r: Partnership, c: _Checker) -> None:
    """Each stage: a known kind, a date; an MoU term whose end does not lie before its start."""
    for number, stage in enumerate(r.stages, start=1):
        kind = stage.kind.label if isinstance(stage.kind, StageKind) else str(stage.kind)
        c.enum("stages", stage.kind, StageKind, _("Stage {number}").format(number=number))
        if stage.date is None:
            c.add("stages", _("Stage {number} ({kind}) needs a date").format(number=number, kind=kind))
        c.date("stages", stage.date, _("Date of stage {number}").format(number=number))
        c.date("stages", stage.term_from, _("Term from (stage {number})").format(number=number))
        c.date("stages", stage.term_until, _("Term until (stage {number})").format(number=number))
        if isinstance(stage.term_from, date) and isinstance(stage.term_until, date) and stage.term_until < stage.term_from:
            c.add("stages", _("Stage {number} ({kind}): the term ends ({until}) before it begins ({start})").format(
                number=number, kind=kind, until=day_text(stage.term_until), start=day_text(stage.term_from)))
        for name, label, limit in (("note", _("Note"), limits.LONG_TEXT), ("document", _("Document"), limits.STAGE_TEXT_LENGTH),
                                   ("programme", _("Programme"), limits.STAGE_TEXT_LENGTH),
                                   ("phase", _("Phase"), limits.STAGE_PHASE_LENGTH)):
            c.max_length("stages", getattr(stage, name), _("{field} (stage {number})").format(field=label, number=number), limit)


def _check_project(r: Project, c: _Checker) -> None:
    c.required("title", r.title, _("Title"))
    _check_translations(r, c, "projects", (
        ("title_translations", _("Title in other languages")),
        ("summary_translations", _("Summary in other languages")),
    ))
    c.enum("status", r.status, ProjectStatus, _("Status"))
    c.date("start_date", r.start_date, _("Start date"))
    c.year("start_year", r.start_year, _("Start year"))
    c.date("end_date", r.end_date, _("End date"))
    if isinstance(r.start_date, date) and isinstance(r.end_date, date) and r.end_date < r.start_date:
        c.add("end_date", _("The end date lies before the start date"))
    # A start date given later replaces a year known before ("seit 2008", then the day is found):
    # the stored year follows the date (services.mapping), so the two never disagree.
    if (isinstance(r.start_year, int) and not isinstance(r.start_year, bool) and isinstance(r.end_date, date)
            and r.start_date is None and r.end_date.year < r.start_year):
        c.add("end_date", _("The end date lies before the start year"))
    c.sdg_goals("sdg_goals", r.sdg_goals)
    for code in r.sdg_targets:
        if not sdg.is_target(code):
            c.add("sdg_targets", _("SDG target “{value}” does not exist").format(value=code))
    c.amount("budget_amount", r.budget_amount, _("Budget"))
    c.currency("budget_currency", r.budget_currency, _("Currency"))
    for source in r.funding_sources:
        c.required("funding_sources", source.name, _("Name of the funding source"))
        c.max_length("funding_sources", source.name, _("Name of the funding source"), limits.FUNDING_SOURCE_NAME_LENGTH)
        c.amount("funding_sources", source.amount, _("Amount of the funding source"))
        c.currency("funding_sources", source.currency, _("Currency of the funding source"))
    seen: set[str] = set()
    for participant in r.participants:
        c.enum("participants", participant.role, ParticipantRole, _("Role"))
        if participant.organisation_id in seen:
            c.add("participants", _("An organisation takes part twice"))
        seen.add(participant.organisation_id)


def _check_contact(r: Contact, c: _Checker) -> None:
    c.required("last_name", r.last_name, _("Last name"))
    c.enum("salutation", r.salutation, Salutation, _("Salutation"))
    if r.legal_basis is not None:
        c.enum("legal_basis", r.legal_basis, LegalBasis, _("Legal basis"))
    if r.email and not _EMAIL.match(r.email):
        c.add("email", _("E-mail “{value}” is not an e-mail address").format(value=r.email))
    for language in r.languages:
        c.language("languages", language, _("Languages"))
    if len(set(r.languages)) != len(r.languages):
        c.add("languages", _("A language is listed twice"))
    c.date("consent_given_on", r.consent_given_on, _("Consent given on"))
    c.date("consent_withdrawn_on", r.consent_withdrawn_on, _("Consent withdrawn on"))
    given, withdrawn = r.consent_given_on, r.consent_withdrawn_on
    if isinstance(given, date) and isinstance(withdrawn, date) and _day(withdrawn) < _day(given):
        c.add("consent_withdrawn_on", _("Consent cannot be withdrawn ({withdrawn}) before it was given ({given})").format(
            withdrawn=day_text(withdrawn), given=day_text(given)))
    if (given is not None or r.consent_source.strip()) and r.legal_basis is None:
        c.add("legal_basis", _("Consent given on a date or from a source needs a legal basis (for example “Consent”)"))


def _check_new_contact(r: Contact, c: _Checker) -> None:
    """A contact entered now needs its legal basis (GDPR Art. 6(1)); consent with its date and
    source. Older contacts without one stay valid and are listed for review (``services.retention``)."""
    if r.legal_basis is None:
        c.add("legal_basis", _("A new contact needs a legal basis: consent, contract, public task or legitimate interest"))
    elif r.legal_basis == LegalBasis.CONSENT:
        if r.consent_given_on is None:
            c.add("consent_given_on", _("Consent as the legal basis needs the date it was given"))
        if not r.consent_source.strip():
            c.add("consent_source", _("Consent as the legal basis needs its source (how it was given)"))


def _check_activity(r: Activity, c: _Checker) -> None:
    c.required("title", r.title, _("Title"))
    c.enum("kind", r.kind, ActivityKind, _("Kind"))
    if r.date is None:
        c.add("date", _("An activity needs a date"))
    c.date("date", r.date, _("Date"))
    c.date("end_date", r.end_date, _("End date"))
    c.enum("direction", r.direction, ActivityDirection, _("Direction"))
    if isinstance(r.date, date) and isinstance(r.end_date, date) and _day(r.end_date) < _day(r.date):
        c.add("end_date", _("The end date {end} lies before the start date {start}").format(
            end=_day(r.end_date).strftime("%d.%m.%Y"), start=_day(r.date).strftime("%d.%m.%Y")))
    _check_attendees(r, c)
    for follow_up in r.follow_ups:
        c.required("follow_ups", follow_up.text, _("Follow-up task"))
        c.max_length("follow_ups", follow_up.text, _("Follow-up task"), limits.FOLLOW_UP_LENGTH)
        c.date("follow_ups", follow_up.due_date, _("Due date"))


def _check_attendees(r: Activity, c: _Checker) -> None:
    for n, a in enumerate(r.attendees, start=1):
        if not a.contact_id and not a.name.strip():
            c.add("attendees", _("Participant {number}: a contact or a name is needed").format(number=n))
        for value, label in ((a.name, _("Name")), (a.organisation, _("Organisation")), (a.role, _("Role"))):
            c.max_length("attendees", value, label, limits.ATTENDEE_TEXT_LENGTH)
        for value, label in ((a.dietary, _("Dietary needs")), (a.accessibility, _("Accessibility needs"))):
            c.max_length("attendees", value, label, limits.ATTENDEE_NOTE_LENGTH)


def _check_decision(r: Decision, c: _Checker) -> None:
    c.required("title", r.title, _("Title"))
    c.enum("body", r.body, DecisionBody, _("Body"))
    if r.body == DecisionBody.COMMITTEE:
        c.required("committee", r.committee, _("Committee"))
    if r.date is None:
        c.add("date", _("A council decision needs a date"))
    c.date("date", r.date, _("Date"))
    if not r.number.strip():
        c.add("number", _("A council decision needs its Drucksache number"))
    c.enum("result", r.result, DecisionResult, _("Result"))
    for name in ("partnership_ids", "project_ids"):
        if len(set(getattr(r, name))) != len(getattr(r, name)):
            c.add(name, _("{field}: a record is linked twice").format(field=field_label(name)))


_CHECKS: dict[str, Callable[[Record, _Checker], None]] = {
    "organisations": _check_organisation,  # type: ignore[dict-item]
    "partnerships": _check_partnership,  # type: ignore[dict-item]
    "projects": _check_project,  # type: ignore[dict-item]
    "contacts": _check_contact,  # type: ignore[dict-item]
    "activities": _check_activity,  # type: ignore[dict-item]
    "decisions": _check_decision,  # type: ignore[dict-item]
}


def _check_grants_register(r: Record, c: _Checker) -> None:
    """Funding programmes and grants (issue 23): their rules are in a module of their own, which
    needs ``_Checker`` from here (imported when first used, not in a circle)."""
    from partnerdesk.domain.grant_validation import CHECKS

    CHECKS[r.KIND](r, c)


_CHECKS["programmes"] = _CHECKS["grants"] = _check_grants_register


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _texts(value: object) -> Iterator[str]:
    """Every text inside a field's value (list entries, parts of funding sources, follow-ups)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name))


def _check_common(record: Record, c: _Checker) -> None:
    """What every register shares: text lengths and characters, list sizes, row version, timestamps."""
    for name, limit in limits.TEXT_LENGTHS[record.KIND].items():
        c.max_length(name, getattr(record, name), field_label(name), limit)
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        most = limits.LIST_ENTRIES_OF.get(f.name, limits.LIST_ENTRIES)
        if isinstance(value, list) and len(value) > most:
            c.add(f.name, ngettext("{field} has more than {limit} entry", "{field} has more than {limit} entries",
                                   most).format(field=field_label(f.name), limit=count_text(most)))
        for text in _texts(value):
            if bad := _UNSTORABLE.search(text):
                c.add(f.name, _("{field} contains a character that cannot be stored ({code})").format(
                    field=field_label(f.name), code="NUL, U+0000" if bad.group() == "\x00" else f"U+{ord(bad.group()):04X}"
                ))
                break
    c.whole_number("version", record.version, field_label("version"))
    for name in ("created_at", "updated_at"):
        stamp = getattr(record, name)
        if stamp is None:
            continue
        if not isinstance(stamp, datetime) or stamp.utcoffset() is None:
            c.add(name, _("{field} is not a point in time with its time zone").format(field=field_label(name)))
        else:
            c.date(name, stamp, field_label(name))


def problems(record: Record, *, new: bool = False) -> list[FieldError]:
    """``new``: the record is being entered now (the rules for new records apply too, such as a
    contact's legal basis)."""
    if isinstance(record, Partnership):
        record = stages.reconciled(record)  # as it will be saved (services.records.prepared)
    if isinstance(record, Organisation):
        record = key_facts.reconciled(record)
    checker = _Checker()
    _check_common(record, checker)
    _CHECKS[record.KIND](record, checker)
    if new and isinstance(record, Contact):
        _check_new_contact(record, checker)
    return checker.errors


def check_limits(records: Iterable[Record | None]) -> None:
    """Raise ``ValidationError`` for the first record beyond the limits of ``domain.limits``
    (text lengths and characters, list sizes, whole numbers, timestamps).

    For steps that read stored records, such as the documents: data saved before the limits
    existed opens and lists, but a 1 MB city would keep ReportLab busy for minutes. The other
    rules (a partner, dates in order) are left to saving, so old records still print."""
    for record in records:
        if record is None:
            continue
        checker = _Checker()
        _check_common(record, checker)
        if checker.errors:
            raise ValidationError(record_label(record), checker.errors, kind=record.KIND, record_id=record.id)


def validate(record: Record, *, new: bool = False) -> None:
    """Raise ``ValidationError`` naming every invalid field of ``record`` (``new``: see ``problems``)."""
    errors = problems(record, new=new)
    if errors:
        raise ValidationError(record_label(record), errors, kind=record.KIND, record_id=record.id)
