"""Clause templates of the MoU, one folder per language, overridable by the office.

Layout of a language folder (shipped in ``resources/templates/mou/<lang>/``)::

    labels.txt        short phrases: "key = text" per line
    title.txt ...     one file per clause (order and flags: ``../clauses.txt``, see
                      ``clauses``), in this form:

        # Heading of the clause
        A paragraph with {placeholders}. Paragraphs are separated by blank lines.

        - a bullet point
        {sdg_goals}

A paragraph that is only a list placeholder (``{sdg_goals}``) becomes bullet points.
``{{`` and ``}}`` stand for literal braces. Lines starting with ``%`` are comments.
Nothing in a template is executed and template text is never markup: it is escaped
like user text.

The office overrides any single file by putting one of the same name in
``<data dir>/templates/mou/<lang>/`` (or in a folder given with ``--templates``);
files it does not override come from the shipped set. A new clause file there
appears in the MoU. A mistake gives a ``TemplateError`` naming the file and line;
a misnamed file (``Duration.txt``) is refused, not skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from partnerdesk.documents.mou.clauses import (
    LABELS_FILE,
    ClauseEntry,
    check_folder_names,
    clause_order,
    override_roots,
    shipped_root,
)
from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _

#: Every placeholder a template may use (values come from ``builder.placeholder_values``).
PLACEHOLDERS = frozenset({
    "home_city", "home_country", "home_mayor", "home_mayor_function",
    "partner_city", "partner_country", "partner_name", "partner_mayor", "partner_mayor_function",
    "partnership_title", "start_year", "history", "themes", "sdg_goals", "sdg_numbers",
    "home_units", "home_contacts", "partner_contacts", "projects", "date", "draft",
    "language_clause", "languages", "language", "number", "page", "pages", "city",
    "home_legal_name", "partner_legal_name", "council_date", "council_number", "partner_council_date",
    "partner_council_number", "partner_decision",
})
LABELS = (
    "clause_number", "page", "draft", "final", "watermark", "history_since", "history_projects",
    "sign_for", "sign_place_date", "sign_signature", "sign_name", "sign_function",
    "languages_bilingual", "languages_single", "languages_equal", "and", "column", "goal",
    "sign_deputy", "council_partner", "council_partner_open",
    "gap_legal_name", "gap_representative", "gap_function", "gap_date", "gap_number",
)

T = TypeVar("T")

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


class TemplateError(UserError):
    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        where = _("MoU template {file}, line {line}: ").format(file=path, line=line) if line else _(
            "MoU template {file}: "
        ).format(file=path)
        super().__init__(where + problem)
        self.path = path
        self.line = line


@dataclass(frozen=True)
class Piece:
    """Literal text or a placeholder (``name``) inside a template line."""

    text: str = ""
    name: str | None = None


@dataclass
class Block:
    kind: str  # "para" | "bullet" | "list" (a paragraph that is just a list placeholder)
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Clause:
    name: str
    heading: list[Piece]
    blocks: list[Block]
    path: Path


@dataclass
class TemplateSet:
    language: str
    clauses: dict[str, Clause]
    labels: dict[str, list[Piece]]
    sources: dict[str, Path]
    #: Every clause in document order (the index, then unlisted office clauses).
    order: list[ClauseEntry] = field(default_factory=list)


def shipped_dir(language: str) -> Path:
    return shipped_root() / language


def search_dirs(language: str, extra: Sequence[Path] = ()) -> list[Path]:
    """Folders searched for a template file, first match wins."""
    return [root / language for root in override_roots(extra)] + [shipped_dir(language)]


def parse_line(text: str, path: Path, line: int) -> list[Piece]:
    pieces: list[Piece] = []
    literal: list[str] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(text):
        literal.append(text[pos : m.start()])
        pos = m.end()
        token = m.group()
        if token in ("{{", "}}"):
            literal.append(token[0])
        elif token == "{":
            raise TemplateError(path, line, _("“{” without a closing “}” (write “{{” for a literal brace)."))
        elif token == "}":
            raise TemplateError(path, line, _("“}” without an opening “{” (write “}}” for a literal brace)."))
        else:
            name = (m.group(1) or "").strip()
            if name not in PLACEHOLDERS:
                raise TemplateError(
                    path, line,
                    _("unknown placeholder “{name}”. Known placeholders: {known}.").format(
                        name="{" + name + "}", known=", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
                    ),
                )
            if "".join(literal):
                pieces.append(Piece("".join(literal)))
            literal = []
            pieces.append(Piece(name=name))
    literal.append(text[pos:])
    if "".join(literal):
        pieces.append(Piece("".join(literal)))
    return pieces


def read_lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise TemplateError(path, line, _("the file is not UTF-8 text; save it as UTF-8.")) from exc


def parse_clause(name: str, path: Path) -> Clause:
    heading: list[Piece] | None = None
    blocks: list[Block] = []
    current: Block | None = None
    for number, text in enumerate(read_lines(path), start=1):
        stripped = text.strip()
        if stripped.startswith("%"):
            continue
        if not stripped:
            current = None
            continue
        if stripped.startswith("# "):
            if heading is not None or blocks:
                raise TemplateError(path, number, _("only one heading line “# …” is allowed, as the first line."))
            heading = parse_line(stripped[2:].strip(), path, number)
            continue
        if heading is None:
            raise TemplateError(path, number, _("the clause must start with a heading line “# …”."))
        if stripped.startswith("- "):
            current = Block("bullet", parse_line(stripped[2:].strip(), path, number))
            blocks.append(current)
            current = None
            continue
        pieces = parse_line(stripped, path, number)
        if len(pieces) == 1 and pieces[0].name in LIST_PLACEHOLDERS:
            # A list placeholder on a line of its own is always a list of bullet points.
            blocks.append(Block("list", pieces))
            current = None
        elif current is None:
            current = Block("para", pieces)
            blocks.append(current)
        else:
            current.pieces.extend([Piece(" "), *pieces])
    if heading is None:
        raise TemplateError(path, None, _("the clause must start with a heading line “# …”."))
    return Clause(name, heading, blocks, path)


#: Placeholders whose value is a list; alone in a paragraph they become bullet points.
LIST_PLACEHOLDERS = frozenset({"themes", "sdg_goals", "home_units", "home_contacts", "partner_contacts", "projects"})


def parse_labels(path: Path) -> dict[str, list[Piece]]:
    labels: dict[str, list[Piece]] = {}
    for number, text in enumerate(read_lines(path), start=1):
        stripped = text.strip()
        if not stripped or stripped.startswith("%"):
            continue
        key, sep, value = stripped.partition("=")
        key = key.strip()
        if not sep or not key:
            raise TemplateError(path, number, _("expected a line of the form “key = text”."))
        if key not in LABELS:
            raise TemplateError(
                path, number, _("unknown label “{key}”. Known labels: {known}.").format(key=key, known=", ".join(LABELS))
            )
        labels[key] = parse_line(value.strip(), path, number)
    return labels


def find_file(language: str, filename: str, extra: Sequence[Path] = ()) -> Path:
    dirs = search_dirs(language, extra)
    for folder in dirs:
        candidate = folder / filename
        if candidate.is_file():
            return candidate
    raise TemplateError(
        dirs[-1] / filename, None,
        _("the file is missing (looked in: {folders}).").format(folders="; ".join(str(d) for d in dirs)),
    )


_parsed: dict[tuple[str, Path], tuple[tuple[int, int], object]] = {}


def _cached(kind: str, path: Path, parse: Callable[[], T]) -> T:
    """``parse()`` once per file version (the office may edit a template while the program runs)."""
    stat = path.stat()
    key, stamp = (kind, path), (stat.st_mtime_ns, stat.st_size)
    hit = _parsed.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]  # type: ignore[return-value]
    value = parse()
    _parsed[key] = (stamp, value)
    return value


def load_templates(language: str, extra: Sequence[Path] = ()) -> TemplateSet:
    """All clause templates and labels of ``language``, office overrides first."""
    check_folder_names(extra)
    order = clause_order(extra)
    names = [e.name for e in order]
    sources = {name: find_file(language, f"{name}.txt", extra) for name in names}
    sources["labels"] = find_file(language, LABELS_FILE, extra)
    clauses = {
        name: _cached("clause:" + name, sources[name], partial(parse_clause, name, sources[name])) for name in names
    }
    labels = _cached("labels", sources["labels"], lambda: parse_labels(sources["labels"]))
    # Labels an override left out come from the shipped file, so a partial labels.txt works.
    shipped = shipped_dir(language) / "labels.txt"
    if sources["labels"] != shipped and shipped.is_file():
        labels = {**_cached("labels", shipped, lambda: parse_labels(shipped)), **labels}
    missing = [key for key in LABELS if key not in labels]
    if missing:
        raise TemplateError(
            sources["labels"], None, _("these labels are missing: {keys}.").format(keys=", ".join(missing))
        )
    return TemplateSet(language, clauses, labels, sources, order)
