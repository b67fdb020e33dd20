"""The Auskunft (Art. 15 GDPR): a person named in a contact, two projects, an activity's
participant list and follow-ups, a partnership and free-text notes; the PDF and the JSON list
all of it, with their history and the backups holding them. Bad input refuses in German and
writes nothing."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from pypdf import PdfReader

from partnerdesk.cli.main import main
from partnerdesk.exchange.privacy_export import export_person_data
from partnerdesk.persistence.backup import automatic_backup
from partnerdesk.services import service_for
from partnerdesk.services.privacy_people import find_people
from restricted_person import EMAIL, place_restricted_person


@pytest.fixture
def person(example_db):
    placed = place_restricted_person(example_db, restricted=False)
    projects = service_for(example_db, "projects")
    second = next(p for p in projects.list() if p.id != placed.project.id)
    second = projects.update(replace(second, contact_ids=[*second.contact_ids, placed.contact.id]))
    organisations = service_for(example_db, "organisations")
    org = organisations.list()[0]
    organisations.update(replace(org, notes="Rücksprache mit Rita Restricta am 3.5. vereinbart."))
    decisions = service_for(example_db, "decisions")
    decision = decisions.list()[0]
    decisions.update(replace(decision, notes=f"Vorlage kam von {EMAIL}."))
    if not example_db.remote:
        automatic_backup(example_db.path, keep=3)
    return placed, second, org, decision


def _export(db, tmp_path, name):
    out = tmp_path / name
    export_person_data(db, find_people(db, "Rita Restricta"), out)
    return out


def test_the_json_lists_every_place_that_names_her(example_db, tmp_path, person):
    placed, second, org, decision = person
    data = json.loads(_export(example_db, tmp_path, "auskunft.json").read_text(encoding="utf-8"))
    assert data["format"] == "partnerdesk-auskunft-1"
    (one,) = data["people"]
    assert one["contact"]["email"] == EMAIL and one["contact"]["address"] == "Restricta-Weg 1, Kumasi"
    named = {(n["register"], n["id"], n["how"]) for n in one["named_in"]}
    assert ("projects", placed.project.id, "Kontakt des Projekts") in named
    assert ("projects", placed.project.id, "Verantwortlich") in named
    assert ("projects", second.id, "Kontakt des Projekts") in named
    assert ("partnerships", placed.partnership.id, "Verantwortlich") in named
    assert ("activities", placed.activity.id, "Kontakt der Aktivität") in named
    attendee = next(n for n in one["named_in"] if n["how"] == "Auf der Teilnahmeliste")
    assert attendee["details"]["dietary"] == "vegetarisch" and attendee["details"]["role"] == "Leitung"
    follow_up = next(n for n in one["named_in"] if n["how"] == "Verantwortlich für eine Wiedervorlage")
    assert follow_up["details"]["text"] == "Protokoll schicken"
    mentions = {(m["register"], m["id"], m["certainty"]) for m in one["mentions_to_check"]}
    assert ("organisations", org.id, "name") in mentions
    assert ("decisions", decision.id, "email") in mentions
    assert not any(m["register"] == "activities" and m["id"] == placed.activity.id and m["field"] == "Teilnehmende"
                   for m in one["mentions_to_check"])  # her own place on the list is a link, not a guess
    assert [e["operation"] for e in one["history"]] == ["created"]
    assert {e["record_id"] for e in one["history_of_other_records"]} >= {placed.project.id, second.id, placed.activity.id}
    (backup,) = [c for c in one["copies"] if c["kind"] == "backup"]
    assert backup["holds_the_person"] is True and backup["note"] == "auto"
    # The register of travel copies (privacy-keep) knows the copies out in the field: no note that it cannot.
    assert not any("Register der Reisekopien" in note for note in one["copy_notes"])


def test_the_pdf_reads_as_a_german_overview(example_db, tmp_path, person):
    placed, second, org, _decision = person
    pdf = _export(example_db, tmp_path, "auskunft.pdf")
    text = " ".join("\n".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages).split())
    for expected in ("Gespeicherte Daten zu Rita Restricta", "Ihr Kontaktdatensatz", EMAIL, "Datensätze, die Sie nennen",
                     "Auf der Teilnahmeliste", "vegetarisch", "Protokoll schicken", "Rücksprache mit Rita Restricta",
                     "Änderungen an Ihrem Datensatz", "Wo Kopien dieser Daten liegen", "Einwilligung"):
        assert expected in text, expected
    assert " ".join(second.title.split())[:25] in text


def test_two_records_with_one_email_make_one_auskunft(example_db, tmp_path, person):
    placed = person[0]
    twin = service_for(example_db, "contacts").create(
        replace(placed.contact, id="00000000-0000-4000-8000-000000000001", version=0, first_name="R.", email=EMAIL.upper()))
    out = tmp_path / "beide.json"
    export_person_data(example_db, find_people(example_db, EMAIL), out)
    ids = [p["contact"]["id"] for p in json.loads(out.read_text(encoding="utf-8"))["people"]]
    assert sorted(ids) == sorted([placed.contact.id, twin.id])


@pytest.mark.postgresql
def test_the_collection_on_a_server_too(example_db, person):
    from partnerdesk.services.privacy_report import collect

    placed, second, org, decision = person
    (report,) = collect(example_db, find_people(example_db, EMAIL))
    assert {(n.kind, n.id) for n in report.named_in} >= {("projects", placed.project.id), ("projects", second.id),
                                                          ("activities", placed.activity.id)}
    assert {(m.kind, m.id) for m in report.mentions} >= {("organisations", org.id), ("decisions", decision.id)}
    assert [e.operation for e in report.history] == ["created"] and report.history_elsewhere


def _cli(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_the_command_writes_pdf_and_json(example_db, tmp_path, person, capsys):
    for name, fmt in (("a.pdf", []), ("b.json", []), ("c.dat", ["--format", "json"])):
        code, said = _cli(capsys, "privacy", "export", "--db", str(example_db.path), "Rita Restricta", "--out",
                          str(tmp_path / name), *fmt)
        assert code == 0, said
        assert "Geschrieben" in said and "prüfen" in said
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads((tmp_path / "c.dat").read_text(encoding="utf-8"))["people"]


@pytest.mark.parametrize(("who", "expected"), [
    ("Niemand Unbekannt", "Kein Kontakt passt zu „Niemand Unbekannt“"),
    ("nobody@example.org", "Kein Kontakt hat die E-Mail-Adresse"),
    ("Beispiel", "passt auf 2 Kontakte"),
    ("", "Bitte nennen Sie eine Person"),
])
def test_bad_input_refuses_in_german_and_writes_nothing(example_db, tmp_path, person, capsys, who, expected):
    out = tmp_path / "auskunft.pdf"
    out.write_bytes(b"older file")
    code, said = _cli(capsys, "privacy", "export", "--db", str(example_db.path), who, "--out", str(out))
    assert code == 1 and expected in said and "Traceback" not in said
    assert out.read_bytes() == b"older file"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_an_ambiguous_name_lists_the_candidates(example_db, tmp_path, person, capsys):
    code, said = _cli(capsys, "privacy", "export", "--db", str(example_db.path), "Beispiel", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "Erika Beispiel" in said and "Jörg Beispiel" in said and "Kennung" in said
    assert not (tmp_path / "x.pdf").exists()


def test_a_wrong_format_is_refused_before_anything(example_db, tmp_path, person, capsys):
    code, said = _cli(capsys, "privacy", "export", "--db", str(example_db.path), "Rita Restricta", "--out", str(tmp_path / "x.txt"))
    assert code == 1 and ".pdf oder .json" in said and not (tmp_path / "x.txt").exists()


def test_restrict_and_lift_on_the_command_line(example_db, person, capsys):
    placed = person[0]
    code, said = _cli(capsys, "privacy", "restrict", "--db", str(example_db.path), EMAIL)
    assert code == 0 and "Verarbeitung eingeschränkt: Rita Restricta" in said
    assert service_for(example_db, "contacts").get(placed.contact.id).processing_restricted
    from partnerdesk.services.history import History

    (entry, *_older) = History(example_db).for_record("contacts", placed.contact.id)
    assert entry.operation == "changed" and [(c.field, c.old, c.new) for c in entry.changes] == [
        ("processing_restricted", False, True)]
    code, said = _cli(capsys, "privacy", "restrict", "--db", str(example_db.path), EMAIL, "--lift")
    assert code == 0 and "Einschränkung aufgehoben" in said
    assert not service_for(example_db, "contacts").get(placed.contact.id).processing_restricted
    code, said = _cli(capsys, "privacy", "restrict", "--db", str(example_db.path), "Beispiel")
    assert code == 1 and "passt auf 2 Kontakte" in said
    assert not any(c.processing_restricted for c in service_for(example_db, "contacts").list())


def test_the_history_in_the_pdf_reads_as_values_not_codes(example_db, tmp_path, person):
    """Seen in the printed Auskunft: history values came out as the stored codes and structures
    ("Rechtsgrundlage: consent", "Teilnehmende: [{'accessibility': '', 'contact_id': …}]"),
    unreadable for the person who asked. They read as the window's history shows them."""
    pdf = _export(example_db, tmp_path, "auskunft.pdf")
    text = " ".join("\n".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages).split())
    assert "Änderungen an anderen Datensätzen" in text
    for code in ("{'", "contact_id", "accessibility", " consent", "legitimate_interest", "public_task"):
        assert code not in text, code
