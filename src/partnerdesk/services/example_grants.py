"""The example funding programmes and grant (issue 23): the two SKEW programmes the research
names (``shared/research/grants.md``) and a running Nakopa grant for the Kumasi project."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from partnerdesk.domain.enums import FinancingKind, GrantConditions, GrantStatus
from partnerdesk.domain.grant_records import Drawdown, Expense, FundingProgramme, Grant, PlanLine, Transfer
from partnerdesk.domain.records import Record


def example_grants(project_id: str) -> list[Record]:
    nakopa = FundingProgramme(
        name="Nakopa – Nachhaltige Kommunalentwicklung durch Partnerschaftsprojekte", funder="SKEW / Engagement Global (BMZ)",
        typical_rate=Decimal(90), min_amount=Decimal(50000), max_amount=Decimal(250000),
        link="https://skew.engagement-global.de/unterstuetzung-durch-nakopa.html",
        notes="Mindestens 10 % Eigen- oder Drittmittel, höchstens 36 Monate (Beispiel).", is_example=True)
    fkkp = FundingProgramme(
        name="FKKP – Förderprogramm für Kommunale Klimaschutz- und Klimaanpassungsprojekte",
        funder="SKEW / Engagement Global (BMZ)", typical_rate=Decimal(90), min_amount=Decimal(100000),
        max_amount=Decimal(500000),
        link="https://skew.engagement-global.de/foerderprogramm-fuer-kommunale-klimaschutz-und-klimaanpassungsprojekte.html",
        notes="Nur für Teilnehmende der Kommunalen Klimapartnerschaften (Beispiel).", is_example=True)
    staff, travel, material = (PlanLine(name="Personalausgaben", planned=Decimal("60000.00")),
                               PlanLine(name="Reisekosten", planned=Decimal("25000.00")),
                               PlanLine(name="Sachausgaben", planned=Decimal("115000.00")))
    grant = Grant(
        title="Nakopa: Klimaanpassung Kumasi (Beispiel)", programme_id=nakopa.id, project_ids=[project_id],
        file_reference="Beispiel-NAK-2025-017", decision_date=date(2025, 12, 10), period_from=date(2026, 1, 1),
        period_until=date(2027, 12, 31), approved_amount=Decimal("180000.00"), funding_rate=Decimal(90),
        financing_kind=FinancingKind.SHARE, own_share=Decimal("20000.00"), third_party_funds=Decimal("0.00"),
        min_own_share_rate=Decimal(10), conditions=GrantConditions.ANBEST_GK, status=GrantStatus.RUNNING,
        passed_on_limit=Decimal(50), special_conditions="Weiterleitung an Kumasi nur mit Weiterleitungsvertrag.",
        plan_lines=[staff, travel, material],
        drawdowns=[Drawdown(requested_on=date(2026, 3, 1), amount=Decimal("30000.00"), received_on=date(2026, 3, 20),
                            spent=Decimal("30000.00"), spent_on=date(2026, 4, 25))],
        expenses=[
            Expense(date=date(2026, 3, 25), payee="Reisebüro Beispiel GmbH", purpose="Flüge Dortmund–Kumasi",
                    amount=Decimal("4830.40"), plan_line_id=travel.id, receipt="B-2026-001"),
            Expense(date=date(2026, 4, 2), payee="Stadt Dortmund, Personalamt", purpose="Projektstelle März",
                    amount=Decimal("5169.60"), plan_line_id=staff.id, receipt="B-2026-002"),
        ],
        transfers=[Transfer(contract="Weiterleitungsvertrag Kumasi 2026", amount=Decimal("20000.00"),
                            transferred_on=date(2026, 4, 10), proof_due=date(2027, 3, 31))],
        is_example=True,
    )
    return [nakopa, fkkp, grant]
