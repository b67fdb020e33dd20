"""The question before a deletion: what depends on the record, and what will happen to it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from partnerdesk.domain import validation
from partnerdesk.domain.records import Record
from partnerdesk.i18n import _, ngettext, quoted
from partnerdesk.services.records import Dependent
from partnerdesk.ui.screen_fit import fit_message

MAX_NAMES = 5
#: Records named one by one in the question; the rest are summed up in one line.
MAX_RECORDS = 8

# (kind deleted, kind depending, effect) -> (one, several); {n} how many, {names} which.
_MESSAGES = {
    ("organisations", "partnerships", "blocks"): lambda: (
        _("This organisation is the partner of the partnership {names}. "
          "Delete that partnership or give it another partner first."),
        _("This organisation is the partner of {n} partnerships: {names}. "
          "Delete those partnerships or give them another partner first."),
    ),
    ("organisations", "contacts", "unlinked"): lambda: (
        _("One contact belongs to this organisation: {names}. It is kept, without organisation."),
        _("{n} contacts belong to this organisation: {names}. They are kept, without organisation."),
    ),
    ("organisations", "projects", "unlinked"): lambda: (
        _("This organisation takes part in one project: {names}. The participation will be removed."),
        _("This organisation takes part in {n} projects: {names}. The participations will be removed."),
    ),
    ("organisations", "partnerships", "unlinked"): lambda: (
        _("This organisation coordinates one partnership: {names}. It will be removed as coordinating unit."),
        _("This organisation coordinates {n} partnerships: {names}. It will be removed as coordinating unit."),
    ),
    ("organisations", "activities", "unlinked"): lambda: (
        _("This organisation is linked to one activity: {names}. The link will be removed."),
        _("This organisation is linked to {n} activities: {names}. The links will be removed."),
    ),
    ("partnerships", "projects", "unlinked"): lambda: (
        _("One project belongs to this partnership: {names}. It is kept, without partnership."),
        _("{n} projects belong to this partnership: {names}. They are kept, without partnership."),
    ),
    ("partnerships", "activities", "unlinked"): lambda: (
        _("One activity belongs to this partnership: {names}. It is kept, without partnership."),
        _("{n} activities belong to this partnership: {names}. They are kept, without partnership."),
    ),
    ("contacts", "projects", "unlinked"): lambda: (
        _("This contact is named in one project: {names}. The contact will be removed there."),
        _("This contact is named in {n} projects: {names}. The contact will be removed there."),
    ),
    ("contacts", "activities", "unlinked"): lambda: (
        _("This contact is named in one activity: {names}. The contact will be removed there."),
        _("This contact is named in {n} activities: {names}. The contact will be removed there."),
    ),
    ("partnerships", "decisions", "unlinked"): lambda: (
        _("One council decision names this partnership: {names}. It is kept, without this partnership."),
        _("{n} council decisions name this partnership: {names}. They are kept, without this partnership."),
    ),
    ("projects", "decisions", "unlinked"): lambda: (
        _("One council decision names this project: {names}. It is kept, without this project."),
        _("{n} council decisions name this project: {names}. They are kept, without this project."),
    ),
    ("projects", "grants", "unlinked"): lambda: (
        _("One grant funds this project: {names}. It is kept, without this project."),
        _("{n} grants fund this project: {names}. They are kept, without this project."),
    ),
    ("programmes", "grants", "unlinked"): lambda: (
        _("One grant belongs to this programme: {names}. It is kept, without programme."),
        _("{n} grants belong to this programme: {names}. They are kept, without programme."),
    ),
    ("projects", "activities", "unlinked"): lambda: (
        _("One activity belongs to this project: {names}. It is kept, without project."),
        _("{n} activities belong to this project: {names}. They are kept, without project."),
    ),
}


def _names(deps: Sequence[Dependent]) -> str:
    names = [quoted(d.name) for d in deps[:MAX_NAMES]]
    text = ", ".join(names)
    if len(deps) > MAX_NAMES:
        text += " " + _("and {count} more").format(count=len(deps) - MAX_NAMES)
    return text


def describe_dependents(kind: str, dependents: Sequence[Dependent]) -> list[str]:
    """One German sentence pair per kind of dependency, blocking ones first."""
    groups: dict[tuple[str, str], list[Dependent]] = defaultdict(list)
    for dep in dependents:
        groups[(dep.kind, dep.effect)].append(dep)
    ordered = sorted(groups.items(), key=lambda item: (item[0][1] != "blocks", item[0][0]))
    sentences = []
    for (dep_kind, effect), deps in ordered:
        variants = _MESSAGES.get((kind, dep_kind, effect))
        one, several = variants() if variants else (
            _("One linked record will be changed: {names}."),
            _("{n} linked records will be changed: {names}."),
        )
        sentences.append((one if len(deps) == 1 else several).format(n=len(deps), names=_names(deps)))
    return sentences


def _more_with_dependents(rest: Sequence[Record], dependents: dict[str, list[Dependent]]) -> str:
    """One line for the records beyond the first few: how many, and how many linked records change."""
    linked = {(d.kind, d.id) for r in rest for d in dependents[r.id]}
    return ngettext(
        "… and {count} more record, treated the same way (linked records that change with it: {linked}).",
        "… and {count} more records, treated the same way (linked records that change with them: {linked}).",
        len(rest),
    ).format(count=len(rest), linked=len(linked))


def heading(records: Sequence[Record]) -> str:
    if len(records) == 1:
        return _("Delete {label}?").format(label=validation.record_label(records[0], in_sentence=True))
    return _("Delete {count} records?").format(count=len(records))


def confirm_delete(parent: QWidget | None, records: Sequence[Record], dependents: dict[str, list[Dependent]]) -> bool:
    """Ask before deleting; ``dependents`` maps record id -> its dependents. True means delete."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Delete"))
    box.setText(heading(records))
    lines: list[str] = []
    with_dependents = [r for r in records if dependents.get(r.id)]
    for record in with_dependents[:MAX_RECORDS]:
        sentences = describe_dependents(record.KIND, dependents[record.id])
        if len(records) == 1:
            # One point per kind of link: run together they made a wall of text to read twice.
            lines.append("\n".join(f"• {sentence}" for sentence in sentences))
        else:
            lines.append(f"{validation.record_label(record)}: " + " ".join(sentences))
    if len(with_dependents) > MAX_RECORDS:
        lines.append(_more_with_dependents(with_dependents[MAX_RECORDS:], dependents))
    if not lines:
        lines.append(_("No other record depends on it.") if len(records) == 1 else _("No other record depends on them."))
    undo = _("You can undo the deletion with Ctrl+Z.")
    lines.append(undo)
    fit_message(box, "\n\n".join(lines), "\n\n".join([_("Other records depend on them: see the details."), undo]))
    yes = box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
    no = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def explain_blocked(parent: QWidget | None, records: Sequence[Record], dependents: dict[str, list[Dependent]]) -> None:
    """Say why nothing is deleted: something depends on the record in a way that blocks it."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(_("Delete"))
    blocked = [r for r in records if any(d.effect == "blocks" for d in dependents.get(r.id, []))]
    box.setText(
        _("{label} cannot be deleted.").format(label=validation.record_label(blocked[0]))
        if len(blocked) == 1
        else _("{count} of the records cannot be deleted.").format(count=len(blocked))
    )
    lines = []
    for record in blocked[:MAX_RECORDS]:
        blocking = [d for d in dependents[record.id] if d.effect == "blocks"]
        prefix = f"{validation.record_label(record)}: " if len(blocked) > 1 else ""
        lines.append(prefix + " ".join(describe_dependents(record.KIND, blocking)))
    if len(blocked) > MAX_RECORDS:
        lines.append(_("… and {count} more.").format(count=len(blocked) - MAX_RECORDS))
    nothing = _("Nothing has been deleted.")
    lines.append(nothing)
    fit_message(box, "\n\n".join(lines), "\n\n".join([_("Other records depend on them: see the details."), nothing]))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
