"""Who signs an MoU (issue 20): the organisations' own fields, never a guess from contacts'
job titles; "In Vertretung" for a chosen deputy; visible blanks in a draft; a final version
refused while something it must name is missing; personal data only where chosen and permitted."""

from __future__ import annotations

from datetime import date

import pytest
from pdf_checks import HOSTILE, flat, pdf_text

from decision_helpers import council_approval
from partnerdesk.documents.mou.builder import MouOptions, build_mou
from partnerdesk.documents.mou.data import load_mou_data
from partnerdesk.domain.enums import LegalBasis, OrganisationKind
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Contact, Organisation, Partnership
from partnerdesk.services.records import ContactService, OrganisationService, PartnershipService

DAY = date(2026, 11, 25)


def _office_of_the_mayor(db):
    """The review's case: the mayor's personal assistant and the mayor at one unit, no fields filled."""
    orgs = OrganisationService(db)
    unit = orgs.create(Organisation(name="Büro des Oberbürgermeisters", kind=OrganisationKind.CITY_UNIT, city="Dortmund"))
    partner = orgs.create(Organisation(name="Kumasi", kind=OrganisationKind.MUNICIPALITY, country="GH", city="Kumasi"))
    contacts = ContactService(db)
    contacts.create(Contact(name="Anna Amtsprobe", organisation_id=unit.id,
                            function="Persönliche Referentin des Oberbürgermeisters"))
    contacts.create(Contact(name="Max Mustermann", organisation_id=unit.id, function="Oberbürgermeister"))
    contacts.create(Contact(name="Kofi Mayor", organisation_id=partner.id, function="Mayor"))
    return PartnershipService(db).create(Partnership(title="Klimapartnerschaft", partner_id=partner.id,
                                                     coordinator_ids=[unit.id]))


def _build(db, partnership, path, **options):
    options.setdefault("on", DAY)
    options.setdefault("language", "en")
    build_mou(load_mou_data(db, partnership.id), path, MouOptions(**options))
    return flat(pdf_text(path))


def test_no_signatory_is_guessed_from_job_titles(db, tmp_path):
    """Before: the first contact whose function contained "Oberbürgermeister" signed, here the
    personal assistant, in both columns and in the signature block."""
    partnership = _office_of_the_mayor(db)
    text = _build(db, partnership, tmp_path / "mou.pdf")
    assert "Anna Amtsprobe" not in text
    assert "Kofi Mayor" not in text  # a contact called "Mayor" is not the representative either


def test_draft_shows_every_gap_in_each_column_language(db, tmp_path):
    partnership = _office_of_the_mayor(db)
    text = _build(db, partnership, tmp_path / "mou.pdf", language="fr", clauses={"contacts": True})
    for german in ("________ [Rechtsname fehlt], Deutschland, vertreten durch ________ [Vertreter/in fehlt], "
                   "________ [Funktion fehlt]",
                   "am ________ [Datum fehlt] zugestimmt (Drucksache Nr. ________ [Nr. fehlt])"):
        assert german in text, german
    for french in ("________ [dénomination officielle manquante], Ghana, représentée par ________ [représentant manquant]",
                   "________ [fonction manquante]", "le ________ [date manquante] (document n° ________ [numéro manquant])"):
        assert french in text, french
    # Contact points by function: the assistant's function is named, her name is not.
    assert "Persönliche Referentin des Oberbürgermeisters, Büro des Oberbürgermeisters" in text


def test_final_is_refused_naming_what_is_missing(db, tmp_path):
    partnership = _office_of_the_mayor(db)
    out = tmp_path / "final.pdf"
    with pytest.raises(UserError) as caught:
        _build(db, partnership, out, draft=None)
    message = caught.value.message
    for part in ("Endfassung", "Organisation, die für Dortmund unterschreibt", "Rechtsname von „Kumasi“",
                 "Vertreter von „Kumasi“", "Ratsbeschluss"):
        assert part in message, part
    assert "\n" not in message
    assert not out.exists()


