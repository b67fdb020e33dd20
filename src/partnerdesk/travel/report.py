"""The merge report: what changed in the office, which conflicts were decided how.

Shown after a merge, printed by the command line, and kept as a text and a JSON
file in the ``backups`` folder beside the office database.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from partnerdesk.i18n import _, quoted
from partnerdesk.travel import labels
from partnerdesk.travel.plan import Conflict, Duplicate, MergePlan
from partnerdesk.travel.three_way import KEYED_FIELDS

ACTION_LABELS = {
    "create": lambda: _("created"),
    "update": lambda: _("changed"),
    "delete": lambda: _("deleted"),
    "restore": lambda: _("restored"),
}


@dataclass
class ReportEntry:
    kind: str
    record_id: str
    name: str
    action: str  # create, update, delete, restore
    fields: list[str] = field(default_factory=list)


@dataclass
class DecidedConflict:
    conflict: Conflict
    decision: str  # "office" or "travel"


@dataclass
class MergeReport:
    checkout_id: str
    checked_out_by: str
    checked_out_at: str
    office_file: str
    travel_file: str
    merged_by: str
    merged_at: str = ""
    backup: str | None = None
    already_merged: bool = False
    office_changes: int = 0
    travel_changes: int = 0
    entries: list[ReportEntry] = field(default_factory=list)
    conflicts: list[DecidedConflict] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    report_file: str | None = None

    @classmethod
    def start(cls, info: Any, office: Path | str, travel: Path, user: str) -> MergeReport:
        return cls(
            checkout_id=info.checkout_id,
            checked_out_by=info.checked_out_by,
            checked_out_at=info.checked_out_at,
            office_file=str(office),
            travel_file=str(travel),
            merged_by=user,
            merged_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )

    def fill_plan(self, plan: MergePlan) -> None:
        self.office_changes = plan.office_changes
        self.travel_changes = plan.travel_changes
        self.duplicates = list(plan.duplicates)
        if plan.withheld:
            self.notes.append(
                _("Personal data (e-mail, phone, notes) changed on the travel copy was not merged, because your "
                  "login may not see personal data; ask a colleague with that role: {names}").format(
                    names="; ".join(sorted(plan.withheld)))
            )

    def decide(self, conflict: Conflict, decision: str) -> None:
        self.conflicts.append(DecidedConflict(conflict, decision))

    def decision_of(self, conflict: Conflict) -> str:
        for decided in self.conflicts:
            if decided.conflict.key == conflict.key:
                return decided.decision
        raise KeyError(conflict.key)

    def referenced_ids(self) -> set[str]:
        ids: set[str] = set()
        for decided in self.conflicts:
            c = decided.conflict
            if c.field in labels.ID_FIELDS or c.field in KEYED_FIELDS:
                for value in (c.base, c.office, c.travel):
                    items = value if isinstance(value, list) else [value]
                    for item in items:
                        if isinstance(item, dict) and "organisation_id" in item:
                            ids.add(item["organisation_id"])
                        elif isinstance(item, str):
                            ids.add(item)
        return ids

    def finish(self) -> None:
        self.merged_at = datetime.now(UTC).isoformat(timespec="seconds")

    def counts(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for entry in self.entries:
            result[entry.action] = result.get(entry.action, 0) + 1
        return result

    # Output ------------------------------------------------------------------------------

    def name_of(self, record_id: str) -> str:
        return self.names.get(record_id, record_id)

    def text(self) -> str:
        lines = [
            _("Merge of the travel copy {file}").format(file=Path(self.travel_file).name),
            _("Checked out by {who} on {when}; merged by {by} on {at}.").format(
                who=self.checked_out_by, when=labels.local_time(self.checked_out_at), by=self.merged_by,
                at=labels.local_time(self.merged_at),
            ),
        ]
        if self.already_merged:
            lines += self.notes
            return "\n".join(lines)
        if self.backup:
            lines.append(_("Backup of the office database before the merge: {path}").format(path=self.backup))
        lines.append(
            _("Records changed since the check-out: {office} in the office, {travel} on the travel copy.").format(
                office=self.office_changes, travel=self.travel_changes
            )
        )
        lines.append("")
        lines.append(_("Changes to the office database ({count}):").format(count=len(self.entries)))
        for e in self.entries:
            fields = ", ".join(labels.field_label(f) for f in e.fields if f != "id") if e.action == "update" else ""
            lines.append(
                f"  {ACTION_LABELS[e.action]()}: {labels.kind_label(e.kind)} {quoted(e.name)}" + (f" ({fields})" if fields else "")
            )
        if not self.entries:
            lines.append("  " + _("none"))
        lines.append("")
        lines.append(_("Conflicts ({count}):").format(count=len(self.conflicts)))
        for d in self.conflicts:
            lines.extend("  " + line for line in conflict_lines(d.conflict, self.name_of))
            side = _("office version kept") if d.decision == "office" else _("travel copy's version taken")
            lines.append("    → " + side)
        if not self.conflicts:
            lines.append("  " + _("none"))
        if self.duplicates:
            lines.append("")
            lines.append(_("Possible duplicates (created on both sides; please check):"))
            for dup in self.duplicates:
                lines.append(f"  {labels.kind_label(dup.kind)} {quoted(dup.name)}")
        if self.notes:
            lines.append("")
            lines.append(_("Notes:"))
            lines.extend(f"  {n}" for n in self.notes)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["conflicts"] = [
            {**asdict(d.conflict), "key": d.conflict.key, "decision": d.decision} for d in self.conflicts
        ]
        return data


def conflict_lines(c: Conflict, names: Any = None) -> list[str]:
    """A conflict as a person reads it: what, where, and the three values."""
    head = f"{labels.kind_label(c.kind)} {quoted(c.name)}, {labels.field_label(c.field)}: {labels.situation_label(c.situation)}"
    if c.field is None:
        return [head]
    return [
        head,
        "    " + _("office: {value}").format(value=labels.describe(c.kind, c.field, c.office, names)),
        "    " + _("travel copy: {value}").format(value=labels.describe(c.kind, c.field, c.travel, names)),
        "    " + _("at check-out: {value}").format(value=labels.describe(c.kind, c.field, c.base, names)),
    ]


def report_stem(report: MergeReport) -> str:
    """The file name (without suffix) of the kept report, fixed when the merge is recorded."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    # A file's name, or a server address's database name (no query, nothing a file name may not hold).
    office = re.sub(r"[^\w.-]+", "-", Path(report.office_file.split("?", 1)[0]).stem).strip("-") or "office"
    return f"{office}-{stamp}-travel-merge-{report.checkout_id[:8]}"


def report_texts(report: MergeReport) -> dict[str, str]:
    """The report's two files: text (for people) and JSON."""
    return {
        ".txt": report.text() + "\n",
        ".json": json.dumps(report.to_dict(), ensure_ascii=False, indent=1, default=str) + "\n",
    }


def save_report(report: MergeReport, folder: Path, stem: str | None = None) -> Path:
    """Keep the report as ``.txt`` (for people) and ``.json`` beside it; returns the text file."""
    return save_report_files(folder, stem or report_stem(report), report_texts(report))


def save_report_files(folder: Path, stem: str, texts: dict[str, str]) -> Path:
    """Write the report files ``stem`` + suffix (each whole or not at all); returns the text file."""
    folder.mkdir(parents=True, exist_ok=True)
    for suffix, text in texts.items():
        _write_whole(folder / f"{stem}{suffix}", text)
    return folder / f"{stem}.txt"


def _write_whole(path: Path, text: str) -> None:
    """Under a temporary name, then renamed: a crash leaves the whole file or none (never half a report)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
