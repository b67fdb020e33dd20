"""Rotation of every kind of file in ``backups/``: daily backups, backups before a travel merge,
before a restore and before a database upgrade, and the merge reports.

The rules (``domain.retention.RotationRule``) come from ``settings.ini`` (the window's settings
dialog; README "Datenschutz"), else the defaults. Hand-made backups (``-backup``) and files
PartnerDesk did not write are never touched. ``rotate`` runs when a database is opened (with the
daily backup), after a merge, and from ``partnerdesk backups rotate``.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from partnerdesk.domain.retention import DEFAULT_ROTATION, BackupKind, RotationRule, files_to_remove, rotation_key
from partnerdesk.option_values import read_options, whole_number

log = logging.getLogger(__name__)

#: ``settings.ini`` keys: ``rotation_<kind>_newest`` and ``rotation_<kind>_days``; the daily
#: backups' number is the older option ``backups_to_keep``.
DAILY_COUNT_KEY = "backups_to_keep"

_STAMP = r"(?P<stamp>\d{8}-\d{6})"
_PATTERNS: list[tuple[BackupKind, re.Pattern[str]]] = [
    (BackupKind.DAILY, re.compile(rf"-{_STAMP}-auto\.[^.]+$")),
    (BackupKind.BEFORE_MERGE, re.compile(rf"-{_STAMP}-before-travel-merge-[0-9a-f]{{1,8}}(-\d+)?\.[^.]+$")),
    (BackupKind.BEFORE_RESTORE, re.compile(rf"-{_STAMP}-before-restore(-damaged)?\.[^.]+(-wal)?$")),
    (BackupKind.BEFORE_MIGRATION, re.compile(rf"-{_STAMP}-before-migration-from-[\w]+\.[^.]+$")),
    (BackupKind.MERGE_REPORT, re.compile(rf"-{_STAMP}-travel-merge-[0-9a-f]{{1,8}}\.(txt|json)$")),
]


def rules(options: dict[str, str] | None = None) -> dict[BackupKind, RotationRule]:
    """The rotation rule of each kind: the settings, else ``DEFAULT_ROTATION``."""
    given = options
    options = read_options() if options is None else options
    found = {}
    for kind, default in DEFAULT_ROTATION.items():
        if kind is BackupKind.DAILY:  # "Automatic backups to keep" (or PARTNERDESK_BACKUP_KEEP)
            from partnerdesk.persistence.backup import KEEP_ENV, backup_keep_count

            newest = backup_keep_count() if os.environ.get(KEEP_ENV) is not None or given is None else \
                whole_number(options, DAILY_COUNT_KEY, default.keep_newest, 0, 365)
        else:
            newest = whole_number(options, rotation_key(kind, "newest"), default.keep_newest, 0, 365)
        found[kind] = RotationRule(
            keep_newest=newest,
            keep_days=whole_number(options, rotation_key(kind, "days"), default.keep_days, 0, 3650),
        )
    return found


@dataclass(frozen=True)
class KeptFile:
    path: Path
    kind: BackupKind
    written: datetime
    #: The database's name the file belongs to (several databases may share ``backups/``).
    stem: str


def classify(path: Path) -> KeptFile | None:
    """The kind and time of a file PartnerDesk wrote into ``backups/`` (``None`` for others)."""
    for kind, pattern in _PATTERNS:
        match = pattern.search(path.name)
        if match:
            try:
                written = datetime.strptime(match.group("stamp"), "%Y%m%d-%H%M%S")
            except ValueError:
                return None
            return KeptFile(path, kind, written, path.name[: match.start()])
    return None


def kept_files(folder: Path) -> list[KeptFile]:
    if not folder.is_dir():
        return []
    found = [classify(p) for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")]
    return [f for f in found if f is not None]


def due_for_removal(
    folder: Path, now: datetime | None = None, rule_of: dict[BackupKind, RotationRule] | None = None,
) -> list[KeptFile]:
    """The files of ``folder`` their kind's rule lets go. A report's ``.txt`` and ``.json`` and a
    damaged file's ``-wal`` count as one file (they go together)."""
    now = now or datetime.now()
    rule_of = rule_of or rules()
    files = kept_files(folder)
    remove: list[KeptFile] = []
    for kind in BackupKind:
        if kind is BackupKind.DAILY and rule_of[kind].keep_newest == 0:
            continue  # daily backups switched off: none are written and none removed (README)
        of_kind = [f for f in files if f.kind is kind]
        for stem in sorted({f.stem for f in of_kind}):
            groups: dict[str, list[KeptFile]] = {}
            for f in of_kind:
                if f.stem == stem:
                    groups.setdefault(_group_name(f.path), []).append(f)
            gone = set(files_to_remove([(name, fs[0].written) for name, fs in groups.items()], rule_of[kind], now))
            remove += [f for name in sorted(gone) for f in groups[name]]
    return remove


def _group_name(path: Path) -> str:
    name = path.name
    for tail in (".txt", ".json", "-wal"):
        if name.endswith(tail):
            name = name[: -len(tail)]
    return name


def rotate(folder: Path, now: datetime | None = None, rule_of: dict[BackupKind, RotationRule] | None = None) -> list[Path]:
    """Delete what the rules let go in ``folder``; returns the files removed."""
    removed = []
    for kept in due_for_removal(folder, now, rule_of):
        try:
            kept.path.unlink()
            removed.append(kept.path)
        except OSError as exc:
            log.warning("could not remove an expired file %s: %s", kept.path.name, exc.strerror)
    return removed


def expired(written: datetime, kind: BackupKind, now: datetime | None = None) -> bool:
    """Whether a file of ``kind`` written at ``written`` is older than its rule's days (and so
    would be rotated away unless among the newest)."""
    rule = rules()[kind]
    return rule.keep_days > 0 and (now or datetime.now()) - written > timedelta(days=rule.keep_days)


def expires_on(path: Path, rule_of: dict[BackupKind, RotationRule] | None = None) -> datetime | None:
    """When rotation lets ``path`` go at the earliest: written + its kind's days (it stays longer while
    it is among the newest its rule keeps). ``None``: never by time (a hand-made backup, another
    file, or a kind kept by number only)."""
    kept = classify(path)
    if kept is None:
        return None
    rule = (rule_of or rules())[kept.kind]
    return kept.written + timedelta(days=rule.keep_days) if rule.keep_days > 0 else None
