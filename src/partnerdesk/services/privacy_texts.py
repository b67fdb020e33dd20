"""How the erasure's preview names what will happen (the window's dialog and the command line)."""

from __future__ import annotations

from partnerdesk.i18n import _
from partnerdesk.services.erasure_mentions import Mention, field_label
from partnerdesk.services.privacy_erase import Unlink
from partnerdesk.services.records import KIND_LABELS


def _record(kind: str, name: str) -> str:
    return _("{register} “{name}”").format(register=KIND_LABELS[kind][0](), name=name)


def unlink_text(u: Unlink) -> str:
    """"Projekt „Wasser“: nicht mehr beteiligt"."""
    what = {
        "participant": _("no longer takes part"),
        "responsible": _("no longer responsible"),
        "follow_up": _("follow-up no longer assigned"),
        "attendee": _("removed from the participant list"),
    }[u.what]
    return f"{_record(u.kind, u.name)}: {what}"


def mention_text(m: Mention) -> str:
    """"Projekt „Wasser“, Notizen: …Angeregt von Ama Mensah…"."""
    return f"{_record(m.kind, m.record_name)}, {field_label(m.field)}: {m.excerpt}"
