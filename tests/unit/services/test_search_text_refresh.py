"""A database written under older folding rules is found by the new ones once opened.

The fixture ``tests/data/schemas/0003.sqlite`` was written by a PartnerDesk whose folding
kept dashes ("cluj-napoca – dortmund") and stored no written-out umlauts: its
``search_text`` and sort keys are what a user's existing database holds.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from partnerdesk.persistence import change_log, search_index
from partnerdesk.persistence.database import open_database
from partnerdesk.services import search_text
from partnerdesk.services.choices import matching_names
from partnerdesk.services.registers import RegisterQuery, RegisterService

FIXTURE = Path(__file__).resolve().parents[2] / "data" / "schemas" / "0003.sqlite"


@pytest.fixture
def old_file(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURE, path)
    return path


def _raw(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _titles(db, text: str) -> list[str]:
    service = RegisterService(db, "projects")
    return [r.values["title"] for r in service.rows(service.ids(RegisterQuery("projects", search=text)))]


def test_the_fixture_holds_text_folded_the_old_way(old_file):
    stored = dict(_raw(old_file, "SELECT title, search_text FROM projects"))
    assert "muellfahrzeug" not in stored["Müllfahrzeug für Dura"]
    assert "– klinikum" in stored["Praktikumsaustausch Dura – Klinikum Dortmund"]
    assert not _raw(old_file, f"SELECT value FROM database_info WHERE key = '{search_text.INFO_KEY}'")


def test_opening_makes_the_texts_and_keys_again_without_a_user_change(old_file):
    before = dict(_raw(old_file, "SELECT id, version || '/' || updated_at FROM projects"))
    journal = _raw(old_file, "SELECT kind, record_id, seq FROM record_changes ORDER BY seq")
    db = open_database(old_file, automatic_backup=False)
    try:
        search_text.ensure_current(db)
        assert db.info(search_text.INFO_KEY) == search_text.VERSION
        # Found as the new rules find: written-out umlauts (register search), dashes (picker).
        assert _titles(db, "muellfahrzeug") == ["Müllfahrzeug für Dura"]
        assert [n for _i, n in matching_names(db, "projects", "dura klinikum")] == [
            "Praktikumsaustausch Dura – Klinikum Dortmund"
        ]
        assert [n for _i, n in matching_names(db, "projects", "cluj napoca")] == [
            "Innovationsökosysteme und Digitalisierung Cluj-Napoca – Dortmund"
        ]
        with db.read() as session:
            connection = session.connection()
            assert search_index.is_complete(connection) and search_index.agrees_with_tables(connection)
            assert change_log.is_complete(connection), "the journal's triggers are back"
    finally:
        db.close()
    # No user change: versions, timestamps and the travel journal are as they were.
    assert dict(_raw(old_file, "SELECT id, version || '/' || updated_at FROM projects")) == before
    assert _raw(old_file, "SELECT kind, record_id, seq FROM record_changes ORDER BY seq") == journal
    assert _raw(old_file, "PRAGMA integrity_check") == [("ok",)]


def test_it_happens_once(old_file, monkeypatch):
    db = open_database(old_file, automatic_backup=False)
    try:
        assert search_text.refresh(db) > 0
        assert search_text.refresh(db) == 0, "made with this version already"
    finally:
        db.close()
    calls = []
    monkeypatch.setattr(search_text, "refresh", lambda db: calls.append(db) or 0)
    db = open_database(old_file, automatic_backup=False)
    try:
        search_text.ensure_current(db)
        _titles(db, "dura")
    finally:
        db.close()
    assert calls == []


def test_the_register_search_makes_them_again_when_nobody_did(old_file):
    """A database opened by other means (a travel copy, a test) is brought up to date by its first search."""
    db = open_database(old_file, automatic_backup=False)
    try:
        assert _titles(db, "muellfahrzeug") == ["Müllfahrzeug für Dura"]
    finally:
        db.close()



def test_a_new_database_is_made_with_this_version_and_opening_it_writes_nothing(tmp_path, content_of):
    from partnerdesk.persistence.database import create_database

    path = tmp_path / "neu.sqlite"
    create_database(path).close()
    before = content_of(path)
    db = open_database(path, automatic_backup=False)
    try:
        assert db.info(search_text.INFO_KEY) == search_text.VERSION
        search_text.ensure_current(db)
        _titles(db, "dura")
    finally:
        db.close()
    assert content_of(path) == before


@pytest.mark.postgresql
def test_texts_made_under_other_rules_are_made_again_on_either_database(db, database_kind):
    from datetime import date

    from partnerdesk.domain.records import Activity, FollowUp, Organisation
    from partnerdesk.persistence.tables import ActivityRow, OrganisationRow
    from partnerdesk.services import service_for

    org = service_for(db, "organisations").create(Organisation(name="Kohtla-Järve", country="EE"))
    visit = service_for(db, "activities").create(
        Activity(title="Besuch", date=date(2026, 5, 4), follow_ups=[FollowUp(text="Bericht an Malmö schicken")])
    )
    with db.write() as session:  # what an older version stored: dashes kept, no written-out words
        row = session.get(OrganisationRow, org.id)
        row.search_text, row.name_key = "kohtla-jarve\x1fee\x1festland", "kohtla-jarve"
        session.get(ActivityRow, visit.id).search_text = "besuch\x1fbericht an malmo schicken"
    db.set_info(search_text.INFO_KEY, "fold-1/countries-1")
    assert search_text.refresh(db) == 2
    assert [n for _i, n in matching_names(db, "organisations", "kohtla jarve")] == ["Kohtla-Järve"]
    activities = RegisterService(db, "activities")
    assert [r.values["title"] for r in activities.rows(activities.ids(RegisterQuery("activities", search="malmoe")))] == ["Besuch"]
