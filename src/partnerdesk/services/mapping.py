"""Copying between table rows and plain records, one pair of functions per register."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import object_session

from partnerdesk.domain import key_facts, stages, validation
from partnerdesk.domain.enums import (
    ActivityDirection,
    ActivityKind,
    DecisionBody,
    DecisionResult,
    KeyFactKind,
    LegalBasis,
    MouStatus,
    OrganisationKind,
    ParticipantRole,
    PartnershipStatus,
    PartnershipType,
    ProjectStatus,
    Salutation,
    StageKind,
)
from partnerdesk.domain.errors import UserError
from partnerdesk.domain.person_names import joined_name, name_sort_text
from partnerdesk.domain.records import (
    Activity,
    Attendee,
    Contact,
    Decision,
    FollowUp,
    FundingSource,
    KeyFact,
    Organisation,
    Participant,
    Partnership,
    PartnershipStage,
    Project,
    Record,
)
from partnerdesk.domain.sdg import target_sort_key
from partnerdesk.domain.text import sort_key
from partnerdesk.i18n import _
from partnerdesk.persistence import personal_data
from partnerdesk.persistence.tables import (
    ActivityAttendeePrivateRow,
    ActivityAttendeeRow,
    ActivityContactRow,
    ActivityOrganisationRow,
    ActivityRow,
    ContactPrivateRow,
    ContactRow,
    DecisionPartnershipRow,
    DecisionProjectRow,
    DecisionRow,
    FollowUpRow,
    FundingSourceRow,
    OrganisationKeyFactRow,
    OrganisationRow,
    PartnershipCoordinatorRow,
    PartnershipGoalRow,
    PartnershipRow,
    PartnershipStageRow,
    ProjectContactRow,
    ProjectGoalRow,
    ProjectParticipantRow,
    ProjectRow,
    ProjectTargetRow,
)
from partnerdesk.services import programme_mapping, responsible, search_text


def _common(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "version": row.version,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "is_example": row.is_example,
    }


# Organisations -----------------------------------------------------------------------------


def organisation_from_row(row: OrganisationRow) -> Organisation:
    return Organisation(
        **_common(row),
        name=row.name,
        short_name=row.short_name,
        kind=OrganisationKind(row.kind),
        country=row.country,
        city=row.city,
        population=row.population,
        population_year=row.population_year,
        languages=list(row.languages or []),
        website=row.website,
        latitude=row.latitude,
        longitude=row.longitude,
        notes=row.notes,
        legal_name=row.legal_name,
        name_translations=row.name_translations,
        legal_name_translations=row.legal_name_translations,
        representative=row.representative,
        representative_function=row.representative_function,
        representative_function_translations=row.representative_function_translations,
        key_facts=[
            KeyFact(id=f.id, kind=KeyFactKind(f.kind), value=f.value, name=f.name, source=f.source, as_of=f.as_of,
                    chosen=bool(f.chosen))
            for f in row.key_facts
        ],
    )


def organisation_to_row(r: Organisation, row: OrganisationRow) -> None:
    row.name = r.name.strip()
    row.name_key = sort_key(r.name)
    row.short_name = r.short_name.strip()
    row.kind = str(r.kind)
    row.country = r.country
    row.city = r.city.strip()
    row.population = r.population
    row.population_year = r.population_year
    row.languages = list(r.languages)
    row.website = r.website.strip()
    row.latitude = r.latitude
    row.longitude = r.longitude
    row.notes = r.notes
    row.legal_name = r.legal_name.strip()
    row.name_translations = r.name_translations.strip()
    row.legal_name_translations = r.legal_name_translations.strip()
    row.representative = r.representative.strip()
    row.representative_function = r.representative_function.strip()
    row.representative_function_translations = r.representative_function_translations.strip()
    existing = {f.id: f for f in row.key_facts}
    fact_rows = []
    for i, item in enumerate(r.key_facts):
        f = existing.get(item.id) or OrganisationKeyFactRow(id=item.id)
        f.kind, f.value, f.name, f.source = str(item.kind), item.value.strip(), item.name.strip(), item.source.strip()
        f.as_of, f.chosen, f.position = item.as_of.strip(), bool(item.chosen), i
        fact_rows.append(f)
    row.key_facts = fact_rows
    row.key_facts_summary = key_facts.summary(r.key_facts)
    row.search_text = search_text.organisation_text(r.name, r.short_name, r.city, r.country, r.notes,
                                                    r.name_translations,
                                                    [t for f in r.key_facts for t in (f.name, f.source)])


# Partnerships ------------------------------------------------------------------------------


def partnership_from_row(row: PartnershipRow) -> Partnership:
    return Partnership(
        **_common(row),
        title=row.title,
        partner_id=row.partner_id,
        type=PartnershipType(row.type),
        status=PartnershipStatus(row.status),
        start_year=row.start_year,
        start_date=row.start_date,
        mou_status=MouStatus(row.mou_status),
        mou_signed_on=row.mou_signed_on,
        themes=list(row.themes or []),
        sdg_goals=sorted(g.goal for g in row.sdg_goals),
        coordinator_ids=[c.organisation_id for c in row.coordinators],
        notes=row.notes,
        partner_decision_required=bool(row.partner_decision_required),
        partner_decision_on=row.partner_decision_on,
        partner_decision_number=row.partner_decision_number,
        responsible_id=row.responsible_id,
        stages=[
            PartnershipStage(
                id=s.id, kind=StageKind(s.kind), date=s.date, note=s.note, document=s.document,
                term_from=s.term_from, term_until=s.term_until, automatic_renewal=bool(s.automatic_renewal),
                programme=s.programme, phase=s.phase,
            )
            for s in row.stages
        ],
        programme=programme_mapping.items_from_rows(row.programme),
    )


def partnership_to_row(r: Partnership, row: PartnershipRow) -> None:
    row.title = r.title.strip()
    row.title_key = sort_key(r.title)
    row.partner_id = r.partner_id
    row.type = str(r.type)
    row.status = str(r.status)
    row.start_year = r.start_date.year if r.start_date else r.start_year
    row.start_date = r.start_date
    row.mou_status = str(r.mou_status)
    row.mou_signed_on = r.mou_signed_on
    row.themes = [t.strip() for t in r.themes]
    row.notes = r.notes
    row.partner_decision_required = r.partner_decision_required
    row.partner_decision_on = r.partner_decision_on
    row.partner_decision_number = r.partner_decision_number.strip()
    responsible.assign(row, r, r.responsible_id)
    _sync(row.sdg_goals, sorted(set(r.sdg_goals)), lambda g: g.goal, lambda g, _i: PartnershipGoalRow(goal=g))
    _sync_ordered(
        row.coordinators,
        r.coordinator_ids,
        lambda c: c.organisation_id,
        lambda oid, i: PartnershipCoordinatorRow(organisation_id=oid, position=i),
    )
    existing = {s.id: s for s in row.stages}
    stages_rows = []
    for i, item in enumerate(stages.ordered(r.stages)):
        s = existing.get(item.id) or PartnershipStageRow(id=item.id)
        s.kind, s.date, s.note, s.document = str(item.kind), item.date, item.note, item.document.strip()  # type: ignore[assignment]
        s.term_from, s.term_until, s.automatic_renewal = item.term_from, item.term_until, bool(item.automatic_renewal)
        s.programme, s.phase, s.position = item.programme.strip(), item.phase.strip(), i
        stages_rows.append(s)
    row.stages = stages_rows
    current = stages.current_stage(r.stages)
    row.current_stage = str(current.kind) if current is not None else None
    row.current_stage_on = current.date if current is not None else None
    row.programme = programme_mapping.rows_from_items(r.programme, row.programme)
    row.search_text = search_text.partnership_text(
        r.title, r.themes, r.notes, [text for s in r.stages for text in (s.note, s.document, s.programme, s.phase)]
        + programme_mapping.search_texts(r.programme)
    )


# Contacts ----------------------------------------------------------------------------------


def contact_from_row(row: ContactRow) -> Contact:
    """The contact with its personal data (``contact_private``), or marked hidden where the
    server keeps that from this user (``persistence.personal_data``)."""
    hidden = personal_data.hidden_in(object_session(row))
    private = None if hidden else row.private
    return Contact(
        **_common(row),
        salutation=Salutation(row.salutation or "none"),
        title=row.title,
        first_name=row.first_name,
        last_name=row.last_name,
        name_to_check=bool(row.name_to_check),
        organisation_id=row.organisation_id,
        function=row.function,
        email=private.email if private is not None else "",
        phone=private.phone if private is not None else "",
        address=private.address if private is not None else "",
        languages=list(row.languages or []),
        notes=private.notes if private is not None else "",
        do_not_contact=bool(row.do_not_contact),
        processing_restricted=bool(row.processing_restricted),
        legal_basis=LegalBasis(row.legal_basis) if row.legal_basis else None,
        consent_given_on=row.consent_given_on,
        consent_source=row.consent_source,
        consent_withdrawn_on=row.consent_withdrawn_on,
        consent_to_check=bool(row.consent_to_check),
        personal_hidden=hidden,
    )


def contact_to_row(r: Contact, row: ContactRow) -> None:
    row.salutation = str(r.salutation)
    row.title = " ".join(r.title.split())
    row.first_name = r.first_name.strip()
    row.last_name = r.last_name.strip()
    row.name = joined_name(row.title, row.first_name, row.last_name)
    row.name_key = sort_key(name_sort_text(row.first_name, row.last_name))
    row.name_to_check = r.name_to_check
    row.organisation_id = r.organisation_id or None
    row.function = r.function.strip()
    row.languages = list(r.languages)
    row.do_not_contact = r.do_not_contact
    row.processing_restricted = r.processing_restricted
    row.legal_basis = str(r.legal_basis) if r.legal_basis is not None else ""
    row.consent_given_on = r.consent_given_on
    row.consent_source = r.consent_source.strip()
    row.consent_withdrawn_on = r.consent_withdrawn_on
    row.consent_to_check = r.consent_to_check
    row.search_text = search_text.contact_text(row.name, r.function)
    hidden = personal_data.hidden_in(object_session(row))
    if hidden and (r.email.strip() or r.phone.strip() or r.notes.strip() or r.address.strip()):
        # An import or archive by a user outside the personal-data role: refused whole, not half-read.
        raise UserError(
            _(
                "{label}: only members of the personal-data role may enter e-mail, phone, address or notes "
                "of contacts. Leave these fields empty; nothing was saved."
            ).format(label=validation.record_label(r))
        )
    if r.personal_hidden or hidden:
        return  # what this user cannot see stays as it is (the server would refuse the write anyway)
    email, phone, address = r.email.strip(), _phone_lines(r.phone), r.address.strip()
    private = row.private
    if not (email or phone or r.notes or address):
        row.private = None  # nothing personal stored: no row
        return
    if private is None:
        private = row.private = ContactPrivateRow(contact_id=r.id)
    private.email, private.phone, private.notes, private.address = email, phone, r.notes, address
    private.search_text = search_text.contact_private_text(email, phone, r.notes, address)


def _phone_lines(text: str) -> str:
    """Phone numbers one per line, without blank lines or surrounding spaces."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


