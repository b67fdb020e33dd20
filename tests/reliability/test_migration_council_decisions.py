"""Revision 0016 (written as 0009 by the council lane): the partnerships' council decision of
revision 0007 becomes a decision record of its own (register "Ratsbeschlüsse"), on the filled
databases of every revision from 0007 to 0015."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from partnerdesk.domain.enums import DecisionBody, DecisionResult
from partnerdesk.domain.records import carried_decision_id
from partnerdesk.persistence import change_log, search_index
from partnerdesk.persistence.database import open_database
from partnerdesk.services import decisions
from partnerdesk.services.records import DecisionService
from partnerdesk.services.registers import RegisterQuery, RegisterService

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "schemas"
BEFORE = [p for p in sorted(FIXTURES.glob("*.sqlite")) if "0007" <= p.stem < "0016"]


def _council_fields(path: Path) -> dict[str, tuple[str, str | None, str, bool]]:
    """partnership id -> (title, decision date, Drucksache number, example) where either was filled."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT id, title, council_decision_on, council_decision_number, is_example FROM partnerships "
            "WHERE council_decision_on IS NOT NULL OR council_decision_number <> ''").fetchall()
    finally:
        conn.close()
    return {r[0]: (r[1], r[2], r[3], bool(r[4])) for r in rows}


@pytest.mark.parametrize("fixture", BEFORE, ids=lambda p: p.stem)
def test_each_council_decision_becomes_an_approved_decision_of_its_partnership(fixture, tmp_path):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    before = _council_fields(path)
    assert len(before) >= 5  # the filled fixture has them (generated records)
    with sqlite3.connect(path) as conn:
        journal_before = conn.execute("SELECT count(*), coalesce(max(seq), 0) FROM record_changes").fetchone()
    with open_database(path, automatic_backup=False) as db:
        found = DecisionService(db).list()
        assert len(found) == len(before)
        for pid, (title, on, number, example) in before.items():
            (decision,) = decisions.for_partnership(db, pid)
            assert decision.id == carried_decision_id(pid)  # the same id in every copy upgraded
            assert (decision.title, decision.date, decision.number, decision.is_example) == (
                title, date.fromisoformat(on) if on else None, number, example)
            assert (decision.body, decision.result) == (DecisionBody.COUNCIL, DecisionResult.APPROVED)
            assert decision.partnership_ids == [pid]
            assert decisions.council_approval(db, pid) == decision
        # Found by its Drucksache number through the text index, which the upgrade made.
        pid, (_title, _on, number, _example) = sorted(before.items())[0]
        with db.read() as session:
            connection = session.connection()
            assert change_log.is_complete(connection)
            assert search_index.is_complete(connection) and search_index.agrees_with_tables(connection)
        register = RegisterService(db, "decisions")
        assert carried_decision_id(pid) in register.ids(RegisterQuery("decisions", search=number))
    with sqlite3.connect(path) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(partnerships)")}
        journal_after = conn.execute("SELECT count(*), coalesce(max(seq), 0) FROM record_changes").fetchone()
        history = conn.execute("SELECT count(*) FROM record_history WHERE kind = 'decisions'").fetchone()[0]
    assert not columns & {"council_decision_on", "council_decision_number"}
    assert journal_after == journal_before and history == 0  # carrying them over is no user change


def test_a_downgrade_puts_the_newest_approval_back(tmp_path):
    """Going back to 0015 fills the two columns again from the newest approved council decision."""
    from partnerdesk.persistence import migrate
    from partnerdesk.persistence.engine import make_engine

    path = tmp_path / "0008.sqlite"
    shutil.copyfile(FIXTURES / "0008.sqlite", path)
    before = _council_fields(path)
    with open_database(path, automatic_backup=False):
        pass
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            migrate.upgrade(connection, "0016")  # nothing to do; the downgrade below is the test
            from alembic import command

            command.downgrade(migrate.alembic_config(connection), "0015")
    finally:
        engine.dispose()
    assert _council_fields(path) == before
