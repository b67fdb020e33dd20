"""Contacts in parts: salutation, title, first and last name, languages, address, consent as a record.

* ``contacts``: new columns ``salutation`` ("ms", "mr", "none"), ``title``, ``first_name``,
  ``last_name``, ``name_to_check``, ``languages`` (JSON list, from ``preferred_language``, which
  is dropped), ``do_not_contact``, and the consent record ``consent_given_on``, ``consent_source``,
  ``consent_withdrawn_on``, ``consent_to_check``; ``legal_basis`` now holds a code ("consent",
  "contract", "public_task", "legitimate_interest", "" for none) instead of free text.
* Every stored ``name`` is split by ``domain.person_names.split_name`` (the rules the table
  import uses too): where that is unambiguous ("Dr. Ama Mensah", "Ion Popescu") into title,
  first and last name; otherwise the whole name goes to ``last_name`` and ``name_to_check`` is
  set, for the user to check in the register (filter "Name to check"). ``name`` stays the whole
  name as shown (kept by the program from the parts), ``name_key`` now sorts by last name.
* Every free-text ``legal_basis`` that names exactly one basis ("Einwilligung vom 1.3.2025")
  becomes that code, its date the consent date where exactly one stands in it, the text itself
  the consent's source; any other text is appended to the contact's notes (``contact_private``,
  "Rechtsgrundlage (bisher): …") and ``consent_to_check`` is set.
* ``contact_private``: new column ``address`` (postal address: personal, like e-mail and phone);
  ``phone`` becomes text of any length (several numbers, one per line with a label). On a server
  the history's split function counts ``address`` among the personal fields.

The data changes are no user change: the journal's update trigger is off while they run (SQLite),
the server's audit triggers look away (``partnerdesk.writer``). Columns are added and dropped
with ALTER TABLE (SQLite 3.35+ drops a column without copying the table), so rowids, the text
index and the triggers of ``contacts`` stay.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 16:40:00
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from partnerdesk.domain.consent import legal_basis_from_text
from partnerdesk.domain.person_names import joined_name, name_sort_text, split_name
from partnerdesk.domain.text import search_blob, sort_key

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

#: What the moved free text is introduced by in the notes.
OLD_BASIS_NOTE = "Rechtsgrundlage (bisher): "
NEW_TEXT_COLUMNS = (("title", sa.String(length=100)), ("first_name", sa.String(length=300)),
                    ("last_name", sa.String(length=300)), ("consent_source", sa.Text()))
NEW_FLAGS = ("name_to_check", "do_not_contact", "consent_to_check")
NEW_DATES = ("consent_given_on", "consent_withdrawn_on")
ALL_NEW = ("salutation", *(n for n, _t in NEW_TEXT_COLUMNS), *NEW_FLAGS, *NEW_DATES, "languages")
PERSONAL = ("email", "phone", "notes", "address")
PERSONAL_BEFORE = ("email", "phone", "notes")
MARK = "vertraulich"


def _journal_trigger() -> str:
    return (
        "CREATE TRIGGER IF NOT EXISTS trg_contacts_journal_update AFTER UPDATE ON contacts "
        "BEGIN INSERT INTO record_changes (kind, record_id, seq) VALUES ('contacts', NEW.id, "
        "(SELECT COALESCE(MAX(seq), 0) + 1 FROM record_changes)) "
        "ON CONFLICT (kind, record_id) DO UPDATE SET seq = excluded.seq; END"
    )


def _split_function(personal: tuple[str, ...]) -> str:
    """``partnerdesk_history_split()`` of revision 0006 with the personal fields ``personal``."""
    fields = "ARRAY[" + ", ".join(f"'{v}'" for v in personal) + "]::text[]"
    return f"""
CREATE OR REPLACE FUNCTION partnerdesk_history_split() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    data jsonb;
    kept jsonb;
    private jsonb := '{{}}'::jsonb;
    field text;
    mark constant jsonb := to_jsonb('{MARK}'::text);
