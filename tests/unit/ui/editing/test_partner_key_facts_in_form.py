"""The partnership form shows its partner municipality's key facts read-only, as the register's
"Partner's inhabitants" column does: the shown value per kind with its date and how many stand
beside it, every value with its source and date on hover. Choosing another partner shows that
one's; a change of the municipality's facts shows after it is saved; saving the partnership
leaves the municipality as it was."""

from __future__ import annotations

import pytest

from partnerdesk.domain.enums import KeyFactKind
from partnerdesk.domain.records import KeyFact
from partnerdesk.services.records import OrganisationService, PartnershipService

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


def _open(panel, db, title: str):
    partnership = PartnershipService(db).find(title)
    panel.show_record("partnerships", partnership.id)
    return partnership, panel.form.partner_facts


def test_the_form_shows_the_partners_key_facts_with_sources_on_hover(panel, example_db):
    _partnership, facts = _open(panel, example_db, "Dabola")
    assert facts.text() == ("Einwohner: <b>40.000</b> (Stand 15.10.2019) + 2 weitere Werte<br>"
                            "Bürgermeister/in seit: <b>Mamadou Exemple, seit 2021</b> (Stand 01.02.2023)")
    hover = facts.toolTip()
    assert ("Einwohner:\n40.000 – Angabe der Commune urbaine de Dabola beim Besuch, Stand 15.10.2019 (neuester, angezeigt)\n"
            "21.000 – Reisebericht der Delegation, Stand 2012\n42.000 – bisheriger Wert, Stand unbekannt") in hover
    assert "Mamadou Exemple, seit 2021 – Schreiben der Commune urbaine, Stand 01.02.2023" in hover
    assert not facts.isHidden() and "partner_facts" not in panel.form.fields, "shown, never stored with the partnership"


def test_another_partner_shows_its_facts_and_a_partner_without_any_says_so(panel, example_db):
    _partnership, facts = _open(panel, example_db, "Dabola")
    kumasi = OrganisationService(example_db).find("Kumasi")
    panel.form.partner.setValue(kumasi.id)
    panel.form.partner.changed.emit()
    assert facts.text() == "Für die Partnerkommune sind noch keine Eckdaten erfasst (Register „Organisationen“)."
    assert facts.toolTip() == ""
    panel.form.partner.setValue("")
    panel.form.partner.changed.emit()
    assert facts.text() == ""


def test_a_change_of_the_municipalitys_facts_shows_when_the_partnership_is_shown_again(panel, example_db):
    organisations = OrganisationService(example_db)
    kumasi = organisations.find("Kumasi")
    partnership, facts = _open(panel, example_db, "Kumasi")
    organisations.update(organisations.get(kumasi.id).__class__(**{
        **organisations.get(kumasi.id).__dict__,
        "key_facts": [KeyFact(kind=KeyFactKind.INHABITANTS, value="3490000", source="Ghana Statistical Service",
                              as_of="2021")]}))
    panel.choices.invalidate("organisations")  # what the window does when records change
    panel.show_record("partnerships", partnership.id)
    assert facts.text() == "Einwohner: <b>3.490.000</b> (Stand 2021)"
    assert facts.toolTip() == "Einwohner:\n3.490.000 – Ghana Statistical Service, Stand 2021 (neuester, angezeigt)"
    panel.form.fields["notes"].widget.setPlainText("geprüft")
    assert panel.save()
    assert organisations.get(kumasi.id).key_facts == organisations.get(kumasi.id).key_facts
    assert [f.value for f in organisations.get(kumasi.id).key_facts] == ["3490000"]
