"""The columns of each register in tables (import and export share them).

A column is one field of a record, or a list written as text ("Partner (Rolle); ...").
Export writes these columns with their German labels as headers, so a table PartnerDesk
wrote reads back with every column recognised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from partnerdesk.domain.enums import (
    ActivityDirection,
    ActivityKind,
    DecisionBody,
    DecisionResult,
    FinancingKind,
    GrantConditions,
    GrantStatus,
    MouStatus,
    OrganisationKind,
    PartnershipStatus,
    PartnershipType,
    ProjectStatus,
    Salutation,
)
from partnerdesk.exchange.table_facts import LABELS
from partnerdesk.i18n import N_, _


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # English, translated with _() where shown
    type: str
    aliases: tuple[str, ...] = ()
    enum: Any = None
    ref: str | None = None  # the register a reference points into
    attr: str = ""  # record attribute, when it differs from key

    @property
    def attribute(self) -> str:
        return self.attr or self.key

    @property
    def title(self) -> str:
        return _(self.label)


def _facts(*keys: str) -> list[Field]:
    """The key facts' columns (``table_facts``): a value, its source and its date each."""
    return [Field(key, LABELS[key][0], "fact", LABELS[key][1], attr="key_facts") for key in keys]


_ID = Field("id", N_("ID"), "id", ("Kennung", "UUID", "Datensatz-ID"))
_NOTES = Field("notes", N_("Notes"), "text", ("Notizen", "Notiz", "Bemerkungen", "Bemerkung", "Anmerkungen", "Kommentar", "Comments", "Remarks"))
_GOALS = Field("sdg_goals", N_("SDG goals"), "goals", ("SDG", "SDGs", "Ziele", "Nachhaltigkeitsziele", "SDG-Ziele", "Goals"))