# Projects ----------------------------------------------------------------------------------


def project_from_row(row: ProjectRow) -> Project:
    return Project(
        **_common(row),
        title=row.title,
        partnership_id=row.partnership_id,
        summary=row.summary,
        title_translations=row.title_translations,
        summary_translations=row.summary_translations,
        status=ProjectStatus(row.status),
        start_date=row.start_date,
        start_year=row.start_year,
        end_date=row.end_date,
        sdg_goals=sorted(g.goal for g in row.sdg_goals),
        sdg_targets=sorted((t.target for t in row.sdg_targets), key=target_sort_key),
        budget_amount=row.budget_amount,
        budget_currency=row.budget_currency,
        funding_sources=[
            FundingSource(id=f.id, name=f.name, amount=f.amount, currency=f.currency) for f in row.funding_sources
        ],
        participants=[
            Participant(organisation_id=p.organisation_id, role=ParticipantRole(p.role)) for p in row.participants
        ],
        contact_ids=[c.contact_id for c in row.contacts],
        notes=row.notes,
        responsible_id=row.responsible_id,
        results=row.results,
        funding_programme=row.funding_programme,
        file_reference=row.file_reference,
    )


def project_to_row(r: Project, row: ProjectRow) -> None:
    row.title = r.title.strip()
    row.title_key = sort_key(r.title)
    row.partnership_id = r.partnership_id or None
    row.summary = r.summary
    row.title_translations = r.title_translations.strip()
    row.summary_translations = r.summary_translations.strip()
    row.status = str(r.status)
    row.start_date = r.start_date
    row.start_year = r.start_date.year if r.start_date else r.start_year
    row.end_date = r.end_date
    row.budget_amount = r.budget_amount
    row.budget_currency = r.budget_currency
    row.notes = r.notes
    responsible.assign(row, r, r.responsible_id)
    row.results = r.results
    row.funding_programme = r.funding_programme.strip()
    row.file_reference = r.file_reference.strip()
    _sync(row.sdg_goals, sorted(set(r.sdg_goals)), lambda g: g.goal, lambda g, _i: ProjectGoalRow(goal=g))
    _sync(row.sdg_targets, sorted(set(r.sdg_targets)), lambda t: t.target, lambda t, _i: ProjectTargetRow(target=t))
    existing = {f.id: f for f in row.funding_sources}
    sources = []
    for i, source in enumerate(r.funding_sources):
        f = existing.get(source.id) or FundingSourceRow(id=source.id)
        f.name, f.amount, f.currency, f.position = source.name.strip(), source.amount, source.currency, i
        sources.append(f)
    row.funding_sources = sources
    roles = {p.organisation_id: str(p.role) for p in r.participants}
    _sync_ordered(
        row.participants,
        [p.organisation_id for p in r.participants],
        lambda p: p.organisation_id,
        lambda oid, i: ProjectParticipantRow(organisation_id=oid, position=i, role=roles[oid]),
    )
    for p in row.participants:
        p.role = roles[p.organisation_id]
    _sync_ordered(
        row.contacts, r.contact_ids, lambda c: c.contact_id, lambda cid, i: ProjectContactRow(contact_id=cid, position=i)
    )
    row.search_text = search_text.project_text(
        r.title, r.summary, r.notes, r.title_translations,
        results=r.results, funding_programme=row.funding_programme, file_reference=row.file_reference)


