"""The history on an office server: nothing escapes it, nobody rewrites it, personal data stays private.

On PostgreSQL only (a file has no roles and no other tools writing behind the program's back;
contacts' personal values in the history are kept in ``record_history_personal``, revision 0005,
whose row-level security shows them to the personal-data role only):

* ``record_history_personal``'s key to its entry is checked at commit (deferred), so the
  trigger below may write the personal part before the entry itself.
* ``partnerdesk_history_split()``, a BEFORE INSERT trigger on ``record_history`` for contacts'
  entries: moves personal fields' values still in an entry into ``record_history_personal`` and
  leaves the word "vertraulich" in their place (the program's own writer already keeps them
  apart, so this catches entries of other tools: psql, a report tool).
* ``partnerdesk_history_audit()``, AFTER INSERT/UPDATE/DELETE triggers on the five record tables
  and ``contact_private``: a change that did not come from PartnerDesk's own writer gets its
  entry with ``session_user`` as the actor (psql, a report tool). PartnerDesk's write
  transactions say ``SET LOCAL partnerdesk.writer = 'on'`` in the round trip of their BEGIN
  (``server.make_server_engine``) and write their own entries, with ``session_user`` too.
* ``partnerdesk_history_erase(kind, record_id, mark)``: replaces the values and the name in a
  record's entries by ``mark`` ("Datensatz gelöscht am … von {user}", ``{user}`` becoming the
  login role) and removes their personal part: how erasing a person reaches the history,
  which the editor roles may otherwise only add to (``server_roles.apply_grants``). Only for
  a record that is no longer there (a live record's past stays), and only for members of the
  personal-data role (``partnerdesk_history_may_erase()``, asked for ``session_user``).

The functions are SECURITY DEFINER (they run as the table owner, with this migration's
search path), so they work for every role that may change a record, and nobody needs a
privilege on the history beyond INSERT. The SQL is written out here, so this revision never
changes with the application.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 14:10:00
"""

from __future__ import annotations

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

PERSONAL_DATA_ROLE = "partnerdesk_personal_data"
FOREIGN_KEY = "fk_record_history_personal_entry_id_record_history"
MARK = "vertraulich"
#: (table, register, id column, name column)
AUDITED = (
    ("organisations", "organisations", "id", "name"),
    ("partnerships", "partnerships", "id", "title"),
    ("contacts", "contacts", "id", "name"),
    ("projects", "projects", "id", "title"),
    ("activities", "activities", "id", "title"),
    ("contact_private", "contacts", "contact_id", ""),
)
#: Columns that are bookkeeping, never a change worth an entry.
SKIPPED = ("id", "contact_id", "created_at", "updated_at", "version", "search_text", "name_key", "title_key")
PERSONAL = ("email", "phone", "notes")


def _array(values: tuple[str, ...]) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]::text[]"


SPLIT = f"""
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
    FOREACH field IN ARRAY {_array(PERSONAL)} LOOP
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

AUDIT = f"""
CREATE OR REPLACE FUNCTION partnerdesk_history_audit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    register text := TG_ARGV[0];
    id_column text := TG_ARGV[1];
    name_column text := TG_ARGV[2];
    before jsonb := '{{}}'::jsonb;
    after jsonb := '{{}}'::jsonb;
    whole jsonb;
    diff jsonb := '{{}}'::jsonb;
    operation text;
    record_id text;
    label text;
    field text;
BEGIN
    IF TG_OP <> 'INSERT' THEN before := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN after := to_jsonb(NEW); END IF;
    whole := CASE WHEN TG_OP = 'DELETE' THEN before ELSE after END;
    record_id := whole ->> id_column;
    before := before - {_array(SKIPPED)};
    after := after - {_array(SKIPPED)};
    IF name_column = '' THEN  -- contact_private: a change of the contact's personal fields
        operation := 'changed';
        SELECT c.name INTO label FROM contacts c WHERE c.id = record_id;
    ELSE
        operation := CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END;
        label := whole ->> name_column;
    END IF;
    IF operation = 'created' THEN
        diff := after;
    ELSIF operation = 'deleted' THEN
        diff := before;
    ELSE
        FOR field IN SELECT key FROM jsonb_each(before) UNION SELECT key FROM jsonb_each(after) LOOP
            IF (before -> field) IS DISTINCT FROM (after -> field) THEN
                diff := diff || jsonb_build_object(field, jsonb_build_array(
                    coalesce(before -> field, CASE WHEN name_column = '' THEN to_jsonb(''::text) ELSE 'null'::jsonb END),
                    coalesce(after -> field, CASE WHEN name_column = '' THEN to_jsonb(''::text) ELSE 'null'::jsonb END)));
            END IF;
        END LOOP;
        IF diff = '{{}}'::jsonb THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO record_history (at, actor, batch_id, kind, record_id, operation, label, changes)
    VALUES (now() AT TIME ZONE 'UTC', session_user::text,
            md5('partnerdesk-transaction-' || txid_current()::text)::uuid::text,
            register, record_id, operation, coalesce(label, ''), diff::text);
    RETURN NULL;
