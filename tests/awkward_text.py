"""Records of every register whose texts hold what tables find hard: ; and line breaks in list items and
names, control characters, backslashes, OOXML escapes, formula-like text, follow-ups that look like marks."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from partnerdesk.domain.grant_records import FundingProgramme, Grant, PlanLine
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
    programme = service_for(db, "programmes").create(FundingProgramme(
        name="Programm; =1+1", funder="Geber\nzweizeilig", typical_rate=Decimal("87.5"), link="https://a.example/x;y",
        notes="\x0b".join(AWKWARD),
    ))
    service_for(db, "grants").create(Grant(
        title="Zuwendung; '=SUMME(A1)", programme_id=programme.id, project_ids=[project.id], file_reference="-5 Grad",
        period_from=date(2026, 1, 1), period_until=date(2026, 12, 31), approved_amount=Decimal("1234.5678"),
        special_conditions="\x0b".join(AWKWARD), tolerance=Decimal("12.5"),
        plan_lines=[PlanLine(name="Reisen: Teil 2"), PlanLine(name="Sach; kosten", planned=Decimal("0.01")),
                    PlanLine(name="Ende:")],
    ))




def comparable(record):
    """A record's content: without version and timestamps; funding sources, follow-ups, stages,
    participants, key facts and plan lines without their inner ids (an import into another database
    gives them new ones). A grant's draw-downs, expenses and transfers are no columns of a table (the
    JSON archive and the proof-of-use pack hold them; expenses come in by the expense import): left out.
    So is a partnership's action programme (its own sheet holds it, 'programme export'; a table
    import that updates a partnership keeps it)."""
    data = dataclasses.asdict(record)
    for meta in ("version", "created_at", "updated_at", "is_example"):
        data.pop(meta)
    for inner in ("funding_sources", "follow_ups", "stages", "attendees", "key_facts", "plan_lines"):
        for item in data.get(inner, []):
            item.pop("id")
    if record.KIND == "grants":
        for parts in ("drawdowns", "expenses", "transfers"):
            data.pop(parts)
    if record.KIND == "partnerships":
        data.pop("programme")
    return data
