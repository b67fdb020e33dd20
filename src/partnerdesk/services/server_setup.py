"""IT's side of the office database on a server, for the command line: setting it up and
updating it (``persistence.server_admin``) with the group roles it grants to
(``persistence.server_roles``). The command line reaches persistence only through services;
SQLAlchemy is imported only when a command really sets up or updates a server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnerdesk.persistence.server_roles import ADMIN, EDITOR, PERSONAL_DATA, READER, ServerRoles

if TYPE_CHECKING:
    from partnerdesk.persistence.server_admin import SetUpReport

__all__ = ["ADMIN", "EDITOR", "PERSONAL_DATA", "READER", "ServerRoles", "init_server", "upgrade_server"]


def init_server(url: str, roles: ServerRoles) -> SetUpReport:
    """Create the schema, the group roles and their privileges (as the owner role)."""
    from partnerdesk.persistence import server_admin

    return server_admin.init_server(url, roles)


def upgrade_server(url: str) -> SetUpReport:
    """Update the schema to this PartnerDesk's and grant again (as the owner role)."""
    from partnerdesk.persistence import server_admin

    return server_admin.upgrade_server(url)