END $fn$
"""

JSON_OR_EMPTY = """
CREATE OR REPLACE FUNCTION partnerdesk_history_json(value text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE SET search_path FROM CURRENT AS $fn$
BEGIN
    RETURN CASE WHEN jsonb_typeof(value::jsonb) = 'object' THEN value::jsonb ELSE '{}'::jsonb END;
EXCEPTION WHEN others THEN
    RETURN '{}'::jsonb;
END $fn$
"""

#: Whether the login (``session_user``: the erasing function runs as the owner) is a member of the
#: personal-data role; ``server init``/``upgrade`` define it again with the name IT chose.
MAY_ERASE = f"""
CREATE OR REPLACE FUNCTION partnerdesk_history_may_erase() RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog AS $fn$
SELECT coalesce((SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = session_user), false)
    OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{PERSONAL_DATA_ROLE}' AND pg_has_role(session_user, oid, 'MEMBER'))
$fn$
"""

ERASE = """
CREATE OR REPLACE FUNCTION partnerdesk_history_erase(erase_kind text, erase_id text, mark text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
DECLARE
    done integer;
    still boolean;
    text_of_mark text := replace(mark, '{user}', session_user::text);
BEGIN
    IF NOT partnerdesk_history_may_erase() THEN
        RAISE EXCEPTION 'only members of the personal-data role may erase from the history'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF erase_kind NOT IN ('organisations', 'partnerships', 'contacts', 'projects', 'activities') THEN
        RAISE EXCEPTION 'no register %', erase_kind USING ERRCODE = 'invalid_parameter_value';
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE id = $1)', erase_kind) INTO still USING erase_id;
    IF still THEN  -- only the history of a deleted record: a live record's past stays
        RAISE EXCEPTION 'the record % is still there', erase_id USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    DELETE FROM record_history_personal p USING record_history h
     WHERE p.entry_id = h.id AND h.kind = erase_kind AND h.record_id = erase_id;
    UPDATE record_history h SET label = text_of_mark, changes = coalesce((
        SELECT jsonb_object_agg(e.key, CASE WHEN h.operation = 'changed' AND jsonb_typeof(e.value) = 'array'
                                            THEN jsonb_build_array(text_of_mark, text_of_mark)
                                            ELSE to_jsonb(text_of_mark) END)
          FROM jsonb_each(partnerdesk_history_json(h.changes)) e), '{}'::jsonb)::text
     WHERE h.kind = erase_kind AND h.record_id = erase_id AND h.operation <> 'started';
    GET DIAGNOSTICS done = ROW_COUNT;
    RETURN done;
END $fn$
"""


def _trigger_name(table: str) -> str:
    return f"trg_{table}_history_audit"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE record_history_personal ALTER CONSTRAINT {FOREIGN_KEY} DEFERRABLE INITIALLY DEFERRED")
    op.execute(SPLIT)
    op.execute(
        "CREATE TRIGGER trg_record_history_split BEFORE INSERT ON record_history FOR EACH ROW "
        "WHEN (NEW.kind = 'contacts') EXECUTE FUNCTION partnerdesk_history_split()"
    )
    op.execute(AUDIT)
    for table, register, id_column, name_column in AUDITED:
        op.execute(
            f"CREATE TRIGGER {_trigger_name(table)} AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW "
            "WHEN (current_setting('partnerdesk.writer', true) IS DISTINCT FROM 'on') "
            f"EXECUTE FUNCTION partnerdesk_history_audit('{register}', '{id_column}', '{name_column}')"
        )
    op.execute(JSON_OR_EMPTY)
    op.execute(MAY_ERASE)
    op.execute(ERASE)
    # Only the roles that ``server_roles.apply_grants`` names may erase (trigger functions
    # cannot be called at all, only fired).
    op.execute("REVOKE ALL ON FUNCTION partnerdesk_history_erase(text, text, text) FROM PUBLIC")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table, *_rest in AUDITED:
            op.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table)} ON {table}")
        op.execute("DROP TRIGGER IF EXISTS trg_record_history_split ON record_history")
        for function in ("partnerdesk_history_split()", "partnerdesk_history_audit()",
                         "partnerdesk_history_erase(text, text, text)", "partnerdesk_history_json(text)",
                         "partnerdesk_history_may_erase()"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
        op.execute(f"ALTER TABLE record_history_personal ALTER CONSTRAINT {FOREIGN_KEY} NOT DEFERRABLE")
