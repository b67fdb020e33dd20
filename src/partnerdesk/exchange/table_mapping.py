"""Which column of a table goes into which field: guessed, given, remembered.

A mapping is a list with one entry per column: a field key or ``None`` (column ignored).
Precedence: a mapping the user gives (``--mapping MAP.json`` or the assistant) over the
one remembered for the same register and the same headers, over the guess from the
header words (German and English, see ``table_fields``).

``MAP.json`` is an object from header text to field key (or ``null`` to ignore the column),
for example ``{"Projektname": "title", "Land": null}``; several headers may name one text or
list field (``{"Vorname": "name", "Nachname": "name"}``: joined). Remembered mappings live in
``import-mappings.json`` in the per-user data folder.

A column the guess cannot assign is *not* ignored silently: only a null in ``MAP.json``, a
remembered choice, ``--ignore-column`` or the assistant's "— do not import —" leave one out.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Collection
from pathlib import Path

from partnerdesk.domain.errors import UserError
from partnerdesk.domain.text import fold
from partnerdesk.exchange.table_fields import FIELDS
from partnerdesk.i18n import _
from partnerdesk.paths import data_dir

Mapping = list[str | None]

_CURRENCY_IN_HEADER = re.compile(r"\(\s*([A-Z]{3}|€)\s*\)|\bin\s+([A-Z]{3}|€)\b")


def normalise(header: str) -> str:
    text = re.sub(r"\(.*?\)", " ", header)
    text = fold(text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def header_currency(header: str) -> str | None:
    """"Budget (EUR)" or "Betrag in €" -> "EUR"."""
    m = _CURRENCY_IN_HEADER.search(header)
    if not m:
        return None
    code = m.group(1) or m.group(2)
    return "EUR" if code == "€" else code


def _vocabulary(kind: str) -> dict[str, str]:
    words: dict[str, str] = {}
    for f in FIELDS[kind]:
        for word in (f.key, f.label, f.title, *f.aliases):
            words.setdefault(normalise(word), f.key)
    return words


def guess_mapping(kind: str, headers: list[str]) -> Mapping:
    vocabulary = _vocabulary(kind)
    used: set[str] = set()
    result: Mapping = []
    for header in headers:
        key = vocabulary.get(normalise(header))
        if key is None:
            # "Budget in EUR", "Datum der Sitzung": try the first word alone.
            words = normalise(header).split()
            key = vocabulary.get(words[0]) if len(words) > 1 else None
        if key in used:
            key = None
        if key:
            used.add(key)
        result.append(key)
    return result


def signature(kind: str, headers: list[str]) -> str:
    text = kind + "\x1f" + "\x1f".join(normalise(h) for h in headers)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _store_path() -> Path:
    return data_dir() / "import-mappings.json"


def _load_store() -> dict[str, dict[str, list[str | None]]]:
    try:
        data = json.loads(_store_path().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remembered_mapping(kind: str, headers: list[str]) -> Mapping | None:
    entry = _load_store().get(kind, {}).get(signature(kind, headers))
    keys = {f.key for f in FIELDS[kind]}
    if isinstance(entry, list) and len(entry) == len(headers) and all(k is None or k in keys for k in entry):
        return list(entry)
    return None


def remember_mapping(kind: str, headers: list[str], mapping: Mapping) -> None:
    """Keep ``mapping`` for the next table of ``kind`` with the same headers (best effort)."""
    store = _load_store()
    store.setdefault(kind, {})[signature(kind, headers)] = list(mapping)
    path = _store_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".partial")
        temporary.write_text(json.dumps(store, ensure_ascii=False, indent=1), "utf-8")
        os.replace(temporary, path)
    except OSError:
        pass  # remembering is a convenience; the import itself is done


def load_mapping_file(path: Path, kind: str, headers: list[str]) -> tuple[Mapping, set[int]]:
    """Apply ``MAP.json`` (header text -> field key or null) on top of the guessed mapping.

    Returns the mapping and the columns ignored explicitly (null in the file, or remembered)."""
    try:
        given = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise UserError(_("The mapping file {name} does not exist.").format(name=path)) from None
    except (OSError, ValueError) as exc:
        raise UserError(_("The mapping file {name} is not valid JSON: {reason}").format(name=path, reason=exc)) from exc
    if not isinstance(given, dict):
        raise UserError(_("The mapping file {name} must hold an object: {{\"column header\": \"field\"}}.").format(name=path))
    keys = {f.key for f in FIELDS[kind]}
    by_header = {normalise(h): i for i, h in enumerate(headers)}
    mapping, ignored = choose_mapping_explicit(kind, headers)
    named = {by_header.get(normalise(str(h))) for h in given}
    wanted = {k for k in given.values() if k is not None}
    # A field the file assigns is read only from the columns the file names.
    mapping = [None if (k in wanted and i not in named) else k for i, k in enumerate(mapping)]
    for header, key in given.items():
        if key is not None and key not in keys:
            raise UserError(
                _("The mapping file names the field “{field}”, which {kind} do not have. Fields: {fields}").format(
                    field=key, kind=kind, fields=", ".join(sorted(keys))
                )
            )
        index = by_header.get(normalise(str(header)))
        if index is None:
            raise UserError(_("The mapping file names the column “{column}”, which the table does not have.").format(column=header))
        mapping[index] = key
        if key is None:
            ignored.add(index)
        else:
            ignored.discard(index)
    return mapping, ignored


def choose_mapping(kind: str, headers: list[str]) -> Mapping:
    """The remembered mapping for these headers, else the guess."""
    return remembered_mapping(kind, headers) or guess_mapping(kind, headers)


def choose_mapping_explicit(kind: str, headers: list[str]) -> tuple[Mapping, set[int]]:
    """``choose_mapping`` and the columns it leaves out by a remembered choice of the user."""
    remembered = remembered_mapping(kind, headers)
    if remembered is not None:
        return remembered, {i for i, k in enumerate(remembered) if k is None}
    return guess_mapping(kind, headers), set()


def columns_named(headers: list[str], names: Collection[str]) -> set[int]:
    """The columns ``--ignore-column`` names: by header (as written or normalised) or by letter (C)."""
    from openpyxl.utils import column_index_from_string

    found: set[int] = set()
    for name in names:
        exact = [i for i, h in enumerate(headers) if h == name.strip()]
        loose = [i for i, h in enumerate(headers) if normalise(h) == normalise(name) and normalise(name)]
        matches = exact or loose
        if not matches and re.fullmatch(r"[A-Za-z]{1,3}", name.strip()):
            index = column_index_from_string(name.strip().upper()) - 1
            matches = [index] if index < len(headers) else []
        if not matches:
            raise UserError(_("--ignore-column names the column “{column}”, which the table does not have. Columns: {headers}").format(
                column=name, headers=", ".join(h or "?" for h in headers)
            ))
        found.update(matches)
    return found


def derived_columns(kind: str, headers: list[str]) -> set[int]:
    """Columns PartnerDesk's own export writes from a linked record ("Land des Partners"): read-only."""
    from partnerdesk.exchange.table_export import DERIVED

    titles = {normalise(f.title) for (k, _key), f in DERIVED.items() if k == kind}
    titles |= {normalise(f.label) for (k, _key), f in DERIVED.items() if k == kind}
    return {i for i, h in enumerate(headers) if normalise(h) in titles}
