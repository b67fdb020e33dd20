"""``partnerdesk due``, the calendar's follow-ups, and a responsible person who is no city staff."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from partnerdesk.cli.main import main
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.records import Activity, FollowUp, Partnership
from partnerdesk.persistence.database import open_database
from partnerdesk.services import service_for


@pytest.fixture
def office(tmp_path):
    path = tmp_path / "office.sqlite"
    assert main(["init", str(path), "--example-data"]) == 0
    db = open_database(path)
    today = date.today()
    erika = service_for(db, "contacts").find("Erika Beispiel")  # of the city's Büro IB/NE
    service_for(db, "activities").create(Activity(title="Besuch aus Testhausen", date=today - timedelta(days=30), follow_ups=[
        FollowUp(text="Dankesbrief schicken", due_date=today - timedelta(days=12), responsible_id=erika.id),
        FollowUp(text="Fotos ablegen", due_date=today + timedelta(days=5)),
        FollowUp(text="Erledigtes", due_date=today - timedelta(days=3), done=True),
        FollowUp(text="Nächstes Jahr", due_date=today + timedelta(days=200)),
    ]))
    db.close()
    return path, erika


def test_due_lists_overdue_first_with_its_days(office, capsys):
    path, _erika = office
    capsys.readouterr()
    assert main(["due", "--db", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    mine = [line for line in lines if "Testhausen" in line]
    assert len(mine) == 2
    assert "seit 12 Tagen überfällig  Wiedervorlage: Dankesbrief schicken  (Besuch aus Testhausen) [Erika Beispiel]" in mine[0]
    assert "fällig in 5 Tagen  Wiedervorlage: Fotos ablegen" in mine[1]
    dates = [date(int(line[6:10]), int(line[3:5]), int(line[0:2])) for line in lines]
    assert dates == sorted(dates)
    assert not any("Erledigtes" in line or "Nächstes Jahr" in line for line in lines)
    assert main(["due", "--db", str(path), "--days", "365"]) == 0
    assert "Nächstes Jahr" in capsys.readouterr().out


def test_due_mine_and_json(office, capsys):
    path, erika = office
    assert main(["due", "--db", str(path), "--mine"]) == 1
    assert "niemand als „ich“ gewählt" in capsys.readouterr().err
    assert main(["due", "--db", str(path), "--me", "Kwame Example"]) == 1  # a partner's contact is not city staff
    assert "städtischen Dienststellen" in capsys.readouterr().err
    assert main(["due", "--db", str(path), "--me", "Erika Beispiel", "--mine", "--json"]) == 0
    output = capsys.readouterr().out
    items = json.loads(output[output.index("["):])
    assert [i["text"] for i in items] == ["Dankesbrief schicken"]
    assert items[0]["overdue_days"] == 12 and items[0]["source"] == "follow_up" and items[0]["responsible_id"] == erika.id


def test_the_calendar_holds_the_open_follow_ups(office, tmp_path):
    path, _erika = office
    out = tmp_path / "kalender.ics"
    assert main(["export-ics", str(out), "--db", str(path)]) == 0
    calendar = Calendar.from_ical(out.read_bytes())
    summaries = {str(e.get("summary")): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    assert summaries["Wiedervorlage: Dankesbrief schicken"] == date.today() - timedelta(days=12)
    assert summaries["Wiedervorlage: Fotos ablegen"] == date.today() + timedelta(days=5)
    assert "Wiedervorlage: Erledigtes" not in summaries


def test_a_responsible_person_outside_the_city_is_refused_and_nothing_saved(office, content_of):
    path, _erika = office
    db = open_database(path)
    try:
        kwame = service_for(db, "contacts").find("Kwame Example")
        partnership = service_for(db, "partnerships").find("Kumasi")
        before = content_of(path)
        with pytest.raises(UserError, match="Kwame Example kann nicht verantwortlich sein"):
            service_for(db, "partnerships").update(Partnership(**{**partnership.__dict__, "responsible_id": kwame.id}))
        activity = service_for(db, "activities").find("Testhausen")
        activity.follow_ups[1].responsible_id = kwame.id
        with pytest.raises(UserError, match="nur Kontakte der städtischen Dienststellen"):
            service_for(db, "activities").update(activity)
        assert content_of(path) == before
    finally:
        db.close()


def test_a_table_import_naming_a_partner_as_responsible_changes_nothing(office, tmp_path, capsys, content_of):
    path, _erika = office
    table = tmp_path / "p.csv"
    with table.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["Titel", "Partnerkommune", "Verantwortlich"])
        writer.writerow(["Neue Partnerschaft", "Kumasi", "Kwame Example"])
    before = content_of(path)
    capsys.readouterr()
    assert main(["import-table", str(table), "--into", "partnerships", "--db", str(path)]) == 1
    captured = capsys.readouterr()
    assert "Kwame Example kann nicht verantwortlich sein" in captured.out + captured.err
    assert content_of(path) == before
    with table.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(["Titel", "Partnerkommune", "Verantwortlich"])
        writer.writerow(["Neue Partnerschaft", "Kumasi", "Erika Beispiel"])
    assert main(["import-table", str(table), "--into", "partnerships", "--db", str(path)]) == 0
    db = open_database(path)
    try:
        assert service_for(db, "partnerships").find("Neue Partnerschaft").responsible_id == service_for(db, "contacts").find("Erika").id
    finally:
        db.close()


def test_due_shows_an_mou_term_ending_within_six_months(office, capsys):
    from partnerdesk.domain.enums import StageKind
    from partnerdesk.domain.records import PartnershipStage

    path, _erika = office
    ends = date.today() + timedelta(days=160)
    db = open_database(path)
    try:
        service = service_for(db, "partnerships")
        dura = service.find("Dura")
        dura.stages = [*dura.stages, PartnershipStage(kind=StageKind.MOU_SIGNED, date=date.today() - timedelta(days=30),
                                                      term_from=date.today() - timedelta(days=30), term_until=ends)]
        service.update(dura)
    finally:
        db.close()
    capsys.readouterr()
    assert main(["due", "--db", str(path)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "MoU-Laufzeit" in line]
    assert any(f"MoU-Laufzeit endet am {ends:%d.%m.%Y}: Verlängerung vorbereiten  ({dura.title})" in line for line in lines), lines