# Activities --------------------------------------------------------------------------------


def activity_from_row(row: ActivityRow) -> Activity:
    hidden = personal_data.hidden_in(object_session(row))
    return Activity(
        **_common(row),
        title=row.title,
        kind=ActivityKind(row.kind),
        date=row.date,
        end_date=row.end_date,
        direction=ActivityDirection(row.direction or ""),
        place=row.place,
        partnership_id=row.partnership_id,
        project_id=row.project_id,
        contact_ids=[c.contact_id for c in row.contacts],
        organisation_ids=[o.organisation_id for o in row.organisations],
        notes=row.notes,
        follow_ups=[
            FollowUp(id=f.id, text=f.text, due_date=f.due_date, done=f.done, responsible_id=f.responsible_id)
            for f in row.follow_ups
        ],
        attendees=[_attendee_from_row(a, hidden) for a in row.attendees],
    )


def _attendee_from_row(a: ActivityAttendeeRow, hidden: bool) -> Attendee:
    """A participant line; its dietary and accessibility notes (health data, revision 0018) from
    their own table, empty where the server keeps them from this user."""
    private = None if hidden else a.private
    return Attendee(
        id=a.id, contact_id=a.contact_id, name=a.name, organisation_id=a.organisation_id, organisation=a.organisation,
        role=a.role, dietary=private.dietary if private is not None else "",
        accessibility=private.accessibility if private is not None else "",
    )


