"""Which clauses an MoU has, in which order, and which of them a draft carries.

The order comes from a small index file, ``mou/clauses.txt`` (the shipped one, or the
office's own in its template folder, which then replaces it)::

    % comment
    title       unnumbered required
    preamble    unnumbered
    climate_programme  climate
    contacts    off

One clause name per line (the file name without ``.txt``), then its flags:

``unnumbered``  no "§ n" / "Article n" before the heading
``required``    cannot be switched off (title, parties, signatures)
``off``         off unless chosen in the dialog or with ``--with``
``climate``     on for climate partnerships only, otherwise off

A clause file the office puts into its folder that the index does not name still
appears (numbered, before the signatures); ``templates check`` says it is not in the
index. A file whose name is not a template name (``Duration.txt``, ``duration.txt.txt``,
``duration``) is reported, never silently skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from partnerdesk.domain.errors import UserError
from partnerdesk.i18n import _
from partnerdesk.paths import data_dir
from partnerdesk.resources import resource_path

INDEX = "clauses.txt"
LABELS_FILE = "labels.txt"
FLAGS = ("unnumbered", "required", "off", "climate")
#: A template file name: lower-case letters, digits and "_", then one ".txt".
NAME = re.compile(r"[a-z][a-z0-9_]*")
#: Files that systems and editors put into any folder; they are not templates.
SYSTEM_FILES = frozenset({"desktop.ini", "thumbs.db", ".ds_store"})
#: Language folders of the MoU templates (German and the partner languages).
TEMPLATE_LANGUAGES = ("de", "en", "fr", "ro", "ar")


class TemplateFolderError(UserError):
    """A problem with a file or folder of the templates (not inside a clause's text)."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(_("MoU template {file}: ").format(file=path) + problem)
        self.path = path


@dataclass(frozen=True)
class ClauseEntry:
    name: str
    numbered: bool = True
    required: bool = False
    #: "on", "off" or "climate" (on for climate partnerships).
    default: str = "on"
    #: False for a clause file the index does not name (appended before the signatures).
    indexed: bool = True


def shipped_root() -> Path:
    return resource_path("templates", "mou")


def user_template_dir() -> Path:
    """The office's own template folder (same layout as the shipped one)."""
    return data_dir() / "templates"


def override_roots(extra: Sequence[Path] = ()) -> list[Path]:
    """The ``mou`` folders that override the shipped ones, first match wins."""
    return [mou_root(Path(d)) for d in extra] + [user_template_dir() / "mou"]


def mou_root(folder: Path) -> Path:
    """``FOLDER/mou``; a folder that itself holds the language folders (``de/``, ``en/``) is taken as it is."""
    if not (folder / "mou").is_dir() and any((folder / lang).is_dir() for lang in TEMPLATE_LANGUAGES):
        return folder
    return folder / "mou"


def parse_index(path: Path) -> list[ClauseEntry]:
    from partnerdesk.documents.mou.templates import TemplateError, read_lines

    entries: list[ClauseEntry] = []
    for number, text in enumerate(read_lines(path), start=1):
        words = text.split("%", 1)[0].split()
        if not words:
            continue
        name, flags = words[0], words[1:]
        if not NAME.fullmatch(name):
            raise TemplateError(path, number, _("“{name}” is not a clause name (lower-case letters, digits and “_”).").format(
                name=name))
        if any(e.name == name for e in entries):
            raise TemplateError(path, number, _("the clause “{name}” is listed twice.").format(name=name))
        unknown = [f for f in flags if f not in FLAGS]
        if unknown:
            raise TemplateError(path, number, _("unknown flag “{flag}”. Known flags: {known}.").format(
                flag=unknown[0], known=", ".join(FLAGS)))
        default = "off" if "off" in flags else "climate" if "climate" in flags else "on"
        entries.append(ClauseEntry(name, "unnumbered" not in flags, "required" in flags, default))
    if not any(e.name == "signatures" for e in entries):
        raise TemplateError(path, None, _("the index must list the clause “signatures” (the signature blocks)."))
    return entries


def find_index(extra: Sequence[Path] = ()) -> Path:
    for root in override_roots(extra):
        if (root / INDEX).is_file():
            return root / INDEX
    return shipped_root() / INDEX


def clause_order(extra: Sequence[Path] = ()) -> list[ClauseEntry]:
    """The clauses in document order: the index, then the office's clause files it does not name."""
    entries = parse_index(find_index(extra))
    known = {e.name for e in entries}
    unlisted: list[str] = []
    for root in override_roots(extra):
        for lang in TEMPLATE_LANGUAGES:
            folder = root / lang
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                stem = path.name[:-4] if path.name.endswith(".txt") else ""
                if NAME.fullmatch(stem) and path.name != LABELS_FILE and stem not in known and stem not in unlisted:
                    unlisted.append(stem)
    if unlisted:
        at = next(i for i, e in enumerate(entries) if e.name == "signatures")
        entries[at:at] = [ClauseEntry(name, indexed=False) for name in unlisted]
    return entries


def misnamed_files(extra: Sequence[Path] = ()) -> list[tuple[Path, str]]:
    """Files in the office's template folders that no template name matches, with what is wrong."""
    found: list[tuple[Path, str]] = []
    for root in override_roots(extra):
        if not root.is_dir():
            continue
        for path in sorted(root.iterdir()):
            if _ignored(path):
                continue
            if path.is_dir():
                if path.name not in TEMPLATE_LANGUAGES:
                    found.append((path, _("this folder is not a language folder ({known}).").format(
                        known=", ".join(TEMPLATE_LANGUAGES))))
                    continue
                found += [(p, _misnamed(p.name)) for p in sorted(path.iterdir()) if not _ignored(p) and not _good(p)]
            elif path.name != INDEX:
                found.append((path, _("only {index} and the language folders belong here.").format(index=INDEX)))
    return found


def _ignored(path: Path) -> bool:
    return path.name.startswith((".", "~$")) or path.name.lower() in SYSTEM_FILES


def _good(path: Path) -> bool:
    return path.is_file() and path.name.endswith(".txt") and bool(NAME.fullmatch(path.name[:-4]))


def suggested_name(name: str) -> str:
    """``Duration.txt`` → ``duration.txt``, ``duration.txt.txt`` → ``duration.txt``, ``Duration`` → ``duration.txt``."""
    stem = name.strip()
    while stem.lower().endswith(".txt"):
        stem = stem[:-4]
    stem = re.sub(r"[^a-z0-9_]+", "_", stem.lower()).strip("_")
    return f"{stem}.txt" if stem and NAME.fullmatch(stem) else ""


def _misnamed(name: str) -> str:
    suggestion = suggested_name(name)
    if suggestion and suggestion != name:
        return _("the file name is not a template name and the file is not used; did you mean “{name}”? "
                 "(lower-case letters, digits and “_”, ending in one “.txt”)").format(name=suggestion)
    return _("the file name is not a template name and the file is not used "
             "(lower-case letters, digits and “_”, ending in one “.txt”).")


def check_folder_names(extra: Sequence[Path] = ()) -> None:
    """Refuse to draft while a file in the office's folders is misnamed (it would be silently unused)."""
    found = misnamed_files(extra)
    if found:
        path, problem = found[0]
        more = len(found) - 1
        message = problem if not more else problem + " " + _("({count} more such files.)").format(count=more)
        raise TemplateFolderError(path, message)


def chosen_clauses(
    order: Sequence[ClauseEntry], climate: bool, choices: Mapping[str, bool] | None = None
) -> list[ClauseEntry]:
    """The clauses a document carries: each clause's default, changed by ``choices`` (name → on/off)."""
    choices = dict(choices or {})
    by_name = {e.name: e for e in order}
    unknown = [name for name in choices if name not in by_name]
    if unknown:
        raise UserError(_("There is no MoU clause “{name}”. Clauses: {known}.").format(
            name=unknown[0], known=", ".join(by_name)))
    refused = [name for name, on in choices.items() if not on and by_name[name].required]
    if refused:
        raise UserError(_("The MoU clause “{name}” cannot be left out.").format(name=refused[0]))
    return [e for e in order if choices.get(e.name, is_on_by_default(e, climate))]


def is_on_by_default(entry: ClauseEntry, climate: bool) -> bool:
    """``climate``: the partnership is a climate partnership (``domain.stages.is_climate_partnership``)."""
    if entry.default == "climate":
        return climate
    return entry.default == "on"
