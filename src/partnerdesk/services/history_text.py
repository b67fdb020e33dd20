"""The history's words as people read them (German by ``_``): operations, registers, moments."""

from __future__ import annotations

from datetime import datetime

from partnerdesk.i18n import _
from partnerdesk.services.records import KIND_LABELS

_OPERATIONS = {
    "created": lambda: _("created"),
    "changed": lambda: _("changed"),
    "deleted": lambda: _("deleted"),
    "restored": lambda: _("restored"),
    "started": lambda: _("history started"),
}


def operation_label(operation: str) -> str:
    label = _OPERATIONS.get(operation)
    return label() if label is not None else operation


def kind_label(kind: str) -> str:
    """The register in the singular ("Organisation"); "Datenbank" for database-wide entries."""
    if not kind:
        return _("database")
    labels = KIND_LABELS.get(kind)
    return labels[0]() if labels is not None else kind


def moment(at: datetime) -> str:
    """A stored moment (UTC) in this computer's local time: "07.12.2026 14:05"."""
    return at.astimezone().strftime("%d.%m.%Y %H:%M")
