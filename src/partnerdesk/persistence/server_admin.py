"""Setting up and updating an office database on a PostgreSQL server: IT's commands.

``partnerdesk server init URL`` creates the schema (the migrations to the newest revision),
gives the database its identity, creates the group roles that are missing and grants them
their privileges (``server_roles``). ``partnerdesk server upgrade URL`` migrates an older
schema and grants again. Both run only as the owner role of the database (or a member of
it, or a superuser) and do their work as that role (``SET LOCAL ROLE``), so every table
belongs to the owner whoever of IT ran the command. Each is one transaction under the
write lock: PostgreSQL rolls DDL back, so a failure leaves the database as it was.
Opening a database never migrates it (``server.open_server_database``).

The history's guard on the server (migration 0006: audit triggers for changes made with other
tools, personal values kept apart, the erasing function) comes with the schema; ``apply_grants``
makes the history append-only for every group role and names the personal-data role IT chose
in the erasing function's check.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from partnerdesk.domain import search_version
from partnerdesk.domain.errors import PartnerDeskError, UserError
from partnerdesk.i18n import _
from partnerdesk.persistence import migrate
from partnerdesk.persistence.server import (
    ServerDatabaseError,
    ServerNotSetUpError,
    make_server_engine,
    schema_state,
    server_url,
    translate_server_error,
)
from partnerdesk.persistence.server_roles import ServerRoles, apply_grants, create_roles, missing_roles
from partnerdesk.persistence.tables import DatabaseInfo

log = logging.getLogger(__name__)


class NotTheOwnerError(UserError):
    """``server init`` / ``upgrade`` by a login that is not the database's owner role."""


@dataclass(frozen=True)
class SetUpReport:
    """What ``init_server`` / ``upgrade_server`` did (for the command's output)."""

    name: str
    owner: str
    before: str | None
    after: str
    created_roles: tuple[str, ...]
    roles: ServerRoles


def init_server(url: str | URL, roles: ServerRoles | None = None) -> SetUpReport:
    """Set up the office database at ``url`` (empty, or already at the newest schema: grants renewed)."""
    return _administer(url, roles or ServerRoles(), init=True)


def upgrade_server(url: str | URL) -> SetUpReport:
    """Migrate the office database at ``url`` to this PartnerDesk's schema and grant again."""
    return _administer(url, None, init=False)


def _administer(url: str | URL, roles: ServerRoles | None, *, init: bool) -> SetUpReport:
    parsed = server_url(url)
    name = parsed.render_as_string(hide_password=True)
    engine = make_server_engine(parsed, write=True)
    try:
        with engine.connect() as connection, connection.begin():  # the write lock: one at a time
            return _in_transaction(connection, name, roles, init=init)
    except PartnerDeskError:
        raise
    except DBAPIError as exc:
        problem = translate_server_error(exc, name)
        if problem is not None:
            raise problem from exc
        raise
    finally:
        engine.dispose()


def _in_transaction(connection: Any, name: str, roles: ServerRoles | None, *, init: bool) -> SetUpReport:
    owner = _require_owner(connection, name)
    before = schema_state(connection, name)  # refuses a foreign or newer database, unchanged
    head = migrate.head_revision()
    if init and before is not None and before != head:
        raise ServerNotSetUpError(
            _(
                "{name} is already set up with an older schema ({found}): update it with "
                "“partnerdesk server upgrade”."
            ).format(name=name, found=before)
        )
    if not init and before is None:
        raise ServerNotSetUpError(
            _("{name} holds no PartnerDesk tables yet: set it up with “partnerdesk server init”.").format(name=name)
        )
    if roles is None:  # upgrade: the names that init recorded
        info = {}
        if before is not None:
            info = dict(connection.exec_driver_sql("SELECT key, value FROM database_info").all())
        roles = ServerRoles.from_info(info)
    missing = missing_roles(connection, roles)
    if missing:
        if not _may_create_roles(connection):
            raise NotTheOwnerError(
                _(
                    "The roles {roles} do not exist and the login may not create roles: create them "
                    "(CREATE ROLE … NOLOGIN) or run this as a role with CREATEROLE."
                ).format(roles=", ".join(missing))
            )
        create_roles(connection, missing)
    # Everything below is done as the owner, so the tables belong to it.
    connection.exec_driver_sql(f"SET LOCAL ROLE {connection.dialect.identifier_preparer.quote(owner)}")
    if before != head:
        log.info("migrating server database %s from %s", name, before or "empty")
        migrate.upgrade(connection)  # inside this transaction: Alembic does not commit it
    _give_identity(connection, roles)
    apply_grants(connection, roles)
    return SetUpReport(name=name, owner=owner, before=before, after=head, created_roles=tuple(missing), roles=roles)


def _require_owner(connection: Any, name: str) -> str:
    """The database's owner role; refused unless the login is it, a member of it, or a superuser."""
    owner, allowed, user = connection.exec_driver_sql(
        "SELECT pg_get_userbyid(d.datdba), pg_has_role(current_user, d.datdba, 'MEMBER'), current_user"
        " FROM pg_database d WHERE d.datname = current_database()"
    ).one()
    if not allowed:
        raise NotTheOwnerError(
            _(
                "Only the owner role of the office database {name} ({owner}) may set it up or update it; "
                "you are logged in as {user}. Nothing was changed."
            ).format(name=name, owner=owner, user=user)
        )
    return str(owner)


def _may_create_roles(connection: Any) -> bool:
    return bool(
        connection.exec_driver_sql(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        ).scalar()
    )


def _give_identity(connection: Any, roles: ServerRoles) -> None:
    """A new database gets its identity; the role names in use are recorded for ``upgrade``."""
    info = DatabaseInfo.__table__
    present = set(connection.execute(select(info.c.key)).scalars())
    rows = []
    if "database_id" not in present:
        rows.append({"key": "database_id", "value": str(uuid.uuid4())})
        if "created_at" not in present:
            rows.append({"key": "created_at", "value": datetime.now(UTC).isoformat(timespec="seconds")})
        if search_version.INFO_KEY not in present:
            rows.append({"key": search_version.INFO_KEY, "value": search_version.VERSION})  # empty: current
    for key, value in roles.as_info().items():
        if key in present:
            connection.execute(update(DatabaseInfo).where(DatabaseInfo.key == key).values(value=value))
        else:
            rows.append({"key": key, "value": value})
    if rows:
        connection.execute(insert(DatabaseInfo), rows)


__all__ = ["NotTheOwnerError", "ServerDatabaseError", "SetUpReport", "init_server", "upgrade_server"]
