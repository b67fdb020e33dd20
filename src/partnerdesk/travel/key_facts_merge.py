"""What the element-wise merge of an organisation's key facts (``three_way``) adds for them.

Key facts are merged value by value under their id, like stages. Two things are particular:

* The same value given on both sides is one value. A record that brings a population without
  inhabitants values gets one with the source "bisheriger Wert" when it is saved
  (``domain.key_facts.reconciled``), with a fresh id on each side: the same number entered at the
  office and on the trip would otherwise stand twice side by side. A value added on the travel
  copy whose content (everything but its id) equals one added at the office is that value.
* The shown value decides the derived fields (population, its year, the website). Where both
  sides changed the values of one kind and each shows another value of it, keeping both would let
  the rule of the newest pick one side's value silently, over a decision on the population: that
  is a conflict on the key facts, to be decided with it.
"""

from __future__ import annotations

from typing import Any

from partnerdesk.domain import key_facts
from partnerdesk.domain.enums import KeyFactKind
from partnerdesk.domain.records import KeyFact


def content(fact: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """A key fact's dict without its id (what makes two values the same value)."""
    return tuple(sorted((k, v) for k, v in fact.items() if k != "id"))


def same_additions(base: dict[Any, Any], office: dict[Any, Any], travel: dict[Any, Any]) -> dict[Any, Any]:
    """``travel`` without the values it added that the office added too (same content, another id)."""
    added_here = {content(v) for k, v in office.items() if k not in base and k not in travel}
    return {k: v for k, v in travel.items() if k in base or k in office or content(v) not in added_here}


def _shown(facts: list[dict[str, Any]], kind: str) -> tuple[tuple[str, Any], ...] | None:
    try:
        values = [KeyFact(id=str(f.get("id", "")), kind=KeyFactKind(str(f.get("kind"))), value=str(f.get("value", "")),
                          name=str(f.get("name", "")), source=str(f.get("source", "")),
                          as_of=str(f.get("as_of", "")), chosen=bool(f.get("chosen"))) for f in facts]
    except ValueError:  # a kind this version does not know: no shown value to compare
        return None
    top = key_facts.shown(values, KeyFactKind(kind))
    return None if top is None else content(next(f for f in facts if f.get("id") == top.id))


def disputed(base: list[dict[str, Any]], office: list[dict[str, Any]], travel: list[dict[str, Any]]) -> bool:
    """Whether both sides changed the values of a kind and show different values of it."""
    def of(facts: list[dict[str, Any]], kind: str) -> list[tuple[tuple[str, Any], ...]]:
        return sorted(content(f) for f in facts if f.get("kind") == kind)

    kinds = {str(f["kind"]) for f in [*office, *travel] if isinstance(f.get("kind"), str)}
    for kind in sorted(kinds):
        changed_here, changed_there = of(office, kind) != of(base, kind), of(travel, kind) != of(base, kind)
        if changed_here and changed_there and _shown(office, kind) != _shown(travel, kind):
            return True
    return False


def aligned(base: dict[Any, Any], office: dict[Any, Any], travel: dict[Any, Any]) -> tuple[dict[Any, Any], dict[str, str]]:
    """``office`` with each value that is a base value under another id (see the module) under the
    base's id, and {base id: office id} to give the merged values their office ids back."""
    spare = {content(v): k for k, v in office.items() if k not in base and k not in travel}
    back: dict[str, str] = {}
    for k, v in base.items():
        if k not in office and (found := spare.pop(content(v), None)) is not None:
            back[k] = found
    if not back:
        return office, back
    rename = {office_id: base_id for base_id, office_id in back.items()}
    return {rename.get(k, k): ({**v, "id": rename[k]} if k in rename else v) for k, v in office.items()}, back


def with_office_ids(merged: list[dict[str, Any]], back: dict[str, str]) -> list[dict[str, Any]]:
    return [{**v, "id": back[v["id"]]} if v.get("id") in back else v for v in merged]