def _fill(db, *, council=True):
    orgs = OrganisationService(db)
    city = orgs.create(Organisation(
        name="Stadt Dortmund", kind=OrganisationKind.CITY_UNIT, city="Dortmund", legal_name="Stadt Dortmund",
        # A final version also needs the coordinating unit's name in each column language (issue 20).
        name_translations="en: City of Dortmund\nfr: Ville de Dortmund\nro: Municipiul Dortmund",
        legal_name_translations="en: City of Dortmund", representative="Max Mustermann",
        representative_function="Oberbürgermeister", representative_function_translations="en: Lord Mayor",
    ))
    kumasi = orgs.create(Organisation(
        name="Kumasi", kind=OrganisationKind.MUNICIPALITY, country="GH", city="Kumasi",
        legal_name="Kumasi Metropolitan Assembly", representative="Kofi Example",
        representative_function="Mayor of Kumasi Metropolitan Assembly",
        representative_function_translations="de: Bürgermeister der Kumasi Metropolitan Assembly",
    ))
    contacts = ContactService(db)
    contacts.create(Contact(name="Jörg Beispiel", organisation_id=city.id, function="Stadtdirektor"))
    contacts.create(Contact(name="Kwame Example", organisation_id=kumasi.id, function="Climate Desk Officer",
                            email="k.example@example.org", phone="+233 1", legal_basis=LegalBasis.CONSENT, consent_given_on=date(2026, 2, 1)))
    contacts.create(Contact(name="Ama Nobasis", organisation_id=kumasi.id, function="Planning Officer",
                            email="ama@example.org"))
    partnership = PartnershipService(db).create(Partnership(title="Klimapartnerschaft", partner_id=kumasi.id,
                                                            coordinator_ids=[city.id]))
    if council:
        council_approval(db, partnership.id, on=date(2026, 3, 12))
    return partnership


def test_signature_blocks_name_the_mayor_place_and_date(db, tmp_path):
    partnership = _fill(db)
    text = _build(db, partnership, tmp_path / "final.pdf", draft=None)
    assert "Stadt Dortmund, Deutschland, vertreten durch Max Mustermann, Oberbürgermeister" in text
    assert "City of Dortmund, Germany, represented by Max Mustermann, Lord Mayor" in text
    assert ("Kumasi Metropolitan Assembly, Ghana, vertreten durch Kofi Example, "
            "Bürgermeister der Kumasi Metropolitan Assembly") in text
    assert "Der Rat der Stadt Dortmund hat dieser Absichtserklärung am 12. März 2026 zugestimmt (Drucksache Nr. 12345-26)" in text
    assert "approved this Memorandum on 12 March 2026 (document no. 12345-26)" in text
    assert text.count("12345-26") == 2  # in the council-decision clause of each column only, not again in the preamble
    assert "Where the law applicable to the City of Kumasi requires the approval of its elected council" in text
    signatures = text[text.index("Unterschriften"):]
    assert "Stadt Dortmund / City of Dortmund" in signatures
    assert "Dortmund, ____" in signatures and "Kumasi, ____" in signatures
    assert "Max Mustermann Name" in signatures
    assert "Oberbürgermeister / Lord Mayor" in signatures
    assert "In Vertretung" not in text and "fehlt" not in text and "missing" not in text


def test_in_vertretung_names_the_deputy_chosen(db, tmp_path):
    partnership = _fill(db)
    data = load_mou_data(db, partnership.id)
    deputy = next(c for c in data.deputy_candidates if c.name == "Jörg Beispiel")
    text = _build(db, partnership, tmp_path / "final.pdf", draft=None, deputy_id=deputy.id)
    signatures = text[text.index("Unterschriften"):]
    assert "In Vertretung / On behalf of the Mayor Jörg Beispiel Name" in signatures
    assert "Stadtdirektor" in signatures
    assert "Max Mustermann" not in signatures  # the parties clause still names the mayor as the city's representative
    assert "vertreten durch Max Mustermann" in text


def test_council_decision_alone_refuses_the_final(db, tmp_path):
    partnership = _fill(db, council=False)
    with pytest.raises(UserError, match=r"^Die Endfassung von „Klimapartnerschaft“ wurde nicht geschrieben: es fehlt der Ratsbeschluss \(Datum und Drucksache Nr\.\)\. "):
        _build(db, partnership, tmp_path / "final.pdf", draft=None)


def test_partner_decision_where_its_law_needs_one(db, tmp_path):
    partnership = _fill(db)
    partnership.partner_decision_required = True
    partnership = PartnershipService(db).update(partnership)
    with pytest.raises(UserError, match="Beschluss der Partnerseite"):
        _build(db, partnership, tmp_path / "final.pdf", draft=None)
    text = _build(db, partnership, tmp_path / "draft.pdf")
    assert "Diese Absichtserklärung wurde von Kumasi Metropolitan Assembly am ________ [Datum fehlt] gebilligt" in text
    assert "Where the law of" not in text  # the recorded need replaces the general sentence
    partnership.partner_decision_on, partnership.partner_decision_number = date(2026, 4, 1), "KMA/7/2026"
    partnership = PartnershipService(db).update(partnership)
    text = _build(db, partnership, tmp_path / "final.pdf", draft=None)
    assert "This Memorandum was approved by Kumasi Metropolitan Assembly on 1 April 2026 (no. KMA/7/2026)." in text
    assert text.count("KMA/7/2026") == 2


