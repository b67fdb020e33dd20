"""The MoU's clause "Ratsbeschluss" and the check of a final version read the register of council
decisions: the newest approval of the city council itself linked to the partnership."""

from __future__ import annotations

from datetime import date

import pytest
from test_mou_signatories import _build, _fill

from decision_helpers import council_approval
from partnerdesk.documents.mou.data import load_mou_data, missing_for_final
from partnerdesk.domain.enums import DecisionBody, DecisionResult
from partnerdesk.domain.errors import UserError
from partnerdesk.services.records import DecisionService

MISSING = "der Ratsbeschluss (Datum und Drucksache Nr.)"


def test_the_clause_names_the_approval_from_the_register(db, tmp_path):
    partnership = _fill(db, council=False)
    council_approval(db, partnership.id, on=date(2026, 3, 12), number="12345-26")
    text = _build(db, partnership, tmp_path / "final.pdf", draft=None)
    assert ("Der Rat der Stadt Dortmund hat dieser Absichtserklärung am 12. März 2026 zugestimmt "
            "(Drucksache Nr. 12345-26)") in text
    assert "approved this Memorandum on 12 March 2026 (document no. 12345-26)" in text


def test_the_newest_approval_of_the_council_counts(db):
    partnership = _fill(db, council=False)
    council_approval(db, partnership.id, on=date(2025, 5, 1), number="alt-25")
    council_approval(db, partnership.id, on=date(2026, 6, 2), number="neu-26")
    # Neither a committee's approval, nor a rejection, nor a decision still scheduled is the council's approval.
    council_approval(db, partnership.id, on=date(2026, 9, 1), number="Ausschuss-26", body=DecisionBody.COMMITTEE,
                     committee="Ausschuss für Bürgerdienste")
    council_approval(db, partnership.id, on=date(2026, 10, 1), number="abgelehnt-26", result=DecisionResult.REJECTED)
    council_approval(db, partnership.id, on=date(2026, 12, 1), number="vorgesehen-26", result=DecisionResult.SCHEDULED)
    data = load_mou_data(db, partnership.id)
    assert data.council_decision is not None and data.council_decision.number == "neu-26"
    assert MISSING not in missing_for_final(data)


@pytest.mark.parametrize("change", [
    {"result": DecisionResult.SCHEDULED},
    {"result": DecisionResult.DEFERRED},
    {"body": DecisionBody.COMMITTEE, "committee": "Hauptausschuss"},
])
def test_a_final_is_refused_without_an_approval_of_the_council(db, tmp_path, change):
    partnership = _fill(db, council=False)
    council_approval(db, partnership.id, **change)
    out = tmp_path / "final.pdf"
    with pytest.raises(UserError, match=r"es fehlt der Ratsbeschluss \(Datum und Drucksache Nr\.\)"):
        _build(db, partnership, out, draft=None)
    assert not out.exists()


def test_a_decision_of_another_partnership_does_not_count(db, tmp_path):
    partnership = _fill(db, council=False)
    decision = council_approval(db, partnership.id)
    decision.partnership_ids = []
    DecisionService(db).update(decision)
    assert MISSING in missing_for_final(load_mou_data(db, partnership.id))
