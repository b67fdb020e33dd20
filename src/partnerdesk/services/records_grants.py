"""The services of the registers "Förderprogramme" and "Zuwendungen" (issue 23)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerdesk.domain.grant_records import FundingProgramme, Grant
from partnerdesk.persistence.tables_grants import GrantProjectRow, GrantRow, ProgrammeRow
from partnerdesk.services.records import ROW_TYPES, SERVICE_TYPES, Dependent, RecordService, _names


def linked_grants(session: Session, project_id: str) -> list[Dependent]:
    """The grants that fund this project (unlinked when it goes)."""
    ids = session.scalars(select(GrantProjectRow.grant_id).where(GrantProjectRow.project_id == project_id)).all()
    return [Dependent("grants", i, n, "unlinked") for i, n in _names(session, GrantRow, "title", list(ids)).items()]


class ProgrammeService(RecordService[FundingProgramme]):
    kind = "programmes"
    record_type = FundingProgramme
    row_type = ProgrammeRow

    def _dependents(self, session: Session, record_id: str) -> list[Dependent]:
        grants = session.execute(select(GrantRow.id, GrantRow.title).where(GrantRow.programme_id == record_id)).all()
        return [Dependent("grants", i, n, "unlinked") for i, n in grants]


class GrantService(RecordService[Grant]):
    kind = "grants"
    record_type = Grant
    row_type = GrantRow
    name_column = "title"

    @classmethod
    def name_order(cls, row_type: Any = None) -> list[Any]:
        """The newest approved period first, then by title."""
        return [GrantRow.period_from.desc(), *super().name_order(row_type)]

    def _dependents(self, session: Session, record_id: str) -> list[Dependent]:
        return []  # its parts go with it; nothing else names a grant


SERVICE_TYPES.update(programmes=ProgrammeService, grants=GrantService)
ROW_TYPES.update(programmes=ProgrammeRow, grants=GrantRow)
