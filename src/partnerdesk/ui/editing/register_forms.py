"""The detail form of each register, field by field, in the order the office reads them."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from partnerdesk.domain import key_facts
from partnerdesk.domain import stages as timeline
from partnerdesk.domain.enums import (
    ActivityDirection,
    ActivityKind,
    DecisionBody,
    DecisionResult,
    LegalBasis,
    MouStatus,
    OrganisationKind,
    PartnershipStatus,
    PartnershipType,
    ProjectStatus,
    Salutation,
)
from partnerdesk.domain.errors import PartnerDeskError
from partnerdesk.domain.records import Record
from partnerdesk.i18n import _
from partnerdesk.ui.editing.choices import Choices
from partnerdesk.ui.editing.enum_combo import OptionalEnumCombo
from partnerdesk.ui.editing.form_base import RecordForm
from partnerdesk.ui.editing.grant_forms import GrantForm, ProgrammeForm
from partnerdesk.ui.widgets import (
    AttendeesEditor,
    CoordinatesField,
    CountryPicker,
    DateField,
    FollowUpsEditor,
    FundingSourcesEditor,
    KeyFactsEditor,
    LanguageListPicker,
    MoneyField,
    ParticipantsEditor,
    ReferenceListPicker,
    ReferencePicker,
    SdgGoalPicker,
    SdgTargetPicker,
    StagesEditor,
    TagsEditor,
    YearOrDateField,
)
from partnerdesk.ui.widgets.key_facts_editor import summary_of


def _optional(value: str) -> str | None:
    return value or None


class CheckField(QCheckBox):
    """A yes/no field of a form."""

    changed = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.toggled.connect(lambda _on: self.changed.emit())

    def value(self) -> bool:
        return self.isChecked()

    def setValue(self, value: object) -> None:  # noqa: N802  # the form's Qt-style accessor
        self.setChecked(bool(value))


class OrganisationForm(RecordForm):
    kind = "organisations"

    def build(self) -> None:
        self.add_text("name", _("Name"))
        self.add_text("name_translations", _("Name in other languages"), multiline=True).setToolTip(
            _("One line per document language, e.g. “en: Environmental Agency”; the MoU prints it in that column"))
        self.add_text("short_name", _("Short name"))
        self.add_enum("kind", _("Kind"), OrganisationKind)
        self.add_field("country", _("Country"), CountryPicker(self))
        self.add_text("city", _("City"))
        coordinates = CoordinatesField(self)
        self.add_field(
            "latitude", _("Coordinates (latitude / longitude)"), coordinates, also=("longitude",),
            load=lambda r: coordinates.setValue((r.latitude, r.longitude)),  # type: ignore[attr-defined]  # r: an Organisation
            store=lambda: dict(zip(("latitude", "longitude"), coordinates.value(), strict=True)),
        )
        self.add_field("languages", _("Languages"), LanguageListPicker(self))
        # Inhabitants, area, mayor and website with source and date (domain.key_facts); population,
        # its year and the website are the shown values', stored with the facts.
        self.key_facts = self.add_field(
            "key_facts", _("Key facts"), KeyFactsEditor(self), also=("population", "population_year", "website"),
            store=lambda: key_facts.derived_fields(self.key_facts.value()))
        # Who signs an MoU for this body (the city itself: a city unit with a legal name).
        self.add_text("legal_name", _("Legal name"))
        self.add_text("legal_name_translations", _("Legal name in other languages"), multiline=True).setToolTip(
            _("One line per document language where it differs, e.g. “en: City of Dortmund”"))
        self.add_text("representative", _("Representative"))
        self.add_text("representative_function", _("Representative's function"))
        self.add_text(
            "representative_function_translations", _("Function in other languages"), multiline=True
        ).setToolTip(_("One line per document language where it differs, e.g. “en: Lord Mayor”"))
        self.add_text("notes", _("Notes"), multiline=True)


class PartnershipForm(RecordForm):
    kind = "partnerships"

    def build(self) -> None:
        self.add_text("title", _("Title"))
        self.partner = self.add_field("partner_id", _("Partner municipality"), ReferencePicker(self))
        self.partner_facts = self._partner_facts_row()
        self.add_enum("type", _("Type"), PartnershipType)
        self.add_enum("status", _("Status"), PartnershipStatus)
        start = YearOrDateField(self)
        self.add_field(
            "start_year", _("Start (year or date)"), start, also=("start_date",),
            load=lambda r: start.setValue((r.start_year, r.start_date)),  # type: ignore[attr-defined]  # r: a Partnership
            store=lambda: dict(zip(("start_year", "start_date"), start.value(), strict=True)),
        )
        self.add_enum("mou_status", _("MoU status"), MouStatus)
        # The signing date is the latest "MoU signed" stage's (domain.stages): stored with the stages.
        self.stages = self.add_field("stages", _("Stages"), StagesEditor(self), also=("mou_signed_on",), store=lambda: {
            "stages": self.stages.value(), "mou_signed_on": timeline.mou_signed_on(self.stages.value())})
        self.themes = self.add_field("themes", _("Themes"), TagsEditor(self))
        self.add_field("sdg_goals", _("SDG goals"), SdgGoalPicker(self))
        self.coordinators = self.add_field("coordinator_ids", _("Coordinating units"), ReferenceListPicker(self))
        self.add_field("partner_decision_required", _("Partner's decision"),
                       CheckField(_("required by the partner's law"), self))
        self.add_field("partner_decision_on", _("Partner's decision on"), DateField(self))
        self.add_text("partner_decision_number", _("Partner's decision no."))
        self.responsible = self.add_responsible()
        self.add_text("notes", _("Notes"), multiline=True)

    def _partner_facts_row(self) -> QLabel:
        """The partner municipality's key facts, read-only (they belong to the municipality, edited
        in its form): the shown value per kind, every value with its source and date on hover."""
        facts = QLabel(self)
        facts.setObjectName("partner_facts")
        facts.setTextFormat(Qt.TextFormat.RichText)
        facts.setWordWrap(True)
        facts.setAccessibleName(_("Partner's key facts"))
        self.layout_.addRow(QLabel(_("Partner's key facts") + ":", self), facts)
        self.partner.changed.connect(self._show_partner_facts)
        return facts

    def _show_partner_facts(self) -> None:
        partner = self.partner.value()
        try:
            found = self.choices.key_facts(partner) if partner else []
        except PartnerDeskError:  # a convenience beside the form: a failed read leaves it empty
            found = []
        text, hover = summary_of(found)
        if partner and not text:
            text = escape(_("The partner municipality has no key facts yet (register “Organisations”)."))
        self.partner_facts.setText(text)
        self.partner_facts.setToolTip(hover)

    def after_load(self) -> None:
        self._show_partner_facts()

    def refresh_choices(self) -> None:
        self.responsible.set_lookup(self.choices.staff())
        organisations = self.choices.lookup("organisations")
        self.partner.set_lookup(organisations)
        self.coordinators.set_lookup(organisations)
        self.themes.set_known_tags(self.choices.themes())


class ProjectForm(RecordForm):
    kind = "projects"

    def build(self) -> None:
        self.add_text("title", _("Title"))
        self.partnership = self.add_field(
            "partnership_id", _("Partnership"), ReferencePicker(self),
            store=lambda: {"partnership_id": _optional(self.partnership.value())},
        )
        self.add_text("title_translations", _("Title in other languages"), multiline=True).setToolTip(
            _("One line per document language, e.g. “en: Climate-friendly schools”; the MoU prints it in that column"))
        self.responsible = self.add_responsible()
        self.add_text("summary", _("Summary"), multiline=True)
        self.add_text("summary_translations", _("Summary in other languages"), multiline=True).setToolTip(
            _("One line per document language, e.g. “fr: Un échange d’expertise …”"))
        self.add_text("results", _("Results and indicators"), multiline=True)
        self.add_enum("status", _("Status"), ProjectStatus)
        start = YearOrDateField(self)
        self.add_field(
            "start_date", _("Start (year or date)"), start, also=("start_year",),
            load=lambda r: start.setValue((r.start_year, r.start_date)),  # type: ignore[attr-defined]  # r: a Project
            store=lambda: dict(zip(("start_year", "start_date"), start.value(), strict=True)),
        )
        self.add_field("end_date", _("End date"), DateField(self))
        self.goals: SdgGoalPicker = self.add_field("sdg_goals", _("SDG goals"), SdgGoalPicker(self))
        self.targets: SdgTargetPicker = self.add_field("sdg_targets", _("SDG targets"), SdgTargetPicker(self))
        self.goals.changed.connect(lambda: self.targets.set_goals(self.goals.value()))
        budget = MoneyField(self)
        self.add_field(
            "budget_amount", _("Budget"), budget, also=("budget_currency",),
            load=lambda r: budget.setValue((r.budget_amount, r.budget_currency)),  # type: ignore[attr-defined]  # r: a Project
            store=lambda: dict(zip(("budget_amount", "budget_currency"), budget.value(), strict=True)),
        )
        self.add_field("funding_sources", _("Funding sources"), FundingSourcesEditor(self))
        self.add_text("funding_programme", _("Funding programme"))
        self.participants = self.add_field("participants", _("Participating organisations"), ParticipantsEditor(self))
        self.contacts = self.add_field("contact_ids", _("Contacts"), ReferenceListPicker(self))
        self.add_text("file_reference", _("File reference (Aktenzeichen)"))
        self.add_text("notes", _("Notes"), multiline=True)

    def after_load(self) -> None:
        self.targets.set_goals(self.goals.value())
        self.targets.setValue(self.base.sdg_targets)  # type: ignore[attr-defined]  # base: a Project

    def refresh_choices(self) -> None:
        self.responsible.set_lookup(self.choices.staff())
        self.partnership.set_lookup(self.choices.lookup("partnerships"))
        self.participants.set_lookup(self.choices.lookup("organisations"))
        self.contacts.set_lookup(self.choices.lookup("contacts"))


class ContactForm(RecordForm):
    kind = "contacts"

    def build(self) -> None:
        self.add_enum("salutation", _("Salutation"), Salutation)
        self.add_text("title", _("Academic title")).setToolTip(_("As written before the name, e.g. “Dr.” or “Prof. Dr.”"))
        self.add_text("first_name", _("First name"))
        self.add_text("last_name", _("Last name"))
        self.add_field("name_to_check", _("Name to check"), CheckField(
            _("first and last name could not be told apart safely: check them, then untick"), self))
        self.organisation = self.add_field(
            "organisation_id", _("Organisation"), ReferencePicker(self),
            store=lambda: {"organisation_id": _optional(self.organisation.value())},
        )
        self.add_text("function", _("Function"))
        self.add_field("languages", _("Languages"), LanguageListPicker(self))
        self._locked: set[str] = set()
        self.add_personal("email", _("E-mail"))
        self.add_personal("phone", _("Phones"), multiline=True)
        self.fields["phone"].widget.setToolTip(_("One number per line, with a label if you like: “Mobil: +49 171 000000”"))
        self.add_personal("address", _("Postal address"), multiline=True)
        self.add_field("do_not_contact", _("Do not contact"), CheckField(
            _("the person does not want to be contacted (no letters, invitations or mail merges)"), self))
        self.restricted: CheckField = self.add_field("processing_restricted", _("Processing restricted"), CheckField(
            _("Art. 18 GDPR: kept, but left out of exports, documents, mail merges, participant lists and travel copies"),
            self))
        self.restricted_banner = restriction_banner(self)
        self.restricted.changed.connect(self._show_restriction)
        self.add_field("legal_basis", _("Legal basis"), OptionalEnumCombo(LegalBasis, _("— not recorded —"), self))
        self.add_field("consent_given_on", _("Consent given on"), DateField(self))
        self.add_text("consent_source", _("Source of consent")).setToolTip(
            _("How the consent or the data came in, e.g. “signed form at the visit on 3 February 2025”"))
        self.add_field("consent_withdrawn_on", _("Consent withdrawn on"), DateField(self))
        self.add_field("consent_to_check", _("Legal basis to check"), CheckField(
            _("the former free-text legal basis is in the notes: record it above, then untick"), self))
        self.add_personal("notes", _("Notes"), multiline=True)

    def refresh_choices(self) -> None:
        self.organisation.set_lookup(self.choices.lookup("organisations"))

    def after_load(self) -> None:
        self._show_restriction()

    def _show_restriction(self) -> None:
        """The banner above the form while the box is ticked (as saved, or as just ticked)."""
        self.restricted_banner.setVisible(self.restricted.value())

    def personal_hidden(self, record: Record | None = None) -> bool:
        """Whether this user may not see contacts' personal data (a server's personal-data role)."""
        record = record or self.base
        return bool(getattr(record, "personal_hidden", False)) or not self.choices.db.personal_data_visible

    def add_personal(self, name: str, label: str, *, multiline: bool = False) -> None:
        """A field of the personal data: "vertraulich" and read-only where the server hides it;
        then nothing is read back from it, so a save leaves the stored value alone."""
        widget = self.add_text(name, label, multiline=multiline)
        f = self.fields[name]

        def load(record: Record) -> None:
            hidden = self.personal_hidden(record)
            self._set(widget, confidential_text() if hidden else getattr(record, name))
            if hidden:
                widget.setReadOnly(True)  # type: ignore[attr-defined]  # QLineEdit or QPlainTextEdit
                widget.setToolTip(confidential_tip())
                self._locked.add(name)
            elif name in self._locked:  # locked by this form before (leave a read-only form alone otherwise)
                widget.setReadOnly(False)  # type: ignore[attr-defined]
                widget.setToolTip("")
                self._locked.discard(name)

        def store() -> dict[str, Any]:
            return {} if self.personal_hidden() else {name: self._get(widget)}

        f.load, f.store = load, store


def restriction_banner(form: RecordForm) -> QLabel:
    """A banner at the top of the contact form: processing of this person is restricted."""
    banner = QLabel(_(
        "Processing restricted (Art. 18 GDPR): this contact is kept, but left out of exports, documents, "
        "mail merges, participant lists and travel copies."
    ), form)
    banner.setObjectName("restriction_banner")
    banner.setWordWrap(True)
    banner.setStyleSheet("QLabel { background: #fde2e1; color: #7a1712; padding: 4px 8px; font-weight: bold; }")
    banner.hide()
    outer = form.layout()
    assert isinstance(outer, QVBoxLayout)
    outer.insertWidget(1, banner)  # below the form's general error, above the fields
    return banner


def confidential_text() -> str:
    """What a hidden personal field shows ("vertraulich")."""
    return _("confidential")


def confidential_tip() -> str:
    return _(
        "Only members of the personal-data role (partnerdesk_personal_data) see contacts' e-mail, "
        "phone and notes. Saving this contact leaves them as they are."
    )


class ActivityForm(RecordForm):
    kind = "activities"

    def build(self) -> None:
        self.add_text("title", _("Title"))
        self.add_enum("kind", _("Kind"), ActivityKind)
        self.add_enum("direction", _("Direction"), ActivityDirection)
        self.add_field("date", _("Date"), DateField(self))
        self.add_field("end_date", _("Last day"), DateField(self))
        self.add_text("place", _("Place"))
        self.partnership = self.add_field(
            "partnership_id", _("Partnership"), ReferencePicker(self),
            store=lambda: {"partnership_id": _optional(self.partnership.value())},
        )
        self.project = self.add_field(
            "project_id", _("Project"), ReferencePicker(self),
            store=lambda: {"project_id": _optional(self.project.value())},
        )
        self.contacts = self.add_field("contact_ids", _("Contacts"), ReferenceListPicker(self))
        self.organisations = self.add_field("organisation_ids", _("Organisations"), ReferenceListPicker(self))
        self.attendees = self.add_field("attendees", _("Participant list"), AttendeesEditor(self))
        self.follow_ups = self.add_field("follow_ups", _("Follow-up tasks"), FollowUpsEditor(self))
        self.add_text("notes", _("Notes"), multiline=True)

    def refresh_choices(self) -> None:
        self.follow_ups.set_lookup(self.choices.staff())
        self.follow_ups.default_responsible = self.choices.me
        self.partnership.set_lookup(self.choices.lookup("partnerships"))
        self.project.set_lookup(self.choices.lookup("projects"))
        self.contacts.set_lookup(self.choices.lookup("contacts"))
        self.organisations.set_lookup(self.choices.lookup("organisations"))
        self.attendees.set_lookups(self.choices.lookup("contacts"), self.choices.lookup("organisations"))
        self.attendees.set_health_hidden(not self.choices.db.personal_data_visible)


class DecisionForm(RecordForm):
    kind = "decisions"

    def build(self) -> None:
        self.add_text("title", _("Title"))
        self.add_enum("body", _("Body"), DecisionBody)
        self.committee = self.add_text("committee", _("Committee"))
        self.add_field("date", _("Date"), DateField(self))
        self.add_text("number", _("Drucksache no."))
        self.add_enum("result", _("Result"), DecisionResult)
        self.partnerships = self.add_field("partnership_ids", _("Partnerships"), ReferenceListPicker(self))
        self.projects = self.add_field("project_ids", _("Projects"), ReferenceListPicker(self))
        self.add_text("notes", _("Notes"), multiline=True)

    def refresh_choices(self) -> None:
        self.partnerships.set_lookup(self.choices.lookup("partnerships"))
        self.projects.set_lookup(self.choices.lookup("projects"))


FORM_TYPES: dict[str, type[RecordForm]] = {
    "organisations": OrganisationForm,
    "partnerships": PartnershipForm,
    "projects": ProjectForm,
    "contacts": ContactForm,
    "activities": ActivityForm,
    "decisions": DecisionForm,
    "programmes": ProgrammeForm,
    "grants": GrantForm,
}


def make_form(kind: str, choices: Choices, parent: QWidget | None = None) -> RecordForm:
    return FORM_TYPES[kind](choices, parent)


