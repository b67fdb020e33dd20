"""The group roles of an office database on a PostgreSQL server, and their privileges.

The city's IT gives each colleague's login role membership in one of these group roles
(``GRANT partnerdesk_editor TO mmuster``); the server then enforces who may do what:

* ``partnerdesk_reader``: reads the registers (SELECT), changes nothing.
* ``partnerdesk_editor``: reads and edits the registers (SELECT, INSERT, UPDATE, DELETE, the
  sequences); writers take turns through an advisory lock, which needs no privilege.
* ``partnerdesk_personal_data``: may see contacts' personal data (its privileges are added by
  ``personal_data_grants``; without them the role only reaches the schema).
* ``partnerdesk_admin``: the owner side: every privilege on the data, except that the history
  (``record_history``) is append-only for every group role, this one included. The recommended
  set-up makes it the owner of the database, so its members run ``partnerdesk server init`` and
  ``partnerdesk server upgrade`` (DDL needs the owner).

The names are the defaults; ``partnerdesk server init`` may be told others, which it stores
in ``database_info`` (``role.editor`` ...) so that ``upgrade`` grants to the same roles.
Every privilege is granted again after each migration (``apply_grants``), so a table a new
schema adds is never left without its grants.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _

READER = "partnerdesk_reader"
EDITOR = "partnerdesk_editor"
PERSONAL_DATA = "partnerdesk_personal_data"
ADMIN = "partnerdesk_admin"

#: ``database_info`` key prefix under which ``server init`` records the role names in use.
INFO_PREFIX = "role."

#: Tables the reader and editor roles must not get (personal data lives in its own table,
#: granted by ``personal_data_grants``). Empty until that table exists.
PRIVATE_TABLES: frozenset[str] = frozenset()

#: Tables only the owner side changes: editors read them.
SCHEMA_TABLES: frozenset[str] = frozenset({"alembic_version"})

#: The history and the deletion log (rev. 0018): every role that writes may add to them, nobody (but the
#: owner) change or delete them.
#: (``record_history_personal``, contacts' personal values in it, is read and added to under
#: row-level security: the personal-data role only.)
APPEND_ONLY_TABLES: frozenset[str] = frozenset({"record_history", "record_history_personal", "deletion_log"})

#: The server function that erases a record from the history (migration 0006): editors may call it.
ERASE_FUNCTION = "partnerdesk_history_erase(text, text, text)"

#: The server function that replaces an erased person's name and e-mail in other records' history
#: (revision 0023): editors may call it (it checks the personal-data role itself).
SCRUB_FUNCTION = "partnerdesk_history_scrub(text, text[], text)"

#: The table whose privileges tell the program at connect whether it may write (see ``server``).
PROBE_TABLE = "projects"

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class RoleNameError(UserError):
    """A role name that PostgreSQL would not take as a plain identifier."""


@dataclass(frozen=True)
class ServerRoles:
    """The names of the four group roles (defaults above)."""

    reader: str = READER
    editor: str = EDITOR
    personal_data: str = PERSONAL_DATA
    admin: str = ADMIN

    def __post_init__(self) -> None:
        for field in fields(self):
            name = getattr(self, field.name)
            if not _NAME.match(name):
                raise RoleNameError(
                    _(
                        "“{name}” cannot be the name of a role: use lower-case letters, digits and _ "
                        "(at most 63, not starting with a digit)."
                    ).format(name=name)
                )

    def all(self) -> list[str]:
        return [self.reader, self.editor, self.personal_data, self.admin]

    def as_info(self) -> dict[str, str]:
        """The names as ``database_info`` rows (key -> value)."""
        return {INFO_PREFIX + field.name: getattr(self, field.name) for field in fields(self)}

    @classmethod
    def from_info(cls, info: dict[str, str]) -> ServerRoles:
        """The names recorded by ``server init`` (defaults for any not recorded)."""
        known = {field.name for field in fields(cls)}
        values = {key[len(INFO_PREFIX):]: value for key, value in info.items() if key.startswith(INFO_PREFIX)}
        return replace(cls(), **{key: value for key, value in values.items() if key in known})


def _quote(connection: Any, name: str) -> str:
    return str(connection.dialect.identifier_preparer.quote(name))


def missing_roles(connection: Any, roles: ServerRoles) -> list[str]:
    """The group roles that do not exist yet on this server (roles belong to the whole server)."""
    existing = {
        row[0]
        for row in connection.exec_driver_sql(
            "SELECT rolname FROM pg_roles WHERE rolname = ANY(%(names)s)", {"names": roles.all()}
        )
    }
    return [name for name in roles.all() if name not in existing]


def create_roles(connection: Any, names: Iterable[str]) -> None:
    """Create the group roles ``names`` (NOLOGIN: people log in with their own roles and are members)."""
    for name in names:
        connection.exec_driver_sql(f"CREATE ROLE {_quote(connection, name)} NOLOGIN")


def _tables(connection: Any) -> list[str]:
    rows = connection.exec_driver_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [row[0] for row in rows]


def _sequences(connection: Any) -> list[str]:
    rows = connection.exec_driver_sql(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() ORDER BY sequencename"
    )
    return [row[0] for row in rows]


#: Further grants, called after the standard ones by ``apply_grants`` with (connection, roles):
#: the personal-data table's privileges register here (see ``personal_data_grants``).
EXTRA_GRANTS: list[Callable[[Any, ServerRoles], None]] = []


def personal_data_grants(connection: Any, roles: ServerRoles) -> None:
    """Who sees contacts' personal data: the row-level policy on ``contact_private`` asks one
    server function, defined here again with the personal-data role IT chose (``--personal-data-role``);
    the table's privileges themselves are the editors' and readers' (the policy filters the rows)."""
    from partnerdesk.persistence import personal_data

    if "contact_private" in _tables(connection):
        connection.exec_driver_sql(personal_data.visible_function_sql(roles.personal_data))


