"""An activity's participant list in one table cell, one participant per line.

A line reads ``Name | Organisation | Rolle | Ernährung | Barrierefreiheit`` (empty parts at the
end are left out). A ``|``, a line break or a backslash that would be misread inside a part gets
a backslash before it (``table_values.escape_item``), so every name reads back as written.
Reading keeps the link to a contact or organisation where the record already has a participant
of that name (and that organisation), like follow-ups keep their ids; a new name links to the
contact (organisation) of exactly that name if there is exactly one, else it stays free text.
"""

from __future__ import annotations

from partnerdesk.domain.records import Attendee
from partnerdesk.domain.text import fold
from partnerdesk.exchange import table_values as tv

SEPARATOR = " | "
_SPECIAL = "|" + tv.LINE_SPECIAL
_PARTS = ("name", "organisation", "role", "dietary", "accessibility")


def format_attendees(attendees: list[Attendee]) -> str:
    lines = []
    for a in attendees:
        parts = [tv.escape_item(getattr(a, part), _SPECIAL) for part in _PARTS]
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        lines.append(SEPARATOR.join(parts))
    return "\n".join(lines)


def _same(unused: list[Attendee], name: str, organisation: str) -> Attendee | None:
    """The first participant not yet matched with this name and organisation (or, for a line
    without organisation, this name): it keeps its id and its links."""
    for a in unused:
        if fold(a.name) == fold(name) and (fold(a.organisation) == fold(organisation) or not organisation):
            unused.remove(a)
            return a
    return None


def _only(names: dict[str, dict[str, list[str]]] | None, kind: str, name: str) -> str | None:
    """The one record of ``kind`` named exactly ``name``, if there is exactly one."""
    found = (names or {}).get(kind, {}).get(name, []) if name else []
    return found[0] if len(found) == 1 else None


def parse_attendees(
    text: str, current: list[Attendee], names: dict[str, dict[str, list[str]]] | None = None
) -> list[Attendee]:
    """``names``: per register, exact name -> ids; a new line whose name (organisation) is
    exactly one contact's (organisation's) links to it."""
    unused = list(current)
    result = []
    for line in tv.split_escaped(text, tv.LINE_SPECIAL):
        raw = tv.split_escaped(line, "|")
        values = [tv.unescape_item(part, _SPECIAL).strip() for part in raw]
        if not any(values):
            continue
        values = (values + [""] * len(_PARTS))[: len(_PARTS)]
        fields = dict(zip(_PARTS, values, strict=True))
        same = _same(unused, fields["name"], fields["organisation"])
        contact = same.contact_id if same else _only(names, "contacts", fields["name"])
        if same is not None and fold(same.organisation) == fold(fields["organisation"]) and same.organisation_id:
            organisation: str | None = same.organisation_id
        else:
            organisation = _only(names, "organisations", fields["organisation"])
        result.append(Attendee(id=same.id if same else Attendee().id, contact_id=contact,
                               organisation_id=organisation, **fields))
    return result
