"""A final MoU needs the council's decision, whatever clauses it carries: partnership agreements are
for the council to decide (§ 41 GO NRW), so leaving the council-decision clause out does not make
the decision unnecessary, and the refusal says so."""

from __future__ import annotations

from datetime import date

import pytest

from decision_helpers import council_approval
from partnerdesk.documents.mou.builder import MouOptions, build_mou
from partnerdesk.documents.mou.data import load_mou_data, missing_for_final
from partnerdesk.domain.errors import UserError
from partnerdesk.services.records import PartnershipService

DAY = date(2026, 11, 25)


def _kumasi_ready_but_for_the_council(db):
    """The example Kumasi partnership with everything a final needs except the council decision."""
    from partnerdesk.domain.enums import OrganisationKind
    from partnerdesk.services.records import OrganisationService

    partnership = PartnershipService(db).find("Kumasi")
    orgs = OrganisationService(db)
    for org in [*orgs.get_many([partnership.partner_id]), *(o for o in orgs.list() if o.kind == OrganisationKind.CITY_UNIT
                                                             and o.legal_name.strip())]:
        assert org.legal_name and org.representative and org.representative_function, org.name
    return partnership


@pytest.mark.parametrize("clause_on", [True, False])
def test_final_without_council_decision_is_refused_with_or_without_the_clause(example_db, tmp_path, clause_on):
    partnership = _kumasi_ready_but_for_the_council(example_db)
    out = tmp_path / "final.pdf"
    with pytest.raises(UserError) as caught:
        build_mou(load_mou_data(example_db, partnership), out,
                  MouOptions(language="en", draft=None, on=DAY, clauses={"council_decision": clause_on}))
    message = caught.value.message
    assert "Ratsbeschluss (Datum und Drucksache Nr.)" in message
    reason = "auch ohne die Klausel „Ratsbeschluss“"
    assert (reason in message) is not clause_on, message
    if not clause_on:
        assert "§ 41 GO NRW" in message
    assert not out.exists()


def test_final_with_council_decision_and_clause_off_is_written(example_db, tmp_path):
    partnership = _kumasi_ready_but_for_the_council(example_db)
    council_approval(example_db, partnership.id, date(2026, 3, 12), "12345-26")
    data = load_mou_data(example_db, partnership)
    assert missing_for_final(data) == [] and missing_for_final(data, council_clause=False) == []
    out = tmp_path / "final.pdf"
    build_mou(data, out, MouOptions(language="en", draft=None, on=DAY, clauses={"council_decision": False}))
    assert out.exists()
