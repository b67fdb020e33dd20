"""Readable names of registers, fields and values for conflicts and reports (German by ``_``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from partnerdesk.domain import enums, key_facts, programme
from partnerdesk.domain.field_labels import field_label as field_label  # re-exported: reports use labels.field_label
from partnerdesk.domain.records import KeyFact
from partnerdesk.i18n import _
from partnerdesk.services.records import KIND_LABELS, ROW_TYPES

NAME_COLUMN = {"organisations": "name", "contacts": "name", "programmes": "name"}


ENUM_FIELDS: dict[tuple[str, str], type] = {
    ("organisations", "kind"): enums.OrganisationKind,
    ("partnerships", "type"): enums.PartnershipType,
    ("partnerships", "status"): enums.PartnershipStatus,
    ("partnerships", "mou_status"): enums.MouStatus,
    ("projects", "status"): enums.ProjectStatus,
    ("activities", "kind"): enums.ActivityKind,
    ("contacts", "salutation"): enums.Salutation,
    ("contacts", "legal_basis"): enums.LegalBasis,
    ("decisions", "body"): enums.DecisionBody,
    ("decisions", "result"): enums.DecisionResult,
    ("grants", "status"): enums.GrantStatus,
    ("grants", "financing_kind"): enums.FinancingKind,
    ("grants", "conditions"): enums.GrantConditions,
}
ID_FIELDS = {"partner_id", "organisation_id", "partnership_id", "project_id", "coordinator_ids", "contact_ids",
             "organisation_ids", "partnership_ids", "project_ids", "programme_id"}


def kind_label(kind: str, plural: bool = False) -> str:
    return KIND_LABELS[kind][1 if plural else 0]()


def situation_label(situation: str) -> str:
    return {
        "both_changed": _("changed on both sides"),
        "deleted_in_office": _("deleted in the office, changed on the travel copy"),
        "deleted_in_travel": _("changed in the office, deleted on the travel copy"),
    }.get(situation, situation)


def describe(kind: str, name: str | None, value: Any, names: Callable[[str], str] | None = None) -> str:
    """A value as a person reads it (German dates, labels instead of codes, names instead of ids)."""
    names = names or (lambda i: i)
    if name is None:  # whole record
        return _("(deleted)") if value is None else _("(kept, with its changes)")
    if value is None or value == "" or value == []:
        return "—"
    enum = ENUM_FIELDS.get((kind, name))
    if enum is not None:
        try:
            return str(enum(value).label)
        except ValueError:
            return str(value)
    if name in ID_FIELDS:
        items = value if isinstance(value, list) else [value]
        return ", ".join(names(str(v)) for v in items)
    if name == "participants":
        return ", ".join(
            f"{names(p['organisation_id'])} ({_role(p.get('role'))})" for p in value
        )
    if name == "funding_sources":
        return ", ".join(" ".join(str(x) for x in (f.get("name"), f.get("amount"), f.get("currency")) if x) for f in value)
    if name == "attendees":
        return "; ".join(
            " ".join(str(a.get(k) or "") for k in ("name", "organisation") if a.get(k)) + (f" ({a['role']})" if a.get("role") else "")
            for a in value
        )
    if name == "follow_ups":
        return "; ".join(
            ("✓ " if f.get("done") else "") + str(f.get("text", "")) + (f" ({_date(f['due_date'])})" if f.get("due_date") else "")
            for f in value
        )
    if name == "key_facts":
        return "; ".join(_key_fact(f) for f in value if isinstance(f, dict))
    if name == "stages":
        return "; ".join(
            f"{_date(s['date']) if s.get('date') else '?'} {_stage_kind(s.get('kind'))}" + (f" ({s['note']})" if s.get("note") else "")
            for s in value
        )
    if name == "programme":
        return "; ".join(f"{_item_kind(i.get('kind'))} „{i.get('title', '')}“" for i in value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        return _date(value)
    return str(value)


def _item_kind(code: Any) -> str:
    try:
        return str(programme.ItemKind(code).label)
    except ValueError:
        return str(code)


def _key_fact(data: dict[str, Any]) -> str:
    """"Einwohner: 40.000 – Angabe der Partnerkommune, Stand 2019" (the value as the office reads it)."""
    try:
        fact = KeyFact(kind=enums.KeyFactKind(str(data.get("kind"))), value=str(data.get("value") or ""),
                       name=str(data.get("name") or ""), source=str(data.get("source") or ""),
                       as_of=str(data.get("as_of") or ""), chosen=bool(data.get("chosen")))
    except ValueError:
        return str(data.get("value") or "")
    return f"{fact.kind.label}: {key_facts.fact_line(fact)}" + (" ✓" if fact.chosen else "")


def _stage_kind(code: Any) -> str:
    try:
        return str(enums.StageKind(code).label)
    except ValueError:
        return str(code)


def _role(code: Any) -> str:
    try:
        return str(enums.ParticipantRole(code).label)
    except ValueError:
        return str(code)


def local_time(text: str) -> str:
    """A stored moment (ISO 8601, in UTC) as people read it: local time, German date
    ("28.11.2026, 17:30 Uhr"); a text that is not a moment is returned as it is."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone()  # the computer's time zone
    return _("{date}, {time}").format(date=moment.strftime("%d.%m.%Y"), time=moment.strftime("%H:%M"))


def _date(text: str) -> str:
    try:
        return date.fromisoformat(text).strftime("%d.%m.%Y")
    except ValueError:
        return text


def describe_fields(kind: str, data: dict[str, Any], fields: Iterable[str]) -> str:
    return "; ".join(f"{field_label(f)}: {describe(kind, f, data.get(f))}" for f in fields)


def name_lookup(office: Session, travel: Session | None, ids: set[str]) -> dict[str, str]:
    """Names of the records with these ids (office first, then the travel copy)."""
    found: dict[str, str] = {}
    for session in (office, travel):
        if session is None:
            continue
        missing = [i for i in ids if i not in found]
        for kind, row_type in ROW_TYPES.items():
            if not missing:
                break
            column = getattr(row_type, NAME_COLUMN.get(kind, "title"))
            for start in range(0, len(missing), 500):
                chunk = missing[start : start + 500]
                for i, n in session.execute(select(row_type.id, column).where(row_type.id.in_(chunk))):
                    found[i] = n
            missing = [i for i in missing if i not in found]
    return found
