"""The record of processing activities (Art. 30(1) GDPR) for PartnerDesk, drafted from the
settings and the data: *Datenschutz → Verzeichnis der Verarbeitungstätigkeiten* and
``partnerdesk privacy record --out FILE``.

What the program can know it fills in (controller from the letterhead, categories of persons
with their numbers, the legal bases in use, recipients by the partners' countries, third
countries, the retention and rotation rules, the measures PartnerDesk provides); what only the
office knows is marked "[zu ergänzen]" for the data-protection officer. ``documents.
processing_record`` writes it as PDF or Word; both read only the ``ProcessingRecord`` below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from partnerdesk.domain import countries
from partnerdesk.domain.enums import LegalBasis, OrganisationKind
from partnerdesk.domain.retention import rule_text
from partnerdesk.i18n import _, current_language, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import (
    ActivityAttendeePrivateRow,
    ActivityAttendeeRow,
    ContactRow,
    OrganisationRow,
    PartnershipRow,
    ProjectRow,
)
from partnerdesk.persistence.tables_retention import TravelCopyRow
from partnerdesk.services import retention

#: EU and EEA member states (ISO 3166-1 alpha-2): transfers elsewhere go to a third country.
EU_EEA = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split()
)
#: What the data-protection officer fills in.
OPEN = "[zu ergänzen]"


@dataclass(frozen=True)
class Entry:
    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    heading: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class ProcessingRecord:
    title: str
    subtitle: str
    made_on: date
    note: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def text(self) -> str:
        """Everything as plain text (tests, the log of what was written)."""
        lines = [self.title, self.subtitle, self.note]
        for s in self.sections:
            lines.append(s.heading)
            for e in s.entries:
                lines.append(e.label)
                lines.extend(e.lines)
        return "\n".join(lines)


@dataclass(frozen=True)
class Controller:
    """The letterhead settings (the window's "Einstellungen…", ``--letterhead-*``)."""

    name: str = ""
    address: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rules:
    """The settings the record quotes (``services.retention``, ``persistence.rotation``, ``travel.register``)."""

    retention: tuple[str, ...]
    rotation: tuple[str, ...]
    travel_warn_days: int


def gather(db: Database, controller: Controller, rules: Rules, today: date) -> ProcessingRecord:
    with db.read() as session:
        by_kind = dict(session.execute(
            select(OrganisationRow.kind, func.count(ContactRow.id))
            .select_from(ContactRow).outerjoin(OrganisationRow, OrganisationRow.id == ContactRow.organisation_id)
            .group_by(OrganisationRow.kind)
        ).all())
        bases = dict(session.execute(select(ContactRow.legal_basis, func.count()).group_by(ContactRow.legal_basis)).all())
        guests = session.scalar(select(func.count()).select_from(ActivityAttendeeRow)
                                .where(ActivityAttendeeRow.contact_id.is_(None))) or 0
        # Health notes (revision 0018: their own table; on a server only the personal-data role sees them).
        needs = session.scalar(select(func.count()).select_from(ActivityAttendeePrivateRow).where(
            (ActivityAttendeePrivateRow.dietary != "") | (ActivityAttendeePrivateRow.accessibility != ""))) or 0
        partner_countries = dict(session.execute(
            select(OrganisationRow.country, func.count(PartnershipRow.id))
            .join(PartnershipRow, PartnershipRow.partner_id == OrganisationRow.id)
            .group_by(OrganisationRow.country)
        ).all())
        funded = session.scalar(select(func.count()).select_from(ProjectRow)) or 0
        copies = session.execute(select(TravelCopyRow.encrypted, func.count()).group_by(TravelCopyRow.encrypted)).all()
    lang = current_language()
    staff = by_kind.get(OrganisationKind.CITY_UNIT.value, 0)
    partners = by_kind.get(OrganisationKind.MUNICIPALITY.value, 0)
    others = sum(by_kind.values()) - staff - partners
    people = [
        ngettext("Staff of the city administration ({n} contact)", "Staff of the city administration ({n} contacts)", staff).format(n=staff),
        ngettext("Contact persons of partner municipalities and regions ({n} contact)",
               "Contact persons of partner municipalities and regions ({n} contacts)", partners).format(n=partners),
        ngettext("Contact persons of other organisations: companies, associations, universities ({n} contact)",
               "Contact persons of other organisations: companies, associations, universities ({n} contacts)", others).format(n=others),
        ngettext("Participants of visits and meetings without a contact record ({n} entry)",
               "Participants of visits and meetings without a contact record ({n} entries)", guests).format(n=guests),
    ]
    data = [
        _("Name, salutation, academic title, function, organisation"),
        _("Contact details: e-mail, phone numbers, postal address; preferred languages"),
        _("Notes on meetings and correspondence (free text)"),
        _("Legal basis and consent (date, source, withdrawal); “do not contact”"),
        _("Participation in activities, visits and projects; follow-ups (Wiedervorlagen)"),
    ]
    if needs:
        data.append(ngettext("Dietary and accessibility needs of participants ({n} entry): may be health data (Art. 9 GDPR)",
            "Dietary and accessibility needs of participants ({n} entries): may be health data (Art. 9 GDPR)", needs).format(n=needs))
    basis_lines = [
        f"{b.label}: " + ngettext("{n} contact", "{n} contacts", bases.get(b.value, 0)).format(n=bases.get(b.value, 0)) for b in LegalBasis
    ]
    missing = bases.get("", 0)
    if missing:
        basis_lines.append(ngettext("No legal basis recorded: {n} contact (listed under “Fällige Prüfungen”)",
                                  "No legal basis recorded: {n} contacts (listed under “Fällige Prüfungen”)", missing).format(n=missing))
    named = sorted(((countries.country_name(c, lang) if c else _("country not recorded"), c, n)
                    for c, n in partner_countries.items()), key=lambda x: x[0].casefold())
    recipients = [
        _("Partner municipalities and their organisations abroad (correspondence, visit programmes, project work):"),
        *[f"{name}: " + ngettext("{n} partnership", "{n} partnerships", n).format(n=n) for name, _c, n in named],
        _("City council and its committees (council papers, Drucksachen)"),
        ngettext("Funding bodies, where proofs of use name persons ({n} project recorded)",
               "Funding bodies, where proofs of use name persons ({n} projects recorded)", funded).format(n=funded),
        _("Other recipients: {open}").format(open=OPEN),
    ]
    third = [name for name, code, _n in named if code and code not in EU_EEA]
    transfers = ([_("Third countries (outside the EU/EEA) of partner municipalities: {names}").format(names=", ".join(third)),
                  _("Safeguards (Art. 45-49 GDPR: adequacy decision, standard contractual clauses, consent, "
                    "derogation for a specific situation): {open}").format(open=OPEN)]
                 if third else [_("No partner municipality lies in a third country.")])
    encrypted = sum(n for e, n in copies if e)
    plain = sum(n for e, n in copies if e is False)
    measures = [
        _("Travel copies for trips are encrypted (SQLCipher, AES-256 with an authenticated page check; key from the "
          "passphrase by Argon2id); an unencrypted copy needs an explicit choice."),
        _("Register of travel copies: who checked out which copy when, of which partnerships, merged back or "
          "declared destroyed or lost, with what a lost copy held ({registered}; {unencrypted}).").format(
            registered=ngettext("{n} copy registered", "{n} copies registered", encrypted + plain).format(n=encrypted + plain),
            unencrypted=ngettext("{n} of them unencrypted", "{n} of them unencrypted", plain).format(n=plain)),
        ngettext("Copies out longer than {n} day are shown as due (“Anstehend”).",
               "Copies out longer than {n} days are shown as due (“Anstehend”).", rules.travel_warn_days).format(n=rules.travel_warn_days),
        _("On the office server: roles for reading, editing, personal data and administration; e-mail, phone, "
          "address and notes of contacts only for the personal-data role (row-level security); connections "
          "encrypted with TLS."),
        _("History of every change: who changed which record when, with the values before and after; "
          "restoring an earlier version."),
        _("Backups: a daily copy checked page by page, copies before merges, restores and upgrades; each kind "
          "rotated by its rule (see “Erasure periods”)."),
        _("Retention reviews: contacts due by their legal basis's rule are listed (“Fällige Prüfungen”) and "
          "kept with a recorded reason or erased."),
        _("A legal basis is required for every new contact; letters and mail merges leave out contacts "
          "without one, with consent withdrawn or marked “do not contact”."),
        _("Further measures of the city (access control to rooms and devices, IT operations, training): {open}").format(
            open=OPEN),
    ]
    sections = (
        Section(_("1. Controller (Art. 30(1)(a) GDPR)"), (
            Entry(_("Controller"), (controller.name or OPEN, *controller.address)),
            Entry(_("Representative of the controller"), (OPEN,)),
            Entry(_("Data-protection officer"), (OPEN,)),
        )),
        Section(_("2. Purposes of the processing (Art. 30(1)(b))"), (
            Entry(_("Processing activity"), (_("Managing the city's international partnerships with PartnerDesk"),)),
            Entry(_("Purposes"), (
                _("Maintaining partnerships with municipalities and regions abroad and the contacts they involve"),
                _("Planning and documenting projects, visits, delegations and meetings; follow-ups"),
                _("Correspondence, invitations, participant lists, memoranda of understanding"),
                _("Preparing council decisions and reports; proofs of use for funding bodies"),
            )),
            Entry(_("Legal bases in use (Art. 6(1) GDPR)"), tuple(basis_lines)),
        )),
        Section(_("3. Categories of data subjects and of personal data (Art. 30(1)(c))"), (
            Entry(_("Data subjects"), tuple(people)),
            Entry(_("Personal data"), tuple(data)),
        )),
        Section(_("4. Recipients (Art. 30(1)(d))"), (Entry(_("Recipients"), tuple(recipients)),)),
        Section(_("5. Transfers to third countries (Art. 30(1)(e))"), (Entry(_("Transfers"), tuple(transfers)),)),
        Section(_("6. Erasure periods (Art. 30(1)(f))"), (
            Entry(_("Contacts, by legal basis (settings)"), rules.retention),
            Entry(_("Backups and merge reports (settings)"), rules.rotation),
        )),
        Section(_("7. Technical and organisational measures (Art. 30(1)(g), Art. 32)"), (
            Entry(_("Measures PartnerDesk provides"), tuple(measures)),
        )),
    )
    return ProcessingRecord(
        title=_("Record of processing activities (Art. 30(1) GDPR)"),
        subtitle=_("Managing the international partnerships with PartnerDesk · as of {date}").format(
            date=today.strftime("%d.%m.%Y")),
        made_on=today,
        note=_("Draft made by PartnerDesk from its settings and data. The data-protection officer checks it and "
               "completes the places marked {open}.").format(open=OPEN),
        sections=sections,
    )


def current_rules() -> Rules:
    """The retention, rotation and travel settings as sentences."""
    from partnerdesk.domain.retention import BackupKind
    from partnerdesk.persistence import rotation
    from partnerdesk.travel import register

    retention_rules = retention.rules()
    lines = [f"{(b.label if b is not None else _('No legal basis recorded'))}: {rule_text(r)}"
             for b, r in retention_rules.items()]
    rotation_lines = []
    for kind, rule in rotation.rules().items():
        days = ngettext("{n} day", "{n} days", rule.keep_days).format(n=rule.keep_days)
        newest = ngettext("the newest {n}", "the newest {n}", rule.keep_newest).format(n=rule.keep_newest)
        if kind is BackupKind.DAILY and rule.keep_newest == 0:
            rotation_lines.append(_("{kind}: switched off").format(kind=kind.label))
        elif rule.keep_days and rule.keep_newest:
            rotation_lines.append(_("{kind}: {days}, at least {newest}").format(kind=kind.label, days=days, newest=newest))
        elif rule.keep_days:
            rotation_lines.append(_("{kind}: {days}").format(kind=kind.label, days=days))
        else:
            rotation_lines.append(_("{kind}: {newest}").format(kind=kind.label, newest=newest))
    return Rules(tuple(lines), tuple(rotation_lines), register.warn_days())


def controller_from_settings() -> Controller:
    """The letterhead of the settings (``letterhead_name``, ``letterhead_address``) as the controller."""
    from partnerdesk.option_values import read_options

    options = read_options()

    def text(key: str) -> str:
        raw = options.get(key, "").strip()
        if len(raw) >= 2 and raw[0] == raw[-1] == '"':  # QSettings quotes strings with commas or escapes
            raw = raw[1:-1]
        return raw.replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")

    lines = tuple(line.strip() for line in text("letterhead_address").replace("|", "\n").splitlines() if line.strip())
    return Controller(text("letterhead_name").strip(), lines)
