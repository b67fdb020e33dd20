"""Contacts' personal data (e-mail, phone, notes) and who may read it.

The fields live in ``contact_private`` (``tables.ContactPrivateRow``, migration 0004), never
in ``contacts``. On a PostgreSQL server that table is under row-level security: only members
of the group role ``partnerdesk_personal_data`` read or write its rows; everybody else gets
no row at all - not an error, so "nothing stored" and "not permitted" look alike to a query.
The program therefore asks the server once at connect (``may_see``) and marks every session
of a user without the role (``HIDDEN`` in ``Session.info``): the services then map contacts
as hidden (``Contact.personal_hidden``, shown as "vertraulich") and never write their
personal row, so a save by such a user cannot erase what it could not see.

A SQLite file has no roles: everything is visible there, as before.
"""

from __future__ import annotations

from typing import Any

#: The group role whose members see contacts' personal data (made by ``partnerdesk server init``).
ROLE = "partnerdesk_personal_data"
#: The server function the policy and the program ask (migration 0004 defines it).
VISIBLE_FUNCTION = "partnerdesk_personal_data_visible"
#: ``Session.info`` key: this session's user may not see personal data.
HIDDEN = "partnerdesk_personal_data_hidden"


def visible_function_sql(role: str) -> str:
    """The server function that the row-level policy on ``contact_private`` and ``may_see`` ask:
    members of ``role`` (the personal-data group), superusers and BYPASSRLS roles see the rows.
    Migration 0004 defines it for the default name; ``server init``/``upgrade`` define it again
    with the name IT chose (``server_roles.personal_data_grants``)."""
    literal = "'" + role.replace("'", "''") + "'"
    return (
        f"CREATE OR REPLACE FUNCTION {VISIBLE_FUNCTION}() RETURNS boolean LANGUAGE sql STABLE "
        "SET search_path = pg_catalog AS $$ "
        "SELECT coalesce((SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user), false) "
        f"OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {literal} "
        "AND pg_has_role(current_user, oid, 'MEMBER')) $$"
    )


def may_see(connection: Any) -> bool:
    """Whether the connected user may read contacts' personal data (``connection``: SQLAlchemy).

    Always true on SQLite; on a server: membership in ``ROLE``, or a superuser or BYPASSRLS
    role (they read every row anyway; the table's owner, whom PostgreSQL also exempts, is told
    no unless a member). One query, asked once when the database is opened.
    """
    if connection.dialect.name != "postgresql":
        return True
    return bool(connection.exec_driver_sql(f"SELECT {VISIBLE_FUNCTION}()").scalar())


def hidden_in(session: Any) -> bool:
    """Whether ``session`` belongs to a user from whom the server hides personal data."""
    info = getattr(session, "info", None)
    return bool(info.get(HIDDEN)) if info is not None else False
