"""Records of every register whose texts hold what tables find hard: ; and line breaks in list items and
names, control characters, backslashes, OOXML escapes, formula-like text, follow-ups that look like marks."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from partnerdesk.domain.records import (
    Activity,
    Contact,
    Decision,
    FollowUp,
    FundingSource,
    Organisation,
    Participant,
    Partnership,
    Project,
)
from partnerdesk.services import service_for


def org(db, name, country="", **kw):
    return service_for(db, "organisations").create(Organisation(name=name, country=country, **kw))


AWKWARD = [
    "Wasser; Energie",
    "zwei\nZeilen",
    "Word\x0bUmbruch",
    "Wagen\rRücklauf",
    "C:\\Daten\\",
    "Back\\;slash",
    "_x000B_ literal",
    "'=SUMME(A1)",
    "=1+1",
    "-5 Grad",
    "Tab\tStopp",
    "\u2028Trenner\u2029",
]


def awkward_records(db):
    """A record of every register whose texts hold the awkward strings."""
    orgs = [org(db, f"Org {i}; {text}".strip(), notes=text) for i, text in enumerate(AWKWARD)]
    orgs.append(org(db, "Zeilen-\numbruch GmbH", notes=" führende und folgende Leerzeichen "))
    partnership = service_for(db, "partnerships").create(Partnership(
        title="Partnerschaft; mit Semikolon", partner_id=orgs[0].id, themes=[t.strip() for t in AWKWARD[:8]],
        coordinator_ids=[orgs[-1].id, orgs[1].id], notes="\x0b".join(AWKWARD),
    ))
    contact = service_for(db, "contacts").create(Contact(name="Kontakt; Komma, Punkt", organisation_id=orgs[-1].id, notes="a\x0bb"))
    project = service_for(db, "projects").create(Project(
        title="Projekt\nzweizeilig", partnership_id=partnership.id, summary="\x0c Seitenumbruch",
        funding_sources=[
            FundingSource(name="Stiftung: Teil 2"), FundingSource(name="Land; Bund", amount=Decimal("1234.5")),
            FundingSource(name="Ende:"),
        ],
        participants=[Participant(organisation_id=orgs[-1].id), Participant(organisation_id=orgs[0].id, role="lead")],
        contact_ids=[contact.id],
    ))
    follow_ups = [
        FollowUp(text="✓ ist hier ein Wort"), FollowUp(text="31.12.2026: kein Termin"),
        FollowUp(text="erledigt\nmit Umbruch", done=True, due_date=date(2026, 3, 1)),
        FollowUp(text="[x] Kästchen"), FollowUp(text="\\ Backslash am Anfang"), FollowUp(text="Ende mit Leerzeichen  "),
        FollowUp(text=" Anfang mit Leerzeichen"), FollowUp(text="Semikolon; bleibt"), FollowUp(text="endet mit \\"),
    ]
    service_for(db, "activities").create(Activity(
        title="Besuch; Teil 1", date=date(2026, 5, 4), project_id=project.id, partnership_id=partnership.id,
        contact_ids=[contact.id], organisation_ids=[orgs[1].id, orgs[-1].id], follow_ups=follow_ups, notes="\x0b\x0b",
    ))
    service_for(db, "decisions").create(Decision(
        title="Beschluss; =1+1", body="committee", committee="Ausschuss\nzweizeilig; mit Semikolon",
        date=date(2026, 3, 12), number="'=SUMME(A1)", result="deferred", notes="\x0b".join(AWKWARD),
        partnership_ids=[partnership.id], project_ids=[project.id],
    ))




def comparable(record):
    """A record's content: without version and timestamps; funding sources, follow-ups, stages,
    participants and key facts without their inner ids (an import into another database gives them new ones)."""
    data = dataclasses.asdict(record)
    for meta in ("version", "created_at", "updated_at", "is_example"):
        data.pop(meta)
    for inner in ("funding_sources", "follow_ups", "stages", "attendees", "key_facts"):
        for item in data.get(inner, []):
            item.pop("id")
    return data
