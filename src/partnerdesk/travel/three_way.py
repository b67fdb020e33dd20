"""The three-way merge of one record, field by field (pure functions on JSON-ready dicts).

``base`` is the record at check-out, ``office`` and ``travel`` the two versions now.
Row version and timestamps are not compared (they say *that* something changed, not
*what*), and no clock ever decides. A field changed on one side only takes that change;
the same field changed differently on both sides is a conflict. List fields are merged
element by element (as sets, or keyed by their element's id) wherever that is
unambiguous; otherwise the whole field is one conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from partnerdesk.travel import key_facts_merge

#: Fields never compared: they change with every save.
META_FIELDS = frozenset({"id", "version", "created_at", "updated_at"})

#: List fields whose elements are plain values, merged as sets.
SET_FIELDS = frozenset(
    {"languages", "themes", "sdg_goals", "sdg_targets", "coordinator_ids", "contact_ids", "organisation_ids"}
)
#: List fields of small objects, merged element by element under this key.
KEYED_FIELDS = {
    "participants": "organisation_id", "funding_sources": "id", "follow_ups": "id", "stages": "id", "attendees": "id",
    "programme": "id",
    "key_facts": "id",
}


def content(data: dict[str, Any]) -> dict[str, Any]:
    """The comparable part of a record's dict."""
    return {k: v for k, v in data.items() if k not in META_FIELDS}


@dataclass
class FieldMerge:
    """Result of merging one record's fields."""

    merged: dict[str, Any]
    #: Fields whose value came (wholly or partly) from the travel copy.
    from_travel: list[str] = field(default_factory=list)
    #: Fields changed on both sides in a way that needs a decision.
    conflicts: list[str] = field(default_factory=list)


class _Ambiguous(Exception):
    pass


def merge_fields(base: dict[str, Any], office: dict[str, Any], travel: dict[str, Any]) -> FieldMerge:
    """Merge ``travel``'s changes against ``base`` into ``office`` (conflict fields keep office)."""
    merged = dict(office)
    result = FieldMerge(merged)
    for name in office:
        if name in META_FIELDS:
            continue
        b, o, t = base.get(name), office.get(name), travel.get(name)
        if o == t or t == b:
            continue
        if o == b:
            merged[name] = t
            result.from_travel.append(name)
            continue
        try:
            value = merge_list(name, b, o, t)
        except _Ambiguous:
            result.conflicts.append(name)
            continue
        if value != o:
            merged[name] = value
            result.from_travel.append(name)
    return result


def merge_list(name: str, base: Any, office: Any, travel: Any) -> list[Any]:
    """Element-wise merge of a list field; raises ``_Ambiguous`` where a person must decide."""
    if name in SET_FIELDS:
        def key(v: Any) -> Any:
            return v
    elif name in KEYED_FIELDS:
        attribute = KEYED_FIELDS[name]

        def key(v: Any) -> Any:
            return v[attribute]
    else:
        raise _Ambiguous(name)
    if not all(isinstance(x, list) for x in (base, office, travel)):
        raise _Ambiguous(name)
    b = {key(v): v for v in base}
    o = {key(v): v for v in office}
    t = {key(v): v for v in travel}
    if name == "key_facts":  # the same value given on both sides; the shown value disputed (see there)
        if key_facts_merge.disputed(base, office, travel):
            raise _Ambiguous(name)
        t = key_facts_merge.same_additions(b, o, t)
        o, back = key_facts_merge.aligned(b, o, t)
        if back:
            return key_facts_merge.with_office_ids(_merged(name, b, o, t), back)
    return _merged(name, b, o, t)


def _merged(name: str, b: dict[Any, Any], o: dict[Any, Any], t: dict[Any, Any]) -> list[Any]:
    result: dict[Any, Any] = {}
    for k, ov in o.items():
        if k in b:
            bv = b[k]
            if k not in t:  # removed on the travel copy
                if ov != bv:
                    raise _Ambiguous(name)  # ... but changed at the office
                continue
            tv = t[k]
            result[k] = tv if ov == bv else ov if tv in (bv, ov) else _raise(name)
        else:  # added at the office
            if k in t and t[k] != ov:
                raise _Ambiguous(name)
            result[k] = ov
    for k, tv in t.items():
        if k in result:
            continue
        if k in b:  # removed at the office: only if the travel copy left it as it was
            if tv != b[k]:
                raise _Ambiguous(name)
            continue
        result[k] = tv  # added on the travel copy
    return list(result.values())


def _raise(name: str) -> Any:
    raise _Ambiguous(name)
