"""The base of every record (its id, row version and timestamps), apart from ``records`` so that
registers kept in modules of their own (``grant_records``) can build on it without a circle."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(kw_only=True)
class Record:
    id: str = field(default_factory=new_id)
    #: Row version: 0 before the first save, then counted up by every save.
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    #: Part of the shipped example data (can be removed in one step).
    is_example: bool = False

    #: Register name, used in archives, the command line and messages.
    KIND: ClassVar[str] = ""

    @property
    def display_name(self) -> str:
        raise NotImplementedError
