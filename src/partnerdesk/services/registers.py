"""The register query layer: which records a register shows, in which order, with what values.

Built for huge tables (100,000 projects, 500,000 activities): filtering, searching and
sorting run in SQL and return only row keys; display values are loaded for the few rows a
view actually shows (``rows``). Everything returned is plain data, never ORM objects.

Search folds the text as ``domain.text.fold`` does (case, accents, apostrophes, dashes; the
pickers fold alike): every word of the search text must occur in the record's folded
``search_text`` (kept by the services; written-out umlauts included, so "duesseldorf" finds
Düsseldorf), in a related record's (the partner organisation of a partnership, the
organisation of a contact), or in the label of a visible enumeration or country column
("aktiv" finds active partnerships, "rumänien" partnerships with Romanian partners).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, literal_column, or_, select
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression

from partnerdesk.domain import countries, key_facts, sdg
from partnerdesk.domain.enums import StageKind
from partnerdesk.domain.text import contains, fold
from partnerdesk.i18n import _, current_language
from partnerdesk.persistence import search_index
from partnerdesk.persistence.database import Database
from partnerdesk.persistence.portable_sql import row_order, sort_direction, sorted_list_of
from partnerdesk.persistence.tables_grants import ProgrammeRow
from partnerdesk.services import register_filters, search_text
from partnerdesk.services.register_definitions import (  # noqa: F401 - also the public names' usual home
    _AC,
    _CHUNK,
    _CT,
    _CT_PRIVATE,
    _DENSE,
    _ORG,
    _PARTICIPANTS,
    _PJ,
    _PJ_GOALS,
    _PS,
    _PS_GOALS,
    _REGISTERS,
    _STATUS_COLUMN,
    _TYPE_COLUMN,
    CHECK_OPTIONS,
    FACT_COLUMNS,
    FILTER_KEYS,
    KINDS,
    ColumnSpec,
    FilterOption,
    KeyFactCell,
    Money,
    RegisterQuery,
    RegisterRow,
    _c,
    _Col,
    _Register,
    _Tables,
    register_label,
)

#: The "stage" filter's choice for partnerships without any stage.
NO_STAGE = "none"


class RegisterService:
    """Queries of one register. Cheap to create; every call is its own read transaction."""

    def __init__(self, db: Database, kind: str) -> None:
        if kind not in _REGISTERS:
            raise ValueError(f"unknown register {kind!r}")
        self.db = db
        self.kind = kind
        self._reg = _REGISTERS[kind]

    # Describing the register -------------------------------------------------------------------

    def columns(self) -> list[ColumnSpec]:
        return [ColumnSpec(c.key, _(c.label), c.type, c.visible, c.sortable) for c in self._reg.columns]

    def default_query(self) -> RegisterQuery:
        return RegisterQuery(self.kind, sort_column=self._reg.default_sort, descending=self._reg.default_descending)

    def filter_keys(self) -> tuple[str, ...]:
        return self._reg.filters

    def filter_options(self) -> dict[str, list[FilterOption]]:
        """The choices of each filter this register offers (only countries actually used)."""
        options: dict[str, list[FilterOption]] = {}
        for key in self._reg.filters:
            if key == "status":
                enum = self._column(_STATUS_COLUMN.get(self.kind, "status")).enum
                assert enum is not None
                options[key] = [FilterOption(m.value, m.label) for m in enum]
            elif key == "type":
                enum = self._column(_TYPE_COLUMN[self.kind]).enum
                assert enum is not None
                options[key] = [FilterOption(m.value, m.label) for m in enum]
            elif key == "stage":
                options[key] = [FilterOption(m.value, m.label) for m in StageKind]
                options[key].append(FilterOption(NO_STAGE, _("no stage entered")))
            elif key == "country":
                options[key] = self._country_options()
            elif key in ("responsible", "follow_ups", "programme", "project", "year"):
                options[key] = register_filters.options(self.db, key)
            elif key == "check":
                options[key] = [FilterOption(value, _(label)) for value, label in CHECK_OPTIONS]
            elif key == "sdg_goal":
                lang = current_language()
                options[key] = [
                    FilterOption(str(g.number), f"{g.number} – {g.short(lang)}", g.colour) for g in sdg.goals()
                ]
        return options

    def _country_options(self) -> list[FilterOption]:
        with self.db.read_one_statement() as session:
            codes = session.execute(select(_ORG.c.country).where(_ORG.c.country != "").distinct()).scalars().all()
        lang = current_language()
        pairs = [(code, countries.country_name(code, lang)) for code in codes]
        return [FilterOption(code, name) for code, name in sorted(pairs, key=lambda p: fold(p[1]))]

    # Querying ----------------------------------------------------------------------------------

    def statement(self, query: RegisterQuery) -> Select[Any]:
        """The SQL that selects the ids of ``query`` in order (also used by the benchmark)."""
        search_text.ensure_current(self.db)  # texts and keys made under older folding rules: made again once
        t = self._tables()
        stmt = select(t.main.c.id).select_from(self._joined(t, query))
        search, walk_sort_index = self._search_conditions(t, query)
        conditions = [*self._filter_conditions(t, query), *search]
        if conditions:
            stmt = stmt.where(and_(*conditions))
        return stmt.order_by(*self._order(t, query, walk_sort_index))

    def ids(self, query: RegisterQuery, offset: int = 0, limit: int | None = None) -> list[str]:
        """The ids ``query`` selects, in its order; ``offset``/``limit`` give one page of them."""
        stmt = self.statement(query)
        if offset or limit is not None:
            stmt = stmt.offset(offset).limit(limit)
        with self.db.read() as session:
            return list(session.execute(stmt).scalars())

    def count(self, query: RegisterQuery | None = None) -> int:
        # The statement first: building it may read (the search's match count), and a
        # single-user database has one connection, which must not be held meanwhile.
        if query is None:
            stmt = select(func.count()).select_from(self._reg.table)
        else:
            stmt = select(func.count()).select_from(self.statement(query).order_by(None).subquery())
        with self.db.read() as session:
            return session.scalar(stmt) or 0

    def rows(self, ids: Sequence[str]) -> list[RegisterRow]:
        """Display values of the records ``ids`` in that order (missing ones are left out)."""
        t = self._tables()
        reader = _RowReader(self, t)
        by_id: dict[str, RegisterRow] = {}
        with self.db.read() as session:
            for start in range(0, len(ids), _CHUNK):
                chunk = list(ids[start : start + _CHUNK])
                stmt = select(*reader.exprs).select_from(self._joined(t, None)).where(t.main.c.id.in_(chunk))
                goals = self._goals(session, chunk) if reader.folded is None else {}
                for raw in session.execute(stmt):
                    by_id[raw[0]] = reader.row(raw, goals)
        return [by_id[i] for i in ids if i in by_id]

    def first_rows(self, query: RegisterQuery, limit: int, shown: int) -> tuple[list[str], list[RegisterRow]]:
        """The first ``limit`` ids of ``query`` and the display rows of the first ``shown`` of them.

        What ``ids(query, 0, limit)`` and ``rows`` of its first ``shown`` ids give, in ONE
        statement: the page of ids (numbered in their order) joined to the display values of
        its first rows. On a server that is one round trip, and a single statement needs no
        transaction of its own (it sees one snapshot): no BEGIN and no COMMIT either.
        """
        search_text.ensure_current(self.db)
        t = self._tables()
        search, walk_sort_index = self._search_conditions(t, query)
        conditions = [*self._filter_conditions(t, query), *search]
        order = self._order(t, query, walk_sort_index)
        page_stmt = select(t.main.c.id.label("id"), func.row_number().over(order_by=order).label("pos"))
        page_stmt = page_stmt.select_from(self._joined(t, query))
        if conditions:
            page_stmt = page_stmt.where(and_(*conditions))
        page = page_stmt.order_by(*order).limit(limit).subquery("page")
        shown_t = self._tables()  # the display side's own aliases (the page is a subquery of its own)
        reader = _RowReader(self, shown_t)
        on = and_(shown_t.main.c.id == page.c.id, page.c.pos <= shown)
        stmt = (
            select(page.c.id, *reader.exprs)
            .select_from(page.outerjoin(self._joined(shown_t, None), on))
            .order_by(page.c.pos)
        )
        with self.db.read_one_statement() as session:
            found = session.execute(stmt).all()
            ids = [raw[0] for raw in found]
            goals = self._goals(session, ids[:shown]) if reader.folded is None and ids else {}
        rows = [reader.row(raw[1:], goals) for raw in found if raw[1] is not None]
        return ids, rows

    def row(self, record_id: str) -> RegisterRow | None:
        found = self.rows([record_id])
        return found[0] if found else None

    # SQL building ------------------------------------------------------------------------------

    def _tables(self) -> _Tables:
        t = _Tables(self._reg.table)
        if self.kind in ("partnerships", "contacts"):
            t.partner = _ORG.alias("rel_org")
        if self.kind in ("projects", "activities"):
            t.partnership = _PS.alias("rel_partnership")
        if self.kind == "activities":
            t.project = _PJ.alias("rel_project")
        if self.kind == "contacts":
            t.private = _CT_PRIVATE.alias("rel_private")
        if self.kind in ("partnerships", "projects"):
            t.responsible = _CT.alias("rel_responsible")
        if self.kind == "grants":
            t.programme = ProgrammeRow.__table__.alias("rel_programme")
        return t

    def _joined(self, t: _Tables, query: RegisterQuery | None) -> Any:
        """The main table with the outer joins its columns (or this query) need."""
        src = t.main
        if t.partner is not None:
            fk = t.main.c.partner_id if self.kind == "partnerships" else t.main.c.organisation_id
            src = src.outerjoin(t.partner, t.partner.c.id == fk)
        if t.partnership is not None:
            src = src.outerjoin(t.partnership, t.partnership.c.id == t.main.c.partnership_id)
        if t.project is not None:
            src = src.outerjoin(t.project, t.project.c.id == t.main.c.project_id)
        if t.private is not None:  # on a server, row-level security leaves it out for most users
            joined = t.private.c.contact_id == t.main.c.id
            if not self.db.personal_data_visible:  # and the program does not ask for it either
                joined = and_(joined, false())
            src = src.outerjoin(t.private, joined)
        if t.responsible is not None:
            src = src.outerjoin(t.responsible, t.responsible.c.id == t.main.c.responsible_id)
        if t.programme is not None:
            src = src.outerjoin(t.programme, t.programme.c.id == t.main.c.programme_id)
        return src

    def _column(self, key: str) -> _Col:
        for col in self._reg.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def _order(self, t: _Tables, query: RegisterQuery, walk_sort_index: bool = True) -> list[Any]:
        """Sort column, then the rowid (PostgreSQL: the id) as a stable tiebreak.

        Titles and names sort by their folded key (``title_key``/``name_key``: German order,
        "Ökostrom" among the O's), which is indexed: SQLite walks the index and stops after
        one page, so the first rows of 500,000 come in a millisecond. With a search that
        matches few rows the index is deliberately not used (``coalesce(x, x)``, decided by
        ``_search_conditions``): walking it and testing every row costs far more than
        sorting the few matches.
        """
        key = query.sort_column or self._reg.default_sort
        try:
            col = self._column(key)
        except KeyError:
            col = self._column(self._reg.default_sort)
        if not col.sortable or col.expr is None:
            col = self._column(self._reg.default_sort)
        expr = col.sort(t) if col.sort else col.expr(t) if col.expr else t.main.c.id
        if col.type in ("enum", "country", "language"):
            expr = self._label_order(col, expr)
        elif not walk_sort_index:
            expr = func.coalesce(expr, expr)
        dialect = self.db.engine.dialect.name
        rowid = row_order(t.main, dialect)
        first = sort_direction(expr, descending=query.descending, dialect=dialect, main=t.main)
        return [first, rowid.desc() if query.descending else rowid.asc()]

    def _label_order(self, col: _Col, expr: Any) -> Any:
        """Sort an enumeration or country code by its translated label, inside SQL."""
        lang = current_language()
        if col.enum is not None:
            labels = {m.value: m.label for m in col.enum}
        elif col.type == "country":
            labels = dict(countries.countries(lang))
        else:
            labels = dict(countries.languages(lang))
        ranks = {code: i for i, (code, _label) in enumerate(sorted(labels.items(), key=lambda p: fold(p[1])))}
        from sqlalchemy import case

        return case(ranks, value=expr, else_=len(ranks))

    def _filter_conditions(self, t: _Tables, query: RegisterQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        for key, value in query.active_filters().items():
            if key == "kind":
                key = "type"
            if key not in self._reg.filters:
                continue
            if key == "status":
                conditions.append(t.main.c[_STATUS_COLUMN.get(self.kind, "status")] == str(value))
            elif key == "type":
                conditions.append(t.main.c[_TYPE_COLUMN[self.kind]] == str(value))
            elif key == "stage":
                column = t.main.c.current_stage
                conditions.append(column.is_(None) if value == NO_STAGE else column == str(value))
            elif key == "country":
                conditions.append(self._country_condition(t, str(value)))
            elif key in ("responsible", "follow_ups", "programme", "project", "year"):
                conditions.append(register_filters.condition(t.main, key, str(value)))
            elif key == "check":
                conditions.append(_check_condition(t.main, str(value)))
            elif key == "sdg_goal" and self._reg.goals is not None:
                link = self._reg.goals
                conditions.append(
                    exists().where(and_(link.c[self._reg.goal_owner] == t.main.c.id, link.c.goal == int(value)))
                )
        return conditions

    def _country_condition(self, t: _Tables, code: str) -> ColumnElement[bool]:
        if self.kind == "organisations":
            own: ColumnElement[bool] = t.main.c.country == code  # t.main is the untyped Table
            return own
        if t.partner is not None:
            return t.partner.c.country == code
        # Projects: the partnership's partner or a participating organisation is in that country.
        partner = _ORG.alias("flt_partner")
        via_partnership = exists().where(
            and_(_PS.c.id == t.main.c.partnership_id, partner.c.id == _PS.c.partner_id, partner.c.country == code)
        )
        participant = _ORG.alias("flt_participant")
        via_participants = exists().where(
            and_(
                _PARTICIPANTS.c.project_id == t.main.c.id,
                participant.c.id == _PARTICIPANTS.c.organisation_id,
                participant.c.country == code,
            )
        )
        return or_(via_partnership, via_participants)

    def _search_conditions(self, t: _Tables, query: RegisterQuery) -> tuple[list[ColumnElement[bool]], bool]:
        """Conditions for every search word, and whether ordering may walk the sort index.

        A word is found in the record's own text, a related record's text (the partner
        organisation) or the label of an enumeration/country column. With the text index
        (SQLite FTS5, ``persistence.search_index``) the words found only in the record's
        own text go into ONE index query; how many rows it finds decides the plan: few ->
        start from the matches and sort them (the sort index is not used); thousands ->
        walk the sort column's index and test each row (membership in the matches, or the
        text itself when most rows match), which stops after a page. Without the index (an
        old SQLite, another database) every word is tested on every row, as before.
        """
        words = list(dict.fromkeys(fold(query.search).split()))
        if not words:
            return [], True
        visible = set(query.search_columns) if query.search_columns is not None else None
        partner = t.partner if t.partner is not None and (visible is None or visible & {"partner", "organisation", "country"}) else None
        dialect = self.db.engine.dialect.name
        indexed = dialect == "sqlite" and search_index.is_ready(self.db.read_engine)
        lang = current_language()
        labelled = [
            (c, c.expr) for c in self._reg.columns
            if c.type in ("enum", "country", "language") and c.expr is not None and (visible is None or c.key in visible)
        ]
        labels = {w: [(expr(t), codes) for c, expr in labelled if (codes := _codes_matching(c, w, lang))] for w in words}

        # A contact's personal data has its own text (``contact_private``, no index: a scan of
        # the contacts that have any); on a server only the personal-data role sees those rows.
        private = t.private if self.db.personal_data_visible else None

        def plain(word: str) -> ColumnElement[bool]:
            alternatives = [search_index.word_condition(t.main, word, dialect=dialect, indexed=indexed)]
            if partner is not None:
                alternatives.append(search_index.word_condition(partner, word, dialect=dialect, indexed=indexed))
            if private is not None:
                alternatives.append(search_index.word_condition(private, word, dialect=dialect, indexed=False))
            alternatives += [expr.in_(codes) for expr, codes in labels[word]]
            return or_(*alternatives)

        long_words = [w for w in words if search_index.indexable(w)]
        if not indexed:
            return [plain(w) for w in words], False
        if not long_words:
            # One or two letters (the index needs three): each row is tested either way. If
            # most rows match (typing "e"), walking the sort index finds a page at once;
            # otherwise one pass over the table and sorting the few matches is quicker.
            with self.db.read() as session:
                dense = search_index.sample_density(session.connection(), t.main.name, words) >= _DENSE
            return [plain(w) for w in words], dense
        own = [w for w in long_words if partner is None and private is None and not labels[w]]
        mixed = [w for w in long_words if w not in own]
        with self.db.read() as session:
            connection = session.connection()
            own_estimate = search_index.estimate(connection, t.main.name, own) if own else None
            if own_estimate is not None and own_estimate.few:
                # Few rows have all these words: the index's matches drive, the rest filters them.
                return [search_index.matches(t.main, own), *(plain(w) for w in words if w not in own)], False
            if not own and partner is None:
                for word in mixed:
                    found = search_index.estimate(connection, t.main.name, [word]).matched
                    found += sum(_count_capped(connection, t.main, expr.in_(codes)) for expr, codes in labels[word])
                    if found < search_index.PROBE:
                        return [plain(w) for w in words], False  # SQLite unites the few rows of each alternative
            # Many rows match: walk the sort index and test rows. Written so that SQLite cannot
            # start from a (huge) list of matches instead: "+rowid IN", "+column IN", instr.
            conditions: list[ColumnElement[bool]] = []
            if own:
                conditions.append(self._walk_test(connection, t.main, own, own_estimate))
            for word in words:
                if word in own:
                    continue
                if word not in mixed:  # too short for the index
                    conditions.append(plain(word))
                    continue
                alternatives = [self._walk_test(connection, t.main, [word])]
                if partner is not None:
                    alternatives.append(search_index.word_condition(partner, word, dialect=dialect, indexed=indexed))
                if private is not None:
                    alternatives.append(search_index.word_condition(private, word, dialect=dialect, indexed=False))
                alternatives += [_unindexed(expr).in_(codes) for expr, codes in labels[word]]
                conditions.append(or_(*alternatives))
        return conditions, True

    @staticmethod
    def _walk_test(
        connection: Any, main: Any, words: list[str], estimate: search_index.Estimate | None = None
    ) -> ColumnElement[bool]:
        """The test of rows met while walking the sort index: the text itself if most rows match."""
        estimate = estimate or search_index.estimate(connection, main.name, words)
        if estimate.density >= _DENSE:
            return and_(*(search_index.scan_condition(main, w) for w in words))
        return search_index.matches(main, words, drive=False)

    def _goals_expression(self, t: _Tables) -> ColumnElement[Any] | None:
        link = self._reg.goals
        if link is None:
            return None
        owner = link.c[self._reg.goal_owner]
        return sorted_list_of(link.c.goal, where=owner == t.main.c.id, dialect=self.db.engine.dialect.name)

    def _goals(self, session: Any, ids: list[str]) -> dict[str, tuple[int, ...]]:
        link = self._reg.goals
        if link is None:
            return {}
        owner = link.c[self._reg.goal_owner]
        found: dict[str, list[int]] = {}
        for owner_id, goal in session.execute(select(owner, link.c.goal).where(owner.in_(ids)).order_by(link.c.goal)):
            found.setdefault(owner_id, []).append(goal)
        return {k: tuple(v) for k, v in found.items()}


class _RowReader:
    """The display columns of a register's rows (``exprs``) and the row made of what they read."""

    def __init__(self, service: RegisterService, t: _Tables) -> None:
        self.exprs: list[Any] = [t.main.c.id, t.main.c.is_example]
        self.slots: list[tuple[_Col, int, int | None]] = []
        for col in service._reg.columns:
            if col.expr is None:
                self.slots.append((col, -1, None))
                continue
            self.exprs.append(col.expr(t).label(col.key))
            first = len(self.exprs) - 1
            second = None
            if col.extra is not None:
                self.exprs.append(col.extra(t).label(col.key + "_extra"))
                second = len(self.exprs) - 1
            self.slots.append((col, first, second))
        # The SDG goals in the same query where the database can (a server: one round trip fewer).
        self.folded = service._goals_expression(t)
        self.goals_at = len(self.exprs)
        if self.folded is not None:
            self.exprs.append(self.folded.label("_goals"))
        self.lang = current_language()
        self.hidden = None if service.db.personal_data_visible else _("confidential")

    def row(self, raw: Sequence[Any], goals: dict[str, tuple[int, ...]]) -> RegisterRow:
        """The row of ``raw`` (the values of ``exprs``); ``goals``: the SDG goals read separately."""
        if self.folded is not None:
            goals = {raw[0]: tuple(raw[self.goals_at] or ())}
        values = {
            col.key: (
                goals.get(raw[0], ()) if col.type == "goals"
                else self.hidden if self.hidden is not None and col.personal
                else _display(col, raw[i], raw[j] if j else None, self.lang)
            )
            for col, i, j in self.slots
        }
        return RegisterRow(raw[0], values, bool(raw[1]))


