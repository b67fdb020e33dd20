"""What a key fact must be before it is saved (``validation`` asks; messages at the field "key_facts").

A value needs its source: the point of these facts is to know where a figure comes from. Its
date ("Stand") may be missing ("Stand unbekannt") but not lie in the future; the mayor's first
day neither. Numbers are whole (inhabitants) or decimal (area), never negative; a web address
begins with http:// or https://. At most one value of a kind is chosen to be shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from partnerdesk.domain import key_facts as kf
from partnerdesk.domain import limits
from partnerdesk.domain.enums import KeyFactKind
from partnerdesk.domain.records import KeyFact
from partnerdesk.i18n import _, current_language, ngettext


def _label(fact: KeyFact, number: int) -> str:
    kind = fact.kind.label if isinstance(fact, KeyFact) and isinstance(fact.kind, KeyFactKind) else str(fact.kind)
    return _("{kind} (value {number})").format(kind=kind, number=number)


def problems(facts: list[KeyFact], today: date) -> Iterator[str]:
    """German messages for every problem of ``facts`` (numbered per kind, as the form lists them)."""
    counts: dict[object, int] = {}
    for fact in facts:
        if fact.kind not in KeyFactKind.values():
            yield _("Key facts: unknown kind “{value}”").format(value=fact.kind)
            continue
        counts[fact.kind] = number = counts.get(fact.kind, 0) + 1
        yield from _value_problems(fact, _label(fact, number), today)
        label = _label(fact, number)
        if not fact.source.strip():
            yield _("{fact}: the source is missing (where does the value come from?)").format(fact=label)
        if fact.as_of:
            if not kf.readable_date(fact.as_of):
                yield _("{fact}: the date “{value}” is neither a year (2014) nor a day (30.06.2014)").format(
                    fact=label, value=fact.as_of)
            elif kf.is_future(fact.as_of, today):
                yield _("{fact}: the date {value} lies in the future").format(fact=label, value=kf.date_text(fact.as_of))
        for text, what, limit in ((fact.source, _("source"), kf.SOURCE_LENGTH), (fact.name, _("name"), kf.NAME_LENGTH),
                                  (fact.value, _("value"), kf.VALUE_LENGTH)):
            if len(text) > limit:
                yield ngettext("{fact}: the {what} is longer than {limit} character",
                               "{fact}: the {what} is longer than {limit} characters", limit).format(
                    fact=label, what=what, limit=limit)
    for kind in KeyFactKind:
        if sum(1 for f in facts if f.kind == kind and f.chosen) > 1:
            yield _("{kind}: only one value can be chosen to be shown").format(kind=kind.label)
    if len(facts) > limits.LIST_ENTRIES:
        yield _("Key facts: more than {limit} values").format(limit=limits.LIST_ENTRIES)


def _value_problems(fact: KeyFact, label: str, today: date) -> Iterator[str]:
    value = fact.value
    if fact.kind == KeyFactKind.MAYOR:
        if not value and not fact.name.strip():
            yield _("{fact}: enter the first day in office (a year or a day) or the name").format(fact=label)
        elif value and not kf.readable_date(value):
            yield _("{fact}: “{value}” is neither a year (2021) nor a day (01.06.2021)").format(fact=label, value=value)
        elif value and kf.is_future(value, today):
            yield _("{fact}: the first day in office {value} lies in the future").format(
                fact=label, value=kf.date_text(value))
        return
    if not value:
        yield _("{fact}: the value is missing").format(fact=label)
        return
    if fact.kind == KeyFactKind.WEBSITE:
        if not kf.is_web_address(value):
            yield _("{fact}: “{value}” is no web address beginning with http:// or https://").format(fact=label, value=value)
        return
    number = kf.as_number(fact)
    if number is None:
        yield _("{fact}: “{value}” is not a number").format(fact=label, value=value)
    elif number < 0:
        yield _("{fact}: the number must not be negative").format(fact=label)
    elif fact.kind == KeyFactKind.INHABITANTS and (number != number.to_integral_value() or number > limits.MAX_INTEGER):
        largest = f"{limits.MAX_INTEGER:,}".replace(",", "." if current_language() == "de" else ",")
        yield _("{fact}: inhabitants are a whole number up to {largest}").format(fact=label, largest=largest)
    elif fact.kind == KeyFactKind.AREA and (number > 10_000_000 or number.as_tuple().exponent < -2):  # type: ignore[operator]
        yield _("{fact}: an area up to 10,000,000 km² with at most two decimal places").format(fact=label)
