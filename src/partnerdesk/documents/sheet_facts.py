"""The facts at the top of a project sheet, in the sheet's language (de, en, fr).

A fact nobody filled in is printed as open ("Budget: offen"), never left off, so a reader
sees what is still missing. A start known only as a year reads "seit 2008"; the place is the
"Partnerstadt" only for the partner municipality of the project's partnership, otherwise the
"Projektort". Record texts are printed as entered unless a translation into the sheet's
language is recorded.
"""

from __future__ import annotations

from collections.abc import Callable

from partnerdesk.documents.formatting import money, short_date
from partnerdesk.documents.project_sheet_data import PlaceKind, SheetData
from partnerdesk.documents.text import markup
from partnerdesk.domain import translations
from partnerdesk.domain.countries import country_name
from partnerdesk.domain.enums import ProjectStatus
from partnerdesk.domain.records import Project
from partnerdesk.i18n import N_, document_catalogue

Translate = Callable[[str], str]

#: Status values after which a project without end date has ended all the same.
_ENDED = (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED)


def translator(language: str) -> Translate:
    return document_catalogue(language).gettext


def title_in(project: Project, language: str) -> str:
    """The project's title in ``language`` where a translation is recorded, else as entered."""
    return translations.in_language(project.title, project.title_translations, language)


def summary_in(project: Project, language: str) -> str:
    """The project's summary in ``language`` where a translation is recorded, else as entered."""
    return translations.in_language(project.summary, project.summary_translations, language)


class Facts:
    """The label/value rows (values already markup) of one project."""

    def __init__(self, project: Project, data: SheetData, language: str) -> None:
        self.project, self.data, self.language = project, data, language
        self.t = translator(language)

    @property
    def open(self) -> str:
        return markup(self.t(N_("open")))

    def period(self) -> str:
        """"seit 2008", "01.01.2024 – 31.12.2026", "2008 – 2012" or open."""
        p, t, lang = self.project, self.t, self.language
        start = short_date(p.start_date, lang) if p.start_date else (str(p.start_year) if p.start_year else "")
        end = short_date(p.end_date, lang) if p.end_date else ""
        if start and end:
            return markup(f"{start} – {end}")
        if start and p.status in _ENDED:
            return markup(t(N_("{start} – end open")).format(start=start))
        if start:
            return markup(t(N_("since {start}")).format(start=start))
        if end:
            return markup(t(N_("start open – {end}")).format(end=end))
        return self.open

    def place_text(self) -> tuple[str, str]:
        place = self.data.place_of(self.project)
        label = self.t(N_("Partner city")) if place.kind == PlaceKind.PARTNER_CITY else self.t(N_("Project place"))
        org = place.organisation
        if org is None:
            return label, self.open
        name = org.city or org.name
        country = country_name(org.country, self.language) if org.country else ""
        return label, markup(f"{name} ({country})" if country else name)

    def coordinates(self) -> tuple[float | None, float | None, str]:
        org = self.data.place_of(self.project).organisation
        if org is None:
            return None, None, ""
        return org.latitude, org.longitude, org.country

    def rows(self, *, has_map: bool) -> list[tuple[str, str]]:
        p, t, lang = self.project, self.t, self.language
        partnership = self.data.partnership_of(p)
        rows = [(t(N_("Partnership")), markup(partnership.title) if partnership else markup(t(N_("none"))))]
        rows.append(self.place_text())
        if not has_map:
            rows.append((t(N_("Location")), self.open))
        rows.append((t(N_("Status")), markup(p.status.label_in(t))))
        rows.append((t(N_("Period")), self.period()))
        rows.append((t(N_("Budget")), markup(money(p.budget_amount, p.budget_currency, lang)) if p.budget_amount is not None
                     else self.open))
        rows.append((t(N_("Funding programme")), markup(p.funding_programme) if p.funding_programme.strip() else self.open))
        person = self.data.responsible_of(p)
        rows.append((t(N_("Responsible")), markup(person.display_name) if person else self.open))
        if p.updated_at:
            rows.append((t(N_("Last change")), markup(short_date(p.updated_at, lang))))
        return rows

    def file_reference(self) -> str:
        value = self.project.file_reference.strip()
        return self.t(N_("File reference: {reference}")).format(reference=value or self.t(N_("open")))

