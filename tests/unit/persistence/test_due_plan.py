"""The "Anstehend" follow-ups statement reads indexes only on SQLite (revision 0026): every step of
its query plan a covering index, so no follow-up, activity, project or partnership row is read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.dialects import sqlite

from partnerdesk.persistence.database import create_database
from partnerdesk.services import due


def test_every_step_of_the_follow_ups_statement_is_a_covering_index(tmp_path: Path):
    statement = due.follow_ups_statement(date(2026, 1, 20))
    sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with create_database(tmp_path / "a.partnerdesk") as db, db.read() as session:
        plan = [r[3] for r in session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    assert len(plan) == 4, plan
    assert all("COVERING INDEX" in step for step in plan), plan
    assert "ix_follow_ups_open_due" in plan[0] and "ix_activities_id_follow_up" in plan[1], plan
