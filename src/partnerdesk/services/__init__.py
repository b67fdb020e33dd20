"""Qt-free services: every read and write of the registers goes through here.

The command line, the window, documents, exchange formats and travel copies all
use these, so validation, transactions and row versions are the same everywhere.

The record services are loaded on first use (``from partnerdesk.services import service_for``):
importing a light submodule such as ``services.server_setup`` while the command line builds its
parser must not pull in SQLAlchemy and the table mapping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partnerdesk.services.records import (
        ActivityService,
        ContactService,
        OrganisationService,
        PartnershipService,
        ProjectService,
        RecordService,
        service_for,
    )

__all__ = [
    "ActivityService",
    "ContactService",
    "OrganisationService",
    "PartnershipService",
    "ProjectService",
    "RecordService",
    "service_for",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from partnerdesk.services import records

        return getattr(records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