FIELDS: dict[str, list[Field]] = {
    "organisations": [
        _ID,
        Field("name", N_("Name"), "text", ("Bezeichnung", "Organisation", "Organization", "Partnerkommune", "Institution")),
        Field("short_name", N_("Short name"), "text", ("Kurzname", "Kürzel", "Abkürzung", "Abbreviation")),
        Field("kind", N_("Kind"), "enum", ("Art", "Typ", "Type", "Organisationsart"), enum=OrganisationKind),
        Field("country", N_("Country"), "country", ("Land", "Staat", "Ländercode", "Country code", "Nation")),
        Field("city", N_("City"), "text", ("Ort", "Stadt", "Town", "Sitz", "Gemeinde")),
        *_facts("population", "population_source", "population_year", "area", "area_source", "area_as_of",
                "mayor", "mayor_since", "mayor_source", "mayor_as_of"),
        Field("languages", N_("Languages"), "languages", ("Sprachen", "Sprache", "Language")),
        *_facts("website", "website_source", "website_as_of"),
        Field("key_facts", N_("Key facts"), "key_facts", ("Eckdaten", "Alle Eckdaten", "Key facts")),
        Field("latitude", N_("Latitude"), "float", ("Breitengrad", "Breite", "Lat")),
        Field("longitude", N_("Longitude"), "float", ("Längengrad", "Länge", "Lng", "Lon", "Long")),
        _NOTES,
        Field("name_translations", N_("Name in other languages"), "text", ("Name übersetzt",)),
        Field("legal_name", N_("Legal name"), "text", ("Rechtsname", "Amtliche Bezeichnung", "Official name")),
        Field("legal_name_translations", N_("Legal name in other languages"), "text", ("Rechtsname übersetzt",)),
        Field("representative", N_("Representative"), "text", ("Vertreter", "Vertreterin", "Vertreter/in", "Signatory")),
        Field("representative_function", N_("Representative's function"), "text", ("Funktion Vertreter/in", "Amt")),
        Field("representative_function_translations", N_("Function in other languages"), "text",
              ("Funktion übersetzt",)),
    ],
    "partnerships": [
        _ID,
        Field("title", N_("Title"), "text", ("Titel", "Bezeichnung", "Name", "Partnerschaft", "Partnership")),
        Field("partner", N_("Partner"), "ref", ("Partnerkommune", "Partner municipality", "Partnerstadt"), ref="organisations", attr="partner_id"),
        Field("type", N_("Type"), "enum", ("Art", "Typ", "Kind", "Partnerschaftsart"), enum=PartnershipType),
        Field("status", N_("Status"), "enum", ("Stand", "Zustand"), enum=PartnershipStatus),
        Field("start_year", N_("Start year"), "int", ("Startjahr", "Beginn Jahr", "Jahr", "seit", "Year", "Since")),
        Field("start_date", N_("Start date"), "date", ("Beginn", "Start", "Startdatum", "Beginndatum", "Gründung")),
        Field("mou_status", N_("MoU status"), "enum", ("MoU", "MoU-Status"), enum=MouStatus),
        Field("mou_signed_on", N_("MoU signing date"), "date", ("MoU unterzeichnet", "MoU signed", "Unterzeichnung")),
        Field("themes", N_("Themes"), "list", ("Themen", "Schwerpunkte", "Thema", "Topics")),
        _GOALS,
        Field("coordinators", N_("Coordinating units"), "refs", ("Koordination", "Koordinierende Stellen", "Coordinators"), ref="organisations", attr="coordinator_ids"),
        _NOTES,
        Field("partner_decision_required", N_("Partner's decision required"), "bool", ("Beschluss der Partnerseite nötig",)),
        Field("partner_decision_on", N_("Partner's decision on"), "date", ("Beschluss der Partnerseite vom",)),
        Field("partner_decision_number", N_("Partner's decision no."), "text", ("Beschluss der Partnerseite Nr.",)),
        Field("responsible", N_("Responsible"), "ref", ("Verantwortlich", "Verantwortliche", "Verantwortliche Person", "Zuständig", "Responsible person"), ref="contacts", attr="responsible_id"),
        Field("stages", N_("Stages"), "stages", ("Stufen", "Stufe", "Stationen", "Verlauf", "Zeitleiste", "Timeline", "Stage")),
    ],
    "projects": [
        _ID,
        Field("title", N_("Title"), "text", ("Titel", "Projekt", "Projekttitel", "Project", "Name", "Bezeichnung")),
        Field("partnership", N_("Partnership"), "ref", ("Partnerschaft",), ref="partnerships", attr="partnership_id"),
        Field("summary", N_("Summary"), "text", ("Beschreibung", "Zusammenfassung", "Kurzbeschreibung", "Description")),
        Field("title_translations", N_("Title in other languages"), "text", ("Titel übersetzt",)),
        Field("summary_translations", N_("Summary in other languages"), "text", ("Zusammenfassung übersetzt",)),
        Field("status", N_("Status"), "enum", ("Stand", "Projektstatus"), enum=ProjectStatus),
        Field("start_date", N_("Start date"), "date", ("Beginn", "Start", "Projektbeginn", "Laufzeit von", "von", "From")),
        Field("start_year", N_("Start year"), "int", ("Startjahr", "Beginn Jahr", "Jahr", "seit", "Year", "Since")),
        Field("end_date", N_("End date"), "date", ("Ende", "End", "Projektende", "Laufzeit bis", "bis", "To")),
        _GOALS,
        Field("sdg_targets", N_("SDG targets"), "targets", ("Unterziele", "SDG-Unterziele", "Zielvorgaben", "Targets")),
        Field("budget_amount", N_("Budget"), "amount", ("Betrag", "Kosten", "Volumen", "Amount", "Gesamtbudget", "Projektbudget")),
        Field("budget_currency", N_("Currency"), "currency", ("Währung", "Waehrung")),
        Field("funding", N_("Funding sources"), "funding", ("Finanzierung", "Geldgeber", "Fördermittel", "Förderung", "Funding"), attr="funding_sources"),
        Field("participants", N_("Participating organisations"), "participants", ("Beteiligte", "Beteiligte Organisationen", "Partner", "Participants"), ref="organisations"),
        Field("contacts", N_("Contacts"), "refs", ("Kontakte", "Ansprechpartner", "Ansprechpersonen"), ref="contacts", attr="contact_ids"),
        Field("results", N_("Results and indicators"), "text", ("Ergebnisse", "Ergebnisse und Indikatoren", "Indikatoren", "Results")),
        Field("funding_programme", N_("Funding programme"), "text", ("Förderprogramm", "Foerderprogramm", "Programm", "Programme")),
        Field("file_reference", N_("File reference"), "text", ("Aktenzeichen", "Az.", "Az", "Reference")),
        _NOTES,
        Field("responsible", N_("Responsible"), "ref", ("Verantwortlich", "Verantwortliche", "Verantwortliche Person", "Zuständig", "Responsible person"), ref="contacts", attr="responsible_id"),
    ],
    "contacts": [
        _ID,
        # The whole name, as lists show it; split on import where unambiguous (``domain.person_names``).
        # Left aside on import when the table has first or last name columns (PartnerDesk's own export).
        Field("name", N_("Name"), "text", ("Person", "Kontakt", "Contact", "Vollständiger Name", "Full name")),
        Field("salutation", N_("Salutation"), "enum", ("Anrede", "Salutation"), enum=Salutation),
        Field("title", N_("Academic title"), "text", ("Titel", "Akademischer Titel", "Title", "Academic title")),
        Field("first_name", N_("First name"), "text", ("Vorname", "Vornamen", "Given name", "First name")),
        Field("last_name", N_("Last name"), "text", ("Nachname", "Familienname", "Name (Nachname)", "Surname", "Last name")),
        Field("name_to_check", N_("Name to check"), "bool", ("Name prüfen", "Name zu prüfen")),
        Field("organisation", N_("Organisation"), "ref", ("Organization", "Institution", "Einrichtung"), ref="organisations", attr="organisation_id"),
        Field("function", N_("Function"), "text", ("Funktion", "Position", "Rolle", "Job title", "Role")),
        Field("email", N_("E-mail"), "text", ("Email", "Mail", "E-Mail-Adresse")),
        Field("phone", N_("Phone"), "text", ("Telefon", "Tel", "Telefonnummer", "Tel.", "Telefonnummern", "Mobil", "Handy", "Phones")),
        Field("address", N_("Postal address"), "text", ("Adresse", "Anschrift", "Postanschrift", "Address", "Postadresse")),
        Field("languages", N_("Languages"), "languages", ("Sprache", "Sprachen", "Bevorzugte Sprache", "Language", "Preferred language")),
        _NOTES,
        Field("do_not_contact", N_("Do not contact"), "bool", ("Nicht kontaktieren", "Keine Kontaktaufnahme", "Sperrvermerk")),
        Field("legal_basis", N_("Legal basis"), "legal_basis", ("Rechtsgrundlage", "Einwilligung", "Consent")),
        Field("consent_given_on", N_("Consent given on"), "date", ("Einwilligung vom", "Einwilligung erteilt am", "Einwilligungsdatum")),
        Field("consent_source", N_("Source of consent"), "text", ("Quelle der Einwilligung", "Einwilligung Quelle", "Herkunft der Daten")),
        Field("consent_withdrawn_on", N_("Consent withdrawn on"), "date", ("Widerrufen am", "Einwilligung widerrufen am", "Widerruf")),
        Field("consent_to_check", N_("Legal basis to check"), "bool", ("Rechtsgrundlage prüfen",)),
    ],
    "activities": [
        _ID,
        Field("title", N_("Title"), "text", ("Titel", "Betreff", "Anlass", "Name", "Subject")),
        Field("kind", N_("Kind"), "enum", ("Art", "Typ", "Type"), enum=ActivityKind),
        Field("date", N_("Date"), "date", ("Datum", "Termin", "Tag", "Beginn", "Von", "Start", "Anreise")),
        Field("end_date", N_("Last day"), "date", ("Bis", "Ende", "Enddatum", "Letzter Tag", "Abreise", "End date", "End")),
        Field("direction", N_("Direction"), "enum", ("Richtung", "Besuchsrichtung"), enum=ActivityDirection),
        Field("place", N_("Place"), "text", ("Ort", "Location", "Veranstaltungsort")),
        Field("partnership", N_("Partnership"), "ref", ("Partnerschaft",), ref="partnerships", attr="partnership_id"),
        Field("project", N_("Project"), "ref", ("Projekt",), ref="projects", attr="project_id"),
        Field("contacts", N_("Contacts"), "refs", ("Kontakte", "Ansprechpartner"), ref="contacts", attr="contact_ids"),
        Field("organisations", N_("Organisations"), "refs", ("Organisationen", "Organizations", "Beteiligte"), ref="organisations", attr="organisation_ids"),
        _NOTES,
        Field("attendees", N_("Participant list"), "attendees", ("Teilnehmende", "Teilnehmer", "Teilnehmerliste", "Teilnahmeliste", "Participants")),
        Field("follow_ups", N_("Follow-ups"), "follow_ups", ("Folgeaufgaben", "Folgeaufgabe", "Wiedervorlagen", "Wiedervorlage", "Nächste Schritte", "Aufgaben", "Follow-up")),
    ],
    "decisions": [
        _ID,
        Field("title", N_("Title"), "text", ("Titel", "Betreff", "Gegenstand", "Beschluss", "Subject")),
        Field("body", N_("Body"), "enum", ("Gremium", "Organ", "Beschlussorgan"), enum=DecisionBody),
        Field("committee", N_("Committee"), "text", ("Ausschuss", "Ausschussname")),
        Field("date", N_("Date"), "date", ("Datum", "Sitzung", "Sitzungsdatum", "Beschlussdatum", "Ratsbeschluss vom")),
        Field("number", N_("Drucksache no."), "text", ("Drucksache", "Drucksache Nr.", "Drucksachennummer", "Vorlage")),
        Field("result", N_("Result"), "enum", ("Ergebnis", "Beschluss", "Abstimmung", "Outcome"), enum=DecisionResult),
        Field("partnerships", N_("Partnerships"), "refs", ("Partnerschaften", "Partnerschaft"), ref="partnerships", attr="partnership_ids"),
        Field("projects", N_("Projects"), "refs", ("Projekte", "Projekt"), ref="projects", attr="project_ids"),
        _NOTES,
    ],
    "programmes": [
        _ID,
        Field("name", N_("Name"), "text", ("Programm", "Förderprogramm", "Foerderprogramm", "Programme", "Bezeichnung")),
        Field("funder", N_("Funder"), "text", ("Geber", "Fördergeber", "Zuwendungsgeber", "Mittelgeber", "Funder")),
        Field("typical_rate", N_("Typical funding rate"), "amount", ("Förderquote", "Typische Förderquote", "Quote", "Rate")),
        Field("min_amount", N_("Smallest grant"), "amount", ("Mindestbetrag", "Von", "Minimum")),
        Field("max_amount", N_("Largest grant"), "amount", ("Höchstbetrag", "Bis", "Maximum")),
        Field("currency", N_("Currency"), "currency", ("Währung", "Waehrung")),
        Field("link", N_("Link"), "text", ("Webseite", "Website", "URL", "Internet")),
        _NOTES,
    ],
    "grants": [
        _ID,
        Field("title", N_("Title"), "text", ("Titel", "Bezeichnung", "Vorhaben", "Zuwendung", "Name")),
        Field("programme", N_("Funding programme"), "ref", ("Förderprogramm", "Programm", "Programme"), ref="programmes",
              attr="programme_id"),
        Field("projects", N_("Projects"), "refs", ("Projekte", "Projekt"), ref="projects", attr="project_ids"),
        Field("file_reference", N_("File reference"), "text", ("Aktenzeichen", "Az.", "Az", "Förderkennzeichen", "Reference")),
        Field("decision_date", N_("Decision date"), "date", ("Bescheid vom", "Bescheiddatum", "Bewilligt am", "Zuwendungsbescheid")),
        Field("period_from", N_("Approved from"), "date", ("Bewilligungszeitraum von", "Beginn", "Von", "Laufzeit von")),
        Field("period_until", N_("Approved until"), "date", ("Bewilligungszeitraum bis", "Ende", "Bis", "Laufzeit bis")),
        Field("approved_amount", N_("Approved amount"), "amount", ("Bewilligter Betrag", "Zuwendung", "Fördersumme", "Betrag")),
        Field("currency", N_("Currency"), "currency", ("Währung", "Waehrung")),
        Field("funding_rate", N_("Funding rate"), "amount", ("Förderquote", "Quote")),
        Field("financing_kind", N_("Financing"), "enum", ("Finanzierungsart", "Finanzierung"), enum=FinancingKind),
        Field("own_share", N_("Own share"), "amount", ("Eigenanteil", "Eigenmittel")),
        Field("third_party_funds", N_("Third-party funds"), "amount", ("Drittmittel",)),
        Field("min_own_share_rate", N_("Least own share"), "amount", ("Mindesteigenanteil", "Eigenanteil mindestens")),
        Field("conditions", N_("Conditions"), "enum", ("Nebenbestimmungen", "ANBest"), enum=GrantConditions),
        Field("special_conditions", N_("Special conditions"), "text", ("Besondere Nebenbestimmungen", "Auflagen")),
        Field("status", N_("Status"), "enum", ("Stand", "Zustand"), enum=GrantStatus),
        Field("tolerance", N_("Tolerance per plan line"), "amount", ("Toleranz", "Überschreitung")),
        Field("passed_on_limit", N_("Limit for passing on"), "amount", ("Weiterleitung höchstens", "Weiterleitungsgrenze")),
        Field("interim_proof_due", N_("Interim proof due"), "date", ("Zwischennachweis fällig", "Zwischennachweis")),
        Field("final_proof_due", N_("Final proof due"), "date", ("Verwendungsnachweis fällig", "Verwendungsnachweis")),
        Field("receipts_kept_until", N_("Receipts kept until"), "date", ("Belege aufbewahren bis", "Aufbewahrung")),
        Field("plan_lines", N_("Funding plan"), "plan_lines", ("Finanzierungsplan", "Planpositionen", "Ausgabenplan")),
        _NOTES,
    ],
    # Not a register: the expenses of one grant, read from the city's finance system export
    # (``exchange.expense_import``); the plan line is found by its name in the grant's plan.
    "expenses": [
        Field("date", N_("Date"), "date", ("Datum", "Belegdatum", "Buchungsdatum", "Zahlungsdatum", "Zahldatum",
                                           "Wertstellung", "Valuta", "Date")),
        Field("payee", N_("Payee"), "text", ("Empfänger", "Zahlungsempfänger", "Kreditor", "Lieferant",
                                             "Name Kreditor", "Payee")),
        Field("purpose", N_("Purpose"), "text", ("Zweck", "Verwendungszweck", "Buchungstext", "Text", "Bezeichnung",
                                                 "Purpose")),
        Field("amount", N_("Amount"), "amount", ("Betrag", "Betrag EUR", "Betrag (EUR)", "Summe", "Ausgabe",
                                                 "Soll", "Amount")),
        Field("plan_line", N_("Plan line"), "text", ("Planposition", "Position", "Finanzierungsplan",
                                                     "Kostenart", "Ausgabenposition", "Plan line")),
        Field("receipt", N_("Receipt"), "text", ("Beleg", "Belegnummer", "Beleg-Nr.", "Belegnr", "Buchungsnummer",
                                                 "Receipt")),
    ],
}

#: The field that names a record (used to find an existing record by name).
NAME_FIELD = {
    "organisations": "name",
    "partnerships": "title",
    "projects": "title",
    "contacts": "name",
    "activities": "title",
    "decisions": "title",
    "programmes": "name",
    "grants": "title",
    "expenses": "receipt",
}


def fields(kind: str) -> list[Field]:
    return FIELDS[kind]


def field(kind: str, key: str) -> Field:
    for f in FIELDS[kind]:
        if f.key == key:
            return f
    raise KeyError(key)