def _attendee_health_to_row(a: ActivityAttendeeRow, person: Attendee, hidden: bool) -> None:
    """Store the notes in ``activity_attendee_private`` (no row when there are none); a user from
    whom the server hides them leaves them as they are (it could not see what it would overwrite)."""
    if hidden:
        if person.dietary.strip() or person.accessibility.strip():
            raise UserError(
                _(
                    "Only members of the personal-data role may enter participants' dietary or accessibility "
                    "needs. Leave these fields empty; nothing was saved."
                )
            )
        return
    dietary, accessibility = person.dietary.strip(), person.accessibility.strip()
    if not (dietary or accessibility):
        a.private = None
        return
    if a.private is None:
        a.private = ActivityAttendeePrivateRow(attendee_id=person.id)
    a.private.dietary, a.private.accessibility = dietary, accessibility


def activity_to_row(r: Activity, row: ActivityRow) -> None:
    row.title = r.title.strip()
    row.title_key = sort_key(r.title)
    row.kind = str(r.kind)
    row.date = r.date  # type: ignore[assignment]
    row.end_date = r.end_date if r.end_date != r.date else None
    row.direction = str(r.direction)
    row.place = r.place.strip()
    row.partnership_id = r.partnership_id or None
    row.project_id = r.project_id or None
    row.notes = r.notes
    _sync_ordered(
        row.contacts, r.contact_ids, lambda c: c.contact_id, lambda cid, i: ActivityContactRow(contact_id=cid, position=i)
    )
    _sync_ordered(
        row.organisations,
        r.organisation_ids,
        lambda o: o.organisation_id,
        lambda oid, i: ActivityOrganisationRow(organisation_id=oid, position=i),
    )
    existing = {f.id: f for f in row.follow_ups}
    follow_ups = []
    for i, item in enumerate(r.follow_ups):
        f = existing.get(item.id) or FollowUpRow(id=item.id)
        f.text, f.due_date, f.done, f.position = item.text, item.due_date, bool(item.done), i
        responsible.assign(f, r, item.responsible_id, session=object_session(row))
        follow_ups.append(f)
    row.follow_ups = follow_ups
    hidden = personal_data.hidden_in(object_session(row))
    known = {a.id: a for a in row.attendees}
    attendees = []
    for i, person in enumerate(r.attendees):
        a = known.get(person.id) or ActivityAttendeeRow(id=person.id)
        a.contact_id, a.organisation_id = person.contact_id or None, person.organisation_id or None
        a.name, a.organisation, a.role = person.name.strip(), person.organisation.strip(), person.role.strip()
        a.position = i
        _attendee_health_to_row(a, person, hidden)
        attendees.append(a)
    row.attendees = attendees
    row.search_text = search_text.activity_text(
        r.title, r.place, r.notes, (f.text for f in r.follow_ups), search_text.attendee_words(r.attendees)
    )


