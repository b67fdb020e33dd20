"""Free-text mentions of a person: their name or e-mail in notes, descriptions, follow-ups.

These are guesses - another person may have the same name, and a note may spell it
differently - so the Auskunft lists them "for checking", each with the field, a short
excerpt and how sure the match is: the e-mail address (``email``), first and last name
together (``name``), or the last name alone (``last_name``). Records are first narrowed by
the stored search text (what the register search finds), then every text field of each
record, including follow-ups, stages and participant lines, is read.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from partnerdesk.domain.field_labels import field_label
from partnerdesk.domain.records import Contact, Record
from partnerdesk.domain.text import fold
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.tables import ContactPrivateRow
from partnerdesk.services import mapping
from partnerdesk.services.records import ROW_TYPES

#: Last names shorter than this are not looked for alone (too many false guesses).
SHORTEST_LAST_NAME = 4
#: Characters of context on each side of a mention in its excerpt.
CONTEXT = 50
_CERTAINTY_ORDER = {"email": 0, "name": 1, "last_name": 2}
#: Another contact's own name is theirs, not a mention (a namesake is no guess worth checking).
_OWN_NAME_FIELDS = frozenset({"first_name", "last_name", "title"})


@dataclass(frozen=True)
class Mention:
    kind: str
    id: str
    label: str
    #: The field's readable name ("Notizen", "Wiedervorlagen").
    field: str
    excerpt: str
    matched: str
    certainty: str

    @property
    def certainty_label(self) -> str:
        return {
            "email": _("e-mail address"),
            "name": _("first and last name"),
            "last_name": _("last name only - check"),
        }.get(self.certainty, self.certainty)


def name_needles(person: Contact) -> list[str]:
    """The names looked for: first and last name together, then the last name alone."""
    whole = " ".join(p for p in (person.first_name, person.last_name) if p).strip()
    needles = [whole] if whole else []
    if person.first_name and len(person.last_name) >= SHORTEST_LAST_NAME:
        needles.append(person.last_name)
    return needles


def _needles(person: Contact) -> list[tuple[str, str, str]]:
    """``(folded needle, as written, certainty)``, surest first."""
    found = []
    if person.email:
        found.append((fold(person.email), person.email, "email"))
    names = name_needles(person)
    if names:
        found.append((fold(names[0]), names[0], "name"))
        if person.last_name and person.first_name:
            sorted_form = f"{person.last_name}, {person.first_name}"
            found.append((fold(sorted_form), sorted_form, "name"))
    if len(names) > 1:
        found.append((fold(names[1]), names[1], "last_name"))
    return [(f, w, c) for f, w, c in found if f]


def _texts(record: Record) -> list[tuple[str, str]]:
    """``(field, text)`` of every text in ``record``, those of its list items too (a participant
    linked to a contact is that contact's, not a mention: left out)."""
    found = []
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if f.name in _OWN_NAME_FIELDS and isinstance(record, Contact):
            continue
        if isinstance(value, str) and value and f.name != "id" and not f.name.endswith("_id"):
            found.append((f.name, value))
        elif isinstance(value, list):
            for item in value:
                if dataclasses.is_dataclass(item) and not getattr(item, "contact_id", None):
                    for g in dataclasses.fields(item):
                        text = getattr(item, g.name)
                        if isinstance(text, str) and text and g.name != "id" and not g.name.endswith("_id"):
                            found.append((f.name, text))
    return found


def _excerpt(text: str, written: str) -> str:
    flat = " ".join(text.split())
    match = re.search(re.escape(written), flat, re.IGNORECASE)
    if match is None:
        return flat[: 2 * CONTEXT] + ("…" if len(flat) > 2 * CONTEXT else "")
    start, end = max(0, match.start() - CONTEXT), min(len(flat), match.end() + CONTEXT)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def _word(needle: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")


def mentions_of(db: Database, person: Contact) -> list[Mention]:
    """Every mention of ``person`` in other records' text (see the module), surest first."""
    needles = _needles(person)
    if not needles:
        return []
    patterns = [(_word(f), w, c) for f, w, c in needles]
    search_words = sorted({max(re.findall(r"\w+", f) or [f], key=len) for f, _w, _c in needles})
    found: list[Mention] = []
    with db.read() as session:
        for kind, row_type in ROW_TYPES.items():
            condition = or_(*[row_type.search_text.contains(w, autoescape=True) for w in search_words])
            if kind == "contacts" and db.personal_data_visible:  # other contacts' notes
                private = select(ContactPrivateRow.contact_id).where(
                    or_(*[ContactPrivateRow.search_text.contains(w, autoescape=True) for w in search_words]))
                condition = or_(condition, row_type.id.in_(private))
            rows = session.scalars(select(row_type).where(condition)).unique().all()
            for row in rows:
                if kind == "contacts" and row.id == person.id:
                    continue
                record = mapping.FROM_ROW[kind](row)
                found += _scan(kind, record, patterns)
            session.expunge_all()
    found.sort(key=lambda m: (_CERTAINTY_ORDER.get(m.certainty, 9), m.kind, m.label.casefold()))
    return found


def _scan(kind: str, record: Any, patterns: list[tuple[re.Pattern[str], str, str]]) -> list[Mention]:
    found = []
    for name, text in _texts(record):
        folded = fold(text)
        for pattern, written, certainty in patterns:
            if pattern.search(folded):
                found.append(Mention(kind, record.id, record.display_name, field_label(name), _excerpt(text, written),
                                     written, certainty))
                break  # the surest match of this text only
    return found

