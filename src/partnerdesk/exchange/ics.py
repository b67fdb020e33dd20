"""Activities, follow-up due dates and the grants' deadlines as an iCalendar file (RFC 5545) for
Outlook and others.

Both become all-day ``VEVENT``s; a visit of several days is one event over all its days
(``DTEND`` is the day after the last, as RFC 5545 counts all-day events). Outlook's import of an
.ics file takes events reliably but ignores ``VTODO`` tasks, so a follow-up appears as
"Wiedervorlage: ..." on its due date.
Done follow-ups are left out. UIDs are derived from the record ids
(``activity-<id>@partnerdesk``, ``follow-up-<id>@partnerdesk``), so importing the file again
updates the entries instead of doubling them. Written as UTF-8 with CRLF line ends.
A grant's deadlines (interim and final proof, the partners' proofs, keeping receipts) are
"Förderfrist: …" events (``grant-<id>-<kind>[-<year or transfer>]@partnerdesk``); those done are left out.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from partnerdesk import __version__
from partnerdesk.domain import limits, validation
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.field_labels import field_label
from partnerdesk.domain.grant_records import Grant as GrantRecord
from partnerdesk.domain.grants import Obligation
from partnerdesk.domain.records import Activity
from partnerdesk.i18n import _, ngettext
from partnerdesk.persistence.database import Database
from partnerdesk.services import grants, service_for


def build_calendar(activities: Sequence[Activity], *, now: datetime | None = None,
                   deadlines: Sequence[tuple[GrantRecord, Obligation]] = ()) -> Calendar:
    stamp = now or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//PartnerDesk//PartnerDesk {__version__}//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("PartnerDesk activities"))
    for activity in activities:
        if activity.date is None:
            continue
        _check_dates(activity)
        event = Event()
        event.add("uid", f"activity-{activity.id}@partnerdesk")
        event.add("dtstamp", stamp)
        event.add("dtstart", activity.date)
        event.add("dtend", max(activity.date, activity.last_day or activity.date) + timedelta(days=1))
        event.add("summary", activity.title)
        if activity.place:
            event.add("location", activity.place)
        description = _description(activity)
        event.add("description", description)
        event.add("categories", [activity.kind.label])
        event.add("transp", "TRANSPARENT")
        if activity.updated_at is not None:
            event.add("last-modified", activity.updated_at.astimezone(UTC))
        calendar.add_component(event)
        for follow_up in activity.follow_ups:
            if follow_up.done or follow_up.due_date is None:
                continue
            due = Event()
            due.add("uid", f"follow-up-{follow_up.id}@partnerdesk")
            due.add("dtstamp", stamp)
            due.add("dtstart", follow_up.due_date)
            due.add("dtend", follow_up.due_date + timedelta(days=1))
            due.add("summary", _("Follow-up: {text}").format(text=follow_up.text))
            due.add("description", _("From the activity “{title}” on {date}").format(
                title=activity.title, date=activity.date.strftime("%d.%m.%Y")
            ))
            due.add("categories", [_("Follow-up")])
            due.add("transp", "TRANSPARENT")
            calendar.add_component(due)
    for grant, obligation in deadlines:
        if obligation.is_done or not limits.EARLIEST_DATE <= obligation.due_on <= limits.LATEST_DATE:
            continue
        event = Event()
        detail = obligation.year if obligation.year is not None else obligation.transfer_id
        event.add("uid", f"grant-{grant.id}-{obligation.kind.value}{f'-{detail}' if detail else ''}@partnerdesk")
        event.add("dtstamp", stamp)
        event.add("dtstart", obligation.due_on)
        event.add("dtend", obligation.due_on + timedelta(days=1))
        event.add("summary", _("Grant deadline: {text}").format(text=f"{obligation.label} – {grant.title}"))
        reference = _("File reference {reference}").format(reference=grant.file_reference) if grant.file_reference else ""
        event.add("description", reference)
        event.add("categories", [_("Grant deadline")])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar


def _description(activity: Activity) -> str:
    """Kind, direction and the number of participants, then the notes."""
    facts = [activity.kind.label]
    if activity.direction:
        facts.append(activity.direction.label)
    if activity.attendees:
        count = len(activity.attendees)
        facts.append(ngettext("{count} participant", "{count} participants", count).format(count=count))
    return " · ".join(facts) + (f"\n\n{activity.notes}" if activity.notes else "")


def _check_dates(activity: Activity) -> None:
    """Dates beyond the limits (old data, saved before they existed) are named, not crashed on:
    ``date(9999, 12, 31) + timedelta(days=1)`` overflows."""
    days = [("date", activity.date), ("end_date", activity.end_date), *(("follow_ups", f.due_date) for f in activity.follow_ups if not f.done)]
    for name, day in days:
        if day is not None and not limits.EARLIEST_DATE <= day <= limits.LATEST_DATE:
            raise UserError(_("{label}: {field} {date} cannot be written to a calendar (dates from {first} to {last}).").format(
                label=validation.record_label(activity), field=field_label(name), date=validation.day_text(day),
                first=validation.day_text(limits.EARLIEST_DATE), last=validation.day_text(limits.LATEST_DATE),
            ))


def export_ics(db: Database, out: Path, *, activities: Sequence[Activity] | None = None) -> int:
    """Write the calendar; returns the number of events."""
    deadlines: list[tuple[GrantRecord, Obligation]] = []
    if activities is None:
        activities = service_for(db, "activities").list()
        deadlines = grants.deadlines(db)
    calendar = build_calendar(activities, deadlines=deadlines)
    data = calendar.to_ical()  # CRLF line ends and folding as RFC 5545 demands
    temporary = out.with_name(f".{out.name}.partial")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, out)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise UserError(_("{name} could not be written: {reason}").format(name=out, reason=exc.strerror)) from exc
    return len(calendar.walk("VEVENT"))
