"""Create, read, update and delete records of the five registers.

Each public method is one transaction. Updates carry the row version the user
started from; if somebody else saved the record meanwhile, ``StaleRecordError``
says so instead of overwriting their work. Deletions return everything they
removed or changed, so the window's undo can put it back exactly.
"""

from __future__ import annotations

import builtins  # the services' list() methods shadow list in their class bodies
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from partnerdesk.domain import key_facts, stages, validation
from partnerdesk.domain.errors import AmbiguousNameError, DependentsError, NotFoundError, StaleRecordError, UserError
from partnerdesk.domain.records import Activity, Contact, Decision, Organisation, Partnership, Project, Record
from partnerdesk.domain.text import contains, fold, search_forms
from partnerdesk.i18n import _
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.portable_sql import code_points
from partnerdesk.persistence.tables import (
    ActivityContactRow,
    ActivityOrganisationRow,
    ActivityRow,
    ContactRow,
    DecisionPartnershipRow,
    DecisionProjectRow,
    DecisionRow,
    FollowUpRow,
    OrganisationRow,
    PartnershipCoordinatorRow,
    PartnershipRow,
    ProjectContactRow,
    ProjectParticipantRow,
    ProjectRow,
)
from partnerdesk.persistence.types import utcnow
from partnerdesk.persistence.whole_rows import get_whole
from partnerdesk.services import history_writer, mapping, search_text
from partnerdesk.services.progress import ProgressCallback, no_progress
from partnerdesk.services.row_batches import bump_versions, delete_rows, rows_of

R = TypeVar("R", bound=Record)


@dataclass
class Dependent:
    """Another record that a deletion touches, and what happens to it."""

    kind: str
    id: str
    name: str
    effect: str  # "deleted", "unlinked", "blocks"


@dataclass
class Deletion:
    """What a deletion removed or changed: enough to undo it with ``restore``."""

    removed: list[Record] = field(default_factory=list)
    changed: list[Record] = field(default_factory=list)
    #: The changed records as the deletion left them (unlinked). ``restore`` refuses if one
    #: of them is no longer so - somebody (another window, the command line) changed it since -
    #: instead of silently writing the old state over their work.
    left: list[Record] = field(default_factory=list)


#: The longest text ``find`` looks a record up by (names end at 300 characters, see ``domain.limits``).
_LONGEST_LOOKUP = 1_000


