"""The register table of council decisions: Qt's model tester, German labels and dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from decision_helpers import council_approval
from partnerdesk.domain.enums import DecisionResult
from partnerdesk.services import service_for
from partnerdesk.services.registers import RegisterService
from partnerdesk.ui.models.register_table_model import RegisterTableModel


def test_the_decisions_model_passes_the_model_tester_and_reads_german(example_db, qtmodeltester):
    kumasi = service_for(example_db, "partnerships").find("Kumasi")
    council_approval(example_db, kumasi.id, on=date(2027, 1, 20), number="22222-27", result=DecisionResult.SCHEDULED)
    model = RegisterTableModel(RegisterService(example_db, "decisions"))
    model.refresh()
    qtmodeltester.check(model, force_py=True)
    keys = [c.key for c in model.columns]
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(len(keys))]
    assert headers == ["Datum", "Drucksache", "Titel", "Gremium", "Ausschuss", "Ergebnis"]
    first = [model.index(0, i).data() for i in range(len(keys))]  # newest first
    assert first == ["20.01.2027", "22222-27", "Zustimmung zur Partnerschaft", "Rat", "", "Vorgesehen"]
    second = [model.index(1, i).data() for i in range(len(keys))]
    assert second[3:] == ["Ausschuss", "Ausschuss für Internationales (Beispiel)", "Zur Kenntnis genommen"]
