""""Me": the contact this user is, per database (the default responsible person, and "mine").

Chosen in the settings dialog (or ``partnerdesk due --me``), stored per database in
``me.json`` in the per-user data folder: ``{database identity: contact id}`` (a copy for
tests or travel has an identity of its own, so "me" is chosen there once more). Kept outside Qt's settings so the command line reads it too.

On the office server the login names the user: when no contact is chosen for that database,
"me" is the city-unit contact whose e-mail address is the login followed by "@" (login
``mmuster`` -> ``mmuster@stadt.example``), the way city mail addresses are usually made.
A contact that is gone or no longer of a city unit is not "me".
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import func, select

from partnerdesk import paths
from partnerdesk.domain.enums import OrganisationKind
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import ContactPrivateRow, ContactRow, OrganisationRow

FILE_NAME = "me.json"


def _file() -> Path:
    return paths.data_dir() / FILE_NAME


def _stored() -> dict[str, str]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def chosen(db: Database) -> str | None:
    """The contact chosen for this database in the settings (not checked)."""
    return _stored().get(db.identity) or None


def choose(db: Database, contact_id: str | None) -> None:
    """Remember ``contact_id`` as "me" for this database (``None``: forget)."""
    data = _stored()
    if contact_id:
        data[db.identity] = contact_id
    else:
        data.pop(db.identity, None)
    target = _file()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temporary, target)


def login(db: Database) -> str | None:
    """The login name on an office server (``None`` on a file)."""
    url = db.engine.url
    return url.username or None if url.get_backend_name() == "postgresql" else None


def me(db: Database) -> str | None:
    """The contact id of this user in ``db``: the chosen one, else (on a server) the login's."""
    with db.read() as session:
        city_staff = (
            select(ContactRow.id)
            .join(OrganisationRow, OrganisationRow.id == ContactRow.organisation_id)
            .where(OrganisationRow.kind == OrganisationKind.CITY_UNIT.value)
        )
        picked = chosen(db)
        if picked and session.scalar(city_staff.where(ContactRow.id == picked)) is not None:
            return picked
        name = login(db)
        if not name:
            return None
        found = session.scalars(
            city_staff.join(ContactPrivateRow, ContactPrivateRow.contact_id == ContactRow.id)
            .where(func.lower(ContactPrivateRow.email).startswith(name.lower() + "@", autoescape=True))
            .order_by(ContactRow.id)
        ).first()
        return found
