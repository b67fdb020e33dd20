"""A small filled action programme (German and English or French), for fixtures, tests and trials.

Ids are derived from ``seed`` so that the same call always gives the same programme.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from partnerdesk.domain.programme import ItemKind, MeasuredValue, MeasureStatus, ProgrammeItem


def sample_programme(seed: int = 0, language: str = "en") -> list[ProgrammeItem]:
    """Two fields of action with goals, measures and indicators (one with measured values)."""

    def sid(n: int) -> str:
        return str(uuid.UUID(int=(seed + 1) * 1_000 + n, version=4))

    fr = language == "fr"

    def tr(en: str, french: str) -> str:
        return f"{language}: {french if fr else en}"

    return [
        ProgrammeItem(id=sid(1), kind=ItemKind.FIELD, title="Klimaanpassung",
                      title_translations=tr("Climate adaptation", "Adaptation au climat")),
        ProgrammeItem(id=sid(2), parent_id=sid(1), kind=ItemKind.GOAL, title="Hitzeschutz in Schulen",
                      title_translations=tr("Heat protection in schools", "Protection contre la chaleur dans les écoles"),
                      description="Schulen beider Städte bleiben im Sommer nutzbar.",
                      description_translations=tr("Schools in both cities stay usable in summer.",
                                                  "Les écoles des deux villes restent utilisables en été.")),
        ProgrammeItem(id=sid(3), parent_id=sid(2), kind=ItemKind.MEASURE, title="Schulhöfe entsiegeln und begrünen",
                      title_translations=tr("Unseal and green schoolyards", "Désimperméabiliser et verdir les cours d’école"),
                      responsible_city="Umweltamt; Grünflächenamt", responsible_partner="Waste & Sanitation Dept. – „Ș“ test",
                      period_from=2024, period_until=2027, status=MeasureStatus.RUNNING),
        ProgrammeItem(id=sid(4), parent_id=sid(3), kind=ItemKind.INDICATOR, title="Begrünte Schulhöfe",
                      title_translations=tr("Greened schoolyards", "Cours d’école verdies"), unit="Anzahl",
                      baseline_value=Decimal("2"), baseline_year=2023, target_value=Decimal("12"), target_year=2027,
                      measured=[MeasuredValue(id=sid(41), year=2024, value=Decimal("4"), source="Schulamt"),
                                MeasuredValue(id=sid(42), year=2025, on=date(2025, 9, 30), value=Decimal("7.5"),
                                              source="Bericht Phase 2")]),
        ProgrammeItem(id=sid(5), parent_id=sid(2), kind=ItemKind.INDICATOR, title="Hitzetage über 30 °C im Klassenraum",
                      title_translations=tr("Heat days above 30 °C in classrooms", "Jours de chaleur au-dessus de 30 °C"),
                      unit="Tage pro Jahr", baseline_value=Decimal("18"), baseline_year=2022,
                      target_value=Decimal("5"), target_year=2030),
        ProgrammeItem(id=sid(6), kind=ItemKind.FIELD, title="Abfallwirtschaft",
                      title_translations=tr("Waste management", "Gestion des déchets")),
        ProgrammeItem(id=sid(7), parent_id=sid(6), kind=ItemKind.GOAL, title="Weniger Abfall auf Deponien",
                      title_translations=tr("Less waste in landfills", "Moins de déchets en décharge")),
        ProgrammeItem(id=sid(8), parent_id=sid(7), kind=ItemKind.MEASURE, title="Kompostanlage am Markt",
                      title_translations=tr("Composting site at the market", "Site de compostage au marché"),
                      responsible_city="EDG Entsorgung Dortmund GmbH", responsible_partner="Market Authority",
                      period_from=2025, status=MeasureStatus.PLANNED),
        ProgrammeItem(id=sid(9), parent_id=sid(8), kind=ItemKind.INDICATOR, title="Kompostierte Menge",
                      title_translations=tr("Composted amount", "Quantité compostée"), unit="t pro Jahr",
                      baseline_value=Decimal("0"), baseline_year=2024, target_value=Decimal("350.25"), target_year=2028),
    ]
