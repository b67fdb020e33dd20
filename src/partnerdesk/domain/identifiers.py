"""Record ids from outside (JSON archives): each a UUID in its usual written form.

Every record, funding source and follow-up has a UUID (``records.new_id``), so travel copies
and archives from other offices never clash. An id read from a file must look like one:
lower-case hex in 8-4-4-4-12 groups, as ``str(uuid.UUID(...))`` writes it. Anything else (an
upper-case UUID would be a second id for the same record; a 1 MB string would reach the
database) is refused, naming the record and field.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from partnerdesk.domain.errors import FieldError
from partnerdesk.domain.field_labels import field_label
from partnerdesk.domain.records import Record, references
from partnerdesk.i18n import _

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
#: Parts of a record that carry ids of their own (rows of their own tables).
NESTED: dict[str, tuple[str, ...]] = {
    "organisations": ("key_facts",),
    "partnerships": ("stages", "programme"),
    "projects": ("funding_sources",),
    "activities": ("follow_ups", "attendees"),
}


def is_uuid(value: object) -> bool:
    return isinstance(value, str) and _UUID.match(value) is not None


def nested_ids(record: Record) -> Iterator[tuple[str, str]]:
    """``(field, id)`` of the funding sources, follow-ups or participants inside ``record``."""
    for name in NESTED.get(record.KIND, ()):
        for item in getattr(record, name):
            yield name, item.id


def id_problems(record: Record) -> list[FieldError]:
    """The record's own id, the ids of its parts and the ids it refers to, if not UUIDs."""
    found = []
    if not is_uuid(record.id):
        found.append(FieldError("id", _("the id is not a UUID")))
    for name, ident in nested_ids(record):
        if not is_uuid(ident):
            found.append(FieldError(name, _("{field}: an id is not a UUID").format(field=field_label(name))))
            break
    for name, _target, ident in references(record):
        if not is_uuid(ident):
            found.append(FieldError(name, _("{field}: the reference is not a UUID").format(field=field_label(name))))
            break
    return found
