"""Records to and from JSON-ready dictionaries, exactly (Decimal as text, ISO dates).

Used by the JSON archive, travel copies and merge reports. Unknown keys in a
dictionary are an error, so a file from a newer PartnerDesk is not half-read.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from typing import Any

from partnerdesk.domain.consent import OLD_BASIS_NOTE, legal_basis_from_text
from partnerdesk.domain.enums import LegalBasis
from partnerdesk.domain.person_names import split_name
from partnerdesk.domain.records import RECORD_TYPES, TRANSIENT, Record
from partnerdesk.i18n import _


def _shown(value: object, limit: int = 60) -> str:
    """A value from a file, short enough for a one-line message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SerializationError(ValueError):
    pass


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value) if not f.metadata.get(TRANSIENT)
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _convert(args[0], value, where)
    if origin is list:
        if not isinstance(value, list):
            raise SerializationError(_("{where}: a list is expected").format(where=where))
        (item,) = typing.get_args(tp)
        return [_convert(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    try:
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            return from_jsonable(tp, value, where)
        if isinstance(tp, type) and issubclass(tp, Enum):
            return tp(value)
        if tp is Decimal:
            if isinstance(value, float):
                raise SerializationError(_("{where}: amounts must be written as text, not as numbers").format(where=where))
            return Decimal(str(value))
        if tp is datetime:
            return datetime.fromisoformat(value)
        if tp is date:
            return date.fromisoformat(value)
        if tp is bool:
            if not isinstance(value, bool):
                raise SerializationError(_("{where}: true or false is expected").format(where=where))
            return value
        if tp is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise SerializationError(_("{where}: a whole number is expected").format(where=where))
            return value
        if tp is float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise SerializationError(_("{where}: a number is expected").format(where=where))
            return float(value)
        if tp is str:
            if not isinstance(value, str):
                raise SerializationError(_("{where}: text is expected").format(where=where))
            return value
    except (ValueError, TypeError, InvalidOperation, OverflowError) as exc:
        if isinstance(exc, SerializationError):
            raise
        raise SerializationError(_("{where}: invalid value {value}").format(where=where, value=_shown(value))) from exc
    raise SerializationError(_("{where}: unsupported type {type}").format(where=where, type=tp))


def from_jsonable(cls: type, data: Any, where: str = "") -> Any:
    if not isinstance(data, dict):
        raise SerializationError(_("{where}: an object is expected").format(where=where or cls.__name__))
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls) if f.init and not f.metadata.get(TRANSIENT)}
    unknown = set(data) - names
    if unknown:
        raise SerializationError(_("{where}: unknown fields {names}").format(
            where=where or cls.__name__, names=", ".join(_shown(str(n)) for n in sorted(unknown))
        ))
    kwargs = {k: _convert(hints[k], v, f"{where}.{k}" if where else k) for k, v in data.items()}
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise SerializationError(_("{where}: a field is missing ({detail})").format(where=where or cls.__name__, detail=exc)) from exc


def record_to_dict(record: Record) -> dict[str, Any]:
    return to_jsonable(record)  # type: ignore[no-any-return]


def record_from_dict(kind: str, data: dict[str, Any], where: str = "") -> Record:
    if kind not in RECORD_TYPES:
        raise SerializationError(_("unknown register {name}").format(name=_shown(kind)))
    if kind == "contacts" and isinstance(data, dict):
        data = contact_from_older(data)
    return from_jsonable(RECORD_TYPES[kind], data, where or kind)  # type: ignore[no-any-return]


def contact_from_older(data: dict[str, Any]) -> dict[str, Any]:
    """A contact written before schema 0012 (archives, history entries, merge results): its one
    ``name`` split into parts, ``preferred_language`` as ``languages``, a free-text ``legal_basis``
    mapped where it names one basis, else kept in the notes and marked to check (the migration's
    rules). A dictionary in today's form is returned as it is."""
    if not {"name", "preferred_language"} & data.keys() and data.get("legal_basis") in (*LegalBasis.values(), None):
        return data
    data = dict(data)
    name = data.pop("name", None)
    if isinstance(name, str) and not any(data.get(k) for k in ("title", "first_name", "last_name")):
        parts = split_name(name)
        data.update(title=parts.title, first_name=parts.first_name, last_name=parts.last_name or name,
                    name_to_check=parts.to_check)
        if parts.salutation is not None:
            data.setdefault("salutation", parts.salutation.value)
    language = data.pop("preferred_language", None)
    if isinstance(language, str) and "languages" not in data:
        data["languages"] = [language] if language else []
    basis = data.get("legal_basis")
    if isinstance(basis, str) and basis not in LegalBasis.values():
        mapped = legal_basis_from_text(basis) if basis.strip() else None
        if mapped is not None and mapped.legal_basis is not None:
            data.update(legal_basis=mapped.legal_basis.value, consent_source=data.get("consent_source") or basis)
            if mapped.given_on is not None and not data.get("consent_given_on"):
                data["consent_given_on"] = mapped.given_on.isoformat()
        else:
            data["legal_basis"] = None
            if basis.strip():
                notes = str(data.get("notes") or "")
                data.update(notes=f"{notes}\n\n{OLD_BASIS_NOTE}{basis}" if notes else f"{OLD_BASIS_NOTE}{basis}",
                            consent_to_check=True)
    return data
