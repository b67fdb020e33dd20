"""The example climate partnership's joint action programme (Dortmund – Kumasi), German and English.

A small programme as climate partnerships write them (SKEW, *Kommunale Klimapartnerschaften*):
two fields of action, each with goals, measures with the responsible units of both cities, and
indicators with a baseline, a target and, where the work has started, a measured value. The
places are Kumasi's (the Subin river, Kejetia market); the figures are invented for the example.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from partnerdesk.domain.programme import ItemKind, MeasuredValue, MeasureStatus, ProgrammeItem


def _en(text: str) -> str:
    return f"en: {text}"


def kumasi_programme(project_id: str, grant_id: str) -> list[ProgrammeItem]:
    """The programme; its first measure is the master plan project, funded by the Nakopa grant."""
    adaptation = ProgrammeItem(
        kind=ItemKind.FIELD, title="Klimaanpassung: Hitze und Starkregen",
        title_translations=_en("Climate adaptation: heat and heavy rain"),
        description="Beide Städte bereiten sich auf mehr Hitzetage und Starkregen vor.",
        description_translations=_en("Both cities prepare for more hot days and heavy rain."))
    plans = ProgrammeItem(
        kind=ItemKind.GOAL, parent_id=adaptation.id, title="Masterpläne Klimaanpassung in beiden Städten beschlossen",
        title_translations=_en("Climate adaptation master plans adopted in both cities"))
    analysis = ProgrammeItem(
        kind=ItemKind.MEASURE, parent_id=plans.id, title="Gemeinsame Klimaanalyse und Entwürfe der Masterpläne",
        title_translations=_en("Joint climate analysis and draft master plans"),
        responsible_city="Umweltamt, Koordinierungsstelle Klimaanpassung",
        responsible_partner="Kumasi Metropolitan Assembly, Physical Planning Department",
        period_from=2024, period_until=2026, status=MeasureStatus.RUNNING, project_ids=[project_id],
        grant_ids=[grant_id])
    adopted = ProgrammeItem(
        kind=ItemKind.INDICATOR, parent_id=analysis.id, title="Beschlossene Masterpläne Klimaanpassung",
        title_translations=_en("Climate adaptation master plans adopted"), unit="Anzahl",
        baseline_value=Decimal(0), baseline_year=2023, target_value=Decimal(2), target_year=2026,
        measured=[MeasuredValue(year=2025, on=date(2025, 11, 27), value=Decimal(1),
                                source="Ratsbeschluss Dortmund (Beispieldaten)")])
    flooding = ProgrammeItem(
        kind=ItemKind.GOAL, parent_id=adaptation.id, title="Weniger Überflutungen in Kumasis Innenstadt",
        title_translations=_en("Less flooding in central Kumasi"))
    channels = ProgrammeItem(
        kind=ItemKind.MEASURE, parent_id=flooding.id, title="Entwässerungsgräben am Subin freilegen und begrünen",
        title_translations=_en("Clear and green the drainage channels along the Subin river"),
        responsible_city="Stadtentwässerung Dortmund",
        responsible_partner="Kumasi Metropolitan Assembly, Works Department",
        period_from=2025, period_until=2027, status=MeasureStatus.PLANNED)
    cleared = ProgrammeItem(
        kind=ItemKind.INDICATOR, parent_id=channels.id, title="Freigelegte und gesicherte Gräben",
        title_translations=_en("Drainage channels cleared and secured"), unit="km",
        baseline_value=Decimal(0), baseline_year=2024, target_value=Decimal(5), target_year=2027)
    waste = ProgrammeItem(
        kind=ItemKind.FIELD, title="Abfallwirtschaft und Klimaschutz",
        title_translations=_en("Waste management and climate protection"))
    compost = ProgrammeItem(
        kind=ItemKind.GOAL, parent_id=waste.id, title="Organische Marktabfälle kompostieren statt deponieren",
        title_translations=_en("Compost organic market waste instead of landfilling it"),
        description="Weniger Methan von der Deponie, Kompost für die städtische Landwirtschaft.",
        description_translations=_en("Less methane from the landfill, compost for urban farming."))
    site = ProgrammeItem(
        kind=ItemKind.MEASURE, parent_id=compost.id, title="Kompostieranlage am Kejetia-Markt",
        title_translations=_en("Composting site at Kejetia market"),
        responsible_city="EDG Entsorgung Dortmund GmbH",
        responsible_partner="Kumasi Metropolitan Assembly, Waste Management Department",
        period_from=2025, period_until=2028, status=MeasureStatus.RUNNING)
    composted = ProgrammeItem(
        kind=ItemKind.INDICATOR, parent_id=site.id, title="Kompostierte Marktabfälle",
        title_translations=_en("Market waste composted"), unit="t pro Jahr",
        baseline_value=Decimal(0), baseline_year=2024, target_value=Decimal(1200), target_year=2028,
        measured=[MeasuredValue(year=2025, value=Decimal(180), source="Wiegeprotokolle der Anlage (Beispieldaten)")])
    avoided = ProgrammeItem(
        kind=ItemKind.INDICATOR, parent_id=site.id, title="Vermiedene Treibhausgasemissionen",
        title_translations=_en("Greenhouse gas emissions avoided"), unit="t CO₂e pro Jahr",
        baseline_value=Decimal(0), baseline_year=2024, target_value=Decimal(600), target_year=2028)
    return [adaptation, plans, analysis, adopted, flooding, channels, cleared, waste, compost, site, composted, avoided]