def test_personal_data_only_when_chosen_and_permitted(db, tmp_path):
    partnership = _fill(db)
    text = _build(db, partnership, tmp_path / "default.pdf", clauses={"contacts": True})
    assert "Climate Desk Officer, Kumasi" in text
    for personal in ("Kwame Example", "k.example@example.org", "+233 1", "ama@example.org", "Ama Nobasis"):
        assert personal not in text, personal
    data = load_mou_data(db, partnership.id)
    kwame = next(c for c in data.partner_contacts if c.name == "Kwame Example")
    ama = next(c for c in data.partner_contacts if c.name == "Ama Nobasis")
    # Choosing a contact brings the contacts clause (off by default) with it.
    text = _build(db, partnership, tmp_path / "chosen.pdf", personal_contacts=frozenset({kwame.id}))
    assert "Kwame Example, Climate Desk Officer, Kumasi, k.example@example.org, +233 1" in text
    assert "ama@example.org" not in text
    out = tmp_path / "refused.pdf"
    with pytest.raises(UserError, match="„Ama Nobasis“.*keine Rechtsgrundlage"):
        _build(db, partnership, out, personal_contacts=frozenset({ama.id}))
    assert not out.exists()


def test_hostile_names_print_literally(db, tmp_path):
    partnership = _fill(db)
    orgs = OrganisationService(db)
    kumasi = orgs.get(partnership.partner_id)
    legal, person, function = HOSTILE[0], HOSTILE[3], HOSTILE[1]  # "<GmbH>", a live link, "<b>" unclosed
    kumasi.legal_name, kumasi.representative = legal, person
    kumasi.representative_function_translations = f"de: {function}"
    orgs.update(kumasi)
    text = _build(db, partnership, tmp_path / "hostile.pdf", draft=None)
    for value in (legal, person, function):
        assert flat(value) in text, value


def test_translations_field_refuses_a_bad_line(db):
    from partnerdesk.domain.errors import ValidationError

    orgs = OrganisationService(db)
    with pytest.raises(ValidationError, match="Zeile 2"):
        orgs.create(Organisation(name="X", legal_name_translations="en: City of X\nCity of X in French"))


def test_personal_data_hidden_from_this_user_is_not_printed(db, tmp_path):
    """On a server, a user outside the personal-data role sees no e-mail or phone: choosing the
    contact is refused with its own reason, not printed as empty."""
    import dataclasses

    partnership = _fill(db)
    data = load_mou_data(db, partnership.id)
    data.partner_contacts = [dataclasses.replace(c, personal_hidden=True, email="", phone="") for c in data.partner_contacts]
    kwame = next(c for c in data.partner_contacts if c.name == "Kwame Example")
    out = tmp_path / "hidden.pdf"
    with pytest.raises(UserError, match="„Kwame Example“.*nur Mitglieder der Rolle für personenbezogene Daten"):
        build_mou(data, out, MouOptions(language="en", on=DAY, personal_contacts=frozenset({kwame.id})))
    assert not out.exists()


def test_word_signature_blocks_say_what_the_pdf_says(db, tmp_path):
    """The signature sides come from the content model, so the Word document names the same legal
    names, place, "In Vertretung" deputy and functions as the PDF (the merge of the Word branch)."""
    import docx

    from partnerdesk.documents.mou.docx_writer import build_docx

    partnership = _fill(db)
    data = load_mou_data(db, partnership.id)
    deputy = next(c for c in data.deputy_candidates if c.name == "Jörg Beispiel")
    options = MouOptions(language="en", draft=None, on=DAY, deputy_id=deputy.id)
    build_docx(data, tmp_path / "final.docx", options)
    blocks = docx.Document(str(tmp_path / "final.docx")).tables[-1].rows[0].cells
    ours, theirs = ([p.text for p in cell.paragraphs] for cell in blocks)
    assert ours[0] == "Stadt Dortmund / City of Dortmund"
    assert ours[2].startswith("Dortmund, ____")
    assert "In Vertretung / On behalf of the Mayor" in ours and "Jörg Beispiel" in ours
    assert "Max Mustermann" not in ours
    assert theirs[0].endswith("Kumasi Metropolitan Assembly") and theirs[2].startswith("Kumasi, ____")
    assert "Kofi Example" in theirs and "In Vertretung / On behalf of the Mayor" not in theirs
    assert "Bürgermeister der Kumasi Metropolitan Assembly / Mayor of Kumasi Metropolitan Assembly" in theirs
