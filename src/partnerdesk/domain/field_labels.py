"""Readable names of record fields (German by ``_``): validation messages, conflicts, reports."""

from __future__ import annotations

from collections.abc import Callable

from partnerdesk.i18n import _

FIELD_LABELS: dict[str, Callable[[], str]] = {
    "name": lambda: _("Name"),
    "short_name": lambda: _("Short name"),
    "kind": lambda: _("Kind"),
    "country": lambda: _("Country"),
    "city": lambda: _("City"),
    "population": lambda: _("Population"),
    "population_year": lambda: _("Population year"),
    "languages": lambda: _("Languages"),
    "website": lambda: _("Website"),
    "latitude": lambda: _("Latitude"),
    "longitude": lambda: _("Longitude"),
    "notes": lambda: _("Notes"),
    "legal_name": lambda: _("Legal name"),
    "legal_name_translations": lambda: _("Legal name in other languages"),
    "representative": lambda: _("Representative"),
    "representative_function": lambda: _("Representative's function"),
    "representative_function_translations": lambda: _("Function in other languages"),
    "council_decision_on": lambda: _("Council decision on"),
    "council_decision_number": lambda: _("Council decision (Drucksache no.)"),
    "partner_decision_required": lambda: _("Partner's decision required"),
    "partner_decision_on": lambda: _("Partner's decision on"),
    "partner_decision_number": lambda: _("Partner's decision no."),
    "title": lambda: _("Title"),
    "partner_id": lambda: _("Partner"),
    "type": lambda: _("Type"),
    "status": lambda: _("Status"),
    "start_year": lambda: _("Start year"),
    "start_date": lambda: _("Start date"),
    "end_date": lambda: _("End date"),
    "mou_status": lambda: _("MoU status"),
    "mou_signed_on": lambda: _("MoU signing date"),
    "themes": lambda: _("Themes"),
    "sdg_goals": lambda: _("SDG goals"),
    "sdg_targets": lambda: _("SDG targets"),
    "coordinator_ids": lambda: _("Coordinating units"),
    "organisation_id": lambda: _("Organisation"),
    "function": lambda: _("Function"),
    "email": lambda: _("E-mail"),
    "phone": lambda: _("Phone"),
    "preferred_language": lambda: _("Preferred language"),
    "legal_basis": lambda: _("Legal basis"),
    "partnership_id": lambda: _("Partnership"),
    "summary": lambda: _("Summary"),
    "budget_amount": lambda: _("Budget"),
    "budget_currency": lambda: _("Currency"),
    "funding_sources": lambda: _("Funding sources"),
    "participants": lambda: _("Participants"),
    "contact_ids": lambda: _("Contacts"),
    "organisation_ids": lambda: _("Organisations"),
    "project_id": lambda: _("Project"),
    "date": lambda: _("Date"),
    "place": lambda: _("Place"),
    "follow_ups": lambda: _("Follow-ups"),
    "body": lambda: _("Body"),
    "committee": lambda: _("Committee"),
    "number": lambda: _("Drucksache no."),
    "result": lambda: _("Result"),
    "partnership_ids": lambda: _("Partnerships"),
    "project_ids": lambda: _("Projects"),
    "is_example": lambda: _("Example data"),
    "id": lambda: _("ID"),
    "version": lambda: _("Version"),
    "created_at": lambda: _("Created"),
    "updated_at": lambda: _("Last changed"),
}


def field_label(name: str | None) -> str:
    if name is None:
        return _("whole record")
    label = FIELD_LABELS.get(name)
    return label() if label else name