def apply_grants(connection: Any, roles: ServerRoles) -> None:
    """Give the four group roles exactly their privileges on every table and sequence of the schema.

    Runs as the owner of the tables, inside the caller's transaction; idempotent (privileges
    are revoked first, then granted), so it is run again after every migration.
    """
    q = {name: _quote(connection, name) for name in roles.all()}
    schema = _quote(connection, connection.exec_driver_sql("SELECT current_schema()").scalar())
    everyone = ", ".join(q.values())
    connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {everyone}")
    for table in _tables(connection):
        t = _quote(connection, table)
        connection.exec_driver_sql(f"REVOKE ALL ON TABLE {t} FROM PUBLIC, {everyone}")
        if table in APPEND_ONLY_TABLES:
            _history_grants(connection, t, q, roles)
            continue
        connection.exec_driver_sql(f"GRANT ALL ON TABLE {t} TO {q[roles.admin]}")
        if table in PRIVATE_TABLES:
            continue
        connection.exec_driver_sql(f"GRANT SELECT ON TABLE {t} TO {q[roles.reader]}")
        if table in SCHEMA_TABLES:
            connection.exec_driver_sql(f"GRANT SELECT ON TABLE {t} TO {q[roles.editor]}")
        else:
            connection.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {t} TO {q[roles.editor]}")
    for sequence in _sequences(connection):
        s = _quote(connection, sequence)
        connection.exec_driver_sql(f"REVOKE ALL ON SEQUENCE {s} FROM PUBLIC, {everyone}")
        connection.exec_driver_sql(f"GRANT ALL ON SEQUENCE {s} TO {q[roles.admin]}")
        connection.exec_driver_sql(f"GRANT USAGE, SELECT ON SEQUENCE {s} TO {q[roles.editor]}")
    if _has_function(connection, ERASE_FUNCTION):
        connection.exec_driver_sql(may_erase_function_sql(roles.personal_data))
        connection.exec_driver_sql(f"REVOKE ALL ON FUNCTION {ERASE_FUNCTION} FROM PUBLIC, {everyone}")
        connection.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {ERASE_FUNCTION} TO {q[roles.editor]}, {q[roles.admin]}")
    if _has_function(connection, SCRUB_FUNCTION):
        connection.exec_driver_sql(f"REVOKE ALL ON FUNCTION {SCRUB_FUNCTION} FROM PUBLIC, {everyone}")
        connection.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {SCRUB_FUNCTION} TO {q[roles.editor]}, {q[roles.admin]}")
    personal_data_grants(connection, roles)
    for extra in EXTRA_GRANTS:
        extra(connection, roles)


def _history_grants(connection: Any, table: str, q: dict[str, str], roles: ServerRoles) -> None:
    """The history is kept, never rewritten: readers read it, editors (and the admin role) also add
    entries to ``record_history``; UPDATE, DELETE and TRUNCATE are nobody's but the owner's (whose
    erasing function, migration 0006, runs as the owner). Contacts' personal values in it
    (``record_history_personal``) are read and added under row-level security: the personal-data
    role only (revision 0005).

    The owner keeps every privilege: the server's trigger and erasing function run as the owner,
    and an owner could grant them to itself anyway. In the recommended set-up the owner is the
    admin role, whose members (IT) therefore can change the history; nobody else can."""
    owner = connection.exec_driver_sql(
        "SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = %(t)s",
        {"t": table.strip('"')},
    ).scalar()
    if owner is not None:
        connection.exec_driver_sql(f"GRANT ALL ON TABLE {table} TO {_quote(connection, str(owner))}")
    connection.exec_driver_sql(f"GRANT SELECT ON TABLE {table} TO {q[roles.reader]}, {q[roles.editor]}, {q[roles.admin]}")
    connection.exec_driver_sql(f"GRANT INSERT ON TABLE {table} TO {q[roles.editor]}, {q[roles.admin]}")


def _has_function(connection: Any, signature: str) -> bool:
    return bool(connection.exec_driver_sql("SELECT to_regprocedure(%(f)s) IS NOT NULL", {"f": signature}).scalar())


def may_erase_function_sql(role: str) -> str:
    """The server function the erasing function asks (migration 0006): is the login (``session_user``;
    the erasing runs as the owner) a member of ``role`` (the personal-data group), a superuser or a
    BYPASSRLS role? Defined again with the name IT chose, as ``personal_data.visible_function_sql``."""
    literal = "'" + role.replace("'", "''") + "'"
    return (
        "CREATE OR REPLACE FUNCTION partnerdesk_history_may_erase() RETURNS boolean LANGUAGE sql STABLE "
        "SET search_path = pg_catalog AS $fn$ "
        "SELECT coalesce((SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = session_user), false) "
        f"OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {literal} AND pg_has_role(session_user, oid, 'MEMBER')) $fn$"
    )
