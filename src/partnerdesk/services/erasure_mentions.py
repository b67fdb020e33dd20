"""Where a person is named in free text: notes, summaries, follow-ups, participant lines.

Free text has no links, so these are guesses: the name (as written on an envelope, as the
register lists it, first and last name), the e-mail address, and the last name alone. The
erasure (``services.privacy_erase``) lists them one by one and blanks only those the user
chose (``blank``): each occurrence of the person's name or e-mail in the field becomes
"[Name gelöscht]"; a participant line without a contact that names the person goes whole.

A ``Mention``'s key (``kind:id:field``) names the place, never the person, so the command line
can take ``--blank-mentions`` keys and the deletion log can count them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from partnerdesk.domain.person_names import joined_name, sorted_name
from partnerdesk.domain.records import Record
from partnerdesk.domain.text import contains, fold
from partnerdesk.i18n import _
from partnerdesk.persistence.tables import ContactPrivateRow, ContactRow
from partnerdesk.services import mapping
from partnerdesk.services.records import ROW_TYPES

#: The free-text fields of each register that may name a person.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "organisations": ("notes", "representative"),
    "partnerships": ("notes",),
    "projects": ("summary", "notes", "results"),
    "activities": ("notes",),
    "decisions": ("notes",),
    "contacts": ("notes",),
}
#: How much text around the name a mention shows.
_AROUND = 30


def blank_text() -> str:
    return _("[name erased]")


@dataclass(frozen=True)
class Person:
    """What identifies the person in text: exact spellings (``exact``, replaced in the history and
    in backups) and the guesses free text is searched for (``guesses``, longest first)."""

    contact_id: str
    exact: tuple[str, ...]
    guesses: tuple[str, ...]

    @classmethod
    def of(cls, row: ContactRow) -> Person:
        private = row.private
        email = private.email.strip() if private is not None else ""
        first, last = row.first_name.strip(), row.last_name.strip()
        names = [row.name, joined_name("", first, last), sorted_name(first, last)]
        exact = [n for n in dict.fromkeys([*names, email]) if n and len(n) >= 3]
        exact.sort(key=len, reverse=True)
        guesses = list(exact)
        if len(last) >= 3 and last not in guesses:
            guesses.append(last)
        return cls(row.id, tuple(exact), tuple(guesses))

    def found_in(self, text: str) -> str | None:
        """The first guess ``text`` contains (case- and accent-free), or ``None``."""
        if not text:
            return None
        return next((g for g in self.guesses if contains(text, fold(g))), None)

    def blanked_exact(self, text: str) -> str:
        """``text`` with the exact spellings (name, e-mail; not the last name alone) blanked."""
        for spelling in self.exact:
            if spelling.lower() in text.lower():
                text = re.sub(re.escape(spelling), blank_text(), text, flags=re.IGNORECASE)
        return text

    def blanked(self, text: str) -> str:
        """``text`` with every guess (longest first, any case) replaced by "[Name gelöscht]"."""
        for guess in self.guesses:
            text = re.sub(re.escape(guess), blank_text(), text, flags=re.IGNORECASE)
        return text


@dataclass(frozen=True)
class Mention:
    kind: str
    record_id: str
    #: The record's name (shown to the user in the preview; never logged).
    record_name: str
    #: "notes", "summary", ..., "follow_ups/<id>", "attendees/<id>" (a participant line by name).
    field: str
    excerpt: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.record_id}:{self.field}"


def find_mentions(session: Session, person: Person) -> list[Mention]:
    """Every free-text place that may name ``person`` (not the contact's own record)."""
    words = {max(fold(g).split() or [""], key=len) for g in person.guesses}
    words.discard("")
    found: list[Mention] = []
    for kind, fields in TEXT_FIELDS.items():
        row_type = ROW_TYPES[kind]
        if kind == "contacts":
            ids = session.scalars(
                select(ContactPrivateRow.contact_id).where(
                    or_(*(ContactPrivateRow.search_text.contains(w, autoescape=True) for w in words)),
                    ContactPrivateRow.contact_id != person.contact_id,
                )
            ).all()
            rows: Iterable[Any] = session.scalars(select(ContactRow).where(ContactRow.id.in_(list(ids)))).all()
        else:
            rows = session.scalars(
                select(row_type).where(or_(*(row_type.search_text.contains(w, autoescape=True) for w in words)))
            ).all()
        for row in rows:
            record = mapping.FROM_ROW[kind](row)
            found += mentions_in(record, fields, person)
    return found


def mentions_in(record: Record, fields: Iterable[str], person: Person) -> list[Mention]:
    found: list[Mention] = []
    for name in fields:
        text = str(getattr(record, name, "") or "")
        if (hit := person.found_in(text)) is not None:
            found.append(Mention(record.KIND, record.id, record.display_name, name, _excerpt(text, hit)))
    for item in getattr(record, "follow_ups", None) or []:
        if (hit := person.found_in(item.text)) is not None:
            found.append(Mention(record.KIND, record.id, record.display_name, f"follow_ups/{item.id}",
                                 _excerpt(item.text, hit)))
    for fact in getattr(record, "key_facts", None) or []:  # a mayor's name, a source ("laut Frau Mensah")
        text = f"{fact.name} {fact.source}".strip()
        if (hit := person.found_in(text)) is not None:
            found.append(Mention(record.KIND, record.id, record.display_name, f"key_facts/{fact.id}",
                                 _excerpt(text, hit)))
    for line in getattr(record, "attendees", None) or []:
        if line.contact_id is None and (hit := person.found_in(line.name)) is not None:
            found.append(Mention(record.KIND, record.id, record.display_name, f"attendees/{line.id}",
                                 _excerpt(line.name, hit)))
    return found


def field_label(field: str) -> str:
    """The field of a mention as the preview names it."""
    if field.startswith("follow_ups/"):
        return _("Follow-up")
    if field.startswith("attendees/"):
        return _("Participant list")
    if field.startswith("key_facts/"):
        return _("Key facts")
    from partnerdesk.domain.field_labels import field_label as label

    return label(field)


def blank_mentions(record: Record, fields: Iterable[str], person: Person) -> None:
    """Blank the chosen ``fields`` of ``record`` (in place): the name in the text, or the line."""
    for name in fields:
        if name.startswith("follow_ups/"):
            for item in record.follow_ups:  # type: ignore[attr-defined]
                if item.id == name.split("/", 1)[1]:
                    item.text = person.blanked(item.text)
        elif name.startswith("key_facts/"):
            for fact in record.key_facts:  # type: ignore[attr-defined]
                if fact.id == name.split("/", 1)[1]:
                    fact.name, fact.source = person.blanked(fact.name), person.blanked(fact.source)
        elif name.startswith("attendees/"):
            ident = name.split("/", 1)[1]
            record.attendees = [a for a in record.attendees if a.id != ident]  # type: ignore[attr-defined]
        else:
            setattr(record, name, person.blanked(str(getattr(record, name) or "")))


def _excerpt(text: str, hit: str) -> str:
    flat = " ".join(text.split())
    at = fold(flat).find(fold(hit))
    if at < 0:
        return flat[: 2 * _AROUND] + ("…" if len(flat) > 2 * _AROUND else "")
    start, end = max(0, at - _AROUND), min(len(flat), at + len(hit) + _AROUND)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")