def _unindexed(expr: Any) -> Any:
    """``+column``: the same value, but SQLite will not look it up through an index."""
    return UnaryExpression(expr, operator=operators.custom_op("+"), type_=expr.type)


def _count_capped(connection: Any, table: Any, condition: ColumnElement[bool]) -> int:
    """How many rows meet ``condition``, counting no further than ``search_index.PROBE``."""
    inner = select(literal_column("1")).select_from(table).where(condition).limit(search_index.PROBE).subquery()
    return int(connection.execute(select(func.count()).select_from(inner)).scalar() or 0)


def _codes_matching(col: _Col, word: str, lang: str) -> list[str]:
    if col.enum is not None:
        return [m.value for m in col.enum if contains(m.label, word)]
    if col.type == "country":  # also by its other names: "palästina", "russia" in a German window
        return [
            code for code, name in countries.countries(lang)
            if contains(name, word) or any(contains(other, word) for other in countries.other_names(code, lang))
        ]
    pairs: Iterable[tuple[str, str]] = countries.languages(lang)
    return [code for code, name in pairs if contains(name, word)]


def _fact_cell(col: _Col, value: Any, extra: Any) -> KeyFactCell | None:
    """The shown key fact of a "fact" column and all its values for the hover (``key_facts_summary``)."""
    kind = FACT_COLUMNS[col.key]
    facts = key_facts.from_summary(kind, extra if col.extra is not None else value)
    if not facts:
        return None
    number = value if col.extra is not None and isinstance(value, int) and not isinstance(value, bool) else None
    return KeyFactCell(key_facts.value_text(facts[0]), key_facts.hover_text(facts, kind), number)


