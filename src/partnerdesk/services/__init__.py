"""Qt-free services: every read and write of the registers goes through here.

The command line, the window, documents, exchange formats and travel copies all
use these, so validation, transactions and row versions are the same everywhere.
"""

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