class RecordService(Generic[R]):
    kind: str = ""
    record_type: type[Record] = Record
    row_type: type[Any] = object
    #: Column that names a record (used for sorting and lookup by name).
    name_column: str = "name"

    @classmethod
    def name_order(cls, row_type: Any = None) -> list[Any]:
        """Sort keys for "by name": the folded ``<name>_key`` (German order, compared by code
        points on every database), then the id, so equal names come in the same order on SQLite
        and on a server. Never the name itself: SQLite compares its bytes ("Zeder" before
        "apfel", "Äpfel" after both), a server its own collation, and the two disagree."""
        row_type = row_type or cls.row_type
        return [getattr(row_type, f"{cls.name_column}_key"), code_points(row_type.id)]

    def __init__(self, db: Database) -> None:
        self.db = db

    # Reading -------------------------------------------------------------------------------

    def get(self, record_id: str) -> R:
        with self.db.read() as session:
            return self._get(session, record_id)

    def get_many(self, ids: Sequence[str]) -> list[R]:
        with self.db.read() as session:
            rows = session.scalars(select(self.row_type).where(self.row_type.id.in_(list(ids)))).all()
            by_id = {row.id: self._to_record(row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    def list(self) -> list[R]:
        with self.db.read() as session:
            rows = session.scalars(select(self.row_type).order_by(*self.name_order())).all()
            return [self._to_record(row) for row in rows]

    def count(self) -> int:
        with self.db.read() as session:
            return session.scalar(select(func.count()).select_from(self.row_type)) or 0

    def exists(self, record_id: str) -> bool:
        with self.db.read() as session:
            # The id only: getting the row would load its link lists too (on a server, round trips).
            return session.scalar(select(self.row_type.id).where(self.row_type.id == record_id)) is not None

    def find(self, text: str) -> R:
        """The record with id ``text`` or the one whose name contains it (folded as the search folds)."""
        search_text.ensure_current(self.db)
        with self.db.read() as session:
            row = session.get(self.row_type, text.strip())
            if row is not None:
                return self._to_record(row)
            needle = fold(text.strip())
            if not needle:
                raise NotFoundError(_("Please name a record."))
            if len(needle) > _LONGEST_LOOKUP:  # longer than any name; SQLite's LIKE refuses 50,000 characters
                raise NotFoundError(_("No {kind} matches “{text}”.").format(kind=self.kind_label(), text=text[:60] + "…"))
            word = max(needle.split(), key=len)  # the stored text holds written-out spellings word by word
            rows = session.scalars(
                select(self.row_type)
                .where(self.row_type.search_text.contains(word, autoescape=True))
                .order_by(*self.name_order())
            ).all()
            candidates = [self._to_record(r) for r in rows if contains(getattr(r, self.name_column), needle)]
        exact = [c for c in candidates if needle in search_forms(c.display_name)]
        if len(exact) == 1:
            return exact[0]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise NotFoundError(_("No {kind} matches “{text}”.").format(kind=self.kind_label(), text=text))
        names = [f"{c.display_name} ({c.id})" for c in candidates]
        raise AmbiguousNameError(
            _("“{text}” matches several {kind}: {names}").format(text=text, kind=self.kind_label(plural=True), names="; ".join(names)),
            names,
        )

    # Writing -------------------------------------------------------------------------------

    def create(self, record: R, *, entered: bool = False) -> R:
        """``entered``: typed in by a user now (the window's form), so the rules for new records
        apply too (a contact's legal basis); imports, archives and copies bring older records."""
        record = prepared(record)
        validation.validate(record, new=entered)
        with self.db.write() as session:
            if session.get(self.row_type, record.id) is not None:
                raise UserError(_("A record with the id {id} exists already.").format(id=record.id))
            row = self._insert(session, record)
            self._flush(session, record)
            created = self._to_record(row)
            history_writer.record(session, self.kind, None, created)
            return created

    def update(self, record: R, *, force: bool = False) -> R:
        """Save ``record``; refuse if it was changed since ``record.version`` unless ``force``."""
        record = prepared(record)
        validation.validate(record)
        with self.db.write() as session:
            row = get_whole(session, self.row_type, record.id)  # on a server one round trip with its lists
            if row is None:
                raise NotFoundError(
                    _("{label} no longer exists; somebody deleted it.").format(label=validation.record_label(record))
                )
            if not force and row.version != record.version:
                raise StaleRecordError(
                    _("{label} was changed by somebody else after you started editing.").format(
                        label=validation.record_label(record)
                    ),
                    current=self._to_record(row),
                )
            before = self._to_record(row)
            self._apply(session, row, record)
            row.version += 1
            row.updated_at = utcnow()
            self._flush(session, record)
            after = self._to_record(row)
            history_writer.record(session, self.kind, before, after)
            return after

    def dependents(self, record_id: str) -> builtins.list[Dependent]:
        with self.db.read() as session:
            self._get(session, record_id)
            return self._dependents(session, record_id)

    def dependents_of(self, record_ids: Sequence[str], *, progress: ProgressCallback = no_progress) -> dict[str, builtins.list[Dependent]]:
        """``dependents`` of several records (those that exist), read in one transaction."""
        ids = list(dict.fromkeys(record_ids))
        result: dict[str, list[Dependent]] = {}
        with self.db.read() as session:
            existing = set(session.scalars(select(self.row_type.id).where(self.row_type.id.in_(ids))).all())
            for done, record_id in enumerate(ids, 1):
                if record_id in existing:
                    result[record_id] = self._dependents(session, record_id)
                progress(done, len(ids))
        return result

    def delete(self, record_id: str, *, expected_version: int | None = None) -> Deletion:
        """Delete a record; everything that depended on it is unlinked or deleted as ``dependents`` said."""
        return self.delete_many([record_id], {record_id: expected_version} if expected_version is not None else None)

    def delete_many(
        self,
        record_ids: Sequence[str],
        expected_versions: dict[str, int] | None = None,
        *,
        progress: ProgressCallback = no_progress,
    ) -> Deletion:
        """Delete several records in ONE transaction: all of them, or (on any error) none.

        ``expected_versions`` maps ids to the version the user saw; a record changed since
        raises ``StaleRecordError``, one that something depends on in a blocking way raises
        ``DependentsError``, one that is gone ``NotFoundError`` - each naming the record, and
        nothing is deleted. The returned ``Deletion`` holds every removed record and every
        other record as it was before (once, even if several deletions touched it), so one
        ``restore`` undoes it all. ``progress`` may raise ``Cancelled``: nothing is deleted then.

        Everything is checked first; then the records go in a few set-wise statements (the
        database's foreign keys unlink or remove what hangs on them), so a thousand records
        cost about what a handful do.
        """
        ids = list(dict.fromkeys(record_ids))
        deletion = Deletion()
        with self.db.write() as session:
            rows = {row.id: row for row in rows_of(session, self.kind, ids)}
            #: kind -> id -> effect, for every other record the deletion touches (once each).
            touched: dict[str, dict[str, str]] = {}
            for done, record_id in enumerate(ids, 1):
                row = rows.get(record_id)
                if row is None:
                    raise NotFoundError(_("The record no longer exists; somebody deleted it."))
                record = self._to_record(row)
                expected = (expected_versions or {}).get(record_id)
                if expected is not None and row.version != expected:
                    raise StaleRecordError(
                        _("{label} was changed by somebody else after you started editing.").format(
                            label=validation.record_label(record)
                        ),
                        current=record,
                    )
                deps = self._dependents(session, record_id)
                blocking = [d for d in deps if d.effect == "blocks"]
                if blocking:
                    raise DependentsError(
                        _("{label} cannot be deleted while these depend on it: {names}").format(
                            label=validation.record_label(record), names="; ".join(d.name for d in blocking)
                        )
                    )
                deletion.removed.append(record)
                for dep in deps:
                    if dep.kind == self.kind and dep.id in rows:
                        continue  # deleted in this batch anyway
                    effects = touched.setdefault(dep.kind, {})
                    if effects.get(dep.id) != "deleted":
                        effects[dep.id] = dep.effect
                progress(done, len(ids) + 1)
            # The touched records as they were before this batch changed anything.
            for kind, effects in touched.items():
                for dep_row in rows_of(session, kind, list(effects)):
                    snapshot = mapping.FROM_ROW[kind](dep_row)
                    (deletion.removed if effects[dep_row.id] == "deleted" else deletion.changed).append(snapshot)
            try:
                for kind, effects in touched.items():
                    bump_versions(session, kind, [i for i, effect in effects.items() if effect == "unlinked"])
                    delete_rows(session, kind, [i for i, effect in effects.items() if effect == "deleted"])
                delete_rows(session, self.kind, ids)
            except IntegrityError as exc:
                raise UserError(
                    _("{label} refers to a record that does not exist (any more).").format(
                        label=validation.record_label(deletion.removed[0])
                    )
                ) from exc
            session.expire_all()  # the foreign keys changed rows behind the session's back
            for kind in touched:  # the changed records as the deletion leaves them, for restore's check
                changed_ids = [r.id for r in deletion.changed if r.KIND == kind]
                deletion.left.extend(mapping.FROM_ROW[kind](r) for r in rows_of(session, kind, changed_ids))
            history_writer.record_deletion(session, deletion.removed, deletion.changed, deletion.left)
            progress(len(ids) + 1, len(ids) + 1)
        return deletion

    def restore(self, deletion: Deletion) -> None:
        """Undo a deletion: put removed records back and changed ones as they were.

        Raises ``StaleRecordError`` (and writes nothing) if somebody changed what the deletion
        left behind, or brought a removed record back, since the deletion.
        """
        with self.db.write() as session:
            # Read every row involved at once (batches), so the checks and writes below find
            # them in the session instead of asking one query per record.
            involved: dict[str, set[str]] = {}
            for record in [*deletion.removed, *deletion.changed, *deletion.left]:
                involved.setdefault(record.KIND, set()).add(record.id)
            held = [row for kind, ids in involved.items() for row in rows_of(session, kind, sorted(ids))]  # noqa: F841 - the session only keeps rows someone holds
            from partnerdesk.services.upserts import check_untouched_since, restore_records

            check_untouched_since(session, deletion)
            restore_records(session, [*deletion.removed, *deletion.changed])

    # For subclasses and batch work ---------------------------------------------------------

    def kind_label(self, plural: bool = False) -> str:
        return KIND_LABELS[self.kind][1 if plural else 0]()

    def _get(self, session: Session, record_id: str) -> R:
        row = get_whole(session, self.row_type, record_id)  # on a server one round trip with its lists
        if row is None:
            raise NotFoundError(_("No {kind} with the id {id}.").format(kind=self.kind_label(), id=record_id))
        return self._to_record(row)

    def _to_record(self, row: Any) -> R:
        return mapping.FROM_ROW[self.kind](row)  # type: ignore[no-any-return]

    def _apply(self, session: Session, row: Any, record: Record) -> None:
        mapping.TO_ROW[self.kind](record, row)

    def _insert(self, session: Session, record: Record, *, keep_meta: bool = False) -> Any:
        now = utcnow()
        row = self.row_type(
            id=record.id,
            created_at=(record.created_at if keep_meta and record.created_at else now),
            updated_at=(record.updated_at if keep_meta and record.updated_at else now),
            version=(record.version if keep_meta and record.version else 1),
            is_example=record.is_example,
        )
        # Relationship lists must exist before the mapping fills them.
        session.add(row)
        self._apply(session, row, record)
        return row

    def _flush(self, session: Session, record: Record) -> None:
        try:
            session.flush()
        except IntegrityError as exc:
            raise UserError(
                _("{label} refers to a record that does not exist (any more).").format(
                    label=validation.record_label(record)
                )
            ) from exc

    def _dependents(self, session: Session, record_id: str) -> builtins.list[Dependent]:
        return []


def _names(session: Session, row_type: Any, name_col: str, ids: Iterable[str]) -> dict[str, str]:
    ids = list(ids)
    if not ids:
        return {}
    col = getattr(row_type, name_col)
    return {i: n for i, n in session.execute(select(row_type.id, col).where(row_type.id.in_(ids))).all()}


def _linked_decisions(session: Session, link_column: Any, record_id: str) -> list[Dependent]:
    """The decisions that name this partnership or project (unlinked when it goes)."""
    ids = session.scalars(select(link_column.table.c.decision_id).where(link_column == record_id)).all()
    return [Dependent("decisions", i, n, "unlinked") for i, n in _names(session, DecisionRow, "title", ids).items()]


class OrganisationService(RecordService[Organisation]):
    kind = "organisations"
    record_type = Organisation
    row_type = OrganisationRow

    def _dependents(self, session: Session, record_id: str) -> list[Dependent]:
        deps: list[Dependent] = []
        partner_of = session.execute(
            select(PartnershipRow.id, PartnershipRow.title).where(PartnershipRow.partner_id == record_id)
        ).all()
        deps += [Dependent("partnerships", i, n, "blocks") for i, n in partner_of]
        contacts = session.execute(select(ContactRow.id, ContactRow.name).where(ContactRow.organisation_id == record_id)).all()
        deps += [Dependent("contacts", i, n, "unlinked") for i, n in contacts]
        for link, owner_kind, owner_type, owner_col, name_col in (
            (ProjectParticipantRow, "projects", ProjectRow, ProjectParticipantRow.project_id, "title"),
            (PartnershipCoordinatorRow, "partnerships", PartnershipRow, PartnershipCoordinatorRow.partnership_id, "title"),
            (ActivityOrganisationRow, "activities", ActivityRow, ActivityOrganisationRow.activity_id, "title"),
        ):
            owners = session.scalars(select(owner_col).where(link.organisation_id == record_id)).all()
            deps += [Dependent(owner_kind, i, n, "unlinked") for i, n in _names(session, owner_type, name_col, owners).items()]
        return deps


class PartnershipService(RecordService[Partnership]):
    kind = "partnerships"
    record_type = Partnership
    row_type = PartnershipRow
    name_column = "title"

    def _dependents(self, session: Session, record_id: str) -> list[Dependent]:
        projects = session.execute(select(ProjectRow.id, ProjectRow.title).where(ProjectRow.partnership_id == record_id)).all()
        activities = session.execute(
            select(ActivityRow.id, ActivityRow.title).where(ActivityRow.partnership_id == record_id)
        ).all()
        return [Dependent("projects", i, n, "unlinked") for i, n in projects] + [
            Dependent("activities", i, n, "unlinked") for i, n in activities
        ] + _linked_decisions(session, DecisionPartnershipRow.partnership_id, record_id)

    def for_partner(self, organisation_id: str) -> list[Partnership]:
        with self.db.read() as session:
            rows = session.scalars(select(PartnershipRow).where(PartnershipRow.partner_id == organisation_id)).all()
            return [self._to_record(r) for r in rows]


class ContactService(RecordService[Contact]):
    kind = "contacts"
    record_type = Contact
    row_type = ContactRow

    def _dependents(self, session: Session, record_id: str) -> list[Dependent]:
        deps: list[Dependent] = []
        projects = session.scalars(select(ProjectContactRow.project_id).where(ProjectContactRow.contact_id == record_id)).all()
        deps += [Dependent("projects", i, n, "unlinked") for i, n in _names(session, ProjectRow, "title", projects).items()]
        activities = session.scalars(
            select(ActivityContactRow.activity_id).where(ActivityContactRow.contact_id == record_id)
        ).all()
        deps += [Dependent("activities", i, n, "unlinked") for i, n in _names(session, ActivityRow, "title", activities).items()]
        # Where the contact is responsible (the database unlinks it: ON DELETE SET NULL).
        seen = {(d.kind, d.id) for d in deps}
        for kind, row_type in (("partnerships", PartnershipRow), ("projects", ProjectRow)):
            responsible_for = session.execute(
                select(row_type.id, row_type.title).where(row_type.responsible_id == record_id)
            ).all()
            deps += [Dependent(kind, i, n, "unlinked") for i, n in responsible_for if (kind, i) not in seen]
        assigned = session.scalars(select(FollowUpRow.activity_id).where(FollowUpRow.responsible_id == record_id)).all()
        deps += [
            Dependent("activities", i, n, "unlinked")
            for i, n in _names(session, ActivityRow, "title", assigned).items() if ("activities", i) not in seen
        ]
        return deps

    def delete_many(
        self,
        record_ids: Sequence[str],
        expected_versions: dict[str, int] | None = None,
        *,
        progress: ProgressCallback = no_progress,
    ) -> Deletion:
        """As for every register; refused (nothing deleted) for a user from whom the server hides
        personal data: the contact's hidden e-mail, phone and notes would go with it, and an undo
        could not bring back what this user never saw."""
        if record_ids and not self.db.personal_data_visible:
            raise UserError(
                _(
                    "Contacts can be deleted only by members of the personal-data role: a contact may "
                    "hold e-mail, phone or notes that you cannot see, and they would be lost with it."
                )
            )
        return super().delete_many(record_ids, expected_versions, progress=progress)

    def for_organisations(self, organisation_ids: Sequence[str]) -> list[Contact]:
        with self.db.read() as session:
            rows = session.scalars(
                select(ContactRow).where(ContactRow.organisation_id.in_(list(organisation_ids))).order_by(*self.name_order())
            ).all()
            return [self._to_record(r) for r in rows]


class ProjectService(RecordService[Project]):
    kind = "projects"
    record_type = Project
    row_type = ProjectRow
    name_column = "title"

    def _dependents(self, session: Session, record_id: str) -> list[Dependent]:
        activities = session.execute(select(ActivityRow.id, ActivityRow.title).where(ActivityRow.project_id == record_id)).all()
        return [Dependent("activities", i, n, "unlinked") for i, n in activities] + _linked_decisions(
            session, DecisionProjectRow.project_id, record_id) + records_grants.linked_grants(session, record_id)

    def for_partnership(self, partnership_id: str) -> list[Project]:
        with self.db.read() as session:
            rows = session.scalars(
                select(ProjectRow).where(ProjectRow.partnership_id == partnership_id).order_by(*self.name_order())
            ).all()
            return [self._to_record(r) for r in rows]

    def for_organisation(self, organisation_id: str) -> list[Project]:
        """Projects in which the organisation takes part."""
        with self.db.read() as session:
            rows = session.scalars(
                select(ProjectRow)
                .join(ProjectParticipantRow)
                .where(ProjectParticipantRow.organisation_id == organisation_id)
                .order_by(*self.name_order())
            ).all()
            return [self._to_record(r) for r in rows]


class ActivityService(RecordService[Activity]):
    kind = "activities"
    record_type = Activity
    row_type = ActivityRow
    name_column = "title"

    @classmethod
    def name_order(cls, row_type: Any = None) -> list[Any]:
        """Newest first, then by title."""
        return [ActivityRow.date.desc(), *super().name_order(row_type)]

    def list(self) -> list[Activity]:
        with self.db.read() as session:
            rows = session.scalars(select(ActivityRow).order_by(*self.name_order())).all()
            return [self._to_record(r) for r in rows]

    def for_partnership(self, partnership_id: str) -> builtins.list[Activity]:
        with self.db.read() as session:
            rows = session.scalars(
                select(ActivityRow).where(ActivityRow.partnership_id == partnership_id).order_by(*self.name_order())
            ).all()
            return [self._to_record(r) for r in rows]

    def for_project(self, project_id: str) -> builtins.list[Activity]:
        with self.db.read() as session:
            rows = session.scalars(
                select(ActivityRow)
                .where(or_(ActivityRow.project_id == project_id))
                .order_by(*self.name_order())
            ).all()
            return [self._to_record(r) for r in rows]


class DecisionService(RecordService[Decision]):
    kind = "decisions"
    record_type = Decision
    row_type = DecisionRow
    name_column = "title"

    @classmethod
    def name_order(cls, row_type: Any = None) -> list[Any]:
        """Newest first, then by title."""
        return [DecisionRow.date.desc(), *super().name_order(row_type)]


SERVICE_TYPES: dict[str, type[RecordService[Any]]] = {
    "organisations": OrganisationService,
    "partnerships": PartnershipService,
    "contacts": ContactService,
    "projects": ProjectService,
    "activities": ActivityService,
    "decisions": DecisionService,
}
ROW_TYPES: dict[str, type[Any]] = {k: s.row_type for k, s in SERVICE_TYPES.items()}
KIND_LABELS = {
    "organisations": (lambda: _("organisation"), lambda: _("organisations")),
    "partnerships": (lambda: _("partnership"), lambda: _("partnerships")),
    "contacts": (lambda: _("contact"), lambda: _("contacts")),
    "projects": (lambda: _("project"), lambda: _("projects")),
    "activities": (lambda: _("activity"), lambda: _("activities")),
    "decisions": (lambda: _("council decision"), lambda: _("council decisions")),
    "programmes": (lambda: _("funding programme"), lambda: _("funding programmes")),
    "grants": (lambda: _("grant"), lambda: _("grants")),
}


def service_for(db: Database, kind: str) -> RecordService[Any]:
    return SERVICE_TYPES[kind](db)


def prepared(record: R) -> R:
    """``record`` as it is saved: a partnership's stages in order and the fields they decide
    (``domain.stages.reconciled``); an organisation's key facts and the fields they decide
    (``domain.key_facts.reconciled``); other records as they are."""
    if isinstance(record, Partnership):
        return stages.reconciled(record)  # type: ignore[return-value]
    if isinstance(record, Organisation):
        return key_facts.reconciled(record)  # type: ignore[return-value]
    return record


# Funding programmes and grants (issue 23): their services add themselves to SERVICE_TYPES and
# ROW_TYPES (a module import, so that either module may be imported first).
from partnerdesk.services import records_grants  # noqa: E402