def _display(col: _Col, value: Any, extra: Any, lang: str) -> Any:
    if col.type == "fact":
        return _fact_cell(col, value, extra)
    if value is None:
        return None
    if col.enum is not None:
        try:
            return col.enum(value).label
        except ValueError:
            return str(value)
    if col.type == "country":
        return countries.country_name(value, lang) if value else ""
    if col.type == "language":
        return countries.language_name(value, lang) if value else ""
    if col.type == "money":
        return Money(value, extra or "EUR")
    if col.type == "list":
        return ", ".join(value) if isinstance(value, list) else str(value)
    if col.type == "percent":
        return f"{value.normalize():f} %".replace(".", "," if lang == "de" else ".")
    return value


def _check_condition(contacts: Any, value: str) -> ColumnElement[bool]:
    """The contacts a choice of the "to check" filter selects (``CHECK_OPTIONS``); the consent
    rule itself is ``domain.consent.may_be_written_to``."""
    c = contacts.c
    today = date.today()
    conditions: dict[str, ColumnElement[bool]] = {
        "name_to_check": c.name_to_check.is_(True),
        "consent_to_check": c.consent_to_check.is_(True),
        "no_legal_basis": c.legal_basis == "",
        "consent_withdrawn": and_(c.consent_withdrawn_on.is_not(None), c.consent_withdrawn_on <= today),
        "do_not_contact": c.do_not_contact.is_(True),
        "processing_restricted": c.processing_restricted.is_(True),
    }
    chosen: ColumnElement[bool] = conditions.get(value, c.id.is_(None))
    return chosen


def filter_label(key: str) -> str:
    return {
        "check": _("To check"),
        "status": _("Status"),
        "country": _("Country"),
        "type": _("Type"),
        "sdg_goal": _("SDG goal"),
        "responsible": _("Responsible"),
        "follow_ups": _("Follow-ups"),
        "stage": _("Stage"),  # short: five filters share a 1280-pixel window with the search
        "programme": _("Programme"),
        "project": _("Project"),
        "year": _("Year"),
    }[key]


def registers(db: Database) -> Mapping[str, RegisterService]:
    return {kind: RegisterService(db, kind) for kind in KINDS}


# The register's public names, those defined in register_definitions included (re-exported).
__all__ = [
    "FILTER_KEYS",
    "KINDS",
    "ColumnSpec",
    "FilterOption",
    "KeyFactCell",
    "Money",
    "RegisterQuery",
    "RegisterRow",
    "RegisterService",
    "filter_label",
    "register_label",
    "registers",
]