# Council decisions -------------------------------------------------------------------------


def decision_from_row(row: DecisionRow) -> Decision:
    return Decision(
        **_common(row),
        title=row.title,
        body=DecisionBody(row.body),
        committee=row.committee,
        date=row.date,
        number=row.number,
        result=DecisionResult(row.result),
        notes=row.notes,
        partnership_ids=[p.partnership_id for p in row.partnerships],
        project_ids=[p.project_id for p in row.projects],
    )


def decision_to_row(r: Decision, row: DecisionRow) -> None:
    row.title = r.title.strip()
    row.title_key = sort_key(r.title)
    row.body = str(r.body)
    row.committee = r.committee.strip() if r.body == DecisionBody.COMMITTEE else ""
    row.date = r.date
    row.number = r.number.strip()
    row.result = str(r.result)
    row.notes = r.notes
    _sync_ordered(
        row.partnerships,
        r.partnership_ids,
        lambda p: p.partnership_id,
        lambda pid, i: DecisionPartnershipRow(partnership_id=pid, position=i),
    )
    _sync_ordered(
        row.projects, r.project_ids, lambda p: p.project_id, lambda pid, i: DecisionProjectRow(project_id=pid, position=i)
    )
    row.search_text = search_text.decision_text(row.title, row.committee, row.number, r.notes)


# Link lists --------------------------------------------------------------------------------


def _sync(rows: list[Any], wanted: list[Any], key: Any, make: Any) -> None:
    """Make the link rows match ``wanted`` (a set), keeping rows that stay."""
    keep = set(wanted)
    rows[:] = [r for r in rows if key(r) in keep]
    present = {key(r) for r in rows}
    rows.extend(make(k, i) for i, k in enumerate(wanted) if k not in present)


def _sync_ordered(rows: list[Any], wanted: list[Any], key: Any, make: Any) -> None:
    """Like ``_sync`` but keeps the order of ``wanted`` in the rows' ``position``."""
    by_key = {key(r): r for r in rows}
    result = []
    for i, k in enumerate(dict.fromkeys(wanted)):
        r = by_key.get(k) or make(k, i)
        r.position = i
        result.append(r)
    rows[:] = result


# Funding programmes and grants (issue 23): in a module of their own.
from partnerdesk.services.mapping_grants import (  # noqa: E402
    grant_from_row,
    grant_to_row,
    programme_from_row,
    programme_to_row,
)

FROM_ROW: dict[str, Any] = {
    "organisations": organisation_from_row,
    "partnerships": partnership_from_row,
    "contacts": contact_from_row,
    "projects": project_from_row,
    "activities": activity_from_row,
    "decisions": decision_from_row,
    "programmes": programme_from_row,
    "grants": grant_from_row,
}
TO_ROW: dict[str, Any] = {
    "organisations": organisation_to_row,
    "partnerships": partnership_to_row,
    "contacts": contact_to_row,
    "projects": project_to_row,
    "activities": activity_to_row,
    "decisions": decision_to_row,
    "programmes": programme_to_row,
    "grants": grant_to_row,
}


def record_from_row(kind: str, row: Any) -> Record:
    record: Record = FROM_ROW[kind](row)
    return record