BEGIN
    data := NEW.changes::jsonb;
    IF jsonb_typeof(data) <> 'object' THEN
        RETURN NEW;
    END IF;
    kept := data;
    FOREACH field IN ARRAY {fields} LOOP
        IF data ? field AND data -> field <> mark AND data -> field <> jsonb_build_array(mark, mark) THEN
            private := private || jsonb_build_object(field, data -> field);
            kept := jsonb_set(kept, ARRAY[field],
                CASE WHEN jsonb_typeof(data -> field) = 'array' THEN jsonb_build_array(mark, mark) ELSE mark END);
        END IF;
    END LOOP;
    IF private <> '{{}}'::jsonb THEN
        INSERT INTO record_history_personal (entry_id, changes) VALUES (NEW.id, private::text);
        NEW.changes := kept::text;
    END IF;
    RETURN NEW;
END $fn$
"""


def _quiet(bind: Any) -> None:
    """The rewrite below is no user change: neither journal nor server history records it."""
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS trg_contacts_journal_update")
    elif bind.dialect.name == "postgresql":
        op.execute("SELECT set_config('partnerdesk.writer', 'on', true)")


def _loud(bind: Any) -> None:
    if bind.dialect.name == "sqlite":
        op.execute(_journal_trigger())
    elif bind.dialect.name == "postgresql":
        op.execute("SELECT set_config('partnerdesk.writer', '', true)")


def _drop_columns(bind: Any, table: str, names: tuple[str, ...]) -> None:
    for name in names:
        if bind.dialect.name == "sqlite":  # no table copy: rowids, text index and triggers stay
            op.execute(f"ALTER TABLE {table} DROP COLUMN {name}")
        else:
            op.drop_column(table, name)


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column('contacts', sa.Column('salutation', sa.String(length=16), nullable=False, server_default='none'))
    for name, type_ in NEW_TEXT_COLUMNS:
        op.add_column('contacts', sa.Column(name, type_, nullable=False, server_default=''))
    for name in NEW_FLAGS:
        op.add_column('contacts', sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.text('false')))
    for name in NEW_DATES:
        op.add_column('contacts', sa.Column(name, sa.Date(), nullable=True))
    op.add_column('contacts', sa.Column('languages', sa.JSON(), nullable=False, server_default='[]'))
    op.add_column('contact_private', sa.Column('address', sa.Text(), nullable=False, server_default=''))
    if bind.dialect.name == "postgresql":
        op.alter_column('contact_private', 'phone', type_=sa.Text(), existing_type=sa.String(length=100),
                        existing_nullable=False)
        op.execute(_split_function(PERSONAL))

    _quiet(bind)
    notes: dict[str, str] = dict(bind.execute(sa.text("SELECT contact_id, notes FROM contact_private")).all())
    rows = bind.execute(sa.text("SELECT id, name, function, preferred_language, legal_basis FROM contacts")).all()
    updates, moved_notes = [], []
    for row in rows:
        parts = split_name(row.name or "")
        shown = joined_name(parts.title, parts.first_name, parts.last_name) or row.name
        basis = (row.legal_basis or "").strip()
        mapped = legal_basis_from_text(basis) if basis else None
        to_check = bool(basis) and (mapped is None or mapped.legal_basis is None)
        if to_check:
            old = notes.get(row.id)
            moved_notes.append({"id": row.id, "notes": f"{old}\n\n{OLD_BASIS_NOTE}{basis}" if old else
                                f"{OLD_BASIS_NOTE}{basis}", "exists": old is not None})
        updates.append({
            "row_id": row.id, "shown": shown, "key": sort_key(name_sort_text(parts.first_name, parts.last_name or shown)),
            "text": search_blob(shown, row.function),
            "salutation": str(parts.salutation) if parts.salutation is not None else "none",
            "title": parts.title, "first": parts.first_name, "last": parts.last_name or shown,
            "check": parts.to_check, "languages": [row.preferred_language] if row.preferred_language else [],
            "basis": str(mapped.legal_basis) if mapped is not None and mapped.legal_basis is not None else "",
            "given": mapped.given_on if mapped is not None else None,
            "source": basis if not to_check else "", "consent_check": to_check,
        })
    table = sa.table(
        'contacts', sa.column('id'), sa.column('name'), sa.column('name_key'), sa.column('search_text'),
        sa.column('salutation'), sa.column('title'), sa.column('first_name'), sa.column('last_name'),
        sa.column('name_to_check'), sa.column('languages', sa.JSON()), sa.column('legal_basis'),
        sa.column('consent_given_on', sa.Date()), sa.column('consent_source'), sa.column('consent_to_check'),
    )
    if updates:
        bind.execute(
            table.update().where(table.c.id == sa.bindparam('row_id')).values(
                name=sa.bindparam('shown'), name_key=sa.bindparam('key'), search_text=sa.bindparam('text'),
                salutation=sa.bindparam('salutation'), title=sa.bindparam('title'),
                first_name=sa.bindparam('first'), last_name=sa.bindparam('last'),
                name_to_check=sa.bindparam('check'), languages=sa.bindparam('languages', type_=sa.JSON()),
                legal_basis=sa.bindparam('basis'), consent_given_on=sa.bindparam('given', type_=sa.Date()),
                consent_source=sa.bindparam('source'), consent_to_check=sa.bindparam('consent_check'),
            ),
            updates,
        )
    for moved in moved_notes:
        if moved["exists"]:
            bind.execute(sa.text("UPDATE contact_private SET notes = :notes WHERE contact_id = :id"), moved)
        else:
            bind.execute(sa.text(
                "INSERT INTO contact_private (contact_id, email, phone, notes, address, search_text) "
                "VALUES (:id, '', '', :notes, '', '')"), moved)
        # the folded personal text, as services.search_text.contact_private_text makes it
        private = bind.execute(sa.text("SELECT email, phone, notes FROM contact_private WHERE contact_id = :id"),
                               {"id": moved["id"]}).one()
        bind.execute(sa.text("UPDATE contact_private SET search_text = :text WHERE contact_id = :id"),
                     {"id": moved["id"], "text": search_blob(private.email, private.phone, private.notes)})
    _loud(bind)
    _drop_columns(bind, 'contacts', ('preferred_language',))


def downgrade() -> None:
    bind = op.get_bind()
    op.add_column('contacts', sa.Column('preferred_language', sa.String(length=2), nullable=False, server_default=''))
    _quiet(bind)
    rows = bind.execute(sa.text("SELECT id, languages, legal_basis, consent_source FROM contacts")).all()
    table = sa.table('contacts', sa.column('id'), sa.column('preferred_language'), sa.column('legal_basis'))
    values = []
    for row in rows:
        languages = _json_list(row.languages)
        values.append({"row_id": row.id, "language": languages[0] if languages else "",
                       "basis": row.consent_source or row.legal_basis or ""})
    if values:
        bind.execute(table.update().where(table.c.id == sa.bindparam('row_id')).values(
            preferred_language=sa.bindparam('language'), legal_basis=sa.bindparam('basis')), values)
    _loud(bind)
    _drop_columns(bind, 'contacts', ALL_NEW)
    _drop_columns(bind, 'contact_private', ('address',))
    if bind.dialect.name == "postgresql":
        op.alter_column('contact_private', 'phone', type_=sa.String(length=100), existing_type=sa.Text(),
                        existing_nullable=False, postgresql_using="left(phone, 100)")
        op.execute(_split_function(PERSONAL_BEFORE))


def _json_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    try:
        loaded = json.loads(str(value or "[]"))
    except ValueError:
        return []
    return [str(v) for v in loaded] if isinstance(loaded, list) else []
